"""Coloured status shapes on scans read as the glyphs the text layer gives them (ingest/raster.mark_shape)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.ingest import raster
from pipeline.ingest.ocr import _mark_words

SIDE = 24  # a 9pt mark at 200 dpi


def _shape(kind: str) -> np.ndarray:
    img = np.zeros((SIDE + 8, SIDE + 8), np.uint8)
    o, s = 4, SIDE
    if kind == "■":
        img[o : o + s, o : o + s] = 1
    elif kind == "●":
        cv2.circle(img, (o + s // 2, o + s // 2), s // 2, 1, -1)
    elif kind == "◆":
        pts = [(o + s // 2, o), (o + s, o + s // 2), (o + s // 2, o + s), (o, o + s // 2)]
        cv2.fillPoly(img, [np.array(pts, np.int32)], 1)
    elif kind == "▲":
        cv2.fillPoly(img, [np.array([(o + s // 2, o), (o + s, o + s), (o, o + s)], np.int32)], 1)
    elif kind == "▼":
        cv2.fillPoly(img, [np.array([(o, o), (o + s, o), (o + s // 2, o + s)], np.int32)], 1)
    img = cv2.GaussianBlur(img.astype(np.float32), (3, 3), 0.8) > 0.5  # a scanner's blur
    ys, xs = np.nonzero(img)
    return img[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8)


@pytest.mark.parametrize("kind", ["■", "●", "◆", "▲", "▼"])
def test_a_status_shape_is_named_from_its_outline(kind: str) -> None:
    assert raster.mark_shape(_shape(kind)) == kind


def test_a_mark_found_on_a_scan_becomes_its_glyph_over_its_colour() -> None:
    rgb = np.full((80, 80, 3), 255, np.uint8)
    mark = _shape("▲").astype(bool)
    rgb[20 : 20 + mark.shape[0], 20 : 20 + mark.shape[1]][mark] = (224, 60, 49)  # a red ▲
    coloured = raster.coloured_mask(rgb)
    marks = raster.find_colour_marks(rgb, coloured, [], 200 / 72)
    assert [m.shape for m in marks] == ["▲"]
    words = _mark_words(marks, 72 / 200, 72 / 200)
    assert [w.text for w in words] == ["▲"]
    assert words[0].x0 == pytest.approx(20 * 72 / 200, abs=0.5)
