"""Variants of a real sample through the CLI: damaged, locked, buried, renamed, huge, unwritable."""

from __future__ import annotations

import copy
import dataclasses
import errno
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_reliability_inputs import (
    assert_one_line,
    broken_xref,
    docx_bytes,
    invoice_pdf,
    novel_pdf,
    png_bytes,
    run_cli,
    simple_pdf,
    zero_page_pdf,
)

from pipeline.errors import ExitCode

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "northbridge" / "northbridge-2024-01.pdf"
SEED_TEXT = REPO / "samples" / "darlington-2017-12.ocr.txt"

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edition(out: Path, folder: str) -> dict:  # type: ignore[type-arg]
    return json.loads((out / folder / "edition.json").read_text(encoding="utf-8"))


def extract(paths: list[Path], out: Path, capsys: Capsys, monkeypatch: MP, *extra: str) -> tuple[int, str]:
    return run_cli(
        ["extract", *map(str, paths), "-o", str(out), "--no-store", "-f", "json,csv", *extra],
        capsys,
        monkeypatch,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """The sample's own edition, extracted once."""
    from pipeline.orchestrate import extract as run

    return json.loads(run(SAMPLE).model_dump_json())


def pypdf_writer(*sources: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in sources:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    return writer


def to_bytes(writer) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_page_pdf(source: Path, page: int = 0) -> bytes:
    """One page of a PDF, rendered and embedded as an image: a scan with no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    doc = pdfium.PdfDocument(str(source))
    pg = doc[page]
    width, height = pg.get_size()
    image = pg.render(scale=150 / 72).to_pil()
    doc.close()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width, height), invariant=1)
    canvas.drawImage(ImageReader(image), 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


# ---------------------------------------------------------------- a batch of bad inputs around a good one


def test_bad_inputs_fail_alone_and_the_good_sample_completes(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.pdf")
    bad = {
        "empty.pdf": b"",
        "text.pdf": b"Recommendation 1\n",
        "word.pdf": docx_bytes(),
        "zero.pdf": zero_page_pdf(),
        "locked.pdf": simple_pdf(encrypt="pw"),
        "novel.pdf": novel_pdf(),
        "truncated.pdf": SAMPLE.read_bytes()[:3000],
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    before = {p.name: sha(p) for p in folder.iterdir()}
    out = tmp_path / "out"
    code, err = extract([folder], out, capsys, monkeypatch, "--workers", "2", "--ocr", "never")
    assert code == ExitCode.BATCH_FAILED, err
    assert "Traceback" not in err
    for name in bad:
        assert any(ln.startswith(f"plantrack: error: {folder / name}: ") for ln in err.splitlines()), name
    assert edition(out, "good")["recommendations"]
    failures = (out / "failures.csv").read_text(encoding="utf-8").splitlines()
    assert len(failures) == 1 + len(bad)
    assert {p.name: sha(p) for p in folder.iterdir()} == before  # inputs never modified


# ---------------------------------------------------------------- damaged, locked, buried


@pytest.mark.parametrize("fraction", [0.05, 0.33, 0.5, 0.9])
def test_truncated_sample_is_refused_or_read_as_far_as_it_goes(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, fraction: float
) -> None:
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch, "--ocr", "never")
    assert "Traceback" not in err
    if code == ExitCode.INPUT:
        assert_one_line(err, path, "PDF")
    else:  # pdfminer rebuilds what it can: a partial plan, or nothing recognisable
        assert code in (ExitCode.OK, ExitCode.NO_PLAN), err


def test_broken_xref_is_rebuilt(tmp_path: Path, capsys: Capsys, monkeypatch: MP, reference: dict) -> None:  # type: ignore[type-arg]
    path = tmp_path / "xref.pdf"
    path.write_bytes(broken_xref(SAMPLE.read_bytes()))
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.OK, err
    assert edition(tmp_path / "out", "xref")["recommendations"] == reference["recommendations"]


def test_encrypted_plan_needs_and_accepts_its_password(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, reference: dict
) -> None:  # type: ignore[type-arg]
    writer = pypdf_writer(SAMPLE.read_bytes())
    writer.encrypt(user_password="board-2024", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    path.write_bytes(to_bytes(writer))
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.PASSWORD
    assert_one_line(err, path, "needs a password", "--password")
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch, "--password", "wrong")
    assert code == ExitCode.PASSWORD
    assert_one_line(err, path, "password given is wrong")
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch, "--password", "board-2024")
    assert code == ExitCode.OK, err
    assert edition(tmp_path / "out", "locked")["recommendations"] == reference["recommendations"]


def test_plan_as_an_appendix_of_a_board_pack_is_found(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, reference: dict
) -> None:  # type: ignore[type-arg]
    cover = simple_pdf(lines=("Children's Services Improvement Board", "Agenda item 6", "Appendix A follows"))
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(to_bytes(pypdf_writer(cover, novel_pdf(), invoice_pdf(), SAMPLE.read_bytes())))
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.OK, err
    got = edition(tmp_path / "out", "board-pack")
    assert [r["number"] for r in got["recommendations"]] == [
        r["number"] for r in reference["recommendations"]
    ]
    assert len(got["actions"]) == len(reference["actions"])


def test_png_named_pdf_is_read_as_an_image(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    # Decision: the bytes decide, not the name; a blank scan then has no plan in it.
    path = tmp_path / "scan.pdf"
    path.write_bytes(png_bytes())
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.NO_PLAN, err
    assert_one_line(err, path, "no improvement-plan structure found")


@pytest.mark.ocr
def test_blank_pages_are_ocrd_and_found_empty(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(simple_pdf(pages=2, blank=True))
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.NO_PLAN, err
    assert_one_line(err, path, "no improvement-plan structure found")


# ---------------------------------------------------------------- OCR failing


def fake_tesseract(folder: Path, behaviour: str) -> Path:
    """A `tesseract` that reports a version and English, then crashes or hangs when asked to OCR."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "tesseract"
    action = "sleep 30" if behaviour == "slow" else "echo 'Segmentation fault' >&2; exit 139"
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        "  --version) echo 'tesseract 5.3.0'; exit 0;;\n"
        "  --list-langs) echo 'List of available languages (1):'; echo eng; exit 0;;\n"
        "esac\n"
        f"{action}\n"
    )
    script.chmod(0o755)
    return folder


def mixed_pdf() -> bytes:
    """The sample with a scanned (image-only) page appended: only that page needs OCR."""
    return to_bytes(pypdf_writer(SAMPLE.read_bytes(), image_page_pdf(SAMPLE, 0)))


@pytest.mark.parametrize("behaviour", ["missing", "crash", "slow"])
def test_ocr_failure_flags_the_page_and_the_document_continues(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, behaviour: str
) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(mixed_pdf())
    if behaviour == "missing":
        monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    else:
        monkeypatch.setenv(
            "PATH", f"{fake_tesseract(tmp_path / 'bin', behaviour)}{os.pathsep}{os.environ['PATH']}"
        )
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch, "--page-timeout", "2")
    assert code == ExitCode.OK, err
    issues = (tmp_path / "out" / "mixed" / "issues.csv").read_text(encoding="utf-8")
    assert ("PT103" if behaviour == "slow" else "PT102") in issues


