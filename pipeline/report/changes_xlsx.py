"""A diff to an XLSX workbook: one Changes sheet, rows filled by their judgement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from pipeline.diff.summary import CHANGE_COLUMNS, change_row
from pipeline.emit.xlsx import fill, save_workbook, write_table
from pipeline.models import DiffResult

JUDGEMENT_FILLS: dict[str, str] = {
    "worsened": "FFC7CE",
    "slipped": "FFC7CE",
    "reopened": "FFC7CE",
    "away_from_target": "FFC7CE",
    "improved": "C6EFCE",
    "completed": "C6EFCE",
    "moved_to_bau": "C6EFCE",
    "brought_forward": "C6EFCE",
    "towards_target": "C6EFCE",
    "rebased": "FFEB9C",
    "lead_changed": "DDEBF7",
}


def write_diff_xlsx(result: DiffResult, path: Path) -> None:
    """Write one Changes sheet, each row filled by its judgement (red-ish worse, green-ish better)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Changes"
    fills = {judgement: fill(rgb) for judgement, rgb in JUDGEMENT_FILLS.items()}

    def judgement_fills(row: dict[str, Any]) -> dict[str, PatternFill]:
        fill = fills.get(row["judgement"] or "")
        return dict.fromkeys(CHANGE_COLUMNS, fill) if fill else {}

    write_table(ws, CHANGE_COLUMNS, [change_row(c) for c in result.changes], judgement_fills)
    save_workbook(wb, path)
