"""The batch's own files: index.csv (every input), failures.csv, and run.json (all run metadata)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.emit.atomic import write_text
from pipeline.emit.records import csv_unescape, to_csv
from pipeline.models import Edition, Severity

INDEX_COLUMNS = [
    "path",
    "name",
    "sha256",
    "status",
    "plan",
    "edition_label",
    "edition_date",
    "page_count",
    "page_sources",
    "recommendations",
    "actions",
    "indicators",
    "issues",
    "errors",
    "coverage",
    "partly_read",
    "output",
    "error",
]
FAILURE_COLUMNS = ["path", "exit_code", "error"]


def page_sources(edition: Edition) -> str:
    """How the pages were read, e.g. 'text_layer:10;ocr:2' (sources in a fixed order)."""
    counts: dict[str, int] = {}
    for page in edition.source.pages:
        counts[page.source.value] = counts.get(page.source.value, 0) + 1
    return ";".join(f"{k}:{counts[k]}" for k in sorted(counts))


def edition_row(edition: Edition) -> dict[str, Any]:
    """The index columns that describe an extracted edition."""
    plan = " - ".join(x for x in (edition.organisation, edition.plan_title) if x)
    return {
        "plan": plan or None,
        "edition_label": edition.edition_label,
        "edition_date": edition.edition_date.isoformat() if edition.edition_date else None,
        "page_count": edition.source.page_count,
        "page_sources": page_sources(edition),
        "recommendations": len(edition.recommendations),
        "actions": len(edition.actions),
        "indicators": len(edition.indicators),
        "issues": len(edition.issues),
        "errors": sum(i.severity is Severity.ERROR for i in edition.issues),
        "coverage": edition.coverage.share if edition.coverage else None,
        "partly_read": ";".join(map(str, edition.coverage.partly_read)) if edition.coverage else None,
    }


def write_index(out: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write OUT/index.csv sorted by path, atomically."""
    path = out / "index.csv"
    write_text(path, to_csv(INDEX_COLUMNS, sorted(rows, key=lambda r: str(r["path"])), exact=True))
    return path


def write_failures(out: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write OUT/failures.csv (header only when nothing failed) sorted by path, atomically."""
    path = out / "failures.csv"
    write_text(path, to_csv(FAILURE_COLUMNS, sorted(rows, key=lambda r: str(r["path"])), exact=True))
    return path


def write_run(out: Path, meta: dict[str, Any]) -> Path:
    """Write OUT/run.json: timestamps, durations, workers, versions; never part of the record files."""
    path = out / "run.json"
    write_text(path, json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def read_previous_index(out: Path) -> list[dict[str, str]]:
    """The rows of the last run's index.csv (empty when there is none or it is unreadable)."""
    try:
        # newline="": a '\r' inside a quoted path is part of the path, not a line end
        with open(out / "index.csv", encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error:
        return []
    return [{k: csv_unescape(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
