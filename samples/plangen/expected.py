"""Expected outputs: the Edition each sample should extract to, built from its spec and where it was drawn."""

from __future__ import annotations

import hashlib
import re

from pipeline.models import (
    Action,
    DeliveryState,
    Edition,
    Indicator,
    Issue,
    Legend,
    LegendEntry,
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
from plangen import values
from plangen.northbridge import ref_letter
from plangen.rendered import Rendered, action_counts
from plangen.spec import ActionSpec, EditionSpec, LegendSpec, RecommendationSpec

RAG_OF = {"G": Rag.GREEN, "A": Rag.AMBER, "R": Rag.RED}
PERIOD = "YTD"  # Northbridge's indicator column header is 'Progress YTD'


def _provenance(rendered: Rendered, tag: str, source: PageSource) -> Provenance:
    place = rendered.placements[tag]
    return Provenance(page=place.page, bbox=place.bbox, source=source, confidence=1.0)


def _known_names(spec: EditionSpec) -> set[str]:
    """Full names the document prints somewhere, used to expand 'J Smith'."""
    printed: list[str] = []
    for rec in spec.recommendations:
        printed += [rec.lead or "", rec.heading_lead or ""]
        printed += [i.lead for i in rec.indicators] + [a.lead for a in rec.actions]
    names = {values.normalise_lead(n, set()) for raw in printed if raw for n in values.split_leads(raw)}
    return {n for n in names if not re.fullmatch(r"[A-Z] .*", n)}


def _status(entry: LegendSpec) -> tuple[DeliveryState, Rag]:
    if entry.delivery_state:
        return DeliveryState(entry.delivery_state), Rag.NONE
    return DeliveryState.IN_PROGRESS, Rag(entry.rag)


def _legend(spec: EditionSpec, page: int | None) -> Legend:
    return Legend(
        source="document",
        page=page,
        entries=[
            LegendEntry(
                label=e.label,
                token=e.token,
                colour=e.colour,
                rag=Rag(e.rag),
                delivery_state=DeliveryState(e.delivery_state) if e.delivery_state else None,
                description=e.description,
            )
            for e in spec.legend
        ],
    )


def _edition(spec: EditionSpec, rendered: Rendered, pdf: bytes, name: str, source: PageSource) -> Edition:
    """The parts common to every house style: source, metadata, legend and stated totals."""
    pages = [PageInfo(number=n, source=source, confidence=1.0) for n in range(1, rendered.page_count + 1)]
    return Edition(
        source=SourceInfo(
            name=name, sha256=hashlib.sha256(pdf).hexdigest(), page_count=rendered.page_count, pages=pages
        ),
        organisation=spec.organisation,
        plan_title=spec.plan_title,
        plan_version=spec.plan_version,
        edition_label=spec.edition_label,
        edition_date=values.edition_date(spec.edition_label),
        data_as_of=values.as_of_date(spec.data_as_of_text),
        legend=_legend(spec, rendered.legend_page),
        stated_totals=_stated_totals(rendered),
        issues=_planted_issues(spec, rendered),
    )


def _stated_totals(rendered: Rendered) -> list[StatedTotal]:
    """Printed counts in document order; the same count restated later (progress report) is one statement.

    That is the project's convention (the extractors and the Darlington golden keep the first statement).
    """
    out: list[StatedTotal] = []
    for t in rendered.totals:
        if all((s.entity, s.category, s.value) != (t.entity, t.category, t.value) for s in out):
            out.append(
                StatedTotal(entity=t.entity, category=t.category, value=t.value, raw=t.raw, page=t.page)
            )
    return out


def _planted_issues(spec: EditionSpec, rendered: Rendered) -> list[Issue]:
    """A PT401 for every total the spec deliberately prints wrong."""
    issues = []
    for total in rendered.totals:
        wrong = spec.wrong_totals.get((total.entity, total.category))
        if wrong is not None and total.value == wrong:
            issues.append(
                Issue(
                    code="PT401",
                    severity=Severity.ERROR,
                    page=total.page,
                    message=f"stated {total.entity} {total.category} total is {wrong}, the records "
                    f"have {_true_count(spec, total.entity, total.category)}",
                )
            )
    return issues


def _true_count(spec: EditionSpec, entity: str, category: str) -> int:
    counts = action_counts(spec)
    if entity != "action":
        raise ValueError("the samples only plant wrong action totals")
    if category == "total":
        return sum(counts.values())
    return sum(n for code, n in counts.items() if _category(spec.legend_entry(code)) == category)


def _category(entry: LegendSpec) -> str:
    return "complete" if entry.delivery_state == "complete" else entry.rag


def northbridge(spec: EditionSpec, rendered: Rendered, name: str, source: PageSource, pdf: bytes) -> Edition:
    """Expected Edition for a Northbridge-style sample whose file bytes are `pdf` (text layer or scan)."""
    edition = _edition(spec, rendered, pdf, name, source)
    known = _known_names(spec)
    for rec in spec.recommendations:
        edition.recommendations.append(_nb_recommendation(rec, rendered, source, known))
        for index, action in enumerate(rec.actions):
            edition.actions.append(_action(spec, rec, action, ref_letter(index), rendered, source, known))
        for ind in rec.indicators:
            entry = next((e for e in spec.legend if e.colour == ind.colour), None)
            edition.indicators.append(
                Indicator(
                    key=f"R{rec.number}-{ind.code}",
                    recommendation=rec.number,
                    code=ind.code,
                    description=ind.description,
                    leads=values.leads(ind.lead, known),
                    leads_raw=ind.lead,
                    target=values.measure(ind.target),
                    actual=values.actual(ind.actual, PERIOD),
                    polarity=Polarity(ind.polarity),
                    rag=Rag(entry.rag) if entry else Rag.NONE,
                    status_raw=ind.colour,
                    status_source=StatusSource.CELL_COLOUR if ind.colour else StatusSource.MISSING,
                    provenance=_provenance(rendered, f"ind:{rec.number}:{ind.code}", source),
                )
            )
    return Edition.model_validate(edition.model_dump())


def _nb_recommendation(
    rec: RecommendationSpec, rendered: Rendered, source: PageSource, known: set[str]
) -> Recommendation:
    bau = rec.status == "BAU"
    return Recommendation(
        number=rec.number,
        title=rec.title,
        leads=values.leads(rec.lead, known),
        leads_raw=rec.lead,
        delivery_state=DeliveryState.BUSINESS_AS_USUAL if bau else DeliveryState.IN_PROGRESS,
        rag=Rag.NONE if bau else RAG_OF[rec.status],
        status_raw=rec.bau_label if bau else rec.status,  # the BAU phrase is the status token found
        status_source=StatusSource.TEXT,
        progress=rec.bau_note if bau else "\n".join(rec.progress),
        provenance=_provenance(rendered, f"rec:{rec.number}", source),
    )


def _action(
    spec: EditionSpec,
    rec: RecommendationSpec,
    action: ActionSpec,
    ref: str,
    rendered: Rendered,
    source: PageSource,
    known: set[str],
) -> Action:
    entry = spec.legend_entry(action.status)
    delivery, rag = _status(entry)
    by_colour = entry.token is None  # Eastmoor's status cells carry only a colour
    return Action(
        key=f"R{rec.number}-{ref}",
        recommendation=rec.number,
        ref=ref,
        objective=action.objective,
        text=" ".join(action.text.split()),
        bullets=list(action.bullets),
        leads=values.leads(action.lead, known),
        leads_raw=action.lead,
        start=values.plan_date(action.start),
        due=values.plan_date(action.due),
        revised_due=values.plan_date(action.revised),
        delivery_state=delivery,
        rag=rag,
        status_raw=entry.colour if by_colour else entry.token,
        status_source=StatusSource.CELL_COLOUR if by_colour else StatusSource.TEXT,
        progress=action.progress,
        extra={"Evidence": action.evidence} if action.evidence is not None else {},
        provenance=_provenance(rendered, f"act:{action.uid}", source),
    )


def eastmoor(spec: EditionSpec, rendered: Rendered, name: str, source: PageSource, pdf: bytes) -> Edition:
    """Expected Edition for an Eastmoor-style (single tracker table) sample whose file bytes are `pdf`."""
    edition = _edition(spec, rendered, pdf, name, source)
    known = _known_names(spec)
    for rec in spec.recommendations:
        done = bool(rec.actions) and all(
            spec.legend_entry(a.status).delivery_state == "complete" for a in rec.actions
        )
        edition.recommendations.append(
            Recommendation(
                number=rec.number,
                title=rec.title,
                leads=values.leads(rec.lead, known),
                leads_raw=rec.lead,
                delivery_state=DeliveryState.COMPLETE if done else DeliveryState.UNKNOWN,
                rag=Rag.NONE,
                status_raw=None,
                status_source=StatusSource.MISSING,
                progress=None,
                provenance=_provenance(rendered, f"rec:{rec.number}", source),
            )
        )
        for action in rec.actions:
            assert action.ref is not None, "Eastmoor refs are printed explicitly"
            edition.actions.append(_action(spec, rec, action, action.ref, rendered, source, known))
    return Edition.model_validate(edition.model_dump())
