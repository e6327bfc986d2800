"""OCR ingest end to end: a ruled, coloured, skewed scan comes back as the text-layer page it came from."""

from __future__ import annotations

import colorsys
import io
import os
import stat
from collections import Counter
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from pipeline.errors import LimitError, OcrUnavailableError
from pipeline.ingest import ocr, tesseract
from pipeline.ingest.pdf import read_pdf
from pipeline.models import Page, PageSource, RuleLine
from pipeline.options import ExtractOptions

DPI = 200
PAGE_W, PAGE_H = landscape(A4)
COLUMNS = [
    ("Ref", 40),
    ("Action", 330),
    ("Task Lead", 130),
    ("Start Date", 80),
    ("Completion Date", 110),
    ("RAG", 60),
]
ROWS = [
    (
        "a.",
        "Embed the managers checklist for single assessments",
        "Yvonne Coates",
        "Sept 2017",
        "Mar 2018",
        "G",
        "#00b050",
    ),
    (
        "b.",
        "Review chronologies for neglect cases quarterly",
        "Jane Kochanowski",
        "Oct 2017",
        "Dec 2017",
        "A",
        "#ffc000",
    ),
    (
        "c.",
        "Launch the Early Help Strategy with partners",
        "Joanne Stoddart",
        "Jan 2018",
        "Jun 2018",
        "R",
        "#ff0000",
    ),
    (
        "d.",
        "Deliver action learning sets for team managers",
        "Paul Richards",
        "Apr 2017",
        "Nov 2017",
        "C",
        "#0070c0",
    ),
    (
        "e.",
        "Publish the performance report every month",
        "Sarah Smith",
        "May 2017",
        "Apr 2018",
        "G",
        "#00b050",
    ),
]
ROW_H, TOP = 34.0, 120.0


def build_plan_pdf(pages: int = 1) -> bytes:
    """A landscape action table with a ruled grid and RAG cells filled in colour, as a text-layer PDF."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H))
    for page in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(36, PAGE_H - 60, f"Recommendation {page + 1}: Improve management oversight")
        x_edges = [36.0]
        for _, width in COLUMNS:
            x_edges.append(x_edges[-1] + width)
        y_edges = [PAGE_H - TOP - ROW_H * i for i in range(len(ROWS) + 2)]
        for r, (*_, fill) in enumerate(ROWS, start=1):
            c.setFillColor(HexColor(fill))
            c.rect(x_edges[-2], y_edges[r + 1], x_edges[-1] - x_edges[-2], ROW_H, stroke=0, fill=1)
        c.setFillColor(HexColor("#000000"))
        c.setLineWidth(1)
        c.grid(x_edges, y_edges)
        for r, texts in enumerate([tuple(h for h, _ in COLUMNS), *[row[:6] for row in ROWS]]):
            c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 10)
            for col, text in enumerate(texts):
                c.drawString(x_edges[col] + 5, y_edges[r] - ROW_H / 2 - 3.5, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_of(pdf: bytes, dpi: int = DPI, skew: float = 1.5, fmt: str = "PDF") -> bytes:
    """Render every page, rotate it by `skew` degrees (counter-clockwise) and save image-only."""
    doc = pdfium.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    images = [im.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white") for im in images]
    out = io.BytesIO()
    if fmt == "PDF":
        images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    else:
        images[0].save(out, fmt, dpi=(dpi, dpi), save_all=len(images) > 1, append_images=images[1:])
    return out.getvalue()


def hue(hex_colour: str) -> float:
    """Hue in degrees of '#rrggbb'."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def hue_distance(a: float, b: float) -> float:
    """Angular distance between two hues."""
    d = abs(a - b) % 360
    return min(d, 360 - d)


def word_recall(truth: Page, got: Page) -> float:
    """Share of the text-layer words found exactly (as a multiset) among the OCR words."""
    want, have = Counter(w.text for w in truth.words), Counter(w.text for w in got.words)
    return sum((want & have).values()) / sum(want.values())


@pytest.fixture(scope="module")
def original() -> bytes:
    return build_plan_pdf()


@pytest.fixture(scope="module")
def text_page(original: bytes) -> Page:
    return read_pdf(original, ExtractOptions())[0]


@pytest.fixture(scope="module")
def ocr_page(original: bytes) -> Page:
    pages = read_pdf(scan_of(original), ExtractOptions(dpi=DPI))
    assert len(pages) == 1
    return pages[0]


