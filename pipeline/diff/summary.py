"""Ranking, one-line summaries and counts of changes: what a board member reads first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pipeline.models import Change, ChangeKind, Entity, Judgement, Magnitude

# Rank 0 is read first. Worse news leads; structural breaks (re-basing, removals, legend meaning) next,
# because they change how everything else must be read; then good news; then housekeeping.
WORSE = (Judgement.WORSENED, Judgement.SLIPPED, Judgement.REOPENED, Judgement.AWAY_FROM_TARGET)
BETTER = (
    Judgement.COMPLETED,
    Judgement.MOVED_TO_BAU,
    Judgement.IMPROVED,
    Judgement.BROUGHT_FORWARD,
    Judgement.TOWARDS_TARGET,
)
RANK_TITLES = [
    "Worsened or slipped",
    "Structural changes",
    "Improved or completed",
    "Added, renumbered, leads",
    "Other changes",
]
JUDGEMENT_ORDER = {
    j: n
    for n, j in enumerate([*WORSE, Judgement.REBASED, *BETTER, Judgement.LEAD_CHANGED, Judgement.UNKNOWN])
}

ENTITY_LABEL = {
    Entity.RECOMMENDATION: "Recommendation",
    Entity.ACTION: "Action",
    Entity.INDICATOR: "Indicator",
    Entity.LEGEND: "Legend entry",
    Entity.TOTALS: "Stated total",
    Entity.EDITION: "Plan",
}
FIELD_LABEL = {
    "rag": "RAG",
    "due": "due date",
    "revised_due": "revised due date",
    "start": "start date",
    "leads": "lead",
    "delivery_state": "status",
    "text": "text",
    "title": "text",
    "description": "description",
    "target": "target",
    "actual": "actual",
    "meaning": "meaning",
    "value": "value",
    "plan_version": "version",
}


def significance(kind: ChangeKind, judgement: Judgement | None, entity: Entity) -> int:
    """Sort rank of a change (0 first)."""
    if judgement in WORSE:
        return 0
    if judgement == Judgement.REBASED or kind == ChangeKind.REMOVED or entity == Entity.LEGEND:
        return 1
    if judgement in BETTER:
        return 2
    if kind in (ChangeKind.ADDED, ChangeKind.RENUMBERED) or judgement == Judgement.LEAD_CHANGED:
        return 3
    return 4


def _verb(judgement: Judgement | None, field: str, magnitude: Magnitude | None) -> str:
    size = f" {magnitude.text}" if magnitude and magnitude.text else ""
    label = FIELD_LABEL.get(field, field.replace("_", " "))
    if judgement == Judgement.COMPLETED:
        return "completed"
    if judgement == Judgement.MOVED_TO_BAU:
        return "moved to business as usual"
    if judgement == Judgement.REOPENED:
        return "reopened"
    if judgement == Judgement.SLIPPED:
        return f"{label} slipped{size}"
    if judgement == Judgement.BROUGHT_FORWARD:
        return f"{label} brought forward{size}"
    if judgement == Judgement.TOWARDS_TARGET:
        return f"{label} moved towards target{size and ' (' + size.strip() + ')'}"
    if judgement == Judgement.AWAY_FROM_TARGET:
        return f"{label} moved away from target{size and ' (' + size.strip() + ')'}"
    if judgement in (Judgement.IMPROVED, Judgement.WORSENED):
        return f"{label} {judgement.value}"
    if judgement == Judgement.REBASED:
        return "re-based"
    return f"{label} changed"


def _clip(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def describe(
    entity: Entity,
    key: str,
    kind: ChangeKind,
    field: str | None,
    old: str | None,
    new: str | None,
    judgement: Judgement | None,
    magnitude: Magnitude | None,
    old_key: str | None = None,
) -> str:
    """One line a board member can read: 'Action R3-b due date slipped 3 months: Mar 2024 -> Jun 2024'."""
    label = f"{ENTITY_LABEL[entity]} {key}" if entity != Entity.EDITION else "Plan"
    if kind == ChangeKind.ADDED:
        return f"{label} added" + (f": {_clip(new)}" if new else "")
    if kind == ChangeKind.REMOVED:
        return f"{label} removed" + (f": {_clip(old)}" if old else "")
    if kind == ChangeKind.RENUMBERED:
        return f"{ENTITY_LABEL[entity]} {old_key} renumbered to {key}"
    verb = _verb(judgement, field or "", magnitude)
    return f"{label} {verb}: {_clip(old, 40) or '(none)'} -> {_clip(new, 40) or '(none)'}"


def make_change(
    entity: Entity,
    key: str,
    kind: ChangeKind,
    *,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    judgement: Judgement | None = None,
    magnitude: Magnitude | None = None,
    old_key: str | None = None,
    shown: tuple[str | None, str | None] | None = None,
) -> Change:
    """A Change with its significance and summary filled in.

    `shown` gives shorter old and new texts for the summary line (a date's raw text without its ISO end).
    """
    old_shown, new_shown = shown or (old, new)
    return Change(
        entity=entity,
        key=key,
        old_key=old_key,
        kind=kind,
        field=field,
        old=old,
        new=new,
        judgement=judgement,
        magnitude=magnitude,
        significance=significance(kind, judgement, entity),
        summary=describe(entity, key, kind, field, old_shown, new_shown, judgement, magnitude, old_key),
    )


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Most significant first; within a rank by judgement, otherwise in the order found (stable)."""

    def order(item: tuple[int, Change]) -> tuple[int, int, int]:
        index, change = item
        by_judgement = JUDGEMENT_ORDER[change.judgement] if change.judgement else len(JUDGEMENT_ORDER)
        return change.significance, by_judgement, index

    return [c for _, c in sorted(enumerate(changes), key=order)]


def count_changes(changes: Iterable[Change]) -> dict[str, int]:
    """Changes by judgement ('none' for changes without one) plus 'total', keys sorted."""
    counter = Counter(c.judgement.value if c.judgement else "none" for c in changes)
    counts = dict(sorted(counter.items()))
    counts["total"] = sum(counter.values())
    return counts


CHANGE_COLUMNS = [
    "significance",
    "entity",
    "key",
    "old_key",
    "kind",
    "field",
    "old",
    "new",
    "judgement",
    "days",
    "months",
    "magnitude",
    "summary",
]


def change_row(c: Change) -> dict[str, Any]:
    """One flat row of a change (columns CHANGE_COLUMNS), for CSV and XLSX."""
    m = c.magnitude
    return {
        "significance": c.significance,
        "entity": c.entity.value,
        "key": c.key,
        "old_key": c.old_key,
        "kind": c.kind.value,
        "field": c.field,
        "old": c.old,
        "new": c.new,
        "judgement": c.judgement.value if c.judgement else None,
        "days": m.days if m else None,
        "months": m.months if m else None,
        "magnitude": m.text if m else None,
        "summary": c.summary,
    }
