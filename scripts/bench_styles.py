"""Accuracy on the house-style corpus: N seeded styles generated, extracted and scored field by field.

Usage: .venv/bin/python scripts/bench_styles.py --count N --seed S [--scan DPI] [--workers W] [--keep DIR]
       .venv/bin/python scripts/bench_styles.py --dump SEED --out DIR   (one seed's PDFs + expected JSON)

Seed k draws style k (samples/plangen/styles.py) and content k, and renders edition (k mod 2) + 1;
with --scan the PDF is first rendered to an image-only scan at DPI (damage drawn per seed, see
samples/plangen/scan.py) and the same seed's text layer is scored too, to show what OCR loses.
Prints the F1 distribution, failures per style dimension value (a style fails when its F1 is under
0.98), and the worst seeds with their failing fields, so any failure reproduces with one seed.
The last line is parseable:
`F1 over N styles: min 0.xxx p5 0.xxx median 0.xxx mean 0.xxx`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "samples"), str(REPO)]

FAIL_BELOW = 0.98


def _one(job: tuple[int, int | None, str]) -> dict[str, Any]:
    seed, dpi, folder = job
    from plangen.corpus import build_document
    from plangen.score import compare

    from pipeline import extract_plan

    style, doc = build_document(seed, seed % 2, dpi)
    path = Path(folder) / doc.name
    path.write_bytes(doc.pdf)
    path.with_suffix(".expected.json").write_text(
        json.dumps(doc.expected.model_dump(mode="json"), indent=1), encoding="utf-8"
    )
    started = time.perf_counter()
    try:
        got = extract_plan(path)
    except Exception as exc:  # a document the extractor gives up on scores 0, with the reason
        return {"seed": seed, "f1": 0.0, "dims": style.dimensions(), "failing": [f"error: {exc!r}"[:120]]}
    score = compare(got, doc.expected)
    worst = [f"{n} {score.fields[n].f1:.2f}" for n in score.failing()[:6]]
    result = {
        "seed": seed,
        "f1": score.f1(),
        "dims": style.dimensions(),
        "failing": worst,
        "seconds": time.perf_counter() - started,
    }
    if dpi is not None:  # the same seed's text layer, so the loss to OCR is seen apart from the style's
        _, text_doc = build_document(seed, seed % 2)
        text_path = Path(folder) / text_doc.name
        text_path.write_bytes(text_doc.pdf)
        try:
            result["text_f1"] = compare(extract_plan(text_path), text_doc.expected).f1()
        except Exception:
            result["text_f1"] = 0.0
    return result


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def report(results: list[dict[str, Any]]) -> list[str]:
    """The benchmark's printed lines (last one parseable)."""
    f1s = [r["f1"] for r in results]
    lines = []
    by_value: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in results:
        for dim, value in r["dims"].items():
            by_value[(dim, value)].append(r["f1"])
    lines.append(f"Failures (F1 < {FAIL_BELOW}) per dimension value, most failing share first:")
    rows = []
    for (dim, value), scores in by_value.items():
        failed = sum(s < FAIL_BELOW for s in scores)
        rows.append((failed / len(scores), statistics.mean(scores), dim, value, failed, len(scores)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for share, mean, dim, value, failed, n in rows[:25]:
        name = f"{dim}={value}"
        lines.append(f"  {name:<34} failed {failed:>3}/{n:<3} ({share:4.0%})  mean F1 {mean:.3f}")
    lines.append("Lowest mean F1 per dimension value:")
    for _share, mean, dim, value, _failed, n in sorted(rows, key=lambda r: r[1])[:15]:
        name = f"{dim}={value}"
        lines.append(f"  {name:<34} mean F1 {mean:.3f} over {n}")
    lines.append("Dimensions by spread of mean F1 between their best and worst value:")
    spread: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for _share, mean, dim, value, _failed, _n in rows:
        spread[dim].append((mean, value))
    for dim, means in sorted(spread.items(), key=lambda kv: min(kv[1])[0] - max(kv[1])[0])[:12]:
        (lo, worst), (hi, best) = min(means), max(means)
        lines.append(f"  {dim:<16} {hi - lo:.3f}  worst {worst} {lo:.3f}, best {best} {hi:.3f}")
    rejected = [r["seed"] for r in results if r["failing"] and r["failing"][0].startswith("error")]
    lines.append(f"Documents the extractor rejected (scored 0): {len(rejected)} {rejected[:20]}")
    lines.append("Worst seeds (reproduce: scripts/bench_styles.py --dump SEED --out DIR):")
    for r in sorted(results, key=lambda r: r["f1"])[:10]:
        lines.append(f"  seed {r['seed']}: F1 {r['f1']:.3f}  {'; '.join(r['failing'])}")
    paired = [r for r in results if "text_f1" in r]
    if paired:
        losses = [r["text_f1"] - r["f1"] for r in paired]
        lines.append("Scan vs the same seed's text layer (text F1 -> scan F1), largest loss first:")
        for r in sorted(paired, key=lambda r: r["f1"] - r["text_f1"])[:10]:
            lines.append(
                f"  seed {r['seed']}: {r['text_f1']:.3f} -> {r['f1']:.3f} ({r['f1'] - r['text_f1']:+.3f})"
            )
        lines.append(
            f"Loss to OCR over {len(paired)} styles: median {statistics.median(losses):+.3f} "
            f"mean {statistics.mean(losses):+.3f} max {max(losses):+.3f} "
            f"(text layer median {statistics.median(r['text_f1'] for r in paired):.3f})"
        )
    good = sum(f >= FAIL_BELOW for f in f1s)
    lines.append(f"Styles read at F1 >= {FAIL_BELOW}: {good} of {len(f1s)} ({good / len(f1s):.0%})")
    lines.append(
        f"F1 over {len(f1s)} styles: min {min(f1s):.3f} p5 {_percentile(f1s, 0.05):.3f} "
        f"median {statistics.median(f1s):.3f} mean {statistics.mean(f1s):.3f}"
    )
    return lines


def dump(seed: int, out: Path) -> None:
    """Write one seed's editions, expected editions, change list and style."""
    from plangen.styles import main

    main([str(seed), "--out", str(out)])


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--scan", type=int, metavar="DPI", help="score image-only scans at this dpi")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the generated PDFs and expected JSON here")
    parser.add_argument("--dump", type=int, metavar="SEED", help="write one seed's files and exit")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for --dump")
    args = parser.parse_args(argv)
    if args.dump is not None:
        dump(args.dump, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-styles-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(s, args.scan, str(folder)) for s in range(args.seed, args.seed + args.count)]
        started = time.perf_counter()
        if args.workers > 1:
            with ProcessPoolExecutor(args.workers) as pool:
                results = list(pool.map(_one, jobs, chunksize=4))
        else:
            results = [_one(j) for j in jobs]
        elapsed = time.perf_counter() - started
    print(f"{len(results)} styles in {elapsed:.0f} s with {args.workers} workers", file=sys.stderr)
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