@pytest.mark.ocr
def test_scan_is_read_by_ocr_into_the_page_model(ocr_page: Page, text_page: Page) -> None:
    assert ocr_page.source is PageSource.OCR
    assert ocr_page.width == pytest.approx(text_page.width, abs=1.0)
    assert ocr_page.height == pytest.approx(text_page.height, abs=1.0)
    assert [i.code for i in ocr_page.issues] == ["PT106"]  # "page read by OCR" (info), no problems
    assert 0.6 <= ocr_page.confidence <= 1.0
    assert all(w.size > 0 and w.text.strip() for w in ocr_page.words)


@pytest.mark.ocr
def test_bold_is_read_from_stroke_width(ocr_page: Page, text_page: Page) -> None:
    # the title and the header row are Helvetica-Bold, the cells Helvetica
    bold = {w.text for w in text_page.words if w.bold}
    regular = {w.text for w in text_page.words if not w.bold} - bold
    measured = [w for w in ocr_page.words if sum(c.isalpha() for c in w.text) >= 3]
    on_bold = [w.bold for w in measured if w.text in bold]
    on_regular = [w.bold for w in measured if w.text in regular]
    assert len(on_bold) >= 8 and len(on_regular) >= 20
    assert sum(on_bold) >= 0.8 * len(on_bold), [(w.text, w.bold) for w in measured if w.text in bold]
    assert sum(on_regular) <= 0.1 * len(on_regular), [
        w.text for w in measured if w.bold and w.text in regular
    ]


@pytest.mark.ocr
def test_words_are_recovered(ocr_page: Page, text_page: Page) -> None:
    assert word_recall(text_page, ocr_page) >= 0.9


@pytest.mark.ocr
def test_words_land_where_the_text_layer_has_them(ocr_page: Page, text_page: Page) -> None:
    found = {w.text: w for w in ocr_page.words}
    close = 0
    for w in text_page.words:
        o = found.get(w.text)
        if o and abs((o.x0 + o.x1) / 2 - (w.x0 + w.x1) / 2) < 4 and abs(o.bottom - w.bottom) < 4:
            close += 1
    assert close / len(text_page.words) >= 0.8
    sizes = [w.size for w in ocr_page.words if len(w.text) > 3]
    assert 8 <= float(np.median(sizes)) <= 12  # the table is set in 10pt


def covers(a: RuleLine, b: RuleLine, across: float = 3.0, along: float = 4.0) -> bool:
    """True when rule `a` lies on rule `b`'s line (within `across`) and spans it (within `along`)."""
    if a.horizontal != b.horizontal:
        return False
    if a.horizontal:
        return (
            abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) <= across
            and a.x0 <= b.x0 + along
            and a.x1 >= b.x1 - along
        )
    return (
        abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= across
        and a.top <= b.top + along
        and a.bottom >= b.bottom - along
    )


@pytest.mark.ocr
def test_rule_lines_found_where_drawn(ocr_page: Page, text_page: Page) -> None:
    # pdfplumber reports the grid and the edges of the filled cells; a scan shows the union.
    assert text_page.lines
    for line in text_page.lines:
        assert any(covers(o, line) for o in ocr_page.lines), f"no OCR rule for {line}"
    for o in ocr_page.lines:  # and nothing drawn from text
        assert any(covers(o, line, along=1000) for line in text_page.lines), f"false rule {o}"
    assert len(ocr_page.lines) == len(COLUMNS) + 1 + len(ROWS) + 2


@pytest.mark.ocr
def test_coloured_cells_found_with_their_colour_family(ocr_page: Page, text_page: Page) -> None:
    assert len(text_page.rects) == len(ROWS)
    for rect in text_page.rects:
        cx, cy = (rect.x0 + rect.x1) / 2, (rect.top + rect.bottom) / 2
        inside = [o for o in ocr_page.rects if o.x0 < cx < o.x1 and o.top < cy < o.bottom]
        assert len(inside) == 1, f"fill at {rect} found {len(inside)} times"
        got = inside[0]
        assert abs(got.x0 - rect.x0) <= 3 and abs(got.x1 - rect.x1) <= 3
        assert abs(got.top - rect.top) <= 3 and abs(got.bottom - rect.bottom) <= 3
        assert hue_distance(hue(got.fill), hue(rect.fill)) <= 12
    assert len(ocr_page.rects) == len(text_page.rects)


@pytest.mark.ocr
def test_rag_letters_inside_coloured_cells_are_read(ocr_page: Page) -> None:
    rag_x0 = 36 + sum(w for _, w in COLUMNS[:-1])
    letters = sorted((w.top, w.text) for w in ocr_page.words if w.x0 > rag_x0 and w.text != "RAG")
    assert [t for _, t in letters] == [row[5] for row in ROWS]


