"""Stacked fills whose shared edge JPEG has blurred away are still told apart by their colours."""

from __future__ import annotations

import io

import cv2
import numpy as np
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
