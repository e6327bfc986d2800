"""Judging a change: RAG and delivery-state direction, date slippage, indicator movement against target."""

from __future__ import annotations

import datetime as dt

from pipeline.models import RAG_ORDER, Actual, DeliveryState, Judgement, Magnitude, PlanDate, Polarity, Rag

DONE = {DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED}
BAU = DeliveryState.BUSINESS_AS_USUAL
# Delivery states that stop the work without finishing it; entering one is a step back.
HALTED = {DeliveryState.SUSPENDED, DeliveryState.DEFERRED, DeliveryState.CANCELLED}
STARTED = {DeliveryState.IN_PROGRESS, DeliveryState.ONGOING}


def delivery_judgement(old: DeliveryState, new: DeliveryState) -> Judgement | None:
    """What a delivery-state change means; None when the states are equal.

    Into complete (or verified) is 'completed', into business as usual 'moved_to_bau'; leaving either for
    active work is 'reopened'. Entering a halted state is 'worsened', starting work 'improved'; moves
    involving 'unknown', or between complete and verified, are 'unknown'.
    """
    if old == new:
        return None
    # A status lost in extraction says nothing about direction, either way round.
    if DeliveryState.UNKNOWN in (old, new) or (old in DONE and new in DONE):
        return Judgement.UNKNOWN
    if new in DONE:
        return Judgement.COMPLETED
    if new == BAU:
        return Judgement.MOVED_TO_BAU
    if old in DONE or old == BAU:
        return Judgement.REOPENED
    if new in HALTED and old not in HALTED:
        return Judgement.WORSENED
    if old in HALTED and new not in HALTED:
        return Judgement.IMPROVED
    if old == DeliveryState.NOT_STARTED and new in STARTED:
        return Judgement.IMPROVED
    if new == DeliveryState.NOT_STARTED and old in STARTED:
        return Judgement.WORSENED
    return Judgement.UNKNOWN


def rag_judgement(old: Rag, new: Rag) -> Judgement | None:
    """Improved or worsened by red < amber_red < amber < amber_green < green, for two different ratings.

    None when either side is unrated: a rating dropped on completion (the delivery-state change carries
    the news) or given for the first time has no direction.
    """
    if old == new or old not in RAG_ORDER or new not in RAG_ORDER:
        return None
    return Judgement.IMPROVED if RAG_ORDER[new] > RAG_ORDER[old] else Judgement.WORSENED


def months_between(old: dt.date, new: dt.date) -> int:
    """Signed whole calendar months from one date to another: 31 Mar -> 30 Jun is 3."""
    return (new.year - old.year) * 12 + (new.month - old.month)


def date_judgement(old: PlanDate | None, new: PlanDate | None) -> tuple[Judgement | None, Magnitude | None]:
    """Slipped or brought forward by the end of the stated period, with days and months; unknown when a
    side has no date. (None, None) when nothing changed.
    """
    if old is None and new is None:
        return None, None
    if old is not None and new is not None:
        if old.end is not None and new.end is not None:
            if old.end == new.end:
                return None, None  # 'Mar 2018' vs '31/03/2018': same deadline, different printing
            days = (new.end - old.end).days
            months = months_between(old.end, new.end)
            text = _shift_text(days, months)
            judgement = Judgement.SLIPPED if days > 0 else Judgement.BROUGHT_FORWARD
            return judgement, Magnitude(days=days, months=months, text=text)
        if old.raw.strip().casefold() == new.raw.strip().casefold():
            return None, None
    return Judgement.UNKNOWN, None


def _shift_text(days: int, months: int) -> str:
    if abs(months) >= 1:
        return f"{abs(months)} month{'s' if abs(months) != 1 else ''}"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''}"


def effective_due(due: PlanDate | None, revised_due: PlanDate | None) -> PlanDate | None:
    """The deadline that applies now: the revised date when the plan gives one."""
    return revised_due or due


def actual_judgement(old: Actual | None, new: Actual | None, polarity: Polarity) -> Judgement | None:
    """Towards or away from target by the indicator's polarity; unknown without both values or a polarity.

    None when the reported value is the same number (only its wording or period label changed).
    """
    old_v = old.value if old else None
    new_v = new.value if new else None
    if old_v is not None and new_v is not None:
        if old_v == new_v:
            return None
        if polarity == Polarity.UNKNOWN:
            return Judgement.UNKNOWN
        better = new_v > old_v if polarity == Polarity.HIGHER_BETTER else new_v < old_v
        return Judgement.TOWARDS_TARGET if better else Judgement.AWAY_FROM_TARGET
    return Judgement.UNKNOWN


def value_shift_text(old: Actual | None, new: Actual | None) -> str | None:
    """The change in a reported value in words, e.g. '+4 %' or '-12 days'."""
    if old is None or new is None or old.value is None or new.value is None:
        return None
    delta = new.value - old.value
    unit = new.unit or old.unit
    return f"{delta:+g}{' ' + unit if unit else ''}"
