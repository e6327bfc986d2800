"""Validate stage: cross-field checks and reconciliation against the document's own stated totals.

Nothing is dropped or changed to fit: every problem becomes a coded issue beside the data.
"""

from __future__ import annotations

import calendar
import datetime as dt

from pydantic import ValidationError

from pipeline.codes import issue
from pipeline.models import (
    Action,
    DeliveryState,
    Edition,
    Issue,
    Rag,
    Recommendation,
    ReconciliationResult,
    Severity,
    StatedTotal,
)
from pipeline.models.coverage import page_ranges

COMPLETE = {DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED}
LOW_CONFIDENCE = 0.6
# Stated-total categories that are a delivery state of their own ('of the 10 in progress', '1 suspended').
_STATE_CATEGORIES = frozenset(
    {"not_started", "in_progress", "complete_verified", "suspended", "deferred", "cancelled", "ongoing"}
)


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def check_actions(edition: Edition) -> list[Issue]:
    """Cross-field checks on actions."""
    out: list[Issue] = []
    edition_end = _month_end(edition.edition_date) if edition.edition_date else None
    for a in edition.actions:
        record = f"action:{a.key}"
        page = a.provenance.page
        if (
            a.delivery_state in COMPLETE
            and edition_end
            and a.due
            and a.due.value
            and a.due.value > edition_end
        ):
            out.append(
                issue(
                    "PT301",
                    f"marked complete but due {a.due.raw}, after the edition ({edition.edition_label}): "
                    "finished early, or a wrong status or date?",
                    page=page,
                    record=record,
                    field="due",
                )
            )
        if a.start and a.due and a.start.value and a.due.end and a.start.value > a.due.end:
            out.append(
                issue(
                    "PT302",
                    f"starts {a.start.raw} after it is due {a.due.raw}",
                    page=page,
                    record=record,
                    field="start",
                )
            )
        if not a.leads and not a.leads_raw:
            out.append(issue("PT304", "no lead named", page=page, record=record, field="leads"))
        if a.due is None and a.revised_due is None:
            out.append(issue("PT307", "no due date", page=page, record=record, field="due"))
    return out


def check_confidence(edition: Edition) -> list[Issue]:
    """Low-confidence records (OCR damage, guessed pairings) are flagged for a human look."""
    out: list[Issue] = []
    records: list[tuple[str, object]] = [(f"recommendation:{r.number}", r) for r in edition.recommendations]
    records += [(f"action:{a.key}", a) for a in edition.actions]
    records += [(f"indicator:{i.key}", i) for i in edition.indicators]
    for name, rec in records:
        prov = rec.provenance  # type: ignore[attr-defined]
        if prov.confidence < LOW_CONFIDENCE:
            out.append(
                issue(
                    "PT212",
                    f"low confidence ({prov.confidence:.2f}): check against page {prov.page}",
                    page=prov.page,
                    record=name,
                )
            )
    return out


def check_recommendations(edition: Edition) -> list[Issue]:
    """Active recommendations with no actions, when the plan has action tables at all."""
    if not edition.actions:
        return []
    with_actions = {a.recommendation for a in edition.actions}
    out = []
    for r in edition.recommendations:
        active = r.delivery_state not in (COMPLETE | {DeliveryState.BUSINESS_AS_USUAL})
        if active and r.number not in with_actions:
            out.append(
                issue(
                    "PT308",
                    "active recommendation has no actions",
                    page=r.provenance.page,
                    record=f"recommendation:{r.number}",
                )
            )
    return out


def count(
    records: list[Recommendation] | list[Action], category: str, *, verified_apart: bool = False
) -> int:
    """How many records fall in a stated-total category.

    'complete' counts verified completions too, unless the document counts those apart
    (`verified_apart`: a key with Green = Complete and Blue = Complete and verified states both).
    """
    if category == "total":
        return len(records)
    if category == "business_as_usual":
        return sum(r.delivery_state is DeliveryState.BUSINESS_AS_USUAL for r in records)
    if category == "complete":
        done = {DeliveryState.COMPLETE} if verified_apart else COMPLETE
        return sum(r.delivery_state in done for r in records)
    if category in _STATE_CATEGORIES:
        return sum(r.delivery_state is DeliveryState(category) for r in records)
    try:
        rag = Rag(category)
    except ValueError:
        return -1
    return sum(r.rag is rag and r.delivery_state not in COMPLETE for r in records)


def reconcile(edition: Edition) -> tuple[list[ReconciliationResult], list[Issue]]:
    """Compare every stated total with the records; a mismatch is an issue showing both numbers."""
    results: list[ReconciliationResult] = []
    issues: list[Issue] = []
    if not edition.stated_totals:
        return [], [issue("PT402", "the document states no totals: nothing to reconcile")]
    # In a document the coverage check found partly read, a mismatch is more likely records that were
    # not read than totals that are wrong: still said, as a warning, so an error means the document's
    # own figures disagree with what was fully read.
    partly = edition.coverage.partly_read if edition.coverage else []
    doubt = (
        f" (the document was only partly read, {page_ranges(partly)}: records may be missing)"
        if partly
        else ""
    )
    for total in edition.stated_totals:
        records = edition.recommendations if total.entity == "recommendation" else edition.actions
        verified_apart = any(
            t.entity == total.entity and t.category == "complete_verified" for t in edition.stated_totals
        )
        found = count(records, total.category, verified_apart=verified_apart)
        if found < 0:
            continue
        ok = found == total.value
        results.append(
            ReconciliationResult(
                entity=total.entity, category=total.category, stated=total.value, found=found, ok=ok
            )
        )
        if not ok:
            issues.append(
                issue(
                    "PT401",
                    _mismatch(total, found) + doubt,
                    page=total.page,
                    record=f"totals:{total.entity}:{total.category}",
                    field="value",
                    severity=Severity.WARNING if doubt else None,
                )
            )
    return results, issues


def _mismatch(total: StatedTotal, found: int) -> str:
    what = total.entity + "s"
    cat = "in total" if total.category == "total" else total.category.replace("_", " ")
    return f"document states {total.value} {what} {cat}, extracted {found}"


def _issue_order(i: Issue) -> tuple[int, str, str, str, str]:
    return (i.page or 0, i.code, i.record or "", i.field or "", i.message)


def validate_edition(edition: Edition) -> Edition:
    """The edition with validation issues and reconciliation results added, issues in a stable order."""
    issues = list(edition.issues)
    try:
        Edition.model_validate(edition.model_dump())
    except ValidationError as exc:  # a record built past the model's constraints: report, keep the data
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            issues.append(issue("PT305", f"[{loc}] {err['msg']}", field=loc))
    issues += check_actions(edition) + check_recommendations(edition) + check_confidence(edition)
    results, recon_issues = reconcile(edition)
    issues += recon_issues
    unique = {(i.code, i.page, i.record, i.field, i.message): i for i in issues}
    ordered = sorted(unique.values(), key=_issue_order)
    return edition.model_copy(update={"issues": ordered, "reconciliation": results})
