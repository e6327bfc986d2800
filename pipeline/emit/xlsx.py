"""Edition to an XLSX workbook: the flat tables as sheets, statuses filled with their RAG colour."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.emit.atomic import atomic_open
from pipeline.emit.records import cell_text, clean_text, tables
from pipeline.models import Edition

# Fill colours (ARGB without alpha) for status cells; the same palette as the HTML report's chips.
STATUS_FILLS: dict[str, str] = {
    "red": "FF0000",
    "amber_red": "FF6600",
    "amber": "FFC000",
    "amber_green": "C4D79B",
    "green": "00B050",
    "complete": "4F81BD",
    "complete_verified": "4F81BD",
    "business_as_usual": "A6A6A6",
}
SHEETS = {
    "recommendations": "Recommendations",
    "actions": "Actions",
    "indicators": "Indicators",
    "issues": "Issues",
}
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)


def fill(hex_rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=hex_rgb, end_color=hex_rgb)


def status_fill_key(row: dict[str, Any]) -> str | None:
    """Which colour a record's status cell gets: delivery state when closed, otherwise the RAG."""
    state = cell_text(row.get("delivery_state"))
    if state in STATUS_FILLS:
        return state
    rag = cell_text(row.get("rag"))
    return rag if rag in STATUS_FILLS else None


RowFills = Callable[[dict[str, Any]], dict[str, PatternFill]]


def write_table(
    ws: Worksheet, columns: Sequence[str], rows: Iterable[dict[str, Any]], row_fills: RowFills | None = None
) -> None:
    """Header, rows (values typed as in the CSV, numbers kept numeric), frozen header, autofilter, widths.

    `row_fills` gives, for a row, the fill of each of its cells that is coloured (by column name).
    """
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = HEADER_FONT
    widths = [len(c) for c in columns]
    for row in rows:
        values = [_excel_value(row.get(c)) for c in columns]
        _append(ws, values)
        for n, v in enumerate(values):
            widths[n] = max(
                widths[n], min(MAX_WIDTH, max((len(s) for s in str(v or "").splitlines()), default=0))
            )
        for col, cell_fill in (row_fills(row) if row_fills else {}).items():
            ws.cell(row=ws.max_row, column=list(columns).index(col) + 1).fill = cell_fill
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width + 2


def _excel_value(value: Any) -> Any:
    """Numbers stay numbers (so a spreadsheet can sum them); text as the CSV writes it, made safe.

    OCR text can hold control characters, which openpyxl refuses, so they are dropped.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return clean_text(cell_text(value)) or None  # the same characters dropped as in CSV


def _append(ws: Worksheet, values: list[Any]) -> None:
    """Append a row; text starting with '=' stays text (a plan's words must never run as a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save atomically. The workbook is built in memory first: a Ctrl-C inside openpyxl's zip writer
    then leaves a zip on a buffer that is still open, instead of one whose finaliser writes to a
    closed temporary file and prints a traceback on the way out."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with atomic_open(Path(path), "wb") as fh:
        fh.write(buffer.getvalue())


def _summary_sheet(ws: Worksheet, edition: Edition) -> None:
    """Identity of the edition, its stated totals and the reconciliation of them against the records."""
    meta = [
        ("organisation", edition.organisation),
        ("plan_title", edition.plan_title),
        ("plan_version", edition.plan_version),
        ("edition_label", edition.edition_label),
        ("edition_date", edition.edition_date),
        ("data_as_of", edition.data_as_of),
        ("source", edition.source.name),
        ("sha256", edition.source.sha256),
        ("pages", edition.source.page_count),
        ("legend", edition.legend.source),
        ("recommendations", len(edition.recommendations)),
        ("actions", len(edition.actions)),
        ("indicators", len(edition.indicators)),
        ("issues", len(edition.issues)),
    ]
    ws.append(["field", "value"])
    for name, value in meta:
        _append(ws, [name, _excel_value(value)])
    ws.append([])
    ws.append(["stated total", "category", "value", "raw", "page"])
    for t in edition.stated_totals:
        _append(ws, [t.entity, t.category, t.value, _excel_value(t.raw), t.page])
    ws.append([])
    ws.append(["reconciliation", "category", "stated", "found", "ok"])
    bad = fill(STATUS_FILLS["red"])
    for r in edition.reconciliation:
        ws.append([r.entity, r.category, r.stated, r.found, "yes" if r.ok else "NO"])
        if not r.ok:
            ws.cell(row=ws.max_row, column=5).fill = bad
    for row in ws.iter_rows():
        if row[0].value in ("field", "stated total", "reconciliation"):
            for cell in row:
                cell.font = HEADER_FONT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:B{len(meta) + 1}"
    for letter, width in zip("ABCDE", (18, 48, 10, 60, 8), strict=True):
        ws.column_dimensions[letter].width = width


def write_edition_xlsx(edition: Edition, path: Path) -> None:
    """Write Summary, Recommendations, Actions, Indicators and Issues sheets to `path`, atomically."""
    wb = Workbook()
    _summary_sheet(wb.active, edition)
    wb.active.title = "Summary"
    fills = {key: fill(rgb) for key, rgb in STATUS_FILLS.items()}

    def status_fills(row: dict[str, Any]) -> dict[str, PatternFill]:
        key = status_fill_key(row)
        # Indicators have a RAG but no delivery state; records with both get both cells coloured alike.
        return {col: fills[key] for col in ("rag", "delivery_state") if key and col in row}

    for stem, (columns, rows) in tables(edition).items():
        write_table(wb.create_sheet(SHEETS[stem]), columns, rows, status_fills if "rag" in columns else None)
    save_workbook(wb, path)
