"""Stacked fills whose shared edge JPEG has blurred away are still told apart by their colours."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline.ingest import raster


def test_blurred_stacked_swatches_are_separate_fills() -> None:
    ppp = 200 / 72
    img = np.full((400, 300, 3), 255, np.uint8)
    img[100:160, 50:130] = (255, 191, 0)  # amber
    img[160:220, 50:130] = (112, 173, 71)  # green, touching it with no rule between
    img = cv2.GaussianBlur(img, (9, 9), 3)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=60)
    rgb = np.array(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    coloured = raster.coloured_mask(rgb)
    fills = raster.find_colour_fills(rgb, coloured, np.zeros_like(coloured), ppp)
    assert len(fills) == 2, fills
    tops = sorted(f.box.y0 for f in fills)
    assert abs(tops[0] - 100) <= 8 and abs(tops[1] - 160) <= 8
    greens = [f for f in fills if f.rgb[1] > f.rgb[0]]
    ambers = [f for f in fills if f.rgb[0] > f.rgb[1]]
    assert len(greens) == 1 and len(ambers) == 1


DPI = 200
PPP = DPI / 72


def _jpeg(rgb: np.ndarray, quality: int = 60) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return np.array(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _cells_page(fills: list[tuple[int, int, int]], paper: float = 1.0, lamp: float = 0.0) -> np.ndarray:
    """A page of ruled cells, one per fill, each holding a black word, and a paragraph of plain text;
    the paper scaled by `paper` and dimmed by `lamp` towards the right edge, blurred, JPEG'd."""
    img = np.full((1100, 850, 3), 255, np.uint8)
    for i, rgb in enumerate(fills):
        y = 120 + i * 90
        img[y : y + 70, 100:400] = rgb
        cv2.rectangle(img, (100, y), (400, y + 70), (0, 0, 0), 2)
        cv2.putText(img, "Met target", (120, y + 45), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    for j in range(8):  # plain text with no fill under it
        cv2.putText(img, "The action is on track for March", (450, 150 + j * 40), 0, 0.7, (0, 0, 0), 2)
    ramp = 1.0 - lamp * np.linspace(0.0, 1.0, img.shape[1])[None, :, None]
    img = np.clip(img.astype(np.float32) * paper * ramp, 0, 255).astype(np.uint8)
    return _jpeg(cv2.GaussianBlur(img, (3, 3), 0.7))


def _hsv(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    h, s, v = cv2.cvtColor(np.uint8([[rgb]]), cv2.COLOR_RGB2HSV)[0, 0]
    return float(h) * 2, float(s) / 255, float(v) / 255


def _fills_in_cells(page: raster.PreparedPage, count: int) -> list[raster.ColourFill]:
    found = []
    for i in range(count):
        y = 120 + i * 90
        inside = [f for f in page.fills if f.box.y0 < y + 35 < f.box.y1 and f.box.x0 < 250 < f.box.x1]
        assert len(inside) == 1, (i, page.fills)
        found.append(inside[0])
    return found


@pytest.mark.parametrize(("paper", "lamp"), [(1.0, 0.0), (0.9, 0.1)], ids=["white", "tinted-uneven"])
def test_excel_pale_conditional_formatting_fills_are_fills(paper: float, lamp: float) -> None:
    pale = [(0xC6, 0xEF, 0xCE), (0xFF, 0xC7, 0xCE), (0xFF, 0xEB, 0x9C)]  # good, bad, neutral
    page = raster.prepare_page(_cells_page(pale, paper, lamp), DPI, deskew=False)
    found = _fills_in_cells(page, len(pale))
    for want, got in zip(pale, found, strict=True):
        wh, _, _ = _hsv(want)
        gh, gs, _ = _hsv(got.rgb)
        assert min(abs(wh - gh), 360 - abs(wh - gh)) <= 15, (want, got.rgb)
        assert gs >= 0.1, got.rgb
    assert len(page.fills) == len(pale), page.fills  # the plain text makes no fill
    # the fills are neutralised for OCR: inside a cell only the word's strokes stay dark
    cell = page.ocr_image[140:175, 300:390]
    assert (cell < 128).mean() < 0.02


@pytest.mark.parametrize(("paper", "lamp"), [(1.0, 0.0), (0.9, 0.1)], ids=["white", "tinted-uneven"])
def test_grey_shading_is_a_fill_and_plain_text_is_not(paper: float, lamp: float) -> None:
    greys = [(0xD9, 0xD9, 0xD9), (0xBF, 0xBF, 0xBF), (0xA6, 0xA6, 0xA6)]
    page = raster.prepare_page(_cells_page(greys, paper, lamp), DPI, deskew=False)
    found = _fills_in_cells(page, len(greys))
    for want, got in zip(greys, found, strict=True):
        assert max(got.rgb) - min(got.rgb) <= 12, got.rgb  # neutral
        assert abs(got.rgb[1] - want[1]) <= 22, (want, got.rgb)  # its printed shade, paper tint undone
    assert len(page.fills) == len(greys), page.fills
    assert (page.ocr_image[140:175, 300:390] < 128).mean() < 0.02  # no grey slab left for tesseract


def test_white_paper_is_left_as_it_is() -> None:
    rgb = _cells_page([(0x00, 0xB0, 0x50)])
    assert raster.flatten_paper(rgb, PPP) is rgb


def test_small_coloured_shapes_are_fills_and_coloured_letters_are_not() -> None:
    """Status marks (a red ▲, an amber ◆, a green ●) on a 200 dpi scan become fills of their colour
    and leave the OCR image; red letters in heavy type beside them stay text."""
    rgb = np.full((300, 700, 3), 255, np.uint8)
    s = round(8 * PPP)  # an 8pt mark
    red, amber, green = (224, 60, 49), (255, 192, 0), (0, 176, 80)
    tri = np.array([[60, 60 + s], [60 + s, 60 + s], [60 + s // 2, 60]], np.int32)
    cv2.fillPoly(rgb, [tri], red)
    h = s // 2
    diamond = np.array([[160 + h, 60], [160 + s, 60 + h], [160 + h, 60 + s], [160, 60 + h]])
    cv2.fillPoly(rgb, [diamond.astype(np.int32)], amber)
    cv2.circle(rgb, (260 + s // 2, 60 + s // 2), s // 2, green, -1)
    # 'RED OK' in red, bold: strokes about a fifth of the letter height
    cv2.putText(rgb, "RED OK", (360, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.1, red, 2, cv2.LINE_AA)
    page = raster.prepare_page(_jpeg(cv2.GaussianBlur(rgb, (3, 3), 0.8)), DPI, deskew=False)
    marks = sorted((f for f in page.fills if f.box.y1 < 150 and f.box.x1 < 350), key=lambda f: f.box.x0)
    assert len(marks) == 3, page.fills
    assert [_hsv(f.rgb)[0] for f in marks] == pytest.approx([4, 45, 148], abs=12)  # hue, degrees
    assert not [f for f in page.fills if f.box.x0 >= 350]  # the letters are not marks
    assert (page.ocr_image[50:100, 50:350] > 128).all()  # the marks are not left for tesseract to read
    assert (page.ocr_image[50:100, 360:650] < 128).any()  # the letters are