def test_scan_without_tesseract_says_how_to_install_it(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_page_pdf(SAMPLE, 0))
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch)
    assert code == ExitCode.OCR_UNAVAILABLE
    assert_one_line(err, path, "tesseract", "apt-get install")


# ---------------------------------------------------------------- names and output folders


def test_awkward_file_names(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)  # a shell would create the marker files here
    names = [
        "plan with spaces.pdf",
        'it\'s "quoted".pdf',
        "plan – ünïcode ✓.pdf",
        "-leading-dash.pdf",
        "$(touch PWNED); `touch PWNED2` | & ;.pdf",
    ]
    for name in names:
        shutil.copy(SAMPLE, folder / name)
    out = tmp_path / "out"
    code, err = extract([folder], out, capsys, monkeypatch, "--workers", "2")
    assert code == ExitCode.OK, err
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(folders) == len(names)
    assert "plan – ünïcode ✓" in folders and "leading-dash" in folders
    assert all(not f.startswith("-") and "/" not in f for f in folders)
    assert not list(tmp_path.glob("PWNED*"))
    code, err = extract([folder / "-leading-dash.pdf"], tmp_path / "out2", capsys, monkeypatch)
    assert code == ExitCode.OK, err


def test_output_under_a_file_is_refused(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, err = extract([SAMPLE], blocker / "out", capsys, monkeypatch)
    assert code == ExitCode.OUTPUT
    assert_one_line(err, blocker / "out", "cannot create the output folder")


def test_missing_output_folder_is_created(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    out = tmp_path / "a" / "b" / "out"
    code, err = extract([SAMPLE], out, capsys, monkeypatch)
    assert code == ExitCode.OK, err
    assert (out / "northbridge-2024-01" / "edition.json").is_file() and (out / "index.csv").is_file()


def test_disk_full_while_writing(tmp_path: Path, capsys: Capsys, monkeypatch: MP) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    code, err = extract([SAMPLE], out, capsys, monkeypatch)
    assert code == ExitCode.OUTPUT
    assert "No space left on device" in err and "Traceback" not in err
    assert not (out / "northbridge-2024-01").exists()
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


# ---------------------------------------------------------------- text encodings, big tables


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_text_input_in_other_encodings(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, encoding: str
) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_bytes(text.encode(encoding, errors="replace"))
    out = tmp_path / "out"
    code, err = extract([tmp_path / "utf8.txt", tmp_path / "other.txt"], out, capsys, monkeypatch)
    assert code == ExitCode.OK, err
    a, b = edition(out, "utf8"), edition(out, "other")
    assert len(a["recommendations"]) == len(b["recommendations"]) > 0
    assert len(a["actions"]) == len(b["actions"])


def big_plan(rows: int, long_cell: bool) -> tuple[bytes, int]:
    """An Eastmoor edition with `rows` extra actions under recommendation 1, and/or one 3,500-char cell."""
    sys.path[:0] = [str(REPO / "samples")]
    try:
        from plangen import eastmoor as style
        from specs import eastmoor as specs
    finally:
        sys.path[:] = [p for p in sys.path if p != str(REPO / "samples")]
    spec = copy.deepcopy(specs.EDITIONS[0])
    rec = next(r for r in spec.recommendations if r.actions)
    if long_cell:
        rec.actions[0].text = " ".join(["Strengthen management oversight of every single assessment"] * 60)
    template = rec.actions[-1]
    rec.actions += [
        dataclasses.replace(
            template,
            uid=f"bulk{i}",
            ref=f"{rec.number}.{100 + i}",
            text=f"Bulk action {i} reviewed monthly",
            bullets=[],
        )
        for i in range(rows)
    ]
    return style.render(spec).pdf, rec.number


@pytest.mark.parametrize(
    ("rows", "long_cell"), [(300, False), (0, True), (300, True)], ids=["300-rows", "long-cell", "both"]
)
def test_hundreds_of_rows_and_very_long_cells(
    tmp_path: Path, capsys: Capsys, monkeypatch: MP, rows: int, long_cell: bool
) -> None:
    data, number = big_plan(rows, long_cell)
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    code, err = extract([path], tmp_path / "out", capsys, monkeypatch, "--doc-timeout", "120")
    assert code == ExitCode.OK, err
    mine = [a for a in edition(tmp_path / "out", "big")["actions"] if a["recommendation"] == number]
    assert len(mine) == 5 + rows
    if long_cell:
        assert max(len(a["text"]) for a in mine) > 3000


# ---------------------------------------------------------------- determinism across processes


def test_same_input_same_bytes_in_separate_processes(tmp_path: Path) -> None:
    outs = []
    for run in ("one", "two"):
        out = tmp_path / run
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", str(SAMPLE), "-o", str(out), "--no-store", "-q"],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        outs.append(
            {
                p.name: p.read_bytes()
                for p in (out / "northbridge-2024-01").iterdir()
                if p.suffix in (".json", ".csv")
            }
        )
    assert outs[0] == outs[1] and len(outs[0]) == 6  # edition.json and five CSVs
