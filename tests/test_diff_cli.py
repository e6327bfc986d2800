"""`plantrack diff` end to end on edition.json files: outputs, exit codes, summary, errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from test_diff_factory import action, edition, month_date

from pipeline.models import DiffResult, Rag


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def _write_pair(tmp_path: Path) -> tuple[Path, Path]:
    old = edition(
        "jan.pdf", actions=[action(3, "b", "Train managers", rag=Rag.AMBER, due=month_date(2024, 3))]
    )
    new = edition(
        "feb.pdf",
        actions=[
            action(3, "b", "Train managers", rag=Rag.RED, due=month_date(2024, 6)),
            action(3, "c", "Audit every plan", rag=Rag.GREEN),
        ],
    )
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for p, ed in zip(paths, (old, new), strict=True):
        p.write_text(ed.model_dump_json(), encoding="utf-8")
    return paths


def test_diff_writes_json_csv_xlsx_and_exits_1_with_exit_code(tmp_path: Path) -> None:
    old, new = _write_pair(tmp_path)
    out = tmp_path / "out"
    proc = _run(
        "diff", str(old), str(new), "-o", str(out), "--format", "json,csv,xlsx", "--exit-code", cwd=tmp_path
    )
    assert proc.returncode == 1, proc.stderr
    result = DiffResult.model_validate_json((out / "changes.json").read_text(encoding="utf-8"))
    assert [c.judgement.value if c.judgement else None for c in result.changes] == [
        "worsened",
        "slipped",
        None,
    ]
    rows = list(csv.DictReader((out / "changes.csv").open(encoding="utf-8")))
    assert [r["summary"] for r in rows] == [c.summary for c in result.changes]
    assert (out / "changes.xlsx").stat().st_size > 0
    assert "Worsened or slipped (2)" in proc.stderr
    assert "Action R3-b due date slipped 3 months: Mar 2024 -> Jun 2024" in proc.stderr
    assert "\x1b[" not in proc.stderr  # not a terminal: no colour codes


def test_no_changes_exits_0_even_with_exit_code_and_stdout_json(tmp_path: Path) -> None:
    old, _ = _write_pair(tmp_path)
    proc = _run("diff", str(old), str(old), "-o", "-", "--exit-code", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["changes"] == []


def test_changes_without_exit_code_exit_0(tmp_path: Path) -> None:
    old, new = _write_pair(tmp_path)
    assert _run("diff", str(old), str(new), "-o", str(tmp_path / "o"), "-q", cwd=tmp_path).returncode == 0


def test_a_json_that_is_not_an_edition_is_an_input_error_with_a_remedy(tmp_path: Path) -> None:
    _, new = _write_pair(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    proc = _run("diff", str(bad), str(new), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.startswith(f"plantrack: error: {bad}: not an extracted edition")
    assert "plantrack extract" in proc.stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    old, new = _write_pair(tmp_path)
    proc = _run("diff", str(old), str(new), "--format", "pdf", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown format pdf" in proc.stderr
