"""raster._labelled: the labels and stats of cv2.connectedComponentsWithStats, 16-bit where they fit."""

import cv2
import numpy as np

from pipeline.ingest import raster


def test_labelled_matches_opencv() -> None:
    rng = np.random.default_rng(3)
    mask = np.where(rng.random((300, 400)) > 0.7, 255, 0).astype(np.uint8)
    for connectivity in (4, 8):
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
        m, ours, our_stats = raster._labelled(mask, connectivity)
        assert m == n
        assert ours.dtype == np.uint16
        assert (ours == labels).all() and (our_stats == stats).all()


def test_labelled_falls_back_to_32_bits_past_65535_components() -> None:
    mask = np.zeros((600, 600), np.uint8)
    mask[::2, ::2] = 255  # 90 000 separate dots
    n, labels, stats = raster._labelled(mask, 8)
    assert n == 300 * 300 + 1
    assert labels.dtype == np.int32 and int(labels.max()) == n - 1
    assert stats.shape == (n, 5)


def _ruled_page(height: int, width: int, top: int, left: int) -> np.ndarray:
    """A 200 dpi ink mask: a ruled 3 x 4 grid with a word-like blob in each cell, at (top, left)."""
    ink = np.zeros((height, width), np.uint8)
    for r in range(4):
        ink[top + 120 * r : top + 120 * r + 3, left : left + 900] = 255
    for c in range(5):
        ink[top : top + 363, left + 225 * c : left + 225 * c + 2] = 255
    for r in range(3):
        for c in range(4):
            y, x = top + 120 * r + 50, left + 225 * c + 40
            ink[y : y + 14, x : x + 60 : 7] = 255  # strokes of a word: short, not rules
            ink[y + 20 : y + 60, x + 80 : x + 140] = 255  # a filled block beside it
    return ink


def test_rule_lines_found_on_the_inked_area_as_on_the_whole_page() -> None:
    ppp = 200 / 72
    for top, left in ((300, 200), (301, 203), (41, 31)):
        ink = _ruled_page(1400, 1100, top, left)
        boxes, mask = raster.find_rule_lines(ink, ppp)
        shifted = np.zeros((1600, 1300), np.uint8)
        shifted[101:1501, 57:1157] = ink
        moved, moved_mask = raster.find_rule_lines(shifted, ppp)
        assert len(boxes) >= 8  # 4 rows and the column rules
        assert moved == [raster.PixelBox(b.x0 + 57, b.y0 + 101, b.x1 + 57, b.y1 + 101) for b in boxes]
        assert (moved_mask[101:1501, 57:1157] == mask).all() and moved_mask.sum() == mask.sum()
    empty_boxes, empty_mask = raster.find_rule_lines(np.zeros((50, 60), np.uint8), ppp)
    assert empty_boxes == [] and empty_mask.shape == (50, 60) and not empty_mask.any()
