"""Mutation fuzzing in the test suite: ~30 corrupted sample PDFs, each a result or a clean error."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def load_fuzz() -> ModuleType:
    """scripts/fuzz.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("plantrack_fuzz", REPO / "scripts" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_mutants_never_crash_or_hang() -> None:
    fuzz = load_fuzz()
    samples = fuzz.sample_pdfs()
    assert samples, "no sample PDFs"
    report = fuzz.fuzz(samples, count=30, seed=20240101, timeout=20.0)
    assert report.tried == 30
    assert report.problems == []
    assert report.counts["crash"] == 0 and report.counts["hang"] == 0


def test_mutation_is_seeded_and_bounded() -> None:
    import random

    fuzz = load_fuzz()
    data = bytes(range(256)) * 40
    assert fuzz.mutate(data, random.Random(5)) == fuzz.mutate(data, random.Random(5))
    mutants = [fuzz.mutate(data, random.Random(seed)) for seed in range(50)]
    assert sum(m != data for m in mutants) >= 45  # rarely, edits cancel out (a duplicate then a delete)
    assert all(len(m) <= len(data) + fuzz.MAX_MUTATIONS * fuzz.MAX_SPAN for m in mutants)
