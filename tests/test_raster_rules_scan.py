"""Rules on scans: a black rule beside a strong fill is still a rule, a slab-serif baseline is not.

Both are cases of the scanned corpus at 200 dpi (issue 13): JPEG's half-resolution chroma tints
the rules between RAG cells, and Courier-like type blurred joins a word's letter feet into a run.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from pipeline.ingest import raster

DPI = 200
PPP = DPI / 72


def _jpeg(rgb: np.ndarray, quality: int = 60) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)  # 4:2:0 chroma, as scanners write
    return np.array(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _status_column_page() -> np.ndarray:
    """A ruled table whose third column holds strong RAG fills, one per row, rules 2px black."""
    img = np.full((900, 800, 3), 255, np.uint8)
    xs = [80, 300, 520, 640, 760]
    fills = [(255, 192, 0), (0, 176, 80), (224, 60, 49), (0, 112, 192), (255, 255, 0)]
    top = 100
    for i, colour in enumerate(fills):
        y0, y1 = top + i * 110, top + (i + 1) * 110
        img[y0:y1, xs[2] : xs[3]] = colour
        cv2.putText(img, "On track", (xs[0] + 10, y0 + 50), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    bottom = top + len(fills) * 110
    for x in xs:
        img[top:bottom, x - 1 : x + 1] = 0
    for i in range(len(fills) + 1):
        y = top + i * 110
        img[y - 1 : y + 1, xs[0] : xs[-1]] = 0
    return _jpeg(cv2.GaussianBlur(img, (5, 5), 0.8))


def test_rules_beside_strong_fills_are_found_whole() -> None:
    page = raster.prepare_page(_status_column_page(), DPI, deskew=False)
    verticals = [b for b in page.lines if b.y1 - b.y0 > b.x1 - b.x0]
    for x in (520, 640):  # the status column's own rules, coloured on one side all the way down
        along = [b for b in verticals if abs((b.x0 + b.x1) / 2 - x) <= 4]
        assert along, (x, verticals)
        assert sum(b.y1 - b.y0 for b in along) >= 0.9 * 550, (x, along)
    # and the fills stay one per cell, apart from the rules
    strong = [f for f in page.fills if max(f.rgb) - min(f.rgb) > 100]
    assert len(strong) == 5, strong


def _slab_word(img: np.ndarray, x: int, baseline: int, letters: int) -> None:
    """Letters of slab-serif type blurred together: stems and bowls standing on a continuous
    2px run of feet, as Courier's 'behind' scans at 200 dpi."""
    pitch = 14
    img[baseline - 1 : baseline + 1, x : x + letters * pitch - 3] = 0
    for k in range(letters):
        x0 = x + k * pitch
        img[baseline - 16 : baseline, x0 + 2 : x0 + 4] = 0  # a stem
        img[baseline - 10 : baseline - 8, x0 + 2 : x0 + 10] = 0  # a shoulder
        img[baseline - 10 : baseline, x0 + 9 : x0 + 11] = 0  # a second stem


def test_slab_serif_baseline_is_not_a_rule() -> None:
    img = np.full((400, 700, 3), 255, np.uint8)
    _slab_word(img, 100, 150, 6)  # 84px: longer than RULE_MIN_LENGTH_PT at 200 dpi
    img[300:302, 100:190] = 0  # a short rule of the same length, paper on both sides
    page = raster.prepare_page(_jpeg(cv2.GaussianBlur(img, (3, 3), 0.6), 75), DPI, deskew=False)
    horizontal = [b for b in page.lines if b.x1 - b.x0 > b.y1 - b.y0]
    assert not [b for b in horizontal if 140 <= b.y0 <= 155], horizontal
    assert [b for b in horizontal if 295 <= b.y0 <= 305], horizontal
    # the word's feet stay in the OCR image (a baseline taken as a rule is erased with it)
    assert (page.ocr_image[148:152, 100:180] < 128).mean() > 0.5


def test_a_bare_swatch_leaves_no_outline_and_light_text_stays() -> None:
    """A key's swatch with nothing printed in it is its colour only: the paper ring its box reaches
    is not light 'text' (a hollow box tesseract read as 'cl]'); white text on a dark fill stays."""
    img = np.full((400, 700, 3), 255, np.uint8)
    img[100:133, 100:139] = (0, 176, 80)  # a 14 x 12pt swatch at 200 dpi
    cv2.putText(img, "On track", (150, 128), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    img[220:300, 100:500] = (31, 56, 100)  # a navy header band with white words
    cv2.putText(img, "Status", (130, 272), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
    page = raster.prepare_page(_jpeg(cv2.GaussianBlur(img, (5, 5), 0.8)), DPI, deskew=False)
    ink = page.ocr_image < 128
    assert ink[90:143, 90:145].sum() == 0, ink[90:143, 90:145].sum()
    assert ink[240:285, 125:245].sum() > 300  # 'Status' in white, now black on white
    assert not ink[215:222, 100:500].any() and not ink[298:305, 100:500].any()  # no band outline


def test_rules_around_a_grey_swatch_are_found() -> None:
    """A key table's 'Grey = business as usual' swatch (#a6a6a6) is ink to Otsu, a block: the black
    rules around it are still rules, the whole height and width of the table."""
    img = np.full((700, 900, 3), 255, np.uint8)
    swatches = [(0, 112, 192), (224, 60, 49), (166, 166, 166)]
    top, row, xs = 100, 55, [100, 210, 430, 800]
    for i, colour in enumerate(swatches):
        img[top + i * row : top + (i + 1) * row, xs[0] : xs[1]] = colour
        cv2.putText(
            img, "Grey", (xs[1] + 10, top + i * row + 35), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2
        )
    bottom = top + len(swatches) * row
    for x in xs:
        img[top:bottom, x - 1 : x + 1] = 0
    for i in range(len(swatches) + 1):
        img[top + i * row - 1 : top + i * row + 1, xs[0] : xs[-1]] = 0
    page = raster.prepare_page(_jpeg(cv2.GaussianBlur(img, (5, 5), 0.8)), DPI, deskew=False)
    verticals = [b for b in page.lines if b.y1 - b.y0 > b.x1 - b.x0]
    horizontals = [b for b in page.lines if b.x1 - b.x0 > b.y1 - b.y0]
    for x in xs[:2]:
        along = [b for b in verticals if abs((b.x0 + b.x1) / 2 - x) <= 4]
        assert along and max(b.y1 for b in along) >= bottom - 4, (x, verticals)
    y = top + 2 * row  # between the red swatch and the grey one
    under = [b for b in horizontals if abs((b.y0 + b.y1) / 2 - y) <= 4]
    assert under and min(b.x0 for b in under) <= xs[0] + 4, (y, horizontals)
