"""The record model: what one extracted edition of an improvement plan contains."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from pipeline.models.common import (
    SCHEMA_VERSION,
    DatePrecision,
    DeliveryState,
    Model,
    PageSource,
    Polarity,
    Rag,
    Severity,
    StatusSource,
)
from pipeline.models.coverage import Coverage

BBox = tuple[float, float, float, float]


class Provenance(Model):
    """Where in the source a record was read, and how much to trust it."""

    page: int = Field(ge=1, description="1-based page number in the source document.")
    bbox: BBox | None = Field(
        default=None,
        description="x0, top, x1, bottom in PDF points from the page's top-left corner "
        "(null for plain-text input, which has no positions).",
    )
    source: PageSource = Field(description="Text layer, OCR or plain text.")
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="Confidence in the record's fields, 0-1 (OCR word confidence, "
        "lowered by repairs and guesses).",
    )


class PlanDate(Model):
    """A date as printed in a plan, with its parsed period and precision."""

    raw: str = Field(description="The text as printed, e.g. 'Sept 2017', 'Q4 2018/19', 'TBC'.")
    value: dt.date | None = Field(
        default=None, description="First day of the stated period (ISO); null when not a date."
    )
    end: dt.date | None = Field(
        default=None,
        description="Last day of the stated period (ISO): 'Mar 2018' ends 2018-03-31. "
        "Slippage is measured on this.",
    )
    precision: DatePrecision = Field(
        description="day, month, quarter, financial_quarter, year, "
        "financial_year, open (ongoing/TBC) or unknown."
    )


class Measure(Model):
    """An indicator target: raw text and the parsed value and unit."""

    raw: str = Field(description="Text as printed, e.g. '90%', '590 days', '-'.")
    value: float | None = Field(default=None, description="Parsed number; null when not set ('-').")
    unit: str | None = Field(default=None, description="'%', 'days', 'weeks', ... or null for a count.")


class Actual(Measure):
    """An indicator's reported value, with the period it refers to."""

    period: str | None = Field(default=None, description="Period label as printed, e.g. 'Qtr 2'.")


class Status(Model):
    """Mixin fields: the two status axes and where they came from."""

    delivery_state: DeliveryState = Field(
        default=DeliveryState.UNKNOWN, description="Where the work is (complete, business_as_usual, ...)."
    )
    rag: Rag = Field(default=Rag.NONE, description="RAG rating, or 'none' when not rated.")
    status_raw: str | None = Field(
        default=None, description="The token or colour found, e.g. 'G', 'C', '#00b050'."
    )
    status_source: StatusSource = Field(
        default=StatusSource.MISSING, description="Where the status came from."
    )


class Recommendation(Status):
    """One inspection recommendation the plan answers."""

    number: int = Field(ge=0, description="Recommendation number as printed.")
    title: str = Field(description="The recommendation's text.")
    leads: list[str] = Field(default_factory=list, description="Normalised names of the leads.")
    leads_raw: str | None = Field(default=None, description="Lead text as printed.")
    progress: str | None = Field(
        default=None, description="Progress narrative, paragraphs joined by newlines."
    )
    provenance: Provenance = Field(description="Where the recommendation was read.")


class Action(Status):
    """One action under a recommendation."""

    key: str = Field(description="Stable key within the edition: 'R<number>-<ref or #n>'.")
    recommendation: int = Field(ge=0, description="Number of the recommendation it serves.")
    ref: str | None = Field(default=None, description="Reference as printed: 'a', '3.2', '2 (i)'.")
    objective: str | None = Field(default=None, description="The grouping objective row above it, if any.")
    text: str = Field(description="Action text, whitespace-normalised, without its ref.")
    bullets: list[str] = Field(default_factory=list, description="Sub-bullets inside the action cell.")
    leads: list[str] = Field(default_factory=list, description="Normalised names of the leads.")
    leads_raw: str | None = Field(default=None, description="Lead text as printed.")
    start: PlanDate | None = Field(default=None, description="Start date.")
    due: PlanDate | None = Field(default=None, description="Completion / due date.")
    revised_due: PlanDate | None = Field(
        default=None, description="Revised due date, where the plan has one."
    )
    completed: PlanDate | None = Field(default=None, description="Date completed, where the plan has one.")
    progress: str | None = Field(default=None, description="Progress commentary, where the table has one.")
    extra: dict[str, str] = Field(
        default_factory=dict, description="Columns the synonym table did not know, by header text."
    )
    provenance: Provenance = Field(description="Where the action row was read.")


class Indicator(Status):
    """A performance indicator related to a recommendation."""

    key: str = Field(description="Stable key within the edition: 'R<number>-<code>'.")
    recommendation: int = Field(ge=0, description="Number of the recommendation it is listed under.")
    code: str = Field(description="Indicator id as printed, e.g. 'CSC 340a', 'NEW'.")
    description: str = Field(description="What is measured.")
    leads: list[str] = Field(default_factory=list, description="Normalised names of the lead officers.")
    leads_raw: str | None = Field(default=None, description="Lead text as printed.")
    target: Measure | None = Field(default=None, description="Target (year end or as stated).")
    actual: Actual | None = Field(default=None, description="Latest reported value.")
    polarity: Polarity = Field(default=Polarity.UNKNOWN, description="Whether higher or lower is better.")
    extra: dict[str, str] = Field(default_factory=dict, description="Unrecognised columns by header text.")
    provenance: Provenance = Field(description="Where the indicator row was read.")


