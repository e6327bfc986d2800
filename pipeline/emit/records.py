"""Edition to JSON and flat CSV tables (one row per record, provenance flattened, stable columns)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.emit.atomic import write_text
from pipeline.models import Action, Edition, Indicator, Issue, PlanDate, Recommendation, StatedTotal

REC_COLUMNS = [
    "number",
    "title",
    "leads",
    "leads_raw",
    "delivery_state",
    "rag",
    "status_raw",
    "status_source",
    "progress",
    "page",
    "source",
    "confidence",
]
STATED_TOTAL_COLUMNS = ["entity", "category", "value", "raw", "page"]
ACTION_COLUMNS = [
    "key",
    "recommendation",
    "ref",
    "objective",
    "text",
    "bullets",
    "leads",
    "leads_raw",
    "start_raw",
    "start",
    "start_precision",
    "due_raw",
    "due",
    "due_end",
    "due_precision",
    "revised_due_raw",
    "revised_due",
    "revised_due_end",
    "revised_due_precision",
    "completed_raw",
    "completed",
    "completed_precision",
    "delivery_state",
    "rag",
    "status_raw",
    "status_source",
    "progress",
    "extra",
    "page",
    "source",
    "confidence",
]
INDICATOR_COLUMNS = [
    "key",
    "recommendation",
    "code",
    "description",
    "leads",
    "leads_raw",
    "target_raw",
    "target_value",
    "target_unit",
    "actual_raw",
    "actual_value",
    "actual_unit",
    "actual_period",
    "polarity",
    "rag",
    "status_raw",
    "status_source",
    "extra",
    "page",
    "source",
    "confidence",
]
ISSUE_COLUMNS = ["code", "severity", "page", "record", "field", "message"]

FORMATS = ("json", "csv", "xlsx")  # the default
ALL_FORMATS = (*FORMATS, "parquet")  # parquet: typed tables (pipeline.emit.parquet), needs pyarrow
PARQUET_TABLES = ("recommendations", "actions", "indicators", "issues", "stated_totals")


def edition_json(edition: Edition) -> str:
    """The whole Edition as stable, pretty JSON (enums as values, keys in model order)."""
    return json.dumps(edition.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)


def cell_text(value: Any) -> str:
    """A value as CSV and XLSX show it: enums as values, booleans lowercase, floats without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)


def _date_cols(
    prefix: str, d: PlanDate | None, *, end: bool = False, precision: bool = False
) -> dict[str, Any]:
    out: dict[str, Any] = {f"{prefix}_raw": d.raw if d else None, prefix: d.value if d else None}
    if end:
        out[f"{prefix}_end"] = d.end if d else None
    if precision:
        out[f"{prefix}_precision"] = d.precision if d else None
    return out


def _prov(p: Any) -> dict[str, Any]:
    return {"page": p.page, "source": p.source, "confidence": round(p.confidence, 3)}


def recommendation_row(r: Recommendation) -> dict[str, Any]:
    """Flat CSV row of a recommendation."""
    return {
        "number": r.number,
        "title": r.title,
        "leads": _join(r.leads),
        "leads_raw": r.leads_raw,
        "delivery_state": r.delivery_state,
        "rag": r.rag,
        "status_raw": r.status_raw,
        "status_source": r.status_source,
        "progress": r.progress,
        **_prov(r.provenance),
    }


def action_row(a: Action) -> dict[str, Any]:
    """Flat CSV row of an action."""
    return {
        "key": a.key,
        "recommendation": a.recommendation,
        "ref": a.ref,
        "objective": a.objective,
        "text": a.text,
        "bullets": _join(a.bullets),
        "leads": _join(a.leads),
        "leads_raw": a.leads_raw,
        **_date_cols("start", a.start, precision=True),
        **_date_cols("due", a.due, end=True, precision=True),
        **_date_cols("revised_due", a.revised_due, end=True, precision=True),
        **_date_cols("completed", a.completed, precision=True),
        "delivery_state": a.delivery_state,
        "rag": a.rag,
        "status_raw": a.status_raw,
        "status_source": a.status_source,
        "progress": a.progress,
        "extra": json.dumps(a.extra, ensure_ascii=False, sort_keys=True) if a.extra else None,
        **_prov(a.provenance),
    }


