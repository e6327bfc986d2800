"""Batch throughput: documents/s and pages/s with 1 and 2 workers, the speed-up, and the cached re-run.

Usage: .venv/bin/python scripts/bench_batch.py [--documents N] [--workers-max W]

Makes N (default 40) distinct documents from the text-layer samples in a temporary folder (each copy
gets a trailing PDF comment after %%EOF, so its sha256 differs while its content reads the same),
then runs the batch with 1 worker and with W workers into fresh output folders, and finally re-runs
the W-worker batch unchanged (every document a cache hit). Targets: speed-up >= 1.7x at 2 workers;
cached re-run <= 5% of the first run.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.batch import BatchConfig, BatchResult, run_batch  # noqa: E402
from pipeline.batch.progress import LineProgress  # noqa: E402


def text_layer_samples() -> list[Path]:
    """The sample PDFs that have a text layer (scans excluded: this measures the batch, not OCR)."""
    return sorted(p for p in (REPO / "samples").rglob("*.pdf") if not p.stem.endswith("-scan"))


def make_corpus(folder: Path, count: int) -> list[Path]:
    """`count` copies of the samples, each with different bytes."""
    samples = [p.read_bytes() for p in text_layer_samples()]
    names = [p.stem for p in text_layer_samples()]
    paths = []
    for i in range(count):
        k = i % len(samples)
        path = folder / f"{names[k]}-copy{i:03d}.pdf"
        path.write_bytes(samples[k] + f"% plantrack bench copy {i}\n".encode())
        paths.append(path)
    return paths


def timed(inputs: list[Path], out: Path, workers: int) -> tuple[float, BatchResult]:
    """Run the batch (JSON and CSV, no history store) and time it."""
    config = BatchConfig(out=out, formats=("json", "csv"), workers=workers, db=None)
    started = time.perf_counter()
    result = run_batch(inputs, config, LineProgress(io.StringIO(), quiet=True))
    return time.perf_counter() - started, result


def pages(result: BatchResult) -> int:
    """Pages of every document read in the run."""
    return sum(o.edition.source.page_count for o in result.outcomes if o.edition is not None)


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, run the three batches, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--workers-max", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        inputs = make_corpus(root / "in", args.documents)
        t1, r1 = timed(inputs, root / "out1", 1)
        tn, rn = timed(inputs, root / "outn", args.workers_max)
        tc, rc = timed(inputs, root / "outn", args.workers_max)
        n_pages = pages(r1)
        for label, t, r in (("1 worker", t1, r1), (f"{args.workers_max} workers", tn, rn)):
            print(
                f"{label:>10}: {len(inputs)} documents, {n_pages} pages in {t:.1f} s = "
                f"{len(inputs) / t:.2f} documents/s, {n_pages / t:.1f} pages/s; {r.stats}"
            )
        print(f"speed-up {args.workers_max} vs 1 worker: {t1 / tn:.2f}x (target >= 1.7x)")
        print(f"cached re-run: {tc:.2f} s = {100 * tc / tn:.1f}% of the first run (target <= 5%); {rc.stats}")
        print(
            f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
            "(other processes competing for the cores lower the speed-up)"
        )
        ok = rc.stats["cached"] == len(inputs) and not r1.stats["failed"] and not rn.stats["failed"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