@pytest.mark.ocr
def test_image_input_works(original: bytes, text_page: Page) -> None:
    png = scan_of(original, fmt="PNG", skew=-1.0)
    pages = ocr.read_image(png, ExtractOptions())
    assert len(pages) == 1
    page = pages[0]
    assert page.width == pytest.approx(text_page.width, abs=1.0)  # pixels * 72 / the PNG's 200 dpi
    assert word_recall(text_page, page) >= 0.9


@pytest.mark.ocr
def test_multipage_tiff_gives_a_page_per_frame() -> None:
    tiff = scan_of(build_plan_pdf(pages=2), dpi=150, skew=0.0, fmt="TIFF")
    pages = ocr.read_image(tiff, ExtractOptions(ocr_workers=2))
    assert [p.number for p in pages] == [1, 2]
    assert any(w.text == "Recommendation" for w in pages[1].words)
    assert any(w.text == "2:" for w in pages[1].words) and any(w.text == "1:" for w in pages[0].words)


@pytest.mark.ocr
def test_page_over_pixel_limit_is_flagged_and_skipped(original: bytes) -> None:
    options = ExtractOptions(dpi=200, max_image_pixels=1_000_000)
    pages = ocr.ocr_pdf_pages(scan_of(original, dpi=100), [1], options)
    assert [i.code for i in pages[0].issues] == ["PT105"]
    assert pages[0].words == [] and pages[0].number == 1


def test_image_over_pixel_limit_is_refused(original: bytes) -> None:
    png = scan_of(original, dpi=100, fmt="PNG")
    with pytest.raises(LimitError) as info:
        ocr.read_image(png, ExtractOptions(max_image_pixels=500_000))
    assert info.value.exit_code == 6
    assert "too large" in info.value.message


def fake_tesseract(tmp_path: Path, action: str) -> str:
    """A tesseract that answers --version/--list-langs truly but sleeps or crashes on its first page."""
    real = pytesseract.pytesseract.tesseract_cmd
    marker = tmp_path / "called"
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        f'case "$1" in --version|--list-langs) exec {real} "$@";; esac\n'
        f'if [ ! -e "{marker}" ]; then touch "{marker}"; {action}; fi\n'
        f'exec {real} "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("action", "code", "timeout"),
    [("sleep 30", "PT103", 6.0), ("echo 'Segmentation fault' >&2; exit 139", "PT102", 120.0)],
    ids=["timeout", "crash"],
)
def test_tesseract_timeout_or_crash_spoils_only_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, code: str, timeout: float
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", fake_tesseract(tmp_path, action))
    scan = scan_of(build_plan_pdf(pages=2), dpi=150, skew=0.0)
    # one process, so pages run in order and the first page is the one that fails
    options = ExtractOptions(dpi=150, page_timeout=timeout, ocr_workers=1)
    pages = ocr.ocr_pdf_pages(scan, [1, 2], options)
    assert [i.code for i in pages[0].issues] == [code]
    assert pages[0].words == [] and pages[0].confidence == 0.0
    assert pages[1].issues == [] and len(pages[1].words) > 30


def test_missing_tesseract_raises_only_when_ocr_is_needed(
    original: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    assert tesseract.available()[0] is False
    assert len(read_pdf(original, ExtractOptions())[0].words) > 30  # text layer: no OCR, no error
    with pytest.raises(OcrUnavailableError) as info:
        read_pdf(scan_of(original, dpi=72), ExtractOptions())
    assert info.value.exit_code == 7
    assert "apt-get install tesseract-ocr" in info.value.one_line()


def test_missing_language_data_names_its_package() -> None:
    ok, report = tesseract.available("eng+xqz")
    assert not ok and "tesseract-ocr-xqz" in report
    with pytest.raises(OcrUnavailableError, match="xqz"):
        tesseract.require("eng+xqz")


@pytest.mark.ocr
def test_tesseract_is_available_here() -> None:
    ok, report = tesseract.available()
    assert ok, report  # CI must fail, not skip, without tesseract
    assert report.startswith("tesseract 5") or report.startswith("tesseract 4")


def test_worker_count_follows_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANTRACK_OCR_WORKERS", "1")  # the old environment switch no longer counts
    assert ocr.worker_count(10, 1) == 1
    assert ocr.worker_count(3, 8) == 3
    assert ocr.worker_count(50) == min(os.cpu_count() or 1, 50)
    assert ocr.worker_count(1) == 1


@pytest.mark.parametrize(
    ("text", "ink", "size"),
    [("was", 5.2, 10.0), ("The", 7.2, 10.0), ("gap", 7.3, 10.0), ("Judge", 9.3, 10.0)],
)
def test_font_size_is_estimated_from_ink_height(text: str, ink: float, size: float) -> None:
    assert ocr.estimate_size(text, ink) == pytest.approx(size, abs=0.3)
