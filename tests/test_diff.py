"""diff_editions on hand-built editions: matching, judgements, magnitudes, summaries and ordering."""

from __future__ import annotations

from test_diff_factory import DEFAULT_LEGEND, action, edition, indicator, month_date, recommendation

from pipeline.diff import diff_editions
from pipeline.diff.matching import max_weight_assignment
from pipeline.models import ChangeKind, DeliveryState, LegendEntry, Polarity, Rag, StatedTotal

TEXTS = [
    "Embed action learning sets for team managers on assessment quality",
    "Introduce a managers checklist for quality assurance of single assessments",
    "Review chronologies in all cases where neglect is a feature",
    "Screen early help contacts to confirm the social care threshold",
]


def sig(result):  # type: ignore[no-untyped-def]
    return {
        (c.entity.value, c.key, c.kind.value, c.field, c.judgement.value if c.judgement else None)
        for c in result.changes
    }


def test_due_date_slip_is_measured_in_days_and_months_with_a_readable_summary() -> None:
    old = edition("a", actions=[action(3, "b", TEXTS[0], due=month_date(2024, 3))])
    new = edition("b", actions=[action(3, "b", TEXTS[0], due=month_date(2024, 6))])
    (change,) = diff_editions(old, new).changes
    assert (change.field, change.judgement.value if change.judgement else None) == ("due", "slipped")
    assert change.magnitude is not None and (change.magnitude.days, change.magnitude.months) == (91, 3)
    assert change.old == "Mar 2024 (2024-03-31)" and change.new == "Jun 2024 (2024-06-30)"
    assert change.summary == "Action R3-b due date slipped 3 months: Mar 2024 -> Jun 2024"


def test_revised_due_date_is_the_effective_deadline() -> None:
    old = edition("a", actions=[action(1, "a", TEXTS[0], due=month_date(2018, 3))])
    revised = action(1, "a", TEXTS[0], due=month_date(2018, 3)).model_copy(
        update={"revised_due": month_date(2018, 1)}
    )
    (change,) = diff_editions(old, edition("b", actions=[revised])).changes
    assert change.judgement is not None and change.judgement.value == "brought_forward"
    assert change.magnitude is not None and change.magnitude.months == -2


def test_inserted_action_relettering_others_is_added_plus_renumbered_not_removed() -> None:
    old = edition("a", actions=[action(2, "a", TEXTS[0]), action(2, "b", TEXTS[1]), action(2, "c", TEXTS[2])])
    new = edition(
        "b",
        actions=[
            action(2, "a", TEXTS[3]),
            action(2, "b", TEXTS[0]),
            action(2, "c", TEXTS[1]),
            action(2, "d", TEXTS[2]),
        ],
    )
    result = diff_editions(old, new)
    assert sig(result) == {
        ("action", "R2-a", "added", None, None),
        ("action", "R2-b", "renumbered", None, None),
        ("action", "R2-c", "renumbered", None, None),
        ("action", "R2-d", "renumbered", None, None),
    }
    renumbered = {c.old_key: c.key for c in result.changes if c.kind == ChangeKind.RENUMBERED}
    assert renumbered == {"R2-a": "R2-b", "R2-b": "R2-c", "R2-c": "R2-d"}
    assert "Action R2-a renumbered to R2-b" in [c.summary for c in result.changes]


def test_action_whose_ref_ocr_lost_still_matches_by_text_and_lead() -> None:
    old = edition("a", actions=[action(1, "a", TEXTS[0]), action(1, "b", TEXTS[1])])
    lost = action(1, "b", TEXTS[1] + " across teams").model_copy(update={"ref": None, "key": "R1-#2"})
    result = diff_editions(old, edition("b", actions=[action(1, "a", TEXTS[0]), lost]))
    assert sig(result) == {
        ("action", "R1-#2", "renumbered", None, None),
        ("action", "R1-#2", "changed", "text", None),
    }


def test_completion_dropping_the_rag_is_judged_on_the_delivery_state_not_the_rag() -> None:
    old = edition("a", actions=[action(1, "a", TEXTS[0], rag=Rag.GREEN)])
    new = edition("b", actions=[action(1, "a", TEXTS[0], rag=Rag.NONE, state=DeliveryState.COMPLETE)])
    assert sig(diff_editions(old, new)) == {
        ("action", "R1-a", "changed", "delivery_state", "completed"),
        ("action", "R1-a", "changed", "rag", None),
    }
    assert sig(diff_editions(new, old)) == {
        ("action", "R1-a", "changed", "delivery_state", "reopened"),
        ("action", "R1-a", "changed", "rag", None),
    }


def test_a_revised_date_column_names_the_field_revised_due() -> None:
    old = edition("a", actions=[action(3, "2", TEXTS[0], due=month_date(2024, 6))])
    revised = action(3, "2", TEXTS[0], due=month_date(2024, 6)).model_copy(
        update={"revised_due": month_date(2024, 9)}
    )
    (change,) = diff_editions(old, edition("b", actions=[revised])).changes
    assert (change.field, change.judgement.value if change.judgement else None) == ("revised_due", "slipped")
    assert change.summary == "Action R3-2 revised due date slipped 3 months: Jun 2024 -> Sep 2024"


