"""The expected Edition of a house-style document, from its style, its content and where rows landed.

Nothing here reads the PDF: the text of every cell and what it means come from `plangen/cells.py`
and `plangen/printed.py` (the same functions the renderer prints with), and only the page and box
of each row come from the drawing. The conventions are in samples/README.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, cast

from pipeline.models import (
    Action,
    Actual,
    DeliveryState,
    Edition,
    Indicator,
    Issue,
    Legend,
    LegendEntry,
    Measure,
    PageInfo,
    PageSource,
    Polarity,
    Provenance,
    Rag,
    Recommendation,
    Severity,
    SourceInfo,
    StatedTotal,
    StatusSource,
)
from plangen import cells, changes, printed
from plangen.content import EditionC, IndicatorC, PlanC, RecC
from plangen.printed import SCHEMES, Reading
from plangen.render_style import Drawn, data_as_of, edition_label, indicator_columns
from plangen.spec import EditionSpec
from plangen.styles import Style


def _prov(drawn: Drawn, tag: str, source: PageSource) -> Provenance:
    place = drawn.placements[tag]
    return Provenance(page=place.page, bbox=place.bbox, source=source, confidence=1.0)


def _status(r: Reading) -> dict[str, Any]:
    rag, state = printed.status_of(r.meaning)
    return {"rag": rag, "delivery_state": state, "status_raw": r.raw, "status_source": StatusSource(r.source)}


def _legend(style: Style, drawn: Drawn) -> Legend:
    if not cells.keyed(style):
        return Legend(source="default", page=None, entries=[])
    entries = []
    for e in SCHEMES[style.key_scheme]:
        rag, state = printed.MEANINGS[e.meaning]
        swatches = style.key_form == "swatches"
        entries.append(
            LegendEntry(
                label=e.description if swatches else e.label,
                token=e.token if style.status_form == "letter_fill" and style.key_form == "table" else None,
                colour=None if style.key_form == "caption" else e.colour,
                rag=rag,
                delivery_state=None if state is DeliveryState.IN_PROGRESS else state,
                description=None if swatches else e.description,
            )
        )
    return Legend(source="document", page=drawn.legend_page, entries=entries)


def _stated(drawn: Drawn) -> list[StatedTotal]:
    out: list[StatedTotal] = []
    for raw, stats, page in drawn.totals:
        for s in stats:
            if all((t.entity, t.category, t.value) != (s.entity, s.category, s.value) for t in out):
                out.append(
                    StatedTotal(entity=s.entity, category=s.category, value=s.value, raw=raw, page=page)
                )
    return out


def _category(record: Action | Recommendation, category: str) -> bool:
    if category == "total":
        return True
    if category == "in_progress":
        return record.delivery_state is DeliveryState.IN_PROGRESS
    if record.delivery_state is DeliveryState.IN_PROGRESS:
        return record.rag.value == category
    return record.delivery_state.value == category


def _reconcile(edition: Edition) -> list[Issue]:
    """A PT401 wherever a stated total disagrees with the records as a careful reader records them."""
    issues = []
    for t in edition.stated_totals:
        records: list[Action | Recommendation] = [
            *(edition.actions if t.entity == "action" else edition.recommendations)
        ]
        found = sum(_category(r, t.category) for r in records)
        if found != t.value:
            issues.append(
                Issue(
                    code="PT401",
                    severity=Severity.ERROR,
                    page=t.page,
                    message=f"stated {t.entity} {t.category} total is {t.value}, the records have {found}",
                )
            )
    return issues


def expected(
    style: Style, plan: PlanC, edition: EditionC, drawn: Drawn, name: str, source: PageSource, pdf: bytes
) -> Edition:
    """The Edition a careful reader records from this document."""
    pages = [PageInfo(number=n, source=source, confidence=1.0) for n in range(1, drawn.page_count + 1)]
    out = Edition(
        source=SourceInfo(
            name=name, sha256=hashlib.sha256(pdf).hexdigest(), page_count=drawn.page_count, pages=pages
        ),
        organisation=plan.organisation,
        plan_title=plan.title,
        plan_version=edition.version,
        edition_label=edition_label(edition),
        edition_date=edition.date,
        data_as_of=data_as_of(edition) if style.data_as_of == "yes" else None,
        legend=_legend(style, drawn),
        stated_totals=_stated(drawn),
    )
    columns = cells.action_columns(style, edition.date)
    roles = {cells.column_role(c): c for c in columns}
    for rec in edition.recs:
        actions = [_action(style, edition, drawn, source, rec, i, roles) for i in range(len(rec.actions))]
        out.recommendations.append(_recommendation(style, drawn, source, rec, actions))
        out.actions += actions
        out.indicators += [_indicator(style, edition, drawn, source, rec, ind) for ind in rec.indicators]
    out.issues = _reconcile(out)
    return Edition.model_validate(out.model_dump())


def _recommendation(
    style: Style, drawn: Drawn, source: PageSource, rec: RecC, actions: list[Action]
) -> Recommendation:
    has_block = rec.meaning != "bau"  # business-as-usual recommendations have no heading or rows
    heading = cells.rec_heading(style, rec) if has_block else None
    lead_printed = style.rec_lead == "column" or heading is not None
    if style.summary != "none":
        status = _status(cells.reading(style, "recommendation", rec.meaning))
        tag = f"rec:{rec.number}"
    else:
        tag = f"head:{rec.number}" if style.layout == "per_rec" else f"span:{rec.number}"
        if style.intro == "heading_rag":
            e = cells.entry(style, rec.meaning)
            meaning = rec.meaning if cells.keyed(style) else printed.DEFAULT_WORD_MEANING[e.label]
            status = _status(Reading(meaning, e.label.upper(), "text"))
        else:
            done = bool(actions) and all(a.delivery_state is DeliveryState.COMPLETE for a in actions)
            status = {
                "rag": Rag.NONE,
                "delivery_state": DeliveryState.COMPLETE if done else DeliveryState.UNKNOWN,
                "status_raw": None,
                "status_source": StatusSource.MISSING,
            }
    if style.summary == "table_with_progress" or (heading and style.summary != "table_with_progress"):
        progress: str | None = "\n".join(rec.progress)
    else:
        progress = None
    return Recommendation(
        number=rec.number,
        title=rec.title,
        leads=[rec.lead] if lead_printed else [],
        leads_raw=(rec.lead if style.rec_lead == "column" else cells.rec_lead_raw(style, rec))
        if lead_printed
        else None,
        progress=progress,
        provenance=_prov(drawn, tag, source),
        **status,
    )


def _action(
    style: Style,
    edition: EditionC,
    drawn: Drawn,
    source: PageSource,
    rec: RecC,
    index: int,
    roles: dict[str, cells.Column],
) -> Action:
    a = rec.actions[index]
    _printed_ref, ref = cells.ref_of(style, rec.number, index)
    due, revised = cells.due_dates(style, a, edition.date)
    if style.dense_cells == "two_dates":
        start = (
            printed.start_date(style.start_format, a.start, edition.date, style.date_format)
            if a.start
            else None
        )
    else:
        start = cells.start_of(style, a, edition.date) if "start" in roles else None
    has_lead = "lead" in roles
    return Action(
        key=f"R{rec.number}-{ref}",
        recommendation=rec.number,
        ref=ref,
        text=a.text,
        bullets=list(a.bullets),
        leads=list(a.leads) if has_lead else [],
        leads_raw=" / ".join(a.leads) if has_lead else None,
        start=start,
        due=due,
        revised_due=revised,
        progress=a.progress,
        extra={roles["extra"].text: a.extra} if "extra" in roles else {},
        provenance=_prov(drawn, f"act:{a.uid}", source),
        **_status(cells.reading(style, "action", a.meaning, a.pct)),
    )


def _measure(kind: str, value: float | None, empty: str) -> tuple[str, float | None, str | None]:
    return printed.format_value(kind, value, empty)


def _indicator(
    style: Style, edition: EditionC, drawn: Drawn, source: PageSource, rec: RecC, ind: IndicatorC
) -> Indicator:
    headers = [h for role, h in indicator_columns(style, edition.date, False) if role == "value"]
    extra: dict[str, str] = {}
    if style.ind_baseline == "yes":
        extra[headers.pop(0)] = _measure(ind.kind, ind.baseline, "-")[0]
    values, _empty = cells.indicator_values(style, ind)
    printed_values = [_measure(ind.kind, v, "n/a") for v in values]
    for header, (raw, _v, _u) in zip(headers[: len(values) - 1], printed_values[:-1], strict=True):
        extra[header] = raw
    raw, value, unit = printed_values[-1]
    t_raw, t_value, t_unit = _measure(ind.kind, ind.target, "-")
    dot = [h for role, h in indicator_columns(style, edition.date, False) if role == "dot"]
    if dot:
        extra[dot[0]] = cells.dot_text(style, ind)
    reading = cells.reading(style, "indicator", ind.meaning)
    rag, _state = printed.status_of(reading.meaning)
    return Indicator(
        key=f"R{rec.number}-{ind.code}",
        recommendation=rec.number,
        code=ind.code,
        description=ind.description,
        leads=[ind.lead],
        leads_raw=ind.lead,
        target=Measure(raw=t_raw, value=t_value, unit=t_unit),
        actual=Actual(raw=raw, value=value, unit=unit, period=cells.period_of(headers[len(values) - 1])),
        polarity=Polarity(ind.polarity),
        rag=rag,
        status_raw=reading.raw,
        status_source=StatusSource(reading.source),
        extra=extra,
        provenance=_prov(drawn, f"ind:{rec.number}:{ind.code}", source),
    )


@dataclass
class _UidAction:
    uid: str


@dataclass
class _UidRec:
    actions: list[_UidAction] = field(default_factory=list)


@dataclass
class _UidView:
    """The one thing `plangen.changes.diff` reads from a spec: the uids of the actions in order."""

    recommendations: list[_UidRec]


def change_list(old_c: EditionC, old: Edition, new_c: EditionC, new: Edition) -> list[dict[str, Any]]:
    """Every difference between two editions' expected records, actions matched by their uid."""

    def view(e: EditionC) -> EditionSpec:
        return cast(EditionSpec, _UidView([_UidRec([_UidAction(a.uid) for a in r.actions]) for r in e.recs]))

    return changes.diff(view(old_c), old, view(new_c), new)