class LegendEntry(Model):
    """One line of a status legend: a token or colour and what it means."""

    label: str = Field(description="The legend's word for it, e.g. 'Completed', 'Blue'.")
    token: str | None = Field(default=None, description="Letter or word used in status cells, e.g. 'G', 'B'.")
    colour: str | None = Field(default=None, description="Fill colour '#rrggbb', when the legend shows one.")
    rag: Rag = Field(default=Rag.NONE, description="RAG meaning.")
    delivery_state: DeliveryState | None = Field(
        default=None, description="Delivery meaning (e.g. complete), when the entry has one."
    )
    description: str | None = Field(default=None, description="The legend's explanatory wording.")


class Legend(Model):
    """The status legend the edition's statuses were read through."""

    source: str = Field(description="'document' when read from the edition, 'default' otherwise.")
    page: int | None = Field(default=None, description="Page of the legend in the source.")
    entries: list[LegendEntry] = Field(default_factory=list, description="Entries in printed order.")


class StatedTotal(Model):
    """A count the document states about itself, e.g. '41 individual actions'."""

    entity: str = Field(description="'recommendation' or 'action'.")
    category: str = Field(
        description="'total', or a status: 'business_as_usual', 'complete', 'green', 'amber', 'red', ..."
    )
    value: int = Field(ge=0, description="The stated number.")
    raw: str = Field(description="The sentence or cell it was read from.")
    page: int | None = Field(default=None, description="Page it was read on.")


class ReconciliationResult(Model):
    """A stated total compared with what was extracted."""

    entity: str = Field(description="'recommendation' or 'action'.")
    category: str = Field(description="Category as in StatedTotal.")
    stated: int = Field(description="The document's number.")
    found: int = Field(description="Number of extracted records in that category.")
    ok: bool = Field(description="True when they agree.")


class PageInfo(Model):
    """How one page of the source was read."""

    number: int = Field(ge=1, description="1-based page number.")
    source: PageSource = Field(description="Text layer, OCR or plain text.")
    confidence: float = Field(ge=0.0, le=1.0, description="Mean word confidence on the page.")


class SourceInfo(Model):
    """The input document."""

    name: str = Field(description="File name (no folders, so outputs do not depend on where it was).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes.")
    page_count: int = Field(ge=0, description="Pages in the source.")
    pages: list[PageInfo] = Field(default_factory=list, description="Per-page source and confidence.")


class Issue(Model):
    """A recoverable problem found while extracting or validating; data is kept, not dropped."""

    code: str = Field(pattern=r"^PT\d{3}$", description="Stable code, e.g. 'PT301'; see README.")
    severity: Severity = Field(description="error, warning or info.")
    message: str = Field(description="One line saying what is wrong and what was done.")
    page: int | None = Field(default=None, description="Page concerned, when known.")
    record: str | None = Field(
        default=None,
        description="Record concerned: 'recommendation:3', 'action:R12-c', 'indicator:R2-CSC 340a'.",
    )
    field: str | None = Field(default=None, description="Field concerned, e.g. 'due', 'rag'.")


class Edition(Model):
    """One extracted edition (progress update) of an improvement plan."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this record model.")
    source: SourceInfo = Field(description="The input and how each page was read.")
    organisation: str | None = Field(
        default=None, description="Council or trust, e.g. 'Darlington Borough Council'."
    )
    plan_title: str | None = Field(default=None, description="Plan title as printed.")
    plan_version: str | None = Field(default=None, description="Plan version, e.g. '3'.")
    edition_label: str | None = Field(default=None, description="Edition as printed, e.g. 'December 2017'.")
    edition_date: dt.date | None = Field(
        default=None, description="Edition date (ISO; first of month when only a month)."
    )
    data_as_of: dt.date | None = Field(
        default=None, description="Date the performance data is as at, when stated (end of month)."
    )
    legend: Legend = Field(description="The status legend used to read statuses.")
    stated_totals: list[StatedTotal] = Field(default_factory=list, description="Totals the document states.")
    recommendations: list[Recommendation] = Field(
        default_factory=list, description="Recommendations by number."
    )
    actions: list[Action] = Field(default_factory=list, description="Actions in document order.")
    indicators: list[Indicator] = Field(default_factory=list, description="Indicators in document order.")
    issues: list[Issue] = Field(default_factory=list, description="Problems found, in a stable order.")
    reconciliation: list[ReconciliationResult] = Field(
        default_factory=list, description="Stated totals compared with the records."
    )
    coverage: Coverage | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="What was read: words per page, rows per table, and the pages coverage warnings "
        "(PT5xx) name; absent when not computed.",
    )
