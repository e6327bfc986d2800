"""Typed tables (issue 14): DataFrames, CSV and Parquet hold the edition JSON's rows and values, typed."""

from __future__ import annotations

import ast
import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SAMPLES

import pipeline
from pipeline.emit.frames import RAG_DTYPE, to_frames
from pipeline.emit.records import write_edition
from pipeline.models import Edition

EDITIONS = sorted(p for p in SAMPLES.rglob("*.expected.json") if not p.name.startswith("changes-"))
TABLES = ["recommendations", "actions", "indicators", "issues", "stated_totals"]
DATES = ("start", "due", "revised_due", "completed")


def load(path: Path) -> Edition:
    return Edition.model_validate_json(path.read_text(encoding="utf-8"))


def _date(prefix: str, d: dict[str, Any] | None) -> dict[str, Any]:
    d = d or {}
    return {
        f"{prefix}_raw": d.get("raw"),
        prefix: d.get("value"),
        f"{prefix}_end": d.get("end"),
        f"{prefix}_precision": d.get("precision"),
    }


def _prov(p: dict[str, Any]) -> dict[str, Any]:
    return {"page": p["page"], "source": p["source"], "confidence": round(p["confidence"], 3)}


def _status(r: dict[str, Any]) -> dict[str, Any]:
    keys = ("delivery_state", "rag", "status_raw", "status_source")
    return {k: r[k] for k in keys}


def _extra(x: dict[str, str]) -> str | None:
    return json.dumps(x, ensure_ascii=False, sort_keys=True) if x else None


