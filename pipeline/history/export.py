"""Tidy long tables of plans across editions, for pandas, Power BI, DuckDB or a spreadsheet.

Three tables, the same for one plan (`plantrack history --plan X -o DIR`) or every plan in the store
(`plantrack export -o DIR`), each with a `plan` column:

- `timeline`: one row per (record, edition): every recommendation, action and indicator in every edition
  it appears in, with `record` (its identity across editions: the key it had when first seen, so an
  action re-lettered later keeps one `record`), `key` (as printed in that edition), the edition date,
  delivery_state, rag, due and revised due, leads, and for indicators target and actual;
- `changes`: one row per change in the diffs of consecutive editions (what `plantrack diff` reports),
  with the `record` it belongs to, so changes join the timeline on (plan, entity, record);
- `editions`: one row per edition of record, with its counts.

Written as CSV (the CSV conventions of the per-edition files), Parquet (typed as `pipeline.to_frames`)
or JSON (an array of row objects per table). Re-runs on the same store write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from pipeline.diff import diff_editions, match_actions, match_indicators, recommendation_key
from pipeline.emit.atomic import write_text
from pipeline.emit.frames import DATETIME, RAG_DTYPE, typed_frame
from pipeline.emit.records import to_csv
from pipeline.errors import OutputError
from pipeline.history.store import Store
from pipeline.history.timeline import edition_label
from pipeline.models import (
    Action,
    ChangeKind,
    Edition,
    Entity,
    Indicator,
    Judgement,
    PlanDate,
    Recommendation,
)

HISTORY_FORMATS = ("csv", "parquet", "json")
HISTORY_TABLES = ("timeline", "changes", "editions")

TIMELINE_COLUMNS = [
    "plan",
    "entity",
    "record",
    "key",
    "recommendation",
    "edition_date",
    "edition_label",
    "edition",
    "text",
    "delivery_state",
    "rag",
    "due_raw",
    "due",
    "due_end",
    "due_precision",
    "revised_due_raw",
    "revised_due",
    "revised_due_end",
    "revised_due_precision",
    "leads",
    "target_raw",
    "target_value",
    "target_unit",
    "actual_raw",
    "actual_value",
    "actual_unit",
    "actual_period",
    "page",
]
CHANGE_COLUMNS = [
    "plan",
    "from_edition_date",
    "from_edition_label",
    "to_edition_date",
    "to_edition_label",
    "entity",
    "record",
    "key",
    "old_key",
    "kind",
    "field",
    "old",
    "new",
    "judgement",
    "magnitude_days",
    "magnitude_months",
    "magnitude_text",
    "significance",
    "summary",
]
EDITION_COLUMNS = [
    "plan",
    "organisation",
    "plan_title",
    "plan_version",
    "edition_date",
    "edition_label",
    "edition",
    "sha256",
    "data_as_of",
    "recommendations",
    "actions",
    "indicators",
    "issues",
]
ENTITY_ORDER = {"recommendation": 0, "action": 1, "indicator": 2}

Row = dict[str, Any]
Tables = dict[str, tuple[list[str], list[Row]]]
Ids = dict[tuple[str, int, str], str]  # (entity, edition index, key) -> record
R = TypeVar("R", Action, Indicator)


def _threads(
    editions: Sequence[Edition],
    records: Callable[[Edition], Sequence[R]],
    match: Callable[[Sequence[R], Sequence[R]], list[tuple[R | None, R | None]]],
) -> list[list[tuple[int, R]]]:
    """Records followed across editions by chaining the diff's matching of consecutive editions."""
    threads: list[list[tuple[int, R]]] = []
    live: dict[int, list[tuple[int, R]]] = {}  # id(record in the previous edition) -> its thread
    previous: Sequence[R] = []
    for i, ed in enumerate(editions):
        following: dict[int, list[tuple[int, R]]] = {}
        for old, new in match(previous, records(ed)):
            if new is None:
                continue
            thread = live.get(id(old)) if old is not None else None
            if thread is None:
                thread = []
                threads.append(thread)
            thread.append((i, new))
            following[id(new)] = thread
        live, previous = following, records(ed)
    return threads


