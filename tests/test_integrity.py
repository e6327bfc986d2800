"""Issue 15: nothing lost, nothing stale, nothing injected, nothing hangs."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_batch_runner import DOCS, Quiet, config, fake_task, make_inputs

from pipeline.batch import run_batch
from pipeline.batch.cache import EditionCache, cache_key, file_sha256
from pipeline.batch.outcome import BatchResult, Outcome
from pipeline.batch.task import Job, TaskResult
from pipeline.errors import ExitCode
from pipeline.history import open_store
from pipeline.models import Edition, PlanDate
from pipeline.options import ExtractOptions

SEED = Path(__file__).resolve().parent.parent / "samples" / "darlington-2017-12.ocr.txt"
Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


def _stored_shas(db: Path) -> set[str]:
    store = open_store(db)
    try:
        return {s.edition.source.sha256 for p in store.plans() for s in store.stored(p.plan_key)}
    finally:
        store.close()


# 1. History silently lost


@pytest.mark.parametrize("how", ["deleted", "new_db", "no_store_first"])
def test_cache_served_editions_are_in_the_store(tmp_path: Path, how: str) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    out = tmp_path / "out"
    db = out / "plantrack.db"
    first_db = None if how == "no_store_first" else db
    run_batch(inputs, config(out, db=first_db, executor="inline"), Quiet(), task=fake_task)
    if how == "deleted":
        db.unlink()
    if how == "new_db":
        db = tmp_path / "elsewhere.db"
    second = run_batch(inputs, config(out, db=db, executor="inline"), Quiet(), task=fake_task)
    assert second.stats["cached"] == 3
    assert _stored_shas(db) == {file_sha256(p) for p in inputs}


# 4. Cache entries trusted blindly


def test_cache_entry_of_another_document_is_not_served(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {"a.txt": "alpha\n", "b.txt": "beta\n"})
    out = tmp_path / "out"
    run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    cache = EditionCache(out)
    options = ExtractOptions()
    key_a = cache_key(file_sha256(inputs[0]) or "", options)
    key_b = cache_key(file_sha256(inputs[1]) or "", options)
    shutil.copy(cache._path(key_b), cache._path(key_a))  # b's edition under a's key
    second = run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    assert second.stats["extracted"] == 1 and second.stats["cached"] == 1
    assert "alpha" in (out / "a" / "edition.json").read_text(encoding="utf-8")


# 2. Stale workbook in reports


def _workbook_sha(path: Path) -> str:
    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True)["Summary"]
    return next(str(r[1]) for r in ws.iter_rows(values_only=True) if r and r[0] == "sha256")


def test_report_workbook_follows_the_edition_added_out_of_order(tmp_path: Path) -> None:
    import datetime as dt

    from test_diff_factory import edition

    from pipeline.report.build import write_report

    feb = edition("plan.pdf", label="February 2024", date=dt.date(2024, 2, 1))
    jan = edition("plan.pdf", label="January 2024", date=dt.date(2024, 1, 1))
    jan.source.sha256 = "1" * 64  # same file name, other content
    store = open_store(tmp_path / "h.db")
    store.add_edition(feb, "/data/feb/plan.pdf")
    out = tmp_path / "report"
    write_report(store, out)
    store.add_edition(jan, "/data/jan/plan.pdf")  # the earlier edition arrives later
    write_report(store, out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    html = (out / f"{folder.name}.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)">workbook</a>', html)
    by_sha = {_workbook_sha(out / h): h for h in hrefs}
    assert set(by_sha) == {jan.source.sha256, feb.source.sha256}
    # the January row (first) links January's workbook
    assert hrefs.index(by_sha[jan.source.sha256]) < hrefs.index(by_sha[feb.source.sha256])
    # and a third run rewrites nothing: the workbooks are current
    again = write_report(store, out)
    assert not [p for p in again if p.suffix == ".xlsx" and not p.name.startswith("changes-")]
    store.close()


# 3. Concurrent runs on one output folder


def slow_task(job: Job) -> TaskResult:
    time.sleep(0.3)
    return fake_task(job)


def test_two_extracts_at_once_on_one_folder_lose_nothing(tmp_path: Path) -> None:
    first = make_inputs(tmp_path / "in1", {"a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n"})
    second = make_inputs(tmp_path / "in2", {"d.txt": "d\n", "e.txt": "e\n", "f.txt": "f\n"})
    out = tmp_path / "out"
    out.mkdir()
    results: dict[str, BatchResult] = {}
    notes = Quiet()

    def run(name: str, inputs: list[Path], progress: Quiet) -> None:
        results[name] = run_batch(inputs, config(out, executor="inline"), progress, task=slow_task)

    t1 = threading.Thread(target=run, args=("first", first, Quiet()))
    t1.start()
    time.sleep(0.2)
    run("second", second, notes)
    t1.join()
    assert results["first"].stats["failed"] == 0 and results["second"].stats["failed"] == 0
    rows = list(csv.DictReader((out / "index.csv").open(encoding="utf-8")))
    assert sorted(Path(r["path"]).name for r in rows) == [f"{c}.txt" for c in "abcdef"]
    assert any("in use by another plantrack run" in n for n in notes.notes), notes.notes


# 5. CSV formula injection

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_editions() -> tuple[Edition, Edition]:
    from test_diff_factory import action, edition, indicator, recommendation

    acts = [action(1, chr(97 + n), text, leads=[text]) for n, text in enumerate(HOSTILE)]
    old = edition(
        "old.pdf",
        recommendations=[recommendation(1, HOSTILE[0], leads=[HOSTILE[1]])],
        actions=acts,
        indicators=[indicator(1, "X1", -2.0, target=-5.0)],
    )
    new = edition(
        "new.pdf",
        recommendations=[recommendation(1, HOSTILE[3])],
        actions=[action(1, chr(97 + n), text[::-1] + "=1", leads=["=x"]) for n, text in enumerate(HOSTILE)],
        indicators=[indicator(1, "X1", -3.0, target=-5.0)],
    )
    return old, new


def _assert_no_formula(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows
    for row in rows:
        for col, cell in row.items():
            if cell.startswith(TRIGGERS):
                assert NUMBER.fullmatch(cell), (col, cell)
    return rows


NUMBER = re.compile(r"-?\d+(\.\d+)?( ?%)?|-")  # a number in a text column, or "-" (not set)


def test_every_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    from pipeline.diff import diff_editions
    from pipeline.emit.records import write_edition
    from pipeline.report.changes import write_changes

    old, new = _hostile_editions()
    write_edition(old, tmp_path / "ed", ("csv",))
    for name in ("recommendations", "actions", "indicators"):
        rows = _assert_no_formula((tmp_path / "ed" / f"{name}.csv").open(encoding="utf-8", newline="").read())
    (ind,) = rows
    assert ind["actual_value"] == "-2" and ind["target_value"] == "-5"  # numbers stay numbers
    actions = _assert_no_formula((tmp_path / "ed" / "actions.csv").open(encoding="utf-8", newline="").read())
    assert [a["text"] for a in actions] == ["'" + t for t in HOSTILE]  # OWASP: a leading quote
    (path,) = write_changes(diff_editions(old, new), tmp_path / "diff", "changes", ("csv",))
    changes = _assert_no_formula(path.open(encoding="utf-8", newline="").read())
    assert any(c["new"].startswith("'=") or c["old"].startswith("'=") for c in changes)


def test_index_and_failures_csv_neutralise_names(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {"=cmd.txt": "x\n", "@bad.txt": "NOPLAN"})
    out = tmp_path / "out"
    run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    index = _assert_no_formula((out / "index.csv").open(encoding="utf-8", newline="").read())
    assert sorted(r["name"] for r in index) == ["'=cmd.txt", "'@bad.txt"]
    # and the next run reads its own index back: nothing reported removed
    again = run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    assert again.stats["removed"] == 0


def test_xlsx_keeps_hostile_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
    import openpyxl

    from pipeline.emit.xlsx import write_edition_xlsx

    old, _ = _hostile_editions()
    write_edition_xlsx(old, tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "e.xlsx")
    ws = wb["Actions"] if "Actions" in wb.sheetnames else wb.worksheets[2]
    header = [c.value for c in ws[1]]
    col = header.index("text")
    texts = [row[col] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in texts)
    assert [c.value for c in texts] == HOSTILE  # text unchanged
    ind = next(w for w in wb.worksheets if w.title.lower().startswith("indicator"))
    header = [c.value for c in ind[1]]
    assert ind.cell(row=2, column=header.index("actual_value") + 1).value == -2


# 7. Control characters in file names (CSV part)


def test_carriage_return_in_a_name_keeps_index_rows_whole(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {"a\rb.txt": "x\n", "c.txt": "y\n"})
    out = tmp_path / "out"
    run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    rows = list(csv.DictReader((out / "index.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == 2
    again = run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    assert again.stats == {"extracted": 0, "cached": 2, "failed": 0, "removed": 0}


# 6. Terminal markup injection


def _markup_store(db: Path) -> None:
    import datetime as dt

    from test_diff_factory import action, edition

    store = open_store(db)
    due = PlanDate(raw="Mar 2024 [/]", value=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31), precision="month")
    for n, label in enumerate(["[bold]Jan[/bold] 2024", "[red]Feb[/red] 2024"], start=1):
        store.add_edition(
            edition(
                f"[link=http://evil]e{n}[/link].pdf",
                label=label,
                date=dt.date(2024, n, 1),
                title="[red]Plan[/red]",
                actions=[action(1, "a", "[bold]do[/bold] it", due=due)],
            ),
            f"/data/e{n}.pdf",
        )
    store.close()


def _cli(args: list[str], capsys: Capsys, monkeypatch: MP) -> tuple[int, str, str]:
    """`plantrack ARGS` in this process: (exit code, stdout, stderr)."""
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["plantrack", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return (code if isinstance(code, int) else 1 if code else 0), captured.out, captured.err


def test_history_prints_document_text_literally(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    db = tmp_path / "h.db"
    _markup_store(db)
    monkeypatch.setenv("COLUMNS", "400")
    code, out, err = _cli(["history", "--db", str(db), "--plan", "plan"], capsys, monkeypatch)
    assert code == 0, err
    for literal in ("Mar 2024 [/]", "[bold]Jan[/bold] 2024", "[red]Feb[/red] 2024"):
        assert literal in out, out
    code, out, err = _cli(["history", "--db", str(db)], capsys, monkeypatch)
    assert code == 0, err
    assert "[bold]Jan[/bold] 2024" in out and "\x1b]8;" not in out, out


def test_diff_summary_prints_document_text_literally(capsys: Capsys) -> None:
    from rich.console import Console

    from pipeline.diff import diff_editions
    from pipeline.report.terminal import print_summary

    old, new = _hostile_editions()
    old.edition_label, old.source.name = "[bold]Jan[/bold]", "[link=http://x]a[/link].pdf"
    console = Console(file=io.StringIO(), width=300, force_terminal=False)
    print_summary(diff_editions(old, new), console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[bold]Jan[/bold] ([link=http://x]a[/link].pdf)" in text


# 7. Control characters in file names (terminal part)


def test_control_characters_in_names_are_escaped_on_stderr(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / "\x1b]0;pwned\x07ok\rplantrack: 2 ok.txt"
    good.write_bytes(SEED.read_bytes())
    (folder / "\x1b[31mempty.txt").write_bytes(b"")
    code, _, err = _cli(["extract", str(folder), "-o", str(tmp_path / "out")], capsys, monkeypatch)
    assert code == ExitCode.BATCH_FAILED, err
    assert "\x1b" not in err and "\r" not in err and "\x07" not in err, repr(err)
    assert "\\x1b[31mempty.txt" in err and "\\x1b]0;pwned\\x07ok\\rplantrack" in err, err


# 8. FIFO or character device as input


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_fifo_or_device_is_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "x.pdf"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(target), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == ExitCode.INPUT, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0] == f"plantrack: error: {target}: is not a regular file (a FIFO, device or socket) " + (
        "(pass the document file itself)"
    ), proc.stderr


# 11. Non-finite timeouts


@pytest.mark.parametrize("option", ["--doc-timeout", "--page-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_timeouts_are_usage_errors(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, option: str, value: str
) -> None:
    code, _, err = _cli(["extract", str(SEED), "-o", str(tmp_path / "o"), option, value], capsys, monkeypatch)
    assert code == ExitCode.USAGE, err
    (line,) = err.strip().splitlines()
    assert line.startswith("plantrack: error: ") and option in line, err


# 13. Unexpected exceptions in any command


def test_unexpected_exception_in_report_is_one_line_exit_70(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    import pipeline.report.build as build

    db = tmp_path / "h.db"
    _markup_store(db)

    def boom(*a: object, **k: object) -> None:
        raise KeyError("bad row")

    monkeypatch.setattr(build, "write_report", boom)
    code, _, err = _cli(["report", "--db", str(db), "-o", str(tmp_path / "r")], capsys, monkeypatch)
    assert code == ExitCode.INTERNAL, err
    assert err.strip() == (
        "plantrack: error: internal error: KeyError: 'bad row' (please report it with the -v output)"
    ), err


def test_damaged_store_row_is_one_line(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    import sqlite3

    db = tmp_path / "h.db"
    _markup_store(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE editions SET edition_json = '{\"not\": 1}'")
    for args in (
        ["history", "--db", str(db), "--plan", "plan"],
        ["report", "--db", str(db), "-o", str(tmp_path)],
    ):
        code, _, err = _cli(args, capsys, monkeypatch)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert code not in (0, ExitCode.CHANGES), err
        assert f"{db}: " in err and "damaged" in err, err


# 12. Foreign SQLite files given to --db


@pytest.mark.parametrize("kind", ["foreign", "empty"])
def test_foreign_or_empty_database_is_refused_and_unchanged(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, kind: str
) -> None:
    import sqlite3

    db = tmp_path / "mine.sqlite"
    if kind == "foreign":
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE contacts (name TEXT)")
            conn.execute("INSERT INTO contacts VALUES ('Ann')")
        conn.close()
    else:
        db.write_bytes(b"")
    before = db.read_bytes()
    for args in (
        ["extract", str(SEED), "-o", str(tmp_path / "out"), "--db", str(db)],
        ["history", "--db", str(db)],
        ["report", "--db", str(db), "-o", str(tmp_path / "r")],
    ):
        code, _, err = _cli(args, capsys, monkeypatch)
        assert code == ExitCode.INPUT, (args, err)
        (line,) = err.strip().splitlines()
        assert line.startswith(f"plantrack: error: {db}: ") and "not a plantrack history store" in line, err
        assert db.read_bytes() == before
        assert not Path(f"{db}-wal").exists()


# 9. Symlink loops in a quoted glob


def test_glob_skips_symlink_loops(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    (loop / "sub").mkdir(parents=True)
    (loop / "a.txt").write_text("a\n", encoding="utf-8")
    (loop / "sub" / "b.txt").write_text("b\n", encoding="utf-8")
    (loop / "sub" / "back").symlink_to(loop, target_is_directory=True)
    (loop / "self").symlink_to(".", target_is_directory=True)
    code = (
        "import sys; from pipeline.batch import discover_inputs; "
        "print('\\n'.join(map(str, discover_inputs([sys.argv[1]]))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(loop / "**" / "*.txt")], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(loop / "a.txt"), str(loop / "sub" / "b.txt")]


# 17. Smaller: unreadable subfolder, looping symlink given directly, .cache a file, empty store, interrupt


def test_unreadable_subfolder_is_warned_about(tmp_path: Path, monkeypatch: MP) -> None:
    from pipeline.batch import discover_inputs

    make_inputs(tmp_path / "in", {"a.txt": "a\n", "locked/b.txt": "b\n"})
    real = os.scandir
    locked = str(tmp_path / "in" / "locked")

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", locked)
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    warnings: list[str] = []
    found = discover_inputs([tmp_path / "in"], warn=warnings.append)
    assert found == [tmp_path / "in" / "a.txt"]
    assert warnings == [f"{locked}: cannot read this folder (Permission denied); its files were skipped"]


# 15. Relative source paths


def test_paths_are_stored_absolute_whatever_the_working_directory(tmp_path: Path, monkeypatch: MP) -> None:
    make_inputs(tmp_path / "data" / "in", {"a.txt": "a\n", "b.txt": "b\n"})
    out = tmp_path / "out"
    db = out / "plantrack.db"
    monkeypatch.chdir(tmp_path / "data")
    run_batch(
        [Path("in/a.txt"), Path("in/b.txt")], config(out, db=db, executor="inline"), Quiet(), task=fake_task
    )
    rows = list(csv.DictReader((out / "index.csv").open(encoding="utf-8", newline="")))
    assert sorted(r["path"] for r in rows) == [str(tmp_path / "data" / "in" / n) for n in ("a.txt", "b.txt")]
    store = open_store(db)
    assert {s.source_path for p in store.plans() for s in store.stored(p.plan_key)} == {
        str(tmp_path / "data" / "in" / n) for n in ("a.txt", "b.txt")
    }
    store.close()
    monkeypatch.chdir(tmp_path / "data" / "in")  # the same files from another directory
    progress = Quiet()
    again = run_batch(
        [Path("a.txt"), Path("b.txt")], config(out, db=db, executor="inline"), progress, task=fake_task
    )
    assert again.stats == {"extracted": 0, "cached": 2, "failed": 0, "removed": 0}, progress.notes
    assert len(list(csv.DictReader((out / "index.csv").open(encoding="utf-8", newline="")))) == 2


# 16. Text encodings and NULs


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    from pipeline import extract_plan
    from pipeline.ingest.plaintext import decode

    text = SEED.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data) == text
    if encoding == "utf-16":
        target = tmp_path / "seed.txt"
        target.write_bytes(data)
        assert len(extract_plan(target).recommendations) == 18


def test_control_characters_are_dropped_the_same_way_in_every_format(tmp_path: Path) -> None:
    import openpyxl
    from test_diff_factory import action, edition

    from pipeline.emit.records import write_edition
    from pipeline.ingest.plaintext import read_text

    (page,) = read_text(b"Action a\x00b\x7fc\x1b[0m\r\n")
    assert page.text_lines[0] == "Action abc[0m"
    ed = edition("x.pdf", actions=[action(1, "a", "a\x00b\x7fc\x0bd\re")])
    write_edition(ed, tmp_path, ("csv", "xlsx"))
    (row,) = csv.DictReader((tmp_path / "actions.csv").open(encoding="utf-8", newline=""))
    ws = openpyxl.load_workbook(tmp_path / "edition.xlsx")["Actions"]
    header = [c.value for c in ws[1]]
    assert row["text"] == ws.cell(row=2, column=header.index("text") + 1).value == "abcd\ne"


# 14. Diff of two different plans


def _edition_files(tmp_path: Path, old: Edition, new: Edition) -> tuple[str, str]:
    from pipeline.emit.records import edition_json

    paths = []
    for name, ed in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(edition_json(ed), encoding="utf-8")
        paths.append(str(tmp_path / name))
    return paths[0], paths[1]


def test_diff_of_two_different_plans_is_refused_unless_forced(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    from test_diff_factory import edition

    old = edition("a.pdf", organisation="Northbridge MBC", title="Children's Improvement Plan")
    new = edition("b.pdf", organisation="Eastmoor Council", title="SEND Written Statement of Action")
    a, b = _edition_files(tmp_path, old, new)
    code, _, err = _cli(["diff", a, b, "-o", str(tmp_path / "d")], capsys, monkeypatch)
    assert code == ExitCode.DIFFERENT_PLANS, err
    (line,) = err.strip().splitlines()
    assert "Northbridge MBC" in line and "Eastmoor Council" in line and "--force" in line, line
    assert not (tmp_path / "d").exists()
    code, _, err = _cli(["diff", a, b, "-o", str(tmp_path / "d"), "--force"], capsys, monkeypatch)
    assert code == 0, err


def test_diff_warns_when_the_new_edition_is_older(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    import datetime as dt

    from test_diff_factory import edition

    old = edition("feb.pdf", label="February 2024", date=dt.date(2024, 2, 1))
    new = edition("jan.pdf", label="January 2024", date=dt.date(2024, 1, 1))
    a, b = _edition_files(tmp_path, old, new)
    code, _, err = _cli(["diff", a, b, "-o", str(tmp_path / "d")], capsys, monkeypatch)
    assert code == 0, err
    assert (
        "plantrack: warning: the new edition (January 2024) is older than the old one (February 2024)" in err
    ), err


# 10. Huge text inputs


def test_text_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    code, _, err = _cli(
        ["extract", str(SEED), "-o", str(tmp_path / "o"), "--max-text-bytes", "10000"], capsys, monkeypatch
    )
    assert code == ExitCode.LIMIT, err
    (line,) = [ln for ln in err.splitlines() if ln.startswith("plantrack: error: ")]
    assert f"{SEED}: is 33426 bytes of text, over the limit of 10000" in line and "--max-text-bytes" in line


def test_text_with_more_pages_than_the_limit_is_refused(tmp_path: Path) -> None:
    from pipeline.errors import LimitError
    from pipeline.ingest import load_document

    big = tmp_path / "pages.txt"
    big.write_text("Recommendation 1\f" * 30, encoding="utf-8")
    with pytest.raises(LimitError, match="has 30 pages, over the limit of 20"):
        load_document(big, ExtractOptions(max_pages=20))


def test_a_looping_symlink_given_directly_says_so(tmp_path: Path) -> None:
    from pipeline.errors import InputError
    from pipeline.ingest import load_document

    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="is a symbolic link loop"):
        load_document(loop)
    dangling = tmp_path / "gone.pdf"
    dangling.symlink_to(tmp_path / "nowhere.pdf")
    with pytest.raises(InputError, match="is a symbolic link to a missing file"):
        load_document(dangling)


def test_cache_being_a_file_is_one_warning_not_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("not a folder", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(SEED), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("plantrack: warning")]
    assert len(warnings) == 1 and ".cache" in warnings[0], proc.stderr


def test_report_on_an_empty_store_says_so(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    db = tmp_path / "h.db"
    open_store(db).close()
    code, _, err = _cli(["report", "--db", str(db), "-o", str(tmp_path / "r")], capsys, monkeypatch)
    assert code == 0, err
    assert f"plantrack: warning: {db}: the history store holds no editions" in err, err


@pytest.mark.serial
def test_an_interrupted_run_updates_the_index(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {f"d{i}.txt": f"x{i}\n" for i in range(5)})
    out = tmp_path / "out"
    run_batch(inputs[:1], config(out, executor="inline"), Quiet(), task=fake_task)

    class StopAfterThree(Quiet):
        def done(self, outcome: Outcome) -> None:
            super().done(outcome)
            if len(self.outcomes) == 3:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(inputs[1:], config(out, executor="inline"), StopAfterThree(), task=fake_task)
    rows = list(csv.DictReader((out / "index.csv").open(encoding="utf-8", newline="")))
    assert sorted(Path(r["path"]).name for r in rows) == ["d0.txt", "d1.txt", "d2.txt", "d3.txt"]


# Done-when: the fuzzer also mutates text and image inputs


def test_fuzzer_mutates_text_and_images_without_crashes(tmp_path: Path) -> None:
    from test_reliability_fuzz import load_fuzz

    fuzz = load_fuzz()
    pdfs = fuzz.sample_pdfs()
    samples = [*fuzz.sample_texts(), *fuzz.render_images(pdfs, tmp_path)]
    assert {p.suffix for p in samples} == {".txt", ".png", ".jpg", ".tif"}
    report = fuzz.fuzz(samples, count=12, seed=7, timeout=20.0)
    assert report.kinds[".txt"] == 3 and report.tried == 12
    assert report.counts["crash"] == 0 and report.counts["hang"] == 0, report.problems
