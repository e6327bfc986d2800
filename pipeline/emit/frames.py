"""An edition as typed pandas DataFrames: the CSV's tables and columns, with real dtypes.

Every table has exactly the columns of its CSV file and one row per record, in the same order. Dtypes:

- dates (`start`, `due`, `due_end`, `revised_due`, ...) are `datetime64[ms]` (NaT when missing), with
  the printed text in `<field>_raw` and the precision in `<field>_precision` beside them;
- `rag` is an ordered categorical red < amber_red < amber < amber_green < green, and an unrated record
  ('none' in the JSON and CSV) is missing, so `df.rag < "amber"` never counts it;
- `severity` is ordered info < warning < error; the other enums (`delivery_state`, `status_source`,
  `source`, `polarity`, `*_precision`) are unordered categoricals with every value of their enum;
- numbers (`target_value`, `actual_value`, `confidence`) are float64; counts and numbers as printed
  (`number`, `recommendation`, `value`) int64; `page` nullable Int64;
- everything else is pandas' string dtype (`<NA>` when missing); lists are joined with '; ' and
  `extra` is the same sorted JSON object text as in the CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from pipeline.emit.records import PARQUET_TABLES, csv_tables
from pipeline.models import (
    DatePrecision,
    DeliveryState,
    Edition,
    PageSource,
    Polarity,
    Rag,
    Severity,
    StatusSource,
)

TABLES = PARQUET_TABLES


def _categories(enum: type[Enum]) -> list[str]:
    return [str(m.value) for m in enum]


RAG_DTYPE = pd.CategoricalDtype([r.value for r in Rag if r is not Rag.NONE], ordered=True)
SEVERITY_DTYPE = pd.CategoricalDtype(
    [Severity.INFO.value, Severity.WARNING.value, Severity.ERROR.value], ordered=True
)
PRECISION_DTYPE = pd.CategoricalDtype(_categories(DatePrecision))
DATETIME = "datetime64[ms]"

# Column kinds by column name (the same name means the same thing in every table).
KINDS: dict[str, Any] = {
    "number": "int64",
    "recommendation": "int64",
    "value": "int64",
    "page": "Int64",
    "confidence": "float64",
    "target_value": "float64",
    "actual_value": "float64",
    "rag": RAG_DTYPE,
    "severity": SEVERITY_DTYPE,
    "delivery_state": pd.CategoricalDtype(_categories(DeliveryState)),
    "status_source": pd.CategoricalDtype(_categories(StatusSource)),
    "source": pd.CategoricalDtype(_categories(PageSource)),
    "polarity": pd.CategoricalDtype(_categories(Polarity)),
    **{c: DATETIME for c in ("start", "due", "due_end", "revised_due", "revised_due_end", "completed")},
}


def kind_of(column: str, kinds: Mapping[str, Any] | None = None) -> Any:
    """The dtype of a column: `kinds` first, then the shared table, `*_precision`, else string."""
    if kinds and column in kinds:
        return kinds[column]
    if column in KINDS:
        return KINDS[column]
    if column.endswith("_precision"):
        return PRECISION_DTYPE
    return pd.StringDtype()


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _datetimes(values: Sequence[Any]) -> np.ndarray:
    out = np.full(len(values), np.datetime64("NaT", "ms"), dtype=DATETIME)
    for i, v in enumerate(values):
        if isinstance(v, dt.date):
            out[i] = np.datetime64(v.isoformat(), "D")
    return out


def column(values: Sequence[Any], dtype: Any) -> Any:
    """A typed column (numpy array or pandas extension array) from row values (enums, dates, None)."""
    plain = [_plain(v) for v in values]
    if isinstance(dtype, pd.CategoricalDtype):
        cats = set(dtype.categories)
        return pd.Categorical([v if v in cats else None for v in plain], dtype=dtype)
    if dtype == DATETIME:
        return _datetimes(plain)
    if dtype == "float64":
        return np.array([np.nan if v is None else float(v) for v in plain], dtype="float64")
    if dtype == "int64":
        return np.array(plain, dtype="int64")
    if dtype == "Int64":
        return pd.array(plain, dtype="Int64")
    return pd.array([None if v is None else str(v) for v in plain], dtype=dtype)


def typed_frame(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], kinds: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """A DataFrame with exactly `columns`, in order, each typed by `kind_of` (works for no rows too)."""
    rows = list(rows)
    data = {c: column([r.get(c) for r in rows], kind_of(c, kinds)) for c in columns}
    return pd.DataFrame(data, columns=list(columns), index=pd.RangeIndex(len(rows)))


def record_tables(edition: Edition) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """The CSV tables of an edition, as (columns, rows) by table name."""
    return csv_tables(edition)


def to_frames(edition: Edition) -> dict[str, pd.DataFrame]:
    """Typed DataFrames of an edition: recommendations, actions, indicators, issues and stated_totals.

    For example `to_frames(edition)["actions"].query("rag <= 'amber'")[["key", "due", "rag"]]`.
    """
    return {name: typed_frame(cols, rows) for name, (cols, rows) in record_tables(edition).items()}
