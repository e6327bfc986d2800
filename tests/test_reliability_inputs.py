"""Bad input, one file at a time through the CLI: the exit code and the one-line message, never a traceback.

Also the builders of every generated bad input (nothing binary is checked in); the batch and fuzz
tests import them from here.
"""

from __future__ import annotations

import io
import random
import sys
import time
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.errors import ExitCode

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "northbridge" / "northbridge-2024-01.pdf"


# ---------------------------------------------------------------- builders


def simple_pdf(
    pages: int = 1,
    lines: tuple[str, ...] = ("Invoice 1234",),
    size: tuple[float, float] = A4,
    encrypt: str | None = None,
    blank: bool = False,
) -> bytes:
    """A reportlab PDF with a few lines of text per page (or none)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size, encrypt=encrypt, invariant=1)
    for _ in range(pages):
        if not blank:
            for i, line in enumerate(lines):
                canvas.drawString(72, size[1] - 72 - 14 * i, line)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def broken_xref(data: bytes) -> bytes:
    """The PDF with its startxref pointing nowhere (readers must rebuild the cross-reference table)."""
    i = data.rfind(b"startxref")
    return data[:i] + b"startxref\n999999999\n%%EOF\n"


def png_bytes(width: int = 300, height: int = 200, mode: str = "RGB") -> bytes:
    """A blank PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, (width, height), 1 if mode == "1" else "white").save(buf, "PNG")
    return buf.getvalue()


def docx_bytes() -> bytes:
    """The skeleton of a Word file (a ZIP)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def novel_pdf() -> bytes:
    """A page of prose: readable, but not an improvement plan."""
    prose = (
        "It was a bright cold day in April, and the clocks were striking thirteen.",
        "Winston Smith, his chin nuzzled into his breast in an effort to escape the vile wind,",
        "slipped quickly through the glass doors of Victory Mansions.",
    )
    return simple_pdf(lines=prose)


def invoice_pdf() -> bytes:
    """An invoice: a table of prices, not a plan."""
    return simple_pdf(
        lines=(
            "INVOICE No. 4471",
            "Date: 3 March 2024",
            "Item  Qty  Price",
            "Paper A4 box  3  £18.00",
            "Toner  1  £64.50",
            "Total due  £118.50",
        )
    )


# ---------------------------------------------------------------- running the CLI in-process


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """`plantrack ARGS` as the console script runs it: returns (exit code, stderr)."""
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["plantrack", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    return (int(code) if isinstance(code, int) else 1 if code else 0), err


def assert_one_line(err: str, path: Path | str, *fragments: str) -> str:
    """Exactly one error line, naming the file and containing each fragment; no traceback."""
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith("plantrack: error: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"plantrack: error: {path}: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def extract_one(
    tmp_path: Path,
    name: str,
    data: bytes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> tuple[int, str, Path]:
    """Write `data` as `name` and extract it alone; returns exit code, stderr and the input path."""
    path = tmp_path / name
    path.write_bytes(data)
    code, err = run_cli(
        ["extract", str(path), "-o", str(tmp_path / "out"), "--no-store", *extra], capsys, monkeypatch
    )
    return code, err, path


# ---------------------------------------------------------------- cases (no extraction needed)


@pytest.mark.parametrize(
    ("name", "data", "code", "fragments"),
    [
        ("empty.pdf", b"", ExitCode.INPUT, ("is empty (0 bytes)",)),
        (
            "random.pdf",
            random.Random(7).randbytes(4096).replace(b"%PDF-", b"xxxxx"),
            ExitCode.INPUT,
            ("is not a PDF (no %PDF- header)",),
        ),
        (
            "notes.pdf",
            b"Recommendation 1: improve things\nAction a. do it\n",
            ExitCode.INPUT,
            ("contains plain text", "rename it to .txt"),
        ),
        (
            "page.pdf",
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            ExitCode.INPUT,
            ("is an HTML page",),
        ),
        ("report.pdf", docx_bytes(), ExitCode.INPUT, ("ZIP container", "export it to PDF")),
        ("zero.pdf", zero_page_pdf(), ExitCode.INPUT, ("has no pages",)),
        ("locked.pdf", simple_pdf(encrypt="s3cret"), ExitCode.PASSWORD, ("needs a password", "--password")),
        (
            "huge-page.pdf",
            simple_pdf(size=(10000, 10000)),
            ExitCode.LIMIT,
            ("10000 x 10000 points", "too large"),
        ),
        ("huge.png", png_bytes(12000, 12000, "1"), ExitCode.LIMIT, ("too large",)),
    ],
)
def test_bad_file_alone(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
    code: ExitCode,
    fragments: tuple[str, ...],
) -> None:
    got, err, path = extract_one(tmp_path, name, data, capsys, monkeypatch, "--ocr", "never")
    assert got == code, err
    assert_one_line(err, path, *fragments)
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]


def test_wrong_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err, path = extract_one(
        tmp_path, "locked.pdf", simple_pdf(encrypt="s3cret"), capsys, monkeypatch, "--password", "guess"
    )
    assert code == ExitCode.PASSWORD
    assert_one_line(err, path, "the password given is wrong")


def test_right_password_opens_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened, read, and found not to be a plan: past the password stage.
    code, err, path = extract_one(
        tmp_path, "locked.pdf", simple_pdf(encrypt="s3cret"), capsys, monkeypatch, "--password", "s3cret"
    )
    assert code == ExitCode.NO_PLAN, err
    assert_one_line(err, path, "no improvement-plan structure found")


def test_three_thousand_pages_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = simple_pdf(pages=3000, blank=True)
    started = time.monotonic()
    code, err, path = extract_one(tmp_path, "pack.pdf", data, capsys, monkeypatch)
    assert time.monotonic() - started < 3.0
    assert code == ExitCode.LIMIT
    assert_one_line(err, path, "has 3000 pages, over the limit of 2000", "--max-pages")


@pytest.mark.parametrize("make", [novel_pdf, invoice_pdf], ids=["novel", "invoice"])
def test_not_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    code, err, path = extract_one(tmp_path, "doc.pdf", make(), capsys, monkeypatch)  # type: ignore[operator]
    assert code == ExitCode.NO_PLAN, err
    assert_one_line(err, path, "no improvement-plan structure found", "improvement plan")


def test_missing_file_and_no_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.pdf"
    code, err = run_cli(["extract", str(missing), "-o", str(tmp_path / "out")], capsys, monkeypatch)
    assert code == ExitCode.INPUT
    assert_one_line(err, missing, "no such file")
    (tmp_path / "empty").mkdir()
    code, err = run_cli(
        ["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "out")], capsys, monkeypatch
    )
    assert code == ExitCode.INPUT and "no PDF, image or text files found" in err
