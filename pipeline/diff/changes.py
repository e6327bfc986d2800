"""Change detection: every difference between two editions of a plan, as judged Change records."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.diff.judge import (
    actual_judgement,
    date_judgement,
    delivery_judgement,
    effective_due,
    rag_judgement,
    value_shift_text,
)
from pipeline.diff.matching import match_actions, match_indicators, normalise_text
from pipeline.diff.summary import count_changes, make_change, sort_changes
from pipeline.models import (
    Action,
    Actual,
    Change,
    ChangeKind,
    DiffResult,
    Edition,
    EditionRef,
    Entity,
    Indicator,
    Judgement,
    Legend,
    LegendEntry,
    Magnitude,
    Measure,
    PlanDate,
    Polarity,
    Rag,
    Recommendation,
    StatedTotal,
)

A, C, R = ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED


def recommendation_key(number: int) -> str:
    """Key of a recommendation in changes: its number as printed, '3' (as in issues' 'recommendation:3')."""
    return str(number)


def date_text(d: PlanDate | None) -> str | None:
    """A plan date as printed plus its ISO period end: 'Mar 2024 (2024-03-31)'."""
    if d is None:
        return None
    return f"{d.raw} ({d.end.isoformat()})" if d.end else d.raw


def measure_text(m: Measure | None) -> str | None:
    """A target or actual as printed, with its period label when it has one: '98% (Qtr2)'."""
    if m is None:
        return None
    period = getattr(m, "period", None)
    return f"{m.raw} ({period})" if period else m.raw


def leads_text(leads: Sequence[str]) -> str | None:
    """Leads joined for display; None when there are none."""
    return "; ".join(leads) or None


def _same_leads(a: Sequence[str], b: Sequence[str]) -> bool:
    return sorted(normalise_text(x) for x in a) == sorted(normalise_text(x) for x in b)


def _status_changes(
    entity: Entity,
    key: str,
    old: Recommendation | Action | Indicator,
    new: Recommendation | Action | Indicator,
    old_key: str | None,
) -> list[Change]:
    """Delivery-state and RAG changes, each reported (a completed action usually also loses its RAG)."""
    out = []
    delivery = delivery_judgement(old.delivery_state, new.delivery_state)
    if delivery is not None:
        out.append(
            make_change(
                entity,
                key,
                C,
                field="delivery_state",
                old=old.delivery_state.value,
                new=new.delivery_state.value,
                judgement=delivery,
                old_key=old_key,
            )
        )
    if old.rag != new.rag:
        out.append(
            make_change(
                entity,
                key,
                C,
                field="rag",
                old=old.rag.value,
                new=new.rag.value,
                judgement=rag_judgement(old.rag, new.rag),
                old_key=old_key,
            )
        )
    return out


def _text_change(
    entity: Entity, key: str, field: str, old: str | None, new: str | None, old_key: str | None
) -> list[Change]:
    if normalise_text(old) == normalise_text(new):
        return []
    return [make_change(entity, key, C, field=field, old=old, new=new, old_key=old_key)]


def _lead_change(
    entity: Entity, key: str, old: Sequence[str], new: Sequence[str], old_key: str | None
) -> list[Change]:
    if _same_leads(old, new):
        return []
    return [
        make_change(
            entity,
            key,
            C,
            field="leads",
            old=leads_text(old),
            new=leads_text(new),
            judgement=Judgement.LEAD_CHANGED,
            old_key=old_key,
        )
    ]


def _date_change(
    key: str,
    field: str,
    old: PlanDate | None,
    new: PlanDate | None,
    old_key: str | None,
    *,
    directional: bool,
) -> list[Change]:
    judgement, magnitude = date_judgement(old, new)
    if judgement is None:
        return []
    if not directional:  # a start date moving is news, but neither good nor bad in itself
        judgement = None
    return [
        make_change(
            Entity.ACTION,
            key,
            C,
            field=field,
            old=date_text(old),
            new=date_text(new),
            judgement=judgement,
            magnitude=magnitude,
            old_key=old_key,
            shown=(old.raw if old else None, new.raw if new else None),
        )
    ]


def diff_recommendations(old: Sequence[Recommendation], new: Sequence[Recommendation]) -> list[Change]:
    """Recommendations matched by number."""
    before = {r.number: r for r in old}
    after = {r.number: r for r in new}
    out: list[Change] = []
    for number in sorted(before.keys() | after.keys()):
        o, n = before.get(number), after.get(number)
        key = recommendation_key(number)
        if o is None and n is not None:
            out.append(make_change(Entity.RECOMMENDATION, key, A, new=n.title))
        elif n is None and o is not None:
            out.append(make_change(Entity.RECOMMENDATION, key, R, old=o.title, old_key=key))
        elif o is not None and n is not None:
            out += _text_change(Entity.RECOMMENDATION, key, "title", o.title, n.title, key)
            out += _lead_change(Entity.RECOMMENDATION, key, o.leads, n.leads, key)
            out += _text_change(Entity.RECOMMENDATION, key, "progress", o.progress, n.progress, key)
            out += _status_changes(Entity.RECOMMENDATION, key, o, n, key)
    return out


def diff_action_pair(o: Action, n: Action) -> list[Change]:
    """Changes of one matched action: renumbering, text, leads, dates, status."""
    key, old_key = n.key, o.key
    out: list[Change] = []
    if key != old_key or normalise_text(o.ref) != normalise_text(n.ref):
        out.append(
            make_change(Entity.ACTION, key, ChangeKind.RENUMBERED, old=o.ref, new=n.ref, old_key=old_key)
        )
    out += _text_change(Entity.ACTION, key, "text", o.text, n.text, old_key)
    out += _lead_change(Entity.ACTION, key, o.leads, n.leads, old_key)
    out += _date_change(key, "start", o.start, n.start, old_key, directional=False)
    # One deadline change, judged on the effective date (revised, else original); named 'revised_due'
    # when the plan revises dates in a column of its own, so the audit trail says which was moved.
    due_field = "revised_due" if o.revised_due or n.revised_due else "due"
    out += _date_change(
        key,
        due_field,
        effective_due(o.due, o.revised_due),
        effective_due(n.due, n.revised_due),
        old_key,
        directional=True,
    )
    out += _text_change(Entity.ACTION, key, "progress", o.progress, n.progress, old_key)
    out += _status_changes(Entity.ACTION, key, o, n, old_key)
    return out


def diff_actions(old: Sequence[Action], new: Sequence[Action]) -> list[Change]:
    """Actions matched by content within each recommendation (see `pipeline.diff.matching`)."""
    out: list[Change] = []
    for o, n in match_actions(old, new):
        if o is None and n is not None:
            out.append(make_change(Entity.ACTION, n.key, A, new=n.text))
        elif n is None and o is not None:
            out.append(make_change(Entity.ACTION, o.key, R, old=o.text, old_key=o.key))
        elif o is not None and n is not None:
            out += diff_action_pair(o, n)
    return out


def _actual_change(key: str, o: Indicator, n: Indicator) -> list[Change]:
    old_a, new_a = o.actual, n.actual
    if measure_text(old_a) == measure_text(new_a) and (old_a.value if old_a else None) == (
        new_a.value if new_a else None
    ):
        return []
    # A polarity that differs between editions is itself uncertain: judge neither way.
    polarity = n.polarity if n.polarity == o.polarity else Polarity.UNKNOWN
    judgement = actual_judgement(old_a, new_a, polarity)
    shift = value_shift_text(old_a, new_a)
    return [
        make_change(
            Entity.INDICATOR,
            key,
            C,
            field="actual",
            old=measure_text(old_a),
            new=measure_text(new_a),
            judgement=judgement,
            magnitude=Magnitude(text=shift) if shift else None,
            old_key=o.key,
        )
    ]


def _measure_same(a: Measure | Actual | None, b: Measure | Actual | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.value is not None and b.value is not None:
        return a.value == b.value and (a.unit or None) == (b.unit or None)
    return normalise_text(a.raw) == normalise_text(b.raw)


def diff_indicators(old: Sequence[Indicator], new: Sequence[Indicator]) -> list[Change]:
    """Indicators matched by recommendation and code (codes repeat across recommendations)."""
    out: list[Change] = []
    for o, n in match_indicators(old, new):
        if o is None and n is not None:
            out.append(make_change(Entity.INDICATOR, n.key, A, new=n.description))
        elif n is None and o is not None:
            out.append(make_change(Entity.INDICATOR, o.key, R, old=o.description, old_key=o.key))
        elif o is not None and n is not None:
            out += _text_change(Entity.INDICATOR, n.key, "description", o.description, n.description, o.key)
            out += _lead_change(Entity.INDICATOR, n.key, o.leads, n.leads, o.key)
            if not _measure_same(o.target, n.target):
                out.append(
                    make_change(
                        Entity.INDICATOR,
                        n.key,
                        C,
                        field="target",
                        old=measure_text(o.target),
                        new=measure_text(n.target),
                        old_key=o.key,
                    )
                )
            out += _actual_change(n.key, o, n)
            if o.rag != n.rag:
                out.append(
                    make_change(
                        Entity.INDICATOR,
                        n.key,
                        C,
                        field="rag",
                        old=o.rag.value,
                        new=n.rag.value,
                        judgement=rag_judgement(o.rag, n.rag),
                        old_key=o.key,
                    )
                )
    return out


def legend_key(entry: LegendEntry) -> str:
    """What identifies a legend entry across editions: its token, else its colour, else its label."""
    return (
        (entry.token or "").strip().upper() or (entry.colour or "").lower() or entry.label.strip().casefold()
    )


def legend_meaning(entry: LegendEntry) -> str:
    """What an entry means, as text: 'green' or 'complete' or 'none/suspended'."""
    if entry.delivery_state is not None and entry.rag == Rag.NONE:
        return entry.delivery_state.value
    if entry.delivery_state is not None:
        return f"{entry.rag.value}/{entry.delivery_state.value}"
    return entry.rag.value


def diff_legend(old: Legend, new: Legend) -> list[Change]:
    """Legend entries whose token or colour now means something else, or that appeared or went."""
    before = {legend_key(e): e for e in old.entries}
    after = {legend_key(e): e for e in new.entries}
    out: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        o, n = before.get(key), after.get(key)
        if o is None and n is not None:
            out.append(make_change(Entity.LEGEND, key, A, field="meaning", new=legend_meaning(n)))
        elif n is None and o is not None:
            out.append(
                make_change(Entity.LEGEND, key, R, field="meaning", old=legend_meaning(o), old_key=key)
            )
        elif o is not None and n is not None and legend_meaning(o) != legend_meaning(n):
            out.append(
                make_change(
                    Entity.LEGEND,
                    key,
                    C,
                    field="meaning",
                    old=legend_meaning(o),
                    new=legend_meaning(n),
                    old_key=key,
                )
            )
    return out


def _totals(totals: Sequence[StatedTotal]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in totals:  # a total stated twice (highlight and progress pages) counts once: the first
        out.setdefault(f"{t.entity}:{t.category}", t.value)
    return out


def diff_totals(old: Sequence[StatedTotal], new: Sequence[StatedTotal]) -> list[Change]:
    """Stated totals by 'entity:category', e.g. 'action:complete' 5 -> 9."""
    before, after = _totals(old), _totals(new)
    out: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        o, n = before.get(key), after.get(key)
        if o == n:
            continue
        kind = A if o is None else R if n is None else C
        out.append(
            make_change(
                Entity.TOTALS,
                key,
                kind,
                field="value",
                old=None if o is None else str(o),
                new=None if n is None else str(n),
                old_key=None if o is None else key,
            )
        )
    return out


def edition_ref(edition: Edition) -> EditionRef:
    """Identity of one side of a diff."""
    return EditionRef(
        name=edition.source.name,
        sha256=edition.source.sha256,
        organisation=edition.organisation,
        plan_title=edition.plan_title,
        plan_version=edition.plan_version,
        edition_label=edition.edition_label,
        edition_date=edition.edition_date,
    )


def is_rebased(old: Edition, new: Edition) -> bool:
    """True when both editions state a plan version and the versions differ."""
    return bool(
        old.plan_version
        and new.plan_version
        and normalise_text(old.plan_version) != normalise_text(new.plan_version)
    )


def diff_editions(old: Edition, new: Edition) -> DiffResult:
    """Every change from `old` to `new`, judged, summarised and sorted (worsened and slipped first). Pure."""
    rebased = is_rebased(old, new)
    changes: list[Change] = []
    if rebased:
        changes.append(
            make_change(
                Entity.EDITION,
                "plan",
                C,
                field="plan_version",
                old=old.plan_version,
                new=new.plan_version,
                judgement=Judgement.REBASED,
                old_key="plan",
            )
        )
    changes += diff_legend(old.legend, new.legend)
    changes += diff_totals(old.stated_totals, new.stated_totals)
    changes += diff_recommendations(old.recommendations, new.recommendations)
    changes += diff_actions(old.actions, new.actions)
    changes += diff_indicators(old.indicators, new.indicators)
    ordered = sort_changes(changes)
    return DiffResult(
        old=edition_ref(old),
        new=edition_ref(new),
        rebased=rebased,
        changes=ordered,
        counts=count_changes(ordered),
    )