def _record_ids(keys_by_thread: Iterable[tuple[int, str]]) -> list[str]:
    """A thread's identity: its first key; a later thread reusing a key gets '@<first edition index>'."""
    taken: set[str] = set()
    out: list[str] = []
    for first_edition, key in keys_by_thread:
        name = key if key not in taken else f"{key}@{first_edition + 1}"
        taken.add(name)
        out.append(name)
    return out


def _dates(prefix: str, d: PlanDate | None) -> Row:
    return {
        f"{prefix}_raw": d.raw if d else None,
        prefix: d.value if d else None,
        f"{prefix}_end": d.end if d else None,
        f"{prefix}_precision": d.precision if d else None,
    }


def _edition_cols(plan: str, ed: Edition) -> Row:
    return {
        "plan": plan,
        "edition_date": ed.edition_date,
        "edition_label": edition_label(ed),
        "edition": ed.source.name,
    }


def _base(entity: str, record: str, key: str, r: Recommendation | Action | Indicator) -> Row:
    return {
        "entity": entity,
        "record": record,
        "key": key,
        "delivery_state": r.delivery_state,
        "rag": r.rag,
        "leads": "; ".join(r.leads),
        "page": r.provenance.page,
    }


def plan_tables(plan: str, editions: Sequence[Edition]) -> Tables:
    """The timeline, changes and editions tables of one plan's editions (in date order)."""
    timeline: list[Row] = []
    ids: Ids = {}  # (entity, edition index, key) -> record
    for i, ed in enumerate(editions):
        for r in ed.recommendations:
            key = recommendation_key(r.number)
            ids["recommendation", i, key] = key
            timeline.append(
                {
                    **_edition_cols(plan, ed),
                    **_base("recommendation", key, key, r),
                    "recommendation": r.number,
                    "text": r.title,
                }
            )
    action_threads = _threads(editions, lambda e: e.actions, match_actions)
    for record, thread in zip(
        _record_ids((t[0][0], t[0][1].key) for t in action_threads), action_threads, strict=True
    ):
        for i, a in thread:
            ids["action", i, a.key] = record
            timeline.append(
                {
                    **_edition_cols(plan, editions[i]),
                    **_base("action", record, a.key, a),
                    "recommendation": a.recommendation,
                    "text": a.text,
                    **_dates("due", a.due),
                    **_dates("revised_due", a.revised_due),
                }
            )
    timeline += _indicator_rows(plan, editions, ids)
    # A stable sort: within a record the rows stay in edition (date) order.
    timeline.sort(key=lambda row: (ENTITY_ORDER[row["entity"]], row["recommendation"], row["record"]))
    return {
        "timeline": (TIMELINE_COLUMNS, timeline),
        "changes": (CHANGE_COLUMNS, _change_rows(plan, editions, ids)),
        "editions": (EDITION_COLUMNS, [_edition_row(plan, ed) for ed in editions]),
    }


def _indicator_rows(plan: str, editions: Sequence[Edition], ids: Ids) -> list[Row]:
    rows: list[Row] = []
    threads = _threads(editions, lambda e: e.indicators, match_indicators)
    for record, thread in zip(_record_ids((t[0][0], t[0][1].key) for t in threads), threads, strict=True):
        for i, ind in thread:
            ids["indicator", i, ind.key] = record
            t, v = ind.target, ind.actual
            rows.append(
                {
                    **_edition_cols(plan, editions[i]),
                    **_base("indicator", record, ind.key, ind),
                    "recommendation": ind.recommendation,
                    "text": ind.description,
                    "target_raw": t.raw if t else None,
                    "target_value": t.value if t else None,
                    "target_unit": t.unit if t else None,
                    "actual_raw": v.raw if v else None,
                    "actual_value": v.value if v else None,
                    "actual_unit": v.unit if v else None,
                    "actual_period": v.period if v else None,
                }
            )
    return rows


