"""Generate the sample corpus deterministically: PDFs, scans, expected editions and change lists.

Usage: .venv/bin/python samples/generate.py [--out DIR] [--only STEM ...]
Running it twice gives byte-identical files; the outputs are checked in beside this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # plangen/specs beside this file; pipeline from the repo root

from plangen import changes, expected  # noqa: E402
from plangen import eastmoor as eastmoor_style  # noqa: E402
from plangen import northbridge as northbridge_style  # noqa: E402
from plangen.rendered import Rendered  # noqa: E402
from plangen.scan import ScanSettings, scan  # noqa: E402
from plangen.spec import EditionSpec  # noqa: E402
from specs import eastmoor as eastmoor_spec  # noqa: E402
from specs import northbridge as northbridge_spec  # noqa: E402

from pipeline.emit.atomic import write_bytes, write_text  # noqa: E402
from pipeline.models import Edition, PageSource  # noqa: E402


@dataclass
class Plan:
    """A plan's editions and the house style that draws them."""

    folder: str
    editions: list[EditionSpec]
    render: Callable[[EditionSpec], Rendered]
    build: Callable[[EditionSpec, Rendered, str, PageSource, bytes], Edition]
    check: Callable[[EditionSpec, Rendered], None]
    scans: dict[str, ScanSettings]


def _check_northbridge(spec: EditionSpec, rendered: Rendered) -> None:
    """The brief's layout promises: an actions table continues with, and one without, its header row."""
    action_breaks = {repeated for name, repeated in rendered.breaks if name.startswith("actions:")}
    if action_breaks != {True, False}:
        raise AssertionError(
            f"{spec.stem}: actions tables must break both with and without a repeated header, "
            f"got {rendered.breaks}"
        )
    if not any(name == "summary" for name, _r in rendered.breaks):
        raise AssertionError(f"{spec.stem}: the summary table must run over more than one page")


def _check_eastmoor(spec: EditionSpec, rendered: Rendered) -> None:
    """The tracker runs over several pages with its header repeated on each."""
    breaks = [repeated for name, repeated in rendered.breaks if name == "tracker"]
    if len(breaks) < 2 or not all(breaks):
        raise AssertionError(
            f"{spec.stem}: the tracker must span 3+ pages with its header repeated: {breaks}"
        )


PLANS = [
    Plan(
        "northbridge",
        northbridge_spec.EDITIONS,
        northbridge_style.render,
        expected.northbridge,
        _check_northbridge,
        # 300 dpi, +0.8 degrees, light speckle noise, JPEG quality 85.
        {"northbridge-2024-04": ScanSettings(300, 0.8, "speckle", 0.0002, 85, seed=202404, blur_radius=0.6)},
    ),
    Plan(
        "eastmoor",
        eastmoor_spec.EDITIONS,
        eastmoor_style.render,
        expected.eastmoor,
        _check_eastmoor,
        # 200 dpi, -1.2 degrees, gaussian noise, JPEG quality 60.
        {"eastmoor-2024-06": ScanSettings(200, -1.2, "gaussian", 8.0, 60, seed=202406)},
    ),
]


def dump_json(data: Any) -> str:
    """JSON as checked in: indented, UTF-8, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def generate(out: Path, only: set[str] | None = None, scans: bool = True) -> list[Path]:
    """Write every sample (or only the stems in `only`; no scans when `scans` is off) under `out`.

    Returns the paths written.
    """
    written: list[Path] = []
    for plan in PLANS:
        folder = out / plan.folder
        folder.mkdir(parents=True, exist_ok=True)
        previous: tuple[EditionSpec, Edition] | None = None
        for spec in plan.editions:
            rendered = plan.render(spec)
            plan.check(spec, rendered)
            edition = plan.build(spec, rendered, f"{spec.stem}.pdf", PageSource.TEXT_LAYER, rendered.pdf)
            if only is None or spec.stem in only:
                written += _write(folder / f"{spec.stem}.pdf", rendered.pdf)
                written += _write(
                    folder / f"{spec.stem}.expected.json", dump_json(edition.model_dump(mode="json"))
                )
            if previous is not None and (only is None or spec.stem in only):
                old_spec, old_edition = previous
                diff = changes.diff(old_spec, old_edition, spec, edition)
                name = f"changes-{old_spec.stem}--{spec.stem}.expected.json"
                written += _write(folder / name, dump_json(diff))
            settings = plan.scans.get(spec.stem)
            if scans and settings and (only is None or spec.stem in only):
                name = f"{spec.stem}-scan"
                image_pdf = scan(rendered.pdf, settings, title=name)
                twin = plan.build(spec, rendered, f"{name}.pdf", PageSource.OCR, image_pdf)
                written += _write(folder / f"{name}.pdf", image_pdf)
                written += _write(folder / f"{name}.expected.json", dump_json(twin.model_dump(mode="json")))
            previous = (spec, edition)
    return written


def _write(path: Path, data: bytes | str) -> list[Path]:
    if isinstance(data, bytes):
        write_bytes(path, data)
    else:
        write_text(path, data)
    return [path]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: samples/)")
    parser.add_argument("--only", nargs="*", help="stems to write, e.g. northbridge-2024-01")
    parser.add_argument("--no-scans", action="store_true", help="skip the slow image-only scans")
    args = parser.parse_args(argv)
    for path in generate(args.out, set(args.only) if args.only else None, scans=not args.no_scans):
        print(path.relative_to(args.out) if path.is_relative_to(args.out) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
