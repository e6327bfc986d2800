"""Shared fixtures: sample paths and a per-session cache of extracted samples (extraction is pure)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.models import Edition

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TEXT_LAYER_SAMPLES = [
    "northbridge/northbridge-2024-01",
    "northbridge/northbridge-2024-02",
    "northbridge/northbridge-2024-04",
    "eastmoor/eastmoor-2024-03",
    "eastmoor/eastmoor-2024-06",
]
SCAN_SAMPLES = {  # sample -> least share of fields exactly right (README states these)
    "northbridge/northbridge-2024-04-scan": 0.95,  # 300 dpi, +0.8 deg skew
    "eastmoor/eastmoor-2024-06-scan": 0.90,  # 200 dpi, -1.2 deg skew, noise, JPEG q60
}


def expected(stem: str) -> Edition:
    """The expected edition written from the sample's spec."""
    return Edition.model_validate_json((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))


@cache
def extracted(stem: str) -> Edition:
    """The pipeline's extraction of a sample PDF (cached for the session)."""
    from pipeline import extract_plan as extract

    return extract(SAMPLES / f"{stem}.pdf")


@pytest.fixture
def samples_dir() -> Path:
    """Folder of the sample corpus."""
    return SAMPLES
