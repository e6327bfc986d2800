"""The extract command's own errors, progress lines, stdout mode and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_reliability_inputs import run_cli

from pipeline.errors import ExitCode

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "darlington-2017-12.ocr.txt"

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json,pdf"], "unknown format pdf"),
        (["--executor", "spark"], "unknown executor spark"),
        (["--doc-timeout", "0"], "--doc-timeout > 0"),
        (["--dpi", "10"], "invalid option"),
    ],
)
def test_usage_errors_are_one_line(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, args: list[str], message: str
) -> None:
    code, err = run_cli(["extract", str(SEED), "-o", str(tmp_path / "out"), *args], capsys, monkeypatch)
    assert code == ExitCode.USAGE
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("plantrack: error: ") and message in lines[0], err


def test_dask_missing_says_which_extra_to_install(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    code, err = run_cli(
        [
            "extract",
            str(SEED),
            str(SEED.with_name("x.txt")),
            "-o",
            str(tmp_path / "out"),
            "--executor",
            "dask",
        ],
        capsys,
        monkeypatch,
    )
    assert code == ExitCode.USAGE
    assert "pip install 'plantrack[dask]'" in err and "Traceback" not in err


def test_stdout_mode_writes_json_only_to_stdout(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["plantrack", "extract", str(SEED), "-o", "-"])
    with pytest.raises(SystemExit) as info:
        main()
    captured = capsys.readouterr()
    assert info.value.code in (0, None)
    assert json.loads(captured.out)["recommendations"]
    code, err = run_cli(
        ["extract", str(SEED), str(SEED), str(REPO / "samples"), "-o", "-"], capsys, monkeypatch
    )
    assert code == ExitCode.USAGE and "writes one edition to stdout" in err


def test_plain_progress_lines_and_quiet(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    code, err = run_cli(
        ["extract", str(SEED), "-o", str(tmp_path / "out"), "--no-store"], capsys, monkeypatch
    )
    assert code == 0, err
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"[1/1] {SEED}: ok ") and " recs (" in lines[0] and lines[0].endswith(" s)")
    assert lines[-1].startswith("plantrack: 1 ok (1 extracted, 0 cached), 0 failed; ")
    code, err = run_cli(
        ["extract", str(SEED), "-o", str(tmp_path / "out"), "--no-store", "-q"], capsys, monkeypatch
    )
    assert code == 0 and err.strip().splitlines() == [
        "plantrack: 1 ok (0 extracted, 1 cached), 0 failed; " + lines[-1].split("failed; ", 1)[1]
    ]


def test_index_and_run_metadata(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    out = tmp_path / "out"
    code, err = run_cli(["extract", str(SEED), "-o", str(out), "--no-store"], capsys, monkeypatch)
    assert code == 0, err
    index = (out / "index.csv").read_text(encoding="utf-8").splitlines()
    assert index[0].startswith(
        "path,name,sha256,status,plan,edition_label,edition_date,page_count,page_sources"
    )
    assert f"{SEED},{SEED.name}," in index[1] and ",ok," in index[1] and "plain_text:" in index[1]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["stats"]["extracted"] == 1 and "started" in run and run["versions"]["plantrack"]
    edition = (out / SEED.name.removesuffix(".txt") / "edition.json").read_text(encoding="utf-8")
    assert run["started"] not in edition  # run metadata never enters the record files


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.serial
def test_ctrl_c_exits_130_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    sample = REPO / "samples" / "northbridge" / "northbridge-2024-01.pdf"
    # Enough copies that the batch is still running when the interrupt arrives, even on a fast machine.
    for i in range(40):
        (folder / f"copy{i:02d}.pdf").write_bytes(sample.read_bytes() + f"% copy {i}\n".encode())
    out = tmp_path / "out"
    argv = [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(folder),
        "-o",
        str(out),
        "--no-store",
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(
        argv,
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A terminal's foreground job has the default SIGINT action. A test runner started in the
        # background of a non-interactive shell (CI, `make test &`) ignores SIGINT, the child would
        # inherit SIG_IGN and Python would then install no KeyboardInterrupt handler at all.
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
        p.is_dir() and p.name.startswith("copy") for p in (out.iterdir() if out.exists() else [])
    ):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "Traceback" not in err and "interrupted" in err
    done = [p for p in out.iterdir() if p.is_dir() and p.name.startswith("copy")]
    expected = {"edition.json", "recommendations.csv", "actions.csv", "indicators.csv", "issues.csv"}
    assert done and all(expected <= {f.name for f in p.iterdir()} for p in done)
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    again = subprocess.run(
        argv,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    summary = again.stderr.strip().splitlines()[-1]
    cached = int(re.search(r"(\d+) cached", summary).group(1))  # type: ignore[union-attr]
    assert cached >= len(done), summary
