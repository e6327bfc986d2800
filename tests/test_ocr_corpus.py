"""Scans of corpus house styles read nearly as well as their own text layers (issue 13).

Each seed's edition is drawn once as a text-layer PDF and once as a damaged image-only scan
(samples/plangen/scan.py: skew, noise, blur, JPEG 50-80, tinted paper, uneven light, sometimes a
page upside down or sideways). Both are extracted and scored against the same expected edition;
every scan must reach issue 13's targets (F1 >= 0.93 at 200 dpi, >= 0.96 at 300 dpi) and, unless
listed in KNOWN_GAPS, score within MARGIN of its own text layer, so what the OCR path loses is seen
apart from how well the extractor reads the style (figures printed with -s).

About 15 OCR'd documents: minutes of CPU, so it runs only when asked:
PLANTRACK_OCR_CORPUS=1 .venv/bin/pytest -s tests/test_ocr_corpus.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "samples"))
from plangen.corpus import build_document  # the generator and scorer live beside the samples
from plangen.score import compare

from pipeline.options import ExtractOptions
from pipeline.orchestrate import extract

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("PLANTRACK_OCR_CORPUS") != "1",
        reason="OCR corpus run takes minutes: set PLANTRACK_OCR_CORPUS=1",
    ),
]

# Tuning-range corpus seeds (never the held-out seeds >= 7000).
SEEDS_200 = list(range(5000, 5010))
SEEDS_300 = list(range(5010, 5015))
TARGET = {200: 0.93, 300: 0.96}  # issue 13: every seed's scan F1, extras counted
MARGIN = 0.05  # F1 a scan may lose against its own text layer

# Scans that lose more than MARGIN against their text layer today (text-layer F1 -> scan F1,
# measured 2026-12-03 with this test's options: rendered at the scan's own dpi, one OCR worker);
# they must still reach TARGET. Every other seed is within MARGIN; at 200 dpi 5001 1.000, 5002
# 0.977, 5003 0.992, 5004 1.000, 5005 0.983, 5006 0.971, 5007 0.975, 5008 0.953, 5009 0.969; at
# 300 dpi 5010 0.966, 5011 0.989, 5012 0.998, 5013 0.982, 5014 0.996.
KNOWN_GAPS: dict[tuple[int, int], str] = {
    # the recommendations' progress under the workstream headings is lost: Times bold measures
    # barely heavier than the text at 200 dpi (the heading's first word reads as regular, which is
    # the likely cause); 'recruitment' OCR'd 'Tuitment'. Rendered at 300 dpi (bench_styles'
    # default) the same scan reads 0.99.
    (5000, 200): "1.000 -> 0.945",
}


def _cases() -> list[object]:
    return [
        pytest.param(seed, dpi, id=f"{seed}-{dpi}")
        for seed, dpi in [(s, 200) for s in SEEDS_200] + [(s, 300) for s in SEEDS_300]
    ]


def _f1(tmp_path: Path, seed: int, dpi: int | None) -> float:
    _, doc = build_document(seed, seed % 2, dpi)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    edition = extract(str(path), ExtractOptions(dpi=dpi or 300, ocr_workers=1))
    return compare(edition, doc.expected).f1()


@pytest.mark.parametrize(("seed", "dpi"), _cases())
def test_a_scan_reads_nearly_as_well_as_its_text_layer(tmp_path: Path, seed: int, dpi: int) -> None:
    text = _f1(tmp_path, seed, None)
    scan = _f1(tmp_path, seed, dpi)
    print(f"\nseed {seed} at {dpi} dpi: text layer F1 {text:.3f}, scan F1 {scan:.3f} ({scan - text:+.3f})")
    assert scan >= TARGET[dpi], f"scan F1 {scan:.3f} under issue 13's {TARGET[dpi]} at {dpi} dpi"
    if (seed, dpi) not in KNOWN_GAPS:
        assert scan >= text - MARGIN, f"scan loses {text - scan:.3f} against its text layer"
