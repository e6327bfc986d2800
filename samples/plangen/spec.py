"""The sample specs' data model: a plan edition as its author meant it, before any drawing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class IndicatorSpec:
    """A performance indicator row under a recommendation."""

    code: str
    description: str
    lead: str  # as printed
    target: str  # as printed: '90%', '590 days', '18', '-'
    actual: str
    colour: str | None  # RAG cell fill (legend token), None for an uncoloured cell
    polarity: str  # intended: higher_better, lower_better, unknown


@dataclass
class ActionSpec:
    """An action row. `uid` is the spec's own identity for it across editions; it is never printed."""

    uid: str
    text: str
    lead: str  # as printed
    due: str
    status: str  # legend token: C/G/A/R (Northbridge) or B/G/A/R (Eastmoor)
    start: str = ""
    bullets: list[str] = field(default_factory=list)
    objective: str | None = None
    revised: str = ""
    progress: str | None = None
    evidence: str | None = None
    ref: str | None = None  # explicit ref (Eastmoor '1.2'); Northbridge letters come from the position


@dataclass
class RecommendationSpec:
    """A recommendation (Northbridge) or area for improvement (Eastmoor)."""

    number: int
    title: str
    lead: str | None  # as printed in the summary (UPPERCASE for Northbridge); None when not printed
    status: str  # G/A/R, or 'BAU'
    progress: list[str] = field(default_factory=list)  # narrative paragraphs
    heading_lead: str | None = None  # lead as printed in the detail heading, when it differs
    indicators: list[IndicatorSpec] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    bau_label: str = "BUSINESS AS USUAL ACTIVITY"
    bau_note: str = "All actions within this recommendation are completed."
    repeat_actions_header: bool = True


@dataclass
class LegendSpec:
    """One legend row: label, token (None when cells carry no text), colour, meaning."""

    label: str
    token: str | None
    colour: str
    rag: str
    delivery_state: str | None
    description: str
    confidence: str = ""
    code: str | None = None  # the spec's status code for it when cells carry no token (Eastmoor: 'B')

    @property
    def key(self) -> str | None:
        """The status code the spec's records use for this entry."""
        return self.code or self.token


@dataclass
class EditionSpec:
    """One edition of a plan."""

    stem: str
    organisation: str
    plan_title: str
    plan_version: str
    edition_label: str  # 'January 2024'
    update_ordinal: str  # 'first', 'second', ...
    data_as_of_text: str | None  # 'end of December 2023', as printed
    legend: list[LegendSpec]
    recommendations: list[RecommendationSpec]
    successes: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    # Planted faults: stated-total overrides {(entity, category): printed value}.
    wrong_totals: dict[tuple[str, str], int] = field(default_factory=dict)

    def legend_entry(self, status: str) -> LegendSpec:
        """The legend entry for a spec status code ('G', 'C', 'B', ...)."""
        return next(e for e in self.legend if e.key == status)

    def rec(self, number: int) -> RecommendationSpec:
        """The recommendation with this number."""
        return next(r for r in self.recommendations if r.number == number)

    def action(self, uid: str) -> ActionSpec:
        """The action with this uid."""
        return next(a for r in self.recommendations for a in r.actions if a.uid == uid)

    def indicator(self, number: int, code: str) -> IndicatorSpec:
        """Indicator `code` under recommendation `number`."""
        return next(i for i in self.rec(number).indicators if i.code == code)


def evolve(base: EditionSpec, edits: Callable[[EditionSpec], None], **meta: object) -> EditionSpec:
    """A new edition: a deep copy of `base` with new metadata and the spec's edits applied."""
    new = copy.deepcopy(base)
    new.wrong_totals = {}
    for key, value in meta.items():
        setattr(new, key, value)
    edits(new)
    return new