def test_recommendation_moved_to_business_as_usual_and_rag_worsened() -> None:
    old = edition("a", recommendations=[recommendation(1, "One"), recommendation(2, "Two", rag=Rag.GREEN)])
    new = edition(
        "b",
        recommendations=[
            recommendation(1, "One", state=DeliveryState.BUSINESS_AS_USUAL),
            recommendation(2, "Two", rag=Rag.AMBER),
        ],
    )
    result = diff_editions(old, new)
    assert sig(result) == {
        ("recommendation", "1", "changed", "delivery_state", "moved_to_bau"),
        ("recommendation", "2", "changed", "rag", "worsened"),
    }
    assert result.changes[0].judgement is not None and result.changes[0].judgement.value == "worsened"
    assert result.counts == {"moved_to_bau": 1, "worsened": 1, "total": 2}


def test_indicators_are_keyed_by_recommendation_and_code_and_judged_by_polarity() -> None:
    old = edition(
        "a",
        indicators=[
            indicator(1, "CSC 340a", 80),
            indicator(2, "CSC 340a", 30, polarity=Polarity.LOWER_BETTER),
        ],
    )
    new = edition(
        "b",
        indicators=[
            indicator(1, "CSC 340a", 85),
            indicator(2, "CSC 340a", 35, polarity=Polarity.LOWER_BETTER),
            indicator(3, "PI 9", None, polarity=Polarity.UNKNOWN),
        ],
    )
    result = diff_editions(old, new)
    assert sig(result) == {
        ("indicator", "R1-CSC 340a", "changed", "actual", "towards_target"),
        ("indicator", "R2-CSC 340a", "changed", "actual", "away_from_target"),
        ("indicator", "R3-PI 9", "added", None, None),
    }
    away = next(c for c in result.changes if c.key == "R2-CSC 340a")
    assert away.magnitude is not None and away.magnitude.text == "+5 %"
    assert result.changes[0] == away  # worse news first


def test_unknown_polarity_is_unknown() -> None:
    old = edition("a", indicators=[indicator(1, "X", 10, polarity=Polarity.UNKNOWN)])
    new = edition("b", indicators=[indicator(1, "X", 20, polarity=Polarity.UNKNOWN)])
    assert sig(diff_editions(old, new)) == {("indicator", "R1-X", "changed", "actual", "unknown")}


def test_legend_totals_and_rebasing() -> None:
    blue_old = LegendEntry(label="Blue", token="B", rag=Rag.NONE, delivery_state=DeliveryState.SUSPENDED)
    blue_new = LegendEntry(
        label="Blue", token="B", rag=Rag.NONE, delivery_state=DeliveryState.COMPLETE_VERIFIED
    )
    legend_old = DEFAULT_LEGEND.model_copy(update={"entries": [*DEFAULT_LEGEND.entries, blue_old]})
    legend_new = DEFAULT_LEGEND.model_copy(update={"entries": [*DEFAULT_LEGEND.entries, blue_new]})
    total = StatedTotal(entity="action", category="complete", value=5, raw="5 are complete")
    old = edition("a", legend=legend_old, totals=[total], version="3")
    new = edition("b", legend=legend_new, totals=[total.model_copy(update={"value": 9})], version="4")
    result = diff_editions(old, new)
    assert result.rebased
    assert sig(result) == {
        ("edition", "plan", "changed", "plan_version", "rebased"),
        ("legend", "B", "changed", "meaning", None),
        ("totals", "action:complete", "changed", "value", None),
    }
    legend = next(c for c in result.changes if c.entity.value == "legend")
    assert (legend.old, legend.new) == ("suspended", "complete_verified")


def test_lead_change_ignores_case_and_order() -> None:
    old = edition("a", actions=[action(1, "a", TEXTS[0], leads=["Jane Doe", "Ravi Patel"])])
    same = edition("b", actions=[action(1, "a", TEXTS[0], leads=["RAVI PATEL", "jane doe"])])
    other = edition("c", actions=[action(1, "a", TEXTS[0], leads=["Ann Lee"])])
    assert diff_editions(old, same).changes == []
    assert sig(diff_editions(old, other)) == {("action", "R1-a", "changed", "leads", "lead_changed")}


def test_same_deadline_printed_differently_is_no_change() -> None:
    d = month_date(2018, 3)
    printed = d.model_copy(update={"raw": "31/03/2018"})
    old = edition("a", actions=[action(1, "a", TEXTS[0], due=d)])
    assert diff_editions(old, edition("b", actions=[action(1, "a", TEXTS[0], due=printed)])).changes == []


def test_assignment_is_globally_optimal_not_greedy() -> None:
    # Greedy would take the 10 first and leave 1 + 1; the optimum pairs 9 + 9.
    weights: list[list[float | None]] = [[10.0, 9.0], [9.0, 1.0]]
    assert max_weight_assignment(weights) == [(0, 1), (1, 0)]
    assert max_weight_assignment([[None, 5.0], [None, None]]) == [(0, 1)]
    assert max_weight_assignment([]) == []
