"""Mutation fuzzing: corrupt the sample PDFs at random and check every outcome is a result or a clean error.

Usage: .venv/bin/python scripts/fuzz.py [--count N] [--seed S] [--timeout SECONDS] [--ocr never|auto]

Each mutant runs in this process through the same per-document task the CLI runs (`extract_task`,
with its time limit). Outcomes are counted as results, clean errors (a typed PlantrackError),
crashes (any other exception: a bug) and hangs (over the time limit). Exit status 1 when there
was a crash or a hang.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.batch.task import Job, TaskResult, extract_task  # noqa: E402
from pipeline.errors import ExitCode  # noqa: E402
from pipeline.options import ExtractOptions, OcrMode  # noqa: E402

# Bounds keep a mutant close enough to a PDF that the parser gets past the header most of the time.
MAX_MUTATIONS = 8
MAX_SPAN = 64


def sample_pdfs(root: Path = REPO / "samples") -> list[Path]:
    """Every checked-in sample PDF, sorted."""
    return sorted(root.rglob("*.pdf"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """1-8 random edits: flipped bytes, overwritten or deleted spans, duplicated spans, a truncation."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, MAX_MUTATIONS)):
        if len(buf) < 2:
            break
        at = rng.randrange(len(buf))
        span = rng.randint(1, MAX_SPAN)
        kind = rng.choice(("flip", "overwrite", "delete", "duplicate", "insert", "truncate", "digit"))
        if kind == "flip":
            buf[at] ^= 1 << rng.randrange(8)
        elif kind == "overwrite":
            buf[at : at + span] = rng.randbytes(len(buf[at : at + span]))
        elif kind == "delete":
            del buf[at : at + span]
        elif kind == "duplicate":
            buf[at:at] = buf[at : at + span]
        elif kind == "insert":
            buf[at:at] = rng.randbytes(span)
        elif kind == "truncate":
            del buf[max(16, at) :]
        else:  # change a digit: offsets, lengths, object numbers and /Count values are digits
            digits = [i for i in range(at, min(len(buf), at + 4096)) if 48 <= buf[i] <= 57]
            if digits:
                buf[rng.choice(digits)] = rng.randint(48, 57)
    return bytes(buf)


def classify(result: TaskResult) -> str:
    """'result', 'clean_error', 'crash' or 'hang'."""
    if result.ok:
        return "result"
    if result.exit_code == ExitCode.TIMEOUT:
        return "hang"
    if result.exit_code == ExitCode.INTERNAL:
        return "crash"
    return "clean_error"


@dataclass
class FuzzReport:
    """Counts by outcome, and what the crashes and hangs said."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        """Mutants run."""
        return sum(self.counts.values())


def fuzz(
    samples: list[Path], count: int, seed: int, timeout: float, ocr: OcrMode = OcrMode.NEVER
) -> FuzzReport:
    """Run `count` mutants (round-robin over the samples) and classify each outcome."""
    rng = random.Random(seed)
    originals = [p.read_bytes() for p in samples]
    options = ExtractOptions(ocr=ocr).model_dump_json()
    report = FuzzReport()
    with tempfile.TemporaryDirectory(prefix="plantrack-fuzz-") as tmp:
        for i in range(count):
            k = i % len(samples)
            path = Path(tmp) / f"mutant-{i:04d}-{samples[k].name}"
            path.write_bytes(mutate(originals[k], rng))
            result = extract_task(Job(str(path), options, timeout))
            kind = classify(result)
            report.counts[kind] += 1
            if kind in ("crash", "hang"):
                report.problems.append(f"{kind}: {samples[k].name} mutant {i} (seed {seed}): {result.error}")
            path.unlink()
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: run the fuzzer and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="mutants to run")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same mutants)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per mutant before it is a hang")
    parser.add_argument("--ocr", choices=[m.value for m in OcrMode], default="never", help="OCR mode")
    args = parser.parse_args(argv)
    samples = sample_pdfs()
    if not samples:
        print("fuzz: no sample PDFs under samples/", file=sys.stderr)
        return 2
    report = fuzz(samples, args.count, args.seed, args.timeout, OcrMode(args.ocr))
    for line in report.problems:
        print(line)
    c = report.counts
    print(
        f"inputs tried {report.tried}; results {c['result']}; clean errors {c['clean_error']}; "
        f"crashes {c['crash']}; hangs {c['hang']}"
    )
    return 1 if c["crash"] or c["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
