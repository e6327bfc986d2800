"""Batch runner behaviour with a fake extractor: cache, determinism, isolation, atomic outputs."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchConfig, exit_code_for, run_batch
from pipeline.batch.executors import LocalExecutor
from pipeline.batch.outcome import Outcome
from pipeline.batch.progress import LineProgress
from pipeline.batch.task import Job, TaskResult, run_task
from pipeline.errors import ExitCode, NoPlanError
from pipeline.ingest import load_document
from pipeline.models import Edition, Legend, PageInfo, PageSource, Provenance, Recommendation, SourceInfo
from pipeline.options import ExtractOptions


def fake_extract(path: str, options: ExtractOptions) -> Edition:
    """An extractor whose behaviour the input's text chooses: one recommendation per line, or a fault."""
    text = Path(path).read_text(encoding="utf-8")
    if text.startswith("SLEEP"):
        time.sleep(60)
    if text.startswith("HANG"):  # blocks the alarm, like C code that never returns to Python
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if text.startswith("CRASH"):
        os._exit(3)
    if text.startswith("BUG"):
        raise ValueError("fake bug")
    if text.startswith("NOPLAN"):
        raise NoPlanError("no improvement-plan structure found", path=path)
    doc = load_document(Path(path), options)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return Edition(
        source=SourceInfo(
            name=doc.name,
            sha256=doc.sha256,
            page_count=1,
            pages=[PageInfo(number=1, source=PageSource.PLAIN_TEXT, confidence=1.0)],
        ),
        plan_title="Fake plan",
        legend=Legend(source="default"),
        recommendations=[
            Recommendation(
                number=i,
                title=ln,
                provenance=Provenance(page=1, source=PageSource.PLAIN_TEXT, confidence=1.0),
            )
            for i, ln in enumerate(lines, start=1)
        ],
    )


def fake_task(job: Job) -> TaskResult:
    """Top-level, so spawn workers can import it."""
    return run_task(job, fake_extract)


