"""`--workers` holds for OCR pages: a user who limits plantrack to one process on a shared server gets one.

Every tesseract run is logged with its parent's pid by a shim found first on PATH, so the test counts
the processes that really ran OCR, whatever the pool code looks like.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_ocr_ingest import build_plan_pdf, scan_of

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent


def _ocr_parents(tmp_path: Path, workers: int) -> list[int]:
    """Parent pids of the tesseract runs of `plantrack extract --workers N` on a 3-page scan."""
    real = shutil.which("tesseract")
    assert real, "tesseract missing: apt-get install tesseract-ocr tesseract-ocr-eng"
    shim_dir = tmp_path / f"bin{workers}"
    shim_dir.mkdir()
    log = tmp_path / f"parents{workers}.log"
    shim = shim_dir / "tesseract"
    shim.write_text(
        "#!/bin/sh\n"
        f'case "$1" in --version|--list-langs) ;; *) echo $PPID >> "{log}";; esac\n'
        f'exec "{real}" "$@"\n'
    )
    shim.chmod(0o755)
    scan = tmp_path / "three-pages-scan.pdf"
    if not scan.exists():
        scan.write_bytes(scan_of(build_plan_pdf(pages=3), dpi=100, skew=0.0))
    env = {**os.environ, "PATH": f"{shim_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PLANTRACK_OCR_WORKERS", None)
    command = [sys.executable, "-m", "pipeline", "extract", str(scan), "-o", str(tmp_path / f"out{workers}")]
    command += ["--workers", str(workers), "--dpi", "100", "--no-store", "--no-cache", "--quiet"]
    subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=300, check=False)
    assert log.exists(), "tesseract never ran"
    return [int(line) for line in log.read_text().split()]


def test_workers_1_ocrs_every_page_in_one_process_and_workers_2_in_two(tmp_path: Path) -> None:
    one = _ocr_parents(tmp_path, 1)
    assert len(one) >= 3, one  # at least one run per page
    assert len(set(one)) == 1, f"--workers 1 ran tesseract from {len(set(one))} processes"
    two = _ocr_parents(tmp_path, 2)
    assert len(set(two)) == 2, f"--workers 2 ran tesseract from {len(set(two))} processes"
