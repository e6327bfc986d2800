"""Reading the house-style corpus (text layer) on 40 fixed seeds: a floor under today's distribution.

The seeds are fixed (0-39) and are not the benchmark's (scripts/bench_styles.py --seed 1000): the
benchmark reports the distribution on styles the extractor was not tuned on. Issue 12's target is
F1 >= 0.98 on every seed, which this test now holds (measured min 0.993, median 1.000, mean 0.999
on 2026-12-02, evening); the median and mean floors guard against reading getting worse short of
dropping a seed under 0.98. Never remove a seed that fails.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "samples")]

from plangen.corpus import build_document  # noqa: E402
from plangen.score import compare  # noqa: E402

import pipeline  # noqa: E402
from pipeline.errors import NoPlanError  # noqa: E402

SEEDS = range(40)
MEDIAN_FLOOR, MEAN_FLOOR, MIN_FLOOR = 0.995, 0.99, 0.98  # measured 1.000 / 0.999 / 0.993, 2026-12-02 evening


@pytest.mark.slow
def test_corpus_reading_does_not_regress(tmp_path: Path) -> None:
    scores: dict[int, float] = {}
    for seed in SEEDS:
        _style, doc = build_document(seed, 0)
        path = tmp_path / doc.name
        path.write_bytes(doc.pdf)
        try:
            scores[seed] = compare(pipeline.extract_plan(path), doc.expected).f1()
        except NoPlanError:
            scores[seed] = 0.0  # a plan read as nothing scores nothing; it stays in the corpus
    values = sorted(scores.values())
    summary = f"min {values[0]:.3f} median {statistics.median(values):.3f} mean {statistics.mean(values):.3f}"
    assert statistics.median(values) >= MEDIAN_FLOOR, summary
    assert statistics.mean(values) >= MEAN_FLOOR, summary
    under = {seed: round(f, 3) for seed, f in scores.items() if f < MIN_FLOOR}
    assert not under, (summary, under)  # issue 12: every style at F1 >= 0.98
