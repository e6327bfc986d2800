"""Timelines: each recommendation's and action's status across a plan's editions, with due-date slippage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.diff.judge import date_judgement, effective_due
from pipeline.diff.matching import match_actions
from pipeline.models import Action, DeliveryState, Edition, Judgement, Rag, Recommendation

ABSENT = "-"
RAG_CELL = {Rag.RED: "R", Rag.AMBER_RED: "AR", Rag.AMBER: "A", Rag.AMBER_GREEN: "AG", Rag.GREEN: "G"}
STATE_CELL = {
    DeliveryState.COMPLETE: "C",
    DeliveryState.COMPLETE_VERIFIED: "CV",
    DeliveryState.BUSINESS_AS_USUAL: "BAU",
    DeliveryState.SUSPENDED: "S",
    DeliveryState.DEFERRED: "D",
    DeliveryState.CANCELLED: "X",
}


def status_cell(record: Recommendation | Action) -> str:
    """A short status: 'C', 'BAU' and other closed states first, else the RAG letter(s), else '?'."""
    return STATE_CELL.get(record.delivery_state) or RAG_CELL.get(record.rag, "?")


@dataclass
class TimelineRow:
    """One recommendation or action followed across editions (cells align with Timeline.editions)."""

    entity: str
    key: str  # latest key
    recommendation: int
    text: str
    cells: list[str]
    pages: list[int | None]
    keys: list[str | None]
    first_due: str | None = None
    latest_due: str | None = None
    slips: int = 0


@dataclass
class Timeline:
    """A plan's editions and the rows followed across them."""

    editions: list[str]  # edition labels (or file names)
    rows: list[TimelineRow] = field(default_factory=list)


def edition_label(edition: Edition) -> str:
    """How an edition is named in a column heading."""
    return edition.edition_label or (
        edition.edition_date.isoformat() if edition.edition_date else edition.source.name
    )


def _recommendation_rows(editions: Sequence[Edition]) -> list[TimelineRow]:
    n = len(editions)
    rows: dict[int, TimelineRow] = {}
    for i, ed in enumerate(editions):
        for r in ed.recommendations:
            row = rows.setdefault(
                r.number,
                TimelineRow(
                    "recommendation", f"R{r.number}", r.number, r.title, [ABSENT] * n, [None] * n, [None] * n
                ),
            )
            row.cells[i], row.pages[i], row.keys[i], row.text = (
                status_cell(r),
                r.provenance.page,
                row.key,
                r.title,
            )
    return [rows[k] for k in sorted(rows)]


def _action_rows(editions: Sequence[Edition]) -> list[TimelineRow]:
    """Follow actions by chaining the diff's matching between consecutive editions (refs get re-lettered)."""
    n = len(editions)
    rows: list[TimelineRow] = []
    live: dict[int, TimelineRow] = {}  # id(action in previous edition) -> its row
    last: dict[int, Action] = {}  # id(row) -> the action last seen in it
    previous: Sequence[Action] = []
    for i, ed in enumerate(editions):
        following: dict[int, TimelineRow] = {}
        for old, new in match_actions(previous, ed.actions):
            if new is None:
                continue
            row = live.get(id(old)) if old is not None else None
            if row is None:
                row = TimelineRow(
                    "action", new.key, new.recommendation, new.text, [ABSENT] * n, [None] * n, [None] * n
                )
                rows.append(row)
            _extend_due(row, last.get(id(row)), new)
            row.cells[i], row.pages[i], row.keys[i] = status_cell(new), new.provenance.page, new.key
            row.key, row.text, row.recommendation = new.key, new.text, new.recommendation
            following[id(new)] = row
            last[id(row)] = new
        live, previous = following, ed.actions
    rows.sort(key=lambda r: (r.recommendation, r.key))
    return rows


def _extend_due(row: TimelineRow, before: Action | None, now: Action) -> None:
    due = effective_due(now.due, now.revised_due)
    if due is not None:
        row.first_due = row.first_due or due.raw
        row.latest_due = due.raw
    if before is not None:
        judgement, _ = date_judgement(effective_due(before.due, before.revised_due), due)
        row.slips += judgement == Judgement.SLIPPED


def build_timeline(editions: Sequence[Edition]) -> Timeline:
    """Recommendation rows by number, then action rows followed by content, for editions in date order."""
    return Timeline(
        [edition_label(e) for e in editions], _recommendation_rows(editions) + _action_rows(editions)
    )
