"""Text-layer extraction speed: the whole pipeline vs raw pdfplumber on the same pages, in one run.

Usage: .venv/bin/python scripts/bench_extract.py [--rounds N]

The floor is what any pdfplumber-based tool must pay: opening each sample and reading every page's
words (extract_words) and rects/edges. The pipeline adds layout, extraction and validation on top.
Target (issue 3): pipeline <= 3x the floor. Figures are pages/s; both are measured in this process,
interleaved round by round, so machine load affects both alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pdfplumber  # noqa: E402

from pipeline.ingest import load_document  # noqa: E402
from pipeline.orchestrate import extract_document  # noqa: E402


def samples() -> list[Path]:
    """Text-layer sample PDFs."""
    return sorted(p for p in (REPO / "samples").rglob("*.pdf") if not p.stem.endswith("-scan"))


def raw_pdfplumber(paths: list[Path]) -> int:
    """Open each PDF and read words, rects and edges of every page; returns pages read."""
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words(extra_attrs=["fontname", "size"])
                _ = page.rects, page.edges
                pages += 1
    return pages


def pipeline(paths: list[Path]) -> tuple[int, float, float]:
    """Full pipeline; returns pages, and seconds spent in ingest and after ingest."""
    pages, t_ingest, t_rest = 0, 0.0, 0.0
    for path in paths:
        t0 = time.perf_counter()
        document = load_document(path)
        t1 = time.perf_counter()
        extract_document(document)
        t2 = time.perf_counter()
        pages += len(document.pages)
        t_ingest += t1 - t0
        t_rest += t2 - t1
    return pages, t_ingest, t_rest


def main() -> None:
    """Print pages/s for both, and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    paths = samples()
    pipeline(paths[:1])  # warm imports (spaCy, pydantic schemas) outside the timing
    raw_times, pipe_times, ingest_times, rest_times = [], [], [], []
    pages = 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        pages = raw_pdfplumber(paths)
        raw_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        _, t_ingest, t_rest = pipeline(paths)
        pipe_times.append(time.perf_counter() - t0)
        ingest_times.append(t_ingest)
        rest_times.append(t_rest)
    raw, pipe = statistics.median(raw_times), statistics.median(pipe_times)
    print(f"documents: {len(paths)}  pages: {pages}  rounds: {args.rounds} (medians)")
    print(f"raw pdfplumber (words+rects+edges): {pages / raw:7.1f} pages/s  ({raw:.2f} s)")
    print(f"plantrack pipeline               : {pages / pipe:7.1f} pages/s  ({pipe:.2f} s)")
    print(f"  of which ingest {statistics.median(ingest_times):.2f} s, "
          f"layout+extract+validate {statistics.median(rest_times):.2f} s")
    print(f"pipeline / raw = {pipe / raw:.2f}x  (target <= 3x)")


if __name__ == "__main__":
    main()
