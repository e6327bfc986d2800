"""Expected change lists between consecutive editions, matched by the spec's own identities.

Actions are matched by the uid the spec gives them (never printed), so a re-lettered action is a
"renumbered" change rather than a removal plus an addition: the spec author knows which action it is.
"""

from __future__ import annotations

from typing import Any

from pipeline.models import (
    RAG_ORDER,
    Action,
    DeliveryState,
    Edition,
    Indicator,
    Polarity,
    Rag,
    Recommendation,
)
from plangen.spec import EditionSpec

Change = dict[str, Any]

REC_FIELDS = ["title", "leads", "delivery_state", "rag", "progress"]
ACTION_FIELDS = [
    "objective",
    "text",
    "bullets",
    "leads",
    "start",
    "due",
    "revised_due",
    "delivery_state",
    "rag",
    "progress",
    "extra",
]
INDICATOR_FIELDS = ["description", "leads", "target", "actual", "polarity", "rag"]
EDITION_FIELDS = ["organisation", "plan_title", "plan_version"]  # edition label/date/data-as-of are the date
ENTITY_ORDER = ["recommendation", "action", "indicator", "legend", "totals", "edition"]


def _change(
    entity: str,
    key: str,
    old_key: str | None,
    kind: str,
    field: str | None = None,
    judgement: str | None = None,
) -> Change:
    return {
        "entity": entity,
        "key": key,
        "old_key": old_key,
        "kind": kind,
        "field": field,
        "judgement": judgement,
    }


def _rag_judgement(old: Rag, new: Rag) -> str | None:
    if old is Rag.NONE or new is Rag.NONE:
        return None  # becoming unrated goes with a delivery-state change, which carries the judgement
    return "improved" if RAG_ORDER[new] > RAG_ORDER[old] else "worsened"


def _state_judgement(old: DeliveryState, new: DeliveryState) -> str | None:
    if new is DeliveryState.BUSINESS_AS_USUAL:
        return "moved_to_bau"
    if new in (DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED):
        return "completed"
    if old in (DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED, DeliveryState.BUSINESS_AS_USUAL):
        return "reopened"
    return None


def _date_judgement(old: Action, new: Action, field: str) -> str | None:
    # A revised date is judged against whatever date was in force before it.
    before = (old.revised_due or old.due) if field == "revised_due" else old.due
    after = getattr(new, field)
    if before is None or after is None or before.end is None or after.end is None:
        return None
    if after.end > before.end:
        return "slipped"
    return "brought_forward" if after.end < before.end else None


def _actual_judgement(old: Indicator, new: Indicator) -> str | None:
    if not (old.actual and new.actual and new.target) or None in (
        old.actual.value,
        new.actual.value,
        new.target.value,
    ):
        return None
    a, b, t = old.actual.value, new.actual.value, new.target.value
    assert a is not None and b is not None and t is not None
    if new.polarity is Polarity.UNKNOWN:
        closer = abs(b - t) < abs(a - t)
        return "towards_target" if closer else ("away_from_target" if abs(b - t) > abs(a - t) else None)
    better = b < a if new.polarity is Polarity.LOWER_BETTER else b > a
    return "towards_target" if better else ("away_from_target" if b != a else None)


def _judge(entity: str, field: str, old: Any, new: Any) -> str | None:
    if field == "leads":
        return "lead_changed"
    if field == "rag":
        return _rag_judgement(old.rag, new.rag)
    if field == "delivery_state":
        return _state_judgement(old.delivery_state, new.delivery_state)
    if entity == "action" and field in ("due", "revised_due"):
        return _date_judgement(old, new, field)
    if entity == "indicator" and field == "actual":
        return _actual_judgement(old, new)
    return None


def _compare(entity: str, fields: list[str], old: Any, new: Any, key: str, old_key: str) -> list[Change]:
    return [
        _change(entity, key, old_key, "changed", f, _judge(entity, f, old, new))
        for f in fields
        if getattr(old, f) != getattr(new, f)
    ]


def _matched(
    entity: str, fields: list[str], old: dict[Any, tuple[str, Any]], new: dict[Any, tuple[str, Any]]
) -> list[Change]:
    """Changes between two {identity: (key, record)} maps."""
    out: list[Change] = []
    for ident, (key, record) in new.items():
        if ident not in old:
            out.append(_change(entity, key, None, "added"))
            continue
        old_key, old_record = old[ident]
        if old_key != key:
            out.append(_change(entity, key, old_key, "renumbered"))
        out += _compare(entity, fields, old_record, record, key, old_key)
    out += [_change(entity, key, key, "removed") for ident, (key, _r) in old.items() if ident not in new]
    return out


def _actions_by_uid(spec: EditionSpec, edition: Edition) -> dict[Any, tuple[str, Action]]:
    uids = [a.uid for rec in spec.recommendations for a in rec.actions]
    assert len(uids) == len(edition.actions)
    return {uid: (a.key, a) for uid, a in zip(uids, edition.actions, strict=True)}


def _totals(edition: Edition) -> dict[str, int]:
    """First stated value per entity:category (the same count printed twice is one total)."""
    out: dict[str, int] = {}
    for t in edition.stated_totals:
        out.setdefault(f"{t.entity}:{t.category}", t.value)
    return out


def diff(old_spec: EditionSpec, old: Edition, new_spec: EditionSpec, new: Edition) -> list[Change]:
    """Every difference the spec put between two editions, in a stable order."""
    recs_old: dict[Any, tuple[str, Recommendation]] = {
        r.number: (str(r.number), r) for r in old.recommendations
    }
    recs_new: dict[Any, tuple[str, Recommendation]] = {
        r.number: (str(r.number), r) for r in new.recommendations
    }
    inds_old: dict[Any, tuple[str, Indicator]] = {i.key: (i.key, i) for i in old.indicators}
    inds_new: dict[Any, tuple[str, Indicator]] = {i.key: (i.key, i) for i in new.indicators}
    changes = _matched("recommendation", REC_FIELDS, recs_old, recs_new)
    changes += _matched(
        "action", ACTION_FIELDS, _actions_by_uid(old_spec, old), _actions_by_uid(new_spec, new)
    )
    changes += _matched("indicator", INDICATOR_FIELDS, inds_old, inds_new)
    if old.legend.entries != new.legend.entries:
        changes.append(_change("legend", "legend", "legend", "changed", "entries"))
    t_old, t_new = _totals(old), _totals(new)
    for key in sorted(t_old.keys() | t_new.keys()):
        if key not in t_old:
            changes.append(_change("totals", key, None, "added"))
        elif key not in t_new:
            changes.append(_change("totals", key, key, "removed"))
        elif t_old[key] != t_new[key]:
            changes.append(_change("totals", key, key, "changed", "value"))
    changes += [
        _change("edition", "edition", "edition", "changed", f)
        for f in EDITION_FIELDS
        if getattr(old, f) != getattr(new, f)
    ]
    return sorted(changes, key=_order)


def _order(change: Change) -> tuple[int, str, str, str]:
    key = change["key"]
    # Natural order for keys like 'R10-a' and '9' so recommendation 10 sorts after 9.
    natural = "".join(f"{int(p):05d}" if p.isdigit() else p for p in _split_digits(key))
    return ENTITY_ORDER.index(change["entity"]), natural, change["kind"], change["field"] or ""


def _split_digits(text: str) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if cur and ch.isdigit() != cur[-1].isdigit():
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out
