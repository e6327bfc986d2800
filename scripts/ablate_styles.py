"""One dimension at a time: which single house-style choice breaks reading, in isolation.

Usage: .venv/bin/python scripts/ablate_styles.py [--seeds 11,12] [--dims rules,ref_form] [--all]
       .venv/bin/python scripts/ablate_styles.py --with rules=none,header_rows=two --dims header_words
       .venv/bin/python scripts/ablate_styles.py --dump DIM=VALUE --seed 11 --out DIR

The corpus benchmark (`bench_styles.py`) draws every dimension at random, so each style mixes a
dozen choices and a failure cannot be pinned on one of them. Here a plain base style (the first
value of every dimension, with a key table, indicators and stated totals in prose) is varied in one
dimension at a time, rendered with the content of each seed, extracted and scored against the
spec's expected edition. Lines are sorted worst first; the base itself is the `(base)` line, so a
value's cost is its distance from that line. Only values under `--below` (0.995) are printed unless
`--all`. `--with DIM=VALUE,...` changes the base first, to find the interactions of two or more
choices (the corpus's worst styles combine them). `--dump` writes one varied style's PDF and expected
JSON, to look at a failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "samples"), str(REPO)]

from plangen.styles import DIMENSIONS, REFS_WITH_NUMBER, Style  # noqa: E402

BASE: dict[str, str] = {name: values[0] for name, values in DIMENSIONS.items()}
BASE.update(indicators="with_recs", key_form="table", totals="prose")


def varied(seed: int, dim: str | None, value: str | None, base: dict[str, str] | None = None) -> Style:
    """The base style with `dim` set to `value` (impossible combinations repaired as styles.py does)."""
    values = dict(base or BASE)
    if dim is not None and value is not None:
        values[dim] = value
    if values["intro"] == "none":
        if values["ref_form"] not in REFS_WITH_NUMBER:
            values["ref_form"] = "dotted"
        if values["summary"] == "none":
            values["summary"] = "table"
        values["rec_lead"] = "column"
    if values["rec_lead"] == "column" and values["summary"] == "none":
        values["summary"] = "table"
    return Style(seed=seed, **values)


def _render(
    seed: int, dim: str | None, value: str | None, name: str, base: dict[str, str] | None = None
) -> tuple[bytes, Any]:
    from plangen import content, style_expected
    from plangen.render_style import render

    from pipeline.models import PageSource

    s = varied(seed, dim, value, base)
    plan = content.plan(seed, s)
    edition = plan.editions[seed % 2]
    drawn = render(s, plan, edition)
    expected = style_expected.expected(s, plan, edition, drawn, name, PageSource.TEXT_LAYER, drawn.pdf)
    return drawn.pdf, expected


Job = tuple[str | None, str | None, int, dict[str, str]]


def _one(job: Job) -> tuple[str | None, str | None, int, float, list[str]]:
    from plangen.score import compare

    from pipeline import extract_plan

    dim, value, seed, base = job
    pdf, expected = _render(seed, dim, value, "ablate.pdf", base)
    with tempfile.TemporaryDirectory(prefix="ablate-") as tmp:
        path = Path(tmp) / "ablate.pdf"
        path.write_bytes(pdf)
        try:
            got = extract_plan(path)
        except Exception as exc:  # a rejected document scores 0, with the reason
            return dim, value, seed, 0.0, [f"error: {exc!r}"[:100]]
    score = compare(got, expected)
    return dim, value, seed, score.f1(), [f"{n} {score.fields[n].f1:.2f}" for n in score.failing()[:5]]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="11,12", help="content seeds, comma-separated")
    parser.add_argument("--dims", default="", help="only these dimensions, comma-separated")
    parser.add_argument("--below", type=float, default=0.995)
    parser.add_argument("--all", action="store_true", help="print every value, not only failing ones")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--with", dest="base", default="", metavar="DIM=VALUE,...", help="base changes")
    parser.add_argument("--dump", metavar="DIM=VALUE", help="write one varied style's PDF and expected JSON")
    parser.add_argument("--seed", type=int, default=11, help="content seed for --dump")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for --dump")
    args = parser.parse_args(argv)
    base = dict(BASE)
    for pair in filter(None, args.base.split(",")):
        dim, _, value = pair.partition("=")
        if dim not in DIMENSIONS or value not in DIMENSIONS[dim]:
            parser.error(f"--with: {pair!r} is not DIM=VALUE of plangen.styles.DIMENSIONS")
        base[dim] = value
    if args.dump:
        dim, _, value = args.dump.partition("=")
        if dim not in DIMENSIONS or value not in DIMENSIONS[dim]:
            parser.error(f"--dump: {args.dump!r} is not DIM=VALUE of plangen.styles.DIMENSIONS")
        args.out.mkdir(parents=True, exist_ok=True)
        name = f"ablate-{dim}-{value}-{args.seed}"
        pdf, expected = _render(args.seed, dim, value, f"{name}.pdf", base)
        (args.out / f"{name}.pdf").write_bytes(pdf)
        (args.out / f"{name}.expected.json").write_text(
            json.dumps(expected.model_dump(mode="json"), indent=1), encoding="utf-8"
        )
        print(args.out / f"{name}.pdf")
        return 0
    seeds = [int(s) for s in args.seeds.split(",") if s]
    only = {d for d in args.dims.split(",") if d}
    jobs: list[Job] = [(None, None, s, base) for s in seeds]
    for dim, values in DIMENSIONS.items():
        if only and dim not in only:
            continue
        jobs += [(dim, v, s, base) for v in values if v != base[dim] for s in seeds]
    scores: dict[tuple[str | None, str | None], list[float]] = defaultdict(list)
    failing: dict[tuple[str | None, str | None], list[str]] = {}
    with ProcessPoolExecutor(args.workers) as pool:
        for dim, value, _seed, f1, worst in pool.map(_one, jobs):
            scores[(dim, value)].append(f1)
            failing.setdefault((dim, value), worst)
    rows = sorted(scores.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
    for (dim, value), f1s in rows:
        mean = sum(f1s) / len(f1s)
        if dim is None or args.all or mean < args.below:
            name = "(base)" if dim is None else f"{dim}={value}"
            print(f"{name:<38} {mean:.3f}  {'; '.join(failing[(dim, value)])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
