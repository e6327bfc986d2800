"""Scanned samples give the same records as their text-layer twins, as nearly as OCR allows."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import SCAN_SAMPLES, expected, extracted

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "samples"))
from plangen.score import compare  # the evaluator lives beside the generator, not in the package

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


def test_tesseract_is_installed() -> None:
    # CI must install tesseract: a missing binary fails here rather than skipping the OCR tests.
    assert shutil.which("tesseract"), "tesseract missing: apt-get install tesseract-ocr tesseract-ocr-eng"


@pytest.mark.parametrize("stem", sorted(SCAN_SAMPLES))
def test_scan_extracts_close_to_expected(stem: str) -> None:
    edition = extracted(stem)
    score = compare(edition, expected(stem))
    print(f"\n{stem}\n{score.table()}")
    assert score.ratio() >= SCAN_SAMPLES[stem], "\n".join(score.mismatches[:30])
    # what matters most to a board: every recommendation and its status
    assert score.ratio("recommendation.rag") == 1.0
    assert score.ratio("recommendation.delivery_state") == 1.0
    assert score.ratio("totals") == 1.0


@pytest.mark.parametrize("stem", sorted(SCAN_SAMPLES))
def test_scan_pages_are_ocr_and_confidence_is_honest(stem: str) -> None:
    edition = extracted(stem)
    assert {p.source.value for p in edition.source.pages} == {"ocr"}
    confidences = [r.provenance.confidence for r in [*edition.actions, *edition.recommendations]]
    assert all(r.provenance.source.value == "ocr" for r in edition.actions)
    assert max(confidences) < 1.0, "OCR records never claim certainty"
    assert min(confidences) > 0.0
    read_by_ocr = {i.page for i in edition.issues if i.code == "PT106"}
    assert read_by_ocr == set(range(1, edition.source.page_count + 1))