def json_rows(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What each table must hold, read straight from the edition JSON (independently of the emitters)."""
    recs = [
        {
            **{k: r[k] for k in ("number", "title", "leads_raw", "progress")},
            "leads": "; ".join(r["leads"]),
            **_status(r),
            **_prov(r["provenance"]),
        }
        for r in doc["recommendations"]
    ]
    actions = []
    for a in doc["actions"]:
        row = {
            k: a[k] for k in ("key", "recommendation", "ref", "objective", "text", "leads_raw", "progress")
        }
        row |= {
            "bullets": "; ".join(a["bullets"]),
            "leads": "; ".join(a["leads"]),
            "extra": _extra(a["extra"]),
        }
        for field in DATES:
            row |= _date(field, a[field])
        actions.append(row | _status(a) | _prov(a["provenance"]))
    indicators = []
    for i in doc["indicators"]:
        t, v = i["target"] or {}, i["actual"] or {}
        row = {k: i[k] for k in ("key", "recommendation", "code", "description", "leads_raw", "polarity")}
        row |= {"leads": "; ".join(i["leads"]), "extra": _extra(i["extra"])}
        row |= {f"target_{k}": t.get(k) for k in ("raw", "value", "unit")}
        row |= {f"actual_{k}": v.get(k) for k in ("raw", "value", "unit", "period")}
        indicators.append(row | _status(i) | _prov(i["provenance"]))
    issues = [
        {k: i[k] for k in ("code", "severity", "page", "record", "field", "message")} for i in doc["issues"]
    ]
    totals = [{k: t[k] for k in ("entity", "category", "value", "raw", "page")} for t in doc["stated_totals"]]
    return dict(zip(TABLES, [recs, actions, indicators, issues, totals], strict=True))


def plain(value: Any, column: str) -> Any:
    """A DataFrame cell as the JSON has it: ISO dates, None for missing, an unrated rag as 'none'."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return "none" if column == "rag" else None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.item() if hasattr(value, "item") else value


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def assert_holds(frame: pd.DataFrame, rows: list[dict[str, Any]], where: str) -> None:
    assert len(frame) == len(rows), where
    for n, expected in enumerate(rows):
        got = {c: plain(frame[c].iloc[n], c) for c in frame.columns}
        assert set(got) <= set(expected), (where, set(got) - set(expected))  # every column from the JSON
        for c, value in got.items():
            assert value == expected[c], (where, n, c, value, expected[c])


def assert_same_frame(parquet: pd.DataFrame, frame: pd.DataFrame) -> None:
    """Same columns, values and dtypes; a Parquet file of no rows keeps no categories (none to hold)."""
    if frame.empty:
        assert list(parquet.columns) == list(frame.columns) and parquet.empty
        for c in frame.columns:
            assert type(parquet[c].dtype) is type(frame[c].dtype), c
            assert str(parquet[c].dtype) == str(frame[c].dtype), c
        return
    pd.testing.assert_frame_equal(parquet, frame)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each sample edition written as CSV and Parquet into its own folder."""
    base = tmp_path_factory.mktemp("typed")
    out = {}
    for path in EDITIONS:
        folder = base / path.name.removesuffix(".expected.json")
        write_edition(load(path), folder, ["csv", "parquet"])
        out[path] = folder
    return out


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_frames_csv_and_parquet_hold_the_json_rows(path: Path, written: dict[Path, Path]) -> None:
    edition = load(path)
    expected = json_rows(edition.model_dump(mode="json"))  # the JSON contract, every field present
    frames = pipeline.to_frames(edition)
    assert list(frames) == TABLES
    folder = written[path]
    for name in TABLES:
        assert_holds(frames[name], expected[name], f"{path.name} frame {name}")
        parquet = pd.read_parquet(folder / f"{name}.parquet")
        assert_same_frame(parquet, frames[name])
        assert_holds(parquet, expected[name], f"{path.name} parquet {name}")
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header, rows = reader.fieldnames, list(reader)
        assert header == list(frames[name].columns) == pq.read_schema(folder / f"{name}.parquet").names
        assert len(rows) == len(expected[name])
        for row, want in zip(rows, expected[name], strict=True):
            for c in header:
                value = want[c]
                text = csv_text(value)
                # A text cell may be neutralised against spreadsheet formula injection (one leading char).
                ok = row[c] == text or (
                    text[:1] in "=+-@\t\r" and row[c].endswith(text) and len(row[c]) == len(text) + 1
                )
                assert ok, (path.name, name, c, row[c], text)


def test_dtypes() -> None:
    frames = to_frames(load(SAMPLES / "northbridge" / "northbridge-2024-01.expected.json"))
    actions, indicators = frames["actions"], frames["indicators"]
    for c in ("start", "due", "due_end", "revised_due", "revised_due_end", "completed"):
        assert str(actions[c].dtype) == "datetime64[ms]", c
    for c in ("due_raw", "key", "text", "leads", "bullets"):
        assert isinstance(actions[c].dtype, pd.StringDtype), c
    assert isinstance(actions["due_precision"].dtype, pd.CategoricalDtype)
    assert actions["rag"].dtype == RAG_DTYPE == indicators["rag"].dtype
    assert list(RAG_DTYPE.categories) == ["red", "amber_red", "amber", "amber_green", "green"]
    assert RAG_DTYPE.ordered
    worse_than_amber = actions[actions["rag"] < "amber"]["key"].tolist()
    assert worse_than_amber == ["R7-a", "R7-b"]
    assert not actions["delivery_state"].dtype.ordered
    for c in ("target_value", "actual_value"):
        assert indicators[c].dtype == "float64", c
    assert actions["confidence"].dtype == "float64"
    assert actions["recommendation"].dtype == "int64" and str(actions["page"].dtype) == "Int64"
    assert list(frames["issues"]["severity"].dtype.categories) == ["info", "warning", "error"]
    assert frames["stated_totals"]["value"].dtype == "int64"
    due = actions.set_index("key").loc["R2-b"]
    assert (due["due_raw"], due["due"], due["due_precision"]) == (
        "Mar 2024",
        pd.Timestamp("2024-03-01"),
        "month",
    )


def test_empty_tables_keep_their_columns_and_dtypes(tmp_path: Path) -> None:
    ed = load(SAMPLES / "northbridge" / "northbridge-2024-01.expected.json").model_copy(
        update={"actions": [], "issues": []}
    )
    frames = to_frames(ed)
    assert frames["actions"].empty and str(frames["actions"]["due"].dtype) == "datetime64[ms]"
    write_edition(ed, tmp_path, ["parquet"])
    assert_same_frame(pd.read_parquet(tmp_path / "actions.parquet"), frames["actions"])


WRITE = (
    "import sys; from pathlib import Path; from pipeline.models import Edition; "
    "from pipeline.emit.records import write_edition; "
    "ed = Edition.model_validate_json(Path(sys.argv[1]).read_text()); "
    "write_edition(ed, Path(sys.argv[2]), ['parquet'])"
)


def test_parquet_is_byte_identical_across_runs_and_processes(tmp_path: Path) -> None:
    src = SAMPLES / "eastmoor" / "eastmoor-2024-06.expected.json"
    write_edition(load(src), tmp_path / "a", ["parquet"])
    subprocess.run([sys.executable, "-c", WRITE, str(src), str(tmp_path / "b")], cwd=ROOT, check=True)
    for name in TABLES:
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (
            tmp_path / "b" / f"{name}.parquet"
        ).read_bytes()


def test_extract_format_parquet_alone_and_combined(tmp_path: Path) -> None:
    pdf = SAMPLES / "northbridge" / "northbridge-2024-02.pdf"
    runs = {"alone": "parquet", "combined": "json,csv,parquet", "again": "json,csv,parquet"}
    for name, fmt in runs.items():
        argv = [
            "extract",
            str(pdf),
            "-o",
            str(tmp_path / name),
            "--format",
            fmt,
            "--no-store",
            "--no-cache",
            "-q",
        ]
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", *argv], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
    alone, combined, again = (tmp_path / n / "northbridge-2024-02" for n in runs)
    assert sorted(p.name for p in alone.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    frames = to_frames(load(combined / "edition.json"))
    # The same edition gives the same bytes (compared only when the extraction itself was the same: other
    # work on the extractor can change the code between runs; determinism proper is tested above).
    same = (combined / "edition.json").read_bytes() == (again / "edition.json").read_bytes()
    for t in TABLES:
        assert_same_frame(pd.read_parquet(combined / f"{t}.parquet"), frames[t])
        assert_same_frame(pd.read_parquet(again / f"{t}.parquet"), to_frames(load(again / "edition.json"))[t])
        if same:
            assert (combined / f"{t}.parquet").read_bytes() == (again / f"{t}.parquet").read_bytes()


def test_doctor_lists_pandas_and_pyarrow() -> None:
    from typer.testing import CliRunner

    import pipeline.cli.commands  # noqa: F401
    from pipeline.cli import app

    lines = CliRunner().invoke(app, ["doctor"]).output.splitlines()
    for name in ("pandas", "pyarrow"):
        assert any(ln.split()[:1] == [name] and "MISSING" not in ln for ln in lines), name


def test_emit_imports_nothing_above_it() -> None:
    above = ("pipeline.diff", "pipeline.history", "pipeline.report", "pipeline.batch", "pipeline.cli")
    known: set[str] = set()  # write_diff_xlsx now lives in report/changes_xlsx.py
    for path in sorted(p for p in (ROOT / "pipeline" / "emit").glob("*.py") if p.name not in known):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            assert not [n for n in names if n.startswith(above)], (path.name, names)
