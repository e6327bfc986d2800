"""Validation: cross-field checks and reconciliation report problems as issues and never change data."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import (
    Action,
    Coverage,
    DatePrecision,
    DeliveryState,
    Edition,
    Legend,
    PageSource,
    PlanDate,
    Provenance,
    Rag,
    Recommendation,
    Severity,
    SourceInfo,
    StatedTotal,
)
from pipeline.validate import validate_edition

PROV = Provenance(page=1, source=PageSource.TEXT_LAYER, confidence=1.0)


def month(y: int, m: int) -> PlanDate:
    end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    return PlanDate(
        raw=dt.date(y, m, 1).strftime("%b %Y"), value=dt.date(y, m, 1), end=end, precision=DatePrecision.MONTH
    )


def action(
    ref: str,
    *,
    state: DeliveryState = DeliveryState.IN_PROGRESS,
    rag: Rag = Rag.GREEN,
    start: PlanDate | None = None,
    due: PlanDate | None = None,
    lead: str | None = "Jane Smith",
) -> Action:
    return Action(
        key=f"R1-{ref}",
        recommendation=1,
        ref=ref,
        text=f"Action {ref}",
        leads=[lead] if lead else [],
        leads_raw=lead,
        start=start or month(2023, 9),
        due=due or month(2024, 3),
        delivery_state=state,
        rag=rag,
        provenance=PROV,
    )


def edition(actions: list[Action], totals: list[StatedTotal] | None = None, recs: int = 1) -> Edition:
    return Edition(
        source=SourceInfo(name="x.pdf", sha256="a" * 64, page_count=1),
        edition_label="January 2024",
        edition_date=dt.date(2024, 1, 1),
        legend=Legend(source="default"),
        recommendations=[
            Recommendation(
                number=n,
                title=f"Rec {n}",
                rag=Rag.GREEN,
                delivery_state=DeliveryState.IN_PROGRESS,
                provenance=PROV,
            )
            for n in range(1, recs + 1)
        ],
        actions=actions,
        stated_totals=totals or [],
    )


def codes(e: Edition) -> list[str]:
    return [i.code for i in e.issues]


def test_complete_action_due_after_the_edition_is_flagged() -> None:
    result = validate_edition(
        edition([action("a", state=DeliveryState.COMPLETE, rag=Rag.NONE, due=month(2024, 12))])
    )
    [flag] = [i for i in result.issues if i.code == "PT301"]
    assert flag.record == "action:R1-a" and flag.field == "due" and "Dec 2024" in flag.message


def test_start_after_due_and_missing_lead_are_flagged() -> None:
    result = validate_edition(edition([action("a", start=month(2024, 6), due=month(2024, 3), lead=None)]))
    assert {"PT302", "PT304"} <= set(codes(result))


def test_stated_total_mismatch_shows_both_numbers_and_keeps_the_data() -> None:
    totals = [
        StatedTotal(entity="action", category="total", value=3, raw="3 actions", page=1),
        StatedTotal(entity="action", category="green", value=2, raw="2 are green", page=1),
    ]
    before = edition([action("a"), action("b")], totals)
    after = validate_edition(before)
    results = {(r.category, r.stated, r.found, r.ok) for r in after.reconciliation}
    assert results == {("total", 3, 2, False), ("green", 2, 2, True)}
    [mismatch] = [i for i in after.issues if i.code == "PT401"]
    assert "states 3 actions in total, extracted 2" in mismatch.message
    assert after.actions == before.actions


def test_a_mismatch_in_a_partly_read_document_is_a_warning_that_says_why() -> None:
    """Records missing from unread tables are likelier than wrong totals: still said, not an error."""
    totals = [StatedTotal(entity="action", category="total", value=5, raw="5 actions", page=1)]
    full = validate_edition(edition([action("a"), action("b")], totals))
    [error] = [i for i in full.issues if i.code == "PT401"]
    assert error.severity is Severity.ERROR
    partly = edition([action("a"), action("b")], totals).model_copy(
        update={"coverage": Coverage(words=100, read=40, share=0.4, partly_read=[3, 4, 5])}
    )
    after = validate_edition(partly)
    [warning] = [i for i in after.issues if i.code == "PT401"]
    assert warning.severity is Severity.WARNING
    assert "states 5 actions in total, extracted 2" in warning.message
    assert "only partly read, pages 3-5" in warning.message
    assert [(r.stated, r.found, r.ok) for r in after.reconciliation] == [(5, 2, False)]


def test_no_stated_totals_is_an_info_issue() -> None:
    assert "PT402" in codes(validate_edition(edition([action("a")])))


def test_active_recommendation_without_actions_is_flagged() -> None:
    result = validate_edition(edition([action("a")], recs=2))
    assert [i.record for i in result.issues if i.code == "PT308"] == ["recommendation:2"]


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(list(DeliveryState)), min_size=6, max_size=6),
)
def test_validation_is_idempotent_and_never_drops_records(
    refs: list[str], states: list[DeliveryState]
) -> None:
    acts = [action(r, state=s) for r, s in zip(refs, states, strict=False)]
    once = validate_edition(edition(acts))
    twice = validate_edition(once)
    assert once.actions == acts
    assert once.issues == twice.issues
    assert [i.page or 0 for i in once.issues] == sorted(i.page or 0 for i in once.issues)


def test_complete_and_verified_counted_apart_when_the_document_counts_them_apart() -> None:
    """A key with Green = Complete and Blue = Complete and verified states both counts: 'complete'
    then counts only the unverified completions (no false PT401), and state categories reconcile."""
    done, verified = DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED
    totals = [
        StatedTotal(entity="action", category="complete", value=1, raw="1 is Green", page=1),
        StatedTotal(entity="action", category="complete_verified", value=2, raw="2 are Blue", page=1),
        StatedTotal(entity="action", category="in_progress", value=1, raw="of the 1 in progress", page=1),
    ]
    after = validate_edition(
        edition(
            [
                action("a", state=done, rag=Rag.NONE),
                action("b", state=verified, rag=Rag.NONE),
                action("c", state=verified, rag=Rag.NONE),
                action("d"),
            ],
            totals,
        )
    )
    assert {(r.category, r.found, r.ok) for r in after.reconciliation} == {
        ("complete", 1, True),
        ("complete_verified", 2, True),
        ("in_progress", 1, True),
    }
    assert "PT401" not in codes(after)