def indicator_row(i: Indicator) -> dict[str, Any]:
    """Flat CSV row of an indicator."""
    t, v = i.target, i.actual
    return {
        "key": i.key,
        "recommendation": i.recommendation,
        "code": i.code,
        "description": i.description,
        "leads": _join(i.leads),
        "leads_raw": i.leads_raw,
        "target_raw": t.raw if t else None,
        "target_value": t.value if t else None,
        "target_unit": t.unit if t else None,
        "actual_raw": v.raw if v else None,
        "actual_value": v.value if v else None,
        "actual_unit": v.unit if v else None,
        "actual_period": v.period if v else None,
        "polarity": i.polarity,
        "rag": i.rag,
        "status_raw": i.status_raw,
        "status_source": i.status_source,
        "extra": json.dumps(i.extra, ensure_ascii=False, sort_keys=True) if i.extra else None,
        **_prov(i.provenance),
    }


def issue_row(i: Issue) -> dict[str, Any]:
    """Flat CSV row of an issue."""
    return {
        "code": i.code,
        "severity": i.severity,
        "page": i.page,
        "record": i.record,
        "field": i.field,
        "message": i.message,
    }


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"); a leading quote already
# present is part of the pattern so that `csv_unescape` can tell the two apart.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?( ?%)?|-")
# C0 controls other than tab and newline, and DEL: the same are dropped in CSV and XLSX.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text as every output format shows it: line ends as '\\n', other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def csv_safe(value: Any, *, exact: bool = False) -> str:
    """A CSV cell that no spreadsheet runs as a formula: text starting with = + - @ tab or CR gets a
    leading ' (OWASP); numbers (values, or text that is only a number) stay as they are.

    `exact` keeps control characters (index.csv paths must read back byte for byte).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value)
    text = cell_text(value) if exact else clean_text(cell_text(value))
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The value `csv_safe` neutralised (for reading plantrack's own CSV files back)."""
    if text.startswith("'") and _FORMULA_START.match(text) and not _PLAIN_NUMBER.fullmatch(text[1:]):
        return text[1:]
    return text


def _csv_field(text: str) -> str:
    # csv.writer leaves a bare '\r' unquoted when the line end is '\n', which splits the row.
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(columns: list[str], rows: Iterable[dict[str, Any]], *, exact: bool = False) -> str:
    """CSV text with a header row, every value stringified the same way and made formula-safe
    (`csv_safe`), fields quoted when they hold a comma, quote, CR or LF, '\\n' line ends.
    """
    lines = [",".join(_csv_field(c) for c in columns)]
    for row in rows:
        lines.append(",".join(_csv_field(csv_safe(row.get(c), exact=exact)) for c in columns))
    return "\n".join(lines) + "\n"


def tables(edition: Edition) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """The four record tables of an edition by file stem (the XLSX writer's sheets)."""
    return {
        "recommendations": (REC_COLUMNS, [recommendation_row(r) for r in edition.recommendations]),
        "actions": (ACTION_COLUMNS, [action_row(a) for a in edition.actions]),
        "indicators": (INDICATOR_COLUMNS, [indicator_row(i) for i in edition.indicators]),
        "issues": (ISSUE_COLUMNS, [issue_row(i) for i in edition.issues]),
    }


def stated_total_row(t: StatedTotal) -> dict[str, Any]:
    """Flat row of a stated total: what the document says it holds, for reconciling elsewhere."""
    return {"entity": t.entity, "category": t.category, "value": t.value, "raw": t.raw, "page": t.page}


def csv_tables(edition: Edition) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Every CSV (and Parquet) table of an edition by file stem: the record tables and stated_totals.
    (The workbook has the stated totals on its Summary sheet beside their reconciliation.)"""
    out = tables(edition)
    out["stated_totals"] = (STATED_TOTAL_COLUMNS, [stated_total_row(t) for t in edition.stated_totals])
    return out


def write_edition(edition: Edition, folder: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write the chosen formats into `folder` atomically; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    formats = set(formats)
    if "json" in formats:
        path = folder / "edition.json"
        write_text(path, edition_json(edition))
        written.append(path)
    if "csv" in formats:
        for stem, (columns, rows) in csv_tables(edition).items():
            path = folder / f"{stem}.csv"
            write_text(path, to_csv(columns, rows))
            written.append(path)
    if "parquet" in formats:
        from pipeline.emit.parquet import write_edition_parquet  # pyarrow is imported only when asked for

        written += write_edition_parquet(edition, folder)
    if "xlsx" in formats:
        from pipeline.emit.xlsx import write_edition_xlsx  # imported here: xlsx.py builds on this module

        path = folder / "edition.xlsx"
        write_edition_xlsx(edition, path)
        written.append(path)
    return written