def _change_rows(plan: str, editions: Sequence[Edition], ids: Ids) -> list[Row]:
    rows: list[Row] = []
    for i in range(len(editions) - 1):
        old, new = editions[i], editions[i + 1]
        for c in diff_editions(old, new).changes:
            entity = c.entity.value
            side = i if c.kind.value == "removed" else i + 1
            m = c.magnitude
            rows.append(
                {
                    "plan": plan,
                    "from_edition_date": old.edition_date,
                    "from_edition_label": edition_label(old),
                    "to_edition_date": new.edition_date,
                    "to_edition_label": edition_label(new),
                    "entity": entity,
                    "record": ids.get((entity, side, c.key), c.key),
                    "key": c.key,
                    "old_key": c.old_key,
                    "kind": c.kind,
                    "field": c.field,
                    "old": c.old,
                    "new": c.new,
                    "judgement": c.judgement,
                    "magnitude_days": m.days if m else None,
                    "magnitude_months": m.months if m else None,
                    "magnitude_text": m.text if m else None,
                    "significance": c.significance,
                    "summary": c.summary,
                }
            )
    return rows


def _edition_row(plan: str, ed: Edition) -> Row:
    return {
        **_edition_cols(plan, ed),
        "organisation": ed.organisation,
        "plan_title": ed.plan_title,
        "plan_version": ed.plan_version,
        "sha256": ed.source.sha256,
        "data_as_of": ed.data_as_of,
        "recommendations": len(ed.recommendations),
        "actions": len(ed.actions),
        "indicators": len(ed.indicators),
        "issues": len(ed.issues),
    }


def store_tables(store: Store, plans: Sequence[str] | None = None) -> Tables:
    """The three tables for the given plan keys (default: every plan in the store), plans in key order."""
    keys = sorted(plans) if plans is not None else [p.plan_key for p in store.plans()]
    out: Tables = {name: (cols, []) for name, cols in zip(HISTORY_TABLES, _COLUMNS, strict=True)}
    for key in keys:
        for name, (_, rows) in plan_tables(key, store.editions(key)).items():
            out[name][1].extend(rows)
    return out


_COLUMNS = (TIMELINE_COLUMNS, CHANGE_COLUMNS, EDITION_COLUMNS)


def _kinds() -> dict[str, Any]:
    return {
        "recommendations": "int64",
        "actions": "int64",
        "indicators": "int64",
        "issues": "int64",
        "significance": "int64",
        "magnitude_days": "Int64",
        "magnitude_months": "Int64",
        "edition_date": DATETIME,
        "from_edition_date": DATETIME,
        "to_edition_date": DATETIME,
        "data_as_of": DATETIME,
        "entity": pd.CategoricalDtype([e.value for e in Entity]),
        "kind": pd.CategoricalDtype([k.value for k in ChangeKind]),
        "judgement": pd.CategoricalDtype([j.value for j in Judgement]),
        "rag": RAG_DTYPE,
    }


def history_frames(tables: Tables) -> dict[str, pd.DataFrame]:
    """The tables as typed DataFrames (dates datetime64, rag ordered, entity/kind/judgement categorical)."""
    kinds = _kinds()
    return {name: typed_frame(cols, rows, kinds) for name, (cols, rows) in tables.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def tables_json(columns: Sequence[str], rows: Iterable[Row]) -> str:
    """A table as a JSON array of objects with every column, in column order (dates ISO, enums as values)."""
    data = [{c: _json_value(row.get(c)) for c in columns} for row in rows]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_tables(tables: Tables, folder: Path, fmt: str) -> list[Path]:
    """Write `<table>.<fmt>` for each table into `folder` (created), atomically; returns the files."""
    if fmt not in HISTORY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror or exc}", path=str(folder)) from exc
    if fmt == "parquet":
        from pipeline.emit.parquet import write_frames

        return write_frames(history_frames(tables), folder)
    written: list[Path] = []
    for name, (columns, rows) in tables.items():
        path = folder / f"{name}.{fmt}"
        write_text(path, to_csv(columns, rows) if fmt == "csv" else tables_json(columns, rows))
        written.append(path)
    return written
