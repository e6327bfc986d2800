"""Writing a diff to disk: changes.json (the DiffResult), changes.csv (one row a change), changes.xlsx."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pipeline.diff.summary import CHANGE_COLUMNS, change_row
from pipeline.emit.atomic import write_text
from pipeline.emit.records import to_csv
from pipeline.models import DiffResult

DIFF_FORMATS = ("json", "csv", "xlsx")


def changes_json(result: DiffResult) -> str:
    """The DiffResult as stable, pretty JSON (enums as values, keys in model order)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def changes_csv(result: DiffResult) -> str:
    """One row per change in significance order, columns CHANGE_COLUMNS."""
    return to_csv(CHANGE_COLUMNS, (change_row(c) for c in result.changes))


def write_changes(
    result: DiffResult, folder: Path, stem: str = "changes", formats: Iterable[str] = ("json", "csv")
) -> list[Path]:
    """Write `<stem>.json/.csv/.xlsx` into `folder` atomically; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = set(formats)
    written = []
    if "json" in chosen:
        written.append(folder / f"{stem}.json")
        write_text(written[-1], changes_json(result))
    if "csv" in chosen:
        written.append(folder / f"{stem}.csv")
        write_text(written[-1], changes_csv(result))
    if "xlsx" in chosen:
        from pipeline.report.changes_xlsx import write_diff_xlsx

        written.append(folder / f"{stem}.xlsx")
        write_diff_xlsx(result, written[-1])
    return written