class Quiet(LineProgress):
    """Collects notes instead of printing them."""

    def __init__(self) -> None:
        super().__init__(quiet=True)
        self.notes: list[str] = []
        self.outcomes: list[Outcome] = []

    def _print(self, text: str) -> None:
        self.notes.append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def done(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        super().done(outcome)


def make_inputs(folder: Path, docs: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in docs.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return sorted(paths, key=str)


def tree(out: Path) -> dict[str, str]:
    """sha256 of every record file under OUT (run metadata, cache and store excluded)."""
    skip = {"run.json", "plantrack.db"}
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name not in skip
    }


def config(out: Path, **kw: object) -> BatchConfig:
    base: dict[str, object] = {"out": out, "formats": ("json", "csv"), "workers": 2, "db": None}
    base.update(kw)
    return BatchConfig(**base)  # type: ignore[arg-type]


DOCS = {"a/plan.txt": "one\ntwo\n", "b/plan.txt": "three\n", "c.txt": "four\nfive\nsix\n"}


def test_second_run_extracts_nothing_and_changed_file_is_reextracted(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    out = tmp_path / "out"
    first = run_batch(inputs, config(out), Quiet(), task=fake_task)
    assert first.stats == {"extracted": 3, "cached": 0, "failed": 0, "removed": 0}
    before = tree(out)
    second = run_batch(inputs, config(out), Quiet(), task=fake_task)
    assert second.stats == {"extracted": 0, "cached": 3, "failed": 0, "removed": 0}
    assert {k: v for k, v in tree(out).items() if k != "index.csv"} == {
        k: v for k, v in before.items() if k != "index.csv"
    }
    inputs[0].write_text("one\ntwo\nseven\n", encoding="utf-8")
    third = run_batch(inputs, config(out), Quiet(), task=fake_task)
    assert third.stats["extracted"] == 1 and third.stats["cached"] == 2


def test_same_stem_in_two_folders_gets_two_output_folders(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    out = tmp_path / "out"
    run_batch(inputs, config(out), Quiet(), task=fake_task)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len([f for f in folders if f.startswith("plan-")]) == 2 and "c" in folders


def test_removed_file_is_reported_and_its_outputs_kept(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    out = tmp_path / "out"
    run_batch(inputs, config(out), Quiet(), task=fake_task)
    inputs[2].unlink()  # c.txt
    progress = Quiet()
    result = run_batch(inputs[:2], config(out), progress, task=fake_task)
    assert result.stats["removed"] == 1
    assert f"removed since last run: {inputs[2]}" in progress.notes
    assert (out / "c" / "edition.json").exists()
    index = (out / "index.csv").read_text(encoding="utf-8")
    assert f"{inputs[2]},c.txt," in index and ",removed," in index


def test_outputs_do_not_depend_on_workers_order_or_executor(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    run_batch(inputs, config(tmp_path / "o1", workers=1, executor="inline"), Quiet(), task=fake_task)
    run_batch(list(reversed(inputs)), config(tmp_path / "o2", workers=2), Quiet(), task=fake_task)
    assert tree(tmp_path / "o1") == tree(tmp_path / "o2")


@pytest.mark.serial
def test_timeout_bug_and_noplan_fail_alone(tmp_path: Path) -> None:
    inputs = make_inputs(
        tmp_path / "in", {"good.txt": "x\n", "slow.txt": "SLEEP", "bug.txt": "BUG", "none.txt": "NOPLAN"}
    )
    out = tmp_path / "out"
    result = run_batch(inputs, config(out, doc_timeout=1.0), Quiet(), task=fake_task)
    codes = {o.path.name: o.exit_code for o in result.outcomes}
    assert codes == {
        "good.txt": 0,
        "slow.txt": ExitCode.TIMEOUT,
        "bug.txt": ExitCode.INTERNAL,
        "none.txt": ExitCode.NO_PLAN,
    }
    assert exit_code_for(result, 4) == ExitCode.BATCH_FAILED
    failures = (out / "failures.csv").read_text(encoding="utf-8").splitlines()
    assert failures[0] == "path,exit_code,error" and len(failures) == 4
    assert any("took longer than the 1 s limit" in line for line in failures)


def test_hung_and_crashing_workers_are_killed_and_the_rest_complete(tmp_path: Path) -> None:
    inputs = make_inputs(
        tmp_path / "in",
        {"a.txt": "x\n", "hang.txt": "HANG", "crash.txt": "CRASH", "b.txt": "y\n", "c.txt": "z\n"},
    )
    results: dict[str, TaskResult] = {}
    jobs = [Job(str(p), ExtractOptions().model_dump_json(), 1.0) for p in inputs]
    started = time.monotonic()
    LocalExecutor(2, task=fake_task, grace=1.0).run(
        jobs, lambda j, r: results.__setitem__(Path(j.path).name, r)
    )
    assert time.monotonic() - started < 30
    assert results["hang.txt"].exit_code == ExitCode.TIMEOUT
    assert results["crash.txt"].exit_code == ExitCode.INTERNAL
    assert "worker process died" in (results["crash.txt"].error or "")
    assert all(results[n].ok for n in ("a.txt", "b.txt", "c.txt"))


def test_disk_full_leaves_no_partial_folder_and_keeps_previous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = make_inputs(tmp_path / "in", {"p.txt": "one\n"})
    out = tmp_path / "out"
    run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    previous = (out / "p" / "edition.json").read_bytes()
    inputs[0].write_text("one\ntwo\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    progress = Quiet()
    with pytest.raises(Exception) as info:  # the index cannot be written either: OutputError
        run_batch(inputs, config(out, executor="inline"), progress, task=fake_task)
    assert getattr(info.value, "exit_code", None) == ExitCode.OUTPUT
    assert progress.outcomes[0].exit_code == ExitCode.OUTPUT
    assert "No space left on device" in (progress.outcomes[0].error or "")
    assert (out / "p" / "edition.json").read_bytes() == previous
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


@pytest.mark.serial
def test_interrupt_keeps_finished_outputs_whole(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {f"d{i}.txt": f"x{i}\n" for i in range(6)})
    out = tmp_path / "out"

    class StopAfterTwo(Quiet):
        def done(self, outcome: Outcome) -> None:
            super().done(outcome)
            if len(self.outcomes) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(inputs, config(out), StopAfterTwo(), task=fake_task)
    finished = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(finished) >= 2
    for folder in finished:
        assert sorted(f.name for f in folder.iterdir()) == [
            "actions.csv",
            "edition.json",
            "indicators.csv",
            "issues.csv",
            "recommendations.csv",
            "stated_totals.csv",
        ]
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    resumed = run_batch(inputs, config(out), Quiet(), task=fake_task)
    assert resumed.stats["cached"] >= 2 and resumed.stats["failed"] == 0
