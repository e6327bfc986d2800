"""The diff model: what changed between two editions of the same improvement plan."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from pipeline.models.common import Model


class Entity(StrEnum):
    """What kind of thing changed."""

    RECOMMENDATION = "recommendation"
    ACTION = "action"
    INDICATOR = "indicator"
    LEGEND = "legend"
    TOTALS = "totals"
    EDITION = "edition"


class ChangeKind(StrEnum):
    """How the thing changed."""

    ADDED = "added"
    REMOVED = "removed"
    RENUMBERED = "renumbered"
    CHANGED = "changed"


class Judgement(StrEnum):
    """What a change means for someone following the plan."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    SLIPPED = "slipped"
    BROUGHT_FORWARD = "brought_forward"
    COMPLETED = "completed"
    MOVED_TO_BAU = "moved_to_bau"
    REOPENED = "reopened"
    TOWARDS_TARGET = "towards_target"
    AWAY_FROM_TARGET = "away_from_target"
    UNKNOWN = "unknown"
    LEAD_CHANGED = "lead_changed"
    REBASED = "rebased"


class Magnitude(Model):
    """How big a change is: a date shift in days and whole months, or a described amount."""

    days: int | None = Field(default=None, description="Signed shift in days (positive = later).")
    months: int | None = Field(default=None, description="Signed shift in whole calendar months.")
    text: str | None = Field(default=None, description="The size in words, e.g. '3 months', '+4.5 points'.")


class Change(Model):
    """One difference between two editions, judged and summarised in a line."""

    entity: Entity = Field(description="recommendation, action, indicator, legend, totals or edition.")
    key: str = Field(description="Key in the new edition (the old key when removed), e.g. 'R3-b', '3'.")
    old_key: str | None = Field(default=None, description="Key in the old edition (null when added).")
    kind: ChangeKind = Field(description="added, removed, renumbered or changed.")
    field: str | None = Field(
        default=None,
        description="Field that changed, e.g. 'rag', 'due'; null for "
        "a whole record added, removed or renumbered.",
    )
    old: str | None = Field(default=None, description="Old value as display text (null when absent).")
    new: str | None = Field(default=None, description="New value as display text (null when absent).")
    judgement: Judgement | None = Field(
        default=None,
        description="What the change means; null when it "
        "carries no direction (text edits, added or removed records).",
    )
    magnitude: Magnitude | None = Field(default=None, description="Size of the change, where it has one.")
    significance: int = Field(
        ge=0, description="Sort rank: 0 is read first (worsened, slipped), higher later."
    )
    summary: str = Field(description="One line a board member can read.")


class EditionRef(Model):
    """Which edition a side of the diff is."""

    name: str = Field(description="Source file name.")
    sha256: str = Field(description="SHA-256 of the source file.")
    organisation: str | None = Field(default=None, description="Council or trust.")
    plan_title: str | None = Field(default=None, description="Plan title as printed.")
    plan_version: str | None = Field(default=None, description="Plan version as printed.")
    edition_label: str | None = Field(default=None, description="Edition as printed, e.g. 'December 2017'.")
    edition_date: dt.date | None = Field(default=None, description="Edition date (ISO).")


class DiffResult(Model):
    """Every change from one edition to the next, most significant first."""

    old: EditionRef = Field(description="The earlier edition.")
    new: EditionRef = Field(description="The later edition.")
    rebased: bool = Field(
        description="True when the plan version differs: the plan was re-based, so "
        "changes may reflect a content reset rather than progress."
    )
    changes: list[Change] = Field(default_factory=list, description="Changes, worsened and slipped first.")
    counts: dict[str, int] = Field(
        default_factory=dict,
        description="Number of changes by judgement ('none' for changes without one), plus 'total'.",
    )
