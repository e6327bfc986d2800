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
