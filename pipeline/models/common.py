"""Shared enums and the base model: the vocabulary of ../shared/DOMAIN.md."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    """Base for every record: strict about unknown fields, enums serialise as values."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, frozen=False)


class DeliveryState(str, Enum):
    """Where the work is, independent of how confident the author is about it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ONGOING = "ongoing"
    COMPLETE = "complete"
    COMPLETE_VERIFIED = "complete_verified"
    BUSINESS_AS_USUAL = "business_as_usual"
    SUSPENDED = "suspended"
    DEFERRED = "deferred"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class Rag(str, Enum):
    """The RAG rating; ordered red < amber_red < amber < amber_green < green."""

    RED = "red"
    AMBER_RED = "amber_red"
    AMBER = "amber"
    AMBER_GREEN = "amber_green"
    GREEN = "green"
    NONE = "none"


RAG_ORDER: dict[Rag, int] = {
    Rag.RED: 0,
    Rag.AMBER_RED: 1,
    Rag.AMBER: 2,
    Rag.AMBER_GREEN: 3,
    Rag.GREEN: 4,
}


class StatusSource(str, Enum):
    """Where a status was read from."""

    TEXT = "text"
    CELL_COLOUR = "cell_colour"
    NARRATIVE = "narrative"
    LEGEND = "legend"
    INFERRED = "inferred"
    MISSING = "missing"


class PageSource(str, Enum):
    """How a page's words were obtained."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    PLAIN_TEXT = "plain_text"


class DatePrecision(str, Enum):
    """How precisely a plan date was stated."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_QUARTER = "financial_quarter"
    YEAR = "year"
    FINANCIAL_YEAR = "financial_year"
    OPEN = "open"
    UNKNOWN = "unknown"


class Polarity(str, Enum):
    """Whether a higher or a lower indicator value is better."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    UNKNOWN = "unknown"


class Severity(str, Enum):
    """How much an issue matters to someone relying on the records."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
