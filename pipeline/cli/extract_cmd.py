"""`plantrack extract`: files or folders in, one output folder per edition out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipeline.cli import app, state
from pipeline.errors import ExitCode, OutputError, PlantrackError
from pipeline.options import ExtractOptions, OcrMode

INPUT_SUFFIXES = {".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched recursively for PDFs, images and text; sorted, de-duplicated."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
                              and not f.name.startswith(".") and ".expected" not in f.name))
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


@app.command("extract")
def extract_command(
    paths: list[Path] = typer.Argument(..., help="PDFs, images, OCR text files, or folders of them."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder ('-' for JSON on stdout)."),
    formats: str = typer.Option("json,csv,xlsx", "--format", "-f", help="Comma-separated: json, csv, xlsx."),
    password: str | None = typer.Option(None, "--password", help="Password for encrypted PDFs."),
    ocr: OcrMode = typer.Option(OcrMode.AUTO, "--ocr", help="auto: only pages without a text layer."),
    dpi: int = typer.Option(300, "--dpi", help="Render resolution for OCR."),
    max_pages: int = typer.Option(2000, "--max-pages", help="Refuse documents with more pages."),
    max_image_pixels: int = typer.Option(120_000_000, "--max-image-pixels", help="Refuse larger images."),
    page_timeout: float = typer.Option(120.0, "--page-timeout", help="Seconds allowed to OCR one page."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """Extract each edition to OUT/<file stem>/: edition.json, recommendations/actions/indicators/issues.csv."""
    from pipeline.emit.records import FORMATS, edition_json, write_edition
    from pipeline.orchestrate import extract

    fmt = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in fmt if f not in FORMATS]
    if bad:
        print(f"plantrack: error: unknown format {', '.join(bad)} (choose from {', '.join(FORMATS)})",
              file=sys.stderr)
        raise typer.Exit(int(ExitCode.USAGE))
    options = ExtractOptions(password=password, ocr=ocr, dpi=dpi, max_pages=max_pages,
                             max_image_pixels=max_image_pixels, page_timeout=page_timeout)
    inputs = expand_inputs(paths)
    if not inputs:
        print("plantrack: error: no PDF, image or text files found in the given paths", file=sys.stderr)
        raise typer.Exit(int(ExitCode.INPUT))
    failures: list[tuple[Path, PlantrackError]] = []
    for path in inputs:
        try:
            edition = extract(path, options)
            if str(out) == "-":
                sys.stdout.write(edition_json(edition))
            else:
                write_edition(edition, out / path.stem, fmt)
            if not quiet:
                print(f"{path}: {len(edition.recommendations)} recommendations, {len(edition.actions)} actions, "
                      f"{len(edition.indicators)} indicators, {len(edition.issues)} issues", file=sys.stderr)
        except OutputError:
            raise
        except PlantrackError as exc:
            exc.path = exc.path or str(path)
            print(f"plantrack: error: {exc.one_line()}", file=sys.stderr)
            failures.append((path, exc))
    if failures:
        codes = {int(e.exit_code) for _, e in failures}
        code = codes.pop() if len(codes) == 1 and len(inputs) == 1 else int(ExitCode.BATCH_FAILED)
        if len(inputs) == 1:
            code = int(failures[0][1].exit_code)
        if state["verbose"]:
            print(f"{len(failures)} of {len(inputs)} inputs failed", file=sys.stderr)
        raise typer.Exit(code)
