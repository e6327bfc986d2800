"""Mutation fuzzing: corrupt sample PDFs, text and images at random; every outcome a result or a clean error.

Usage: .venv/bin/python scripts/fuzz.py [--count N] [--seed S] [--timeout SECONDS] [--ocr never|auto]

Inputs go round-robin over the kinds: PDF (every sample PDF), plain text (windows of the OCR-text
seed with text edits: control characters, NULs, escapes, formula and markup prefixes, BOMs and
UTF-16, page breaks, then byte edits) and images (PNG, JPEG and TIFF renders of sample pages, with
byte edits).

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
import time
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


def sample_texts(root: Path = REPO / "samples") -> list[Path]:
    """Every checked-in text sample (the OCR seed), sorted."""
    return sorted(p for p in root.rglob("*.txt") if ".expected." not in p.name)


def render_images(pdfs: list[Path], folder: Path) -> list[Path]:
    """Small PNG, JPEG and TIFF renders of the first page of a few sample PDFs (the image seeds)."""
    import pypdfium2 as pdfium

    out: list[Path] = []
    for n, pdf in enumerate(pdfs[:3]):
        doc = pdfium.PdfDocument(str(pdf))
        try:
            image = doc[0].render(scale=72 / 72).to_pil().convert("RGB")
        finally:
            doc.close()
        fmt, suffix = [("PNG", ".png"), ("JPEG", ".jpg"), ("TIFF", ".tif")][n % 3]
        path = folder / f"{pdf.stem}{suffix}"
        image.save(path, fmt)
        out.append(path)
    return out


TEXT_INSERTS = [
    "\x00",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\r",
    "\f",
    "\x7f",
    "\u202e",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "[/]",
    "[bold]",
    "[link=http://x]",
    "Recommendation 99",
    "RAG: G",
    "Due: Mar 2024 [/]",
    "x" * 5000,
]


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    """A window of the text's lines with 1-8 text edits, sometimes re-encoded, then maybe byte edits."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    start = rng.randrange(max(1, len(lines) - 50))
    lines = lines[start : start + rng.randint(50, 300)]
    for _ in range(rng.randint(1, MAX_MUTATIONS)):
        if not lines:
            break
        at = rng.randrange(len(lines))
        kind = rng.choice(("insert", "prefix", "delete", "duplicate", "swap"))
        if kind == "insert":
            pos = rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:pos] + rng.choice(TEXT_INSERTS) + lines[at][pos:]
        elif kind == "prefix":
            lines[at] = rng.choice(TEXT_INSERTS) + lines[at]
        elif kind == "delete":
            del lines[at : at + rng.randint(1, 10)]
        elif kind == "duplicate":
            lines[at:at] = lines[at : at + rng.randint(1, 10)]
        else:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
    text = "\n".join(lines)
    encoding = rng.choice(("utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"))
    data = text.encode(encoding, errors="replace")
    return mutate(data, rng) if rng.random() < 0.3 else data


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
    kinds: Counter[str] = field(default_factory=Counter)  # mutants by input suffix
    problems: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        """Mutants run."""
        return sum(self.counts.values())


def fuzz(
    samples: list[Path], count: int, seed: int, timeout: float, ocr: OcrMode = OcrMode.NEVER
) -> FuzzReport:
    """Run `count` mutants (round-robin over the samples) and classify each outcome.

    Text samples (`.txt`) get `mutate_text`, every other sample `mutate`.
    """
    rng = random.Random(seed)
    originals = [p.read_bytes() for p in samples]
    options = ExtractOptions(ocr=ocr).model_dump_json()
    report = FuzzReport()
    with tempfile.TemporaryDirectory(prefix="plantrack-fuzz-") as tmp:
        for i in range(count):
            k = i % len(samples)
            path = Path(tmp) / f"mutant-{i:04d}-{samples[k].name}"
            edit = mutate_text if samples[k].suffix == ".txt" else mutate
            path.write_bytes(edit(originals[k], rng))
            report.kinds[samples[k].suffix] += 1
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
    pdfs = sample_pdfs()
    if not pdfs:
        print("fuzz: no sample PDFs under samples/", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="plantrack-fuzz-seeds-") as seeds:
        images = render_images(pdfs, Path(seeds))
        texts = sample_texts()
        # interleave the kinds so that any count runs all three: pdf, text, pdf, image, ...
        samples: list[Path] = []
        for n, pdf in enumerate(pdfs):
            samples.append(pdf)
            samples.append(texts[n % len(texts)] if n % 2 == 0 and texts else images[n % len(images)])
        started = time.perf_counter()
        report = fuzz(samples, args.count, args.seed, args.timeout, OcrMode(args.ocr))
        elapsed = time.perf_counter() - started
    for line in report.problems:
        print(line)
    c = report.counts
    print(
        f"inputs tried {report.tried}; results {c['result']}; clean errors {c['clean_error']}; "
        f"crashes {c['crash']}; hangs {c['hang']}; by kind "
        + ", ".join(f"{k} {n}" for k, n in sorted(report.kinds.items()))
        + f"; {elapsed:.0f} s"
    )
    return 1 if c["crash"] or c["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
