"""`plantrack extract`: files, folders or globs in, one output folder per edition out, in parallel."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import typer

from pipeline.cli import app, state
from pipeline.errors import ExitCode, printable
from pipeline.options import ExtractOptions, OcrMode


def _usage(message: str) -> typer.Exit:
    print(f"plantrack: error: {message}", file=sys.stderr)
    return typer.Exit(int(ExitCode.USAGE))


def _to_stdout(paths: list[Path], options: ExtractOptions, timeout: float, strict: bool = False) -> None:
    """`-o -`: one input's edition JSON on stdout, nothing written to disk."""
    from pipeline.batch.task import Job, extract_task
    from pipeline.emit.records import edition_json
    from pipeline.models import Edition

    if len(paths) != 1:
        raise _usage(f"-o - writes one edition to stdout; got {len(paths)} inputs (use an output folder)")
    result = extract_task(Job(str(paths[0]), options.model_dump_json(), timeout))
    if result.edition_json is None:
        print(f"plantrack: error: {printable(result.error or '')}", file=sys.stderr)
        raise typer.Exit(result.exit_code)
    edition = Edition.model_validate_json(result.edition_json)
    sys.stdout.write(edition_json(edition))
    if strict and edition.coverage and edition.coverage.partly_read:
        print(_partly_read_line([(paths[0], edition.coverage.pages_to_check)]), file=sys.stderr)
        raise typer.Exit(int(ExitCode.PARTLY_READ))


def _partly_read_line(docs: list[tuple[Path, str]]) -> str:
    listed = "; ".join(f"{path} ({pages})" for path, pages in docs[:5])
    more = f"; and {len(docs) - 5} more" if len(docs) > 5 else ""
    return (
        f"plantrack: error: --strict: {len(docs)} document(s) only partly read: {listed}{more} "
        "(see the PT5xx issues in issues.csv; outputs were written)"
    )


@app.command("extract")
def extract_command(
    paths: list[str] = typer.Argument(..., help="PDFs, images, OCR text files, folders or quoted globs."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder ('-' for JSON on stdout)."),
    formats: str = typer.Option(
        "json,csv,xlsx", "--format", "-f", help="Comma-separated: json, csv, xlsx, parquet."
    ),
    password: str | None = typer.Option(None, "--password", help="Password for encrypted PDFs."),
    ocr: OcrMode = typer.Option(OcrMode.AUTO, "--ocr", help="auto: only pages without a text layer."),
    dpi: int = typer.Option(300, "--dpi", help="Render resolution for OCR."),
    max_pages: int = typer.Option(2000, "--max-pages", help="Refuse documents with more pages."),
    max_image_pixels: int = typer.Option(120_000_000, "--max-image-pixels", help="Refuse larger images."),
    max_text_bytes: int = typer.Option(
        10_000_000, "--max-text-bytes", help="Refuse larger text inputs (about 7,500 pages)."
    ),
    page_timeout: float = typer.Option(120.0, "--page-timeout", help="Seconds allowed to OCR one page."),
    workers: int = typer.Option(
        0,
        "--workers",
        "-j",
        help="Processes in all: documents in parallel, or one document's OCR pages (default: all cores).",
    ),
    executor: str = typer.Option("local", "--executor", help="local (process pool) or dask."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="dask scheduler address (tcp://host:8786)."
    ),
    doc_timeout: float = typer.Option(600.0, "--doc-timeout", help="Seconds allowed per document."),
    db: Path | None = typer.Option(None, "--db", help="History store (default OUT/plantrack.db)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record editions in the history store."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Extract again even when the cache has the input."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the final summary."),
    verbose: bool = typer.Option(False, "--verbose", help="More progress detail."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 11 when a document was only partly read (coverage warnings)."
    ),
) -> None:
    """Extract each edition to OUT/<name>/: edition.json, recommendations/actions/indicators/issues.csv, xlsx.

    Also writes OUT/index.csv (every input), OUT/failures.csv and OUT/run.json. Unchanged inputs are
    served from OUT/.cache. Exit 0 when all inputs were extracted, a lone input's own code when it
    failed, 9 when some of several failed.
    """
    from pipeline.batch import BatchConfig, discover_inputs, exit_code_for, run_batch
    from pipeline.batch.progress import make_progress
    from pipeline.batch.runner import EXECUTORS
    from pipeline.emit.records import ALL_FORMATS

    fmt = tuple(dict.fromkeys(f.strip() for f in formats.split(",") if f.strip()))
    bad = [f for f in fmt if f not in ALL_FORMATS]
    if bad or not fmt:
        raise _usage(f"unknown format {', '.join(bad) or '(none)'} (choose from {', '.join(ALL_FORMATS)})")
    if executor not in EXECUTORS:
        raise _usage(f"unknown executor {executor} (choose from {', '.join(EXECUTORS)})")
    for name, seconds in (("--doc-timeout", doc_timeout), ("--page-timeout", page_timeout)):
        if not math.isfinite(seconds):  # nan disables every timeout; inf overflows the timers
            raise _usage(f"{name} must be a finite number of seconds, not {seconds}")
    if workers < 0 or doc_timeout <= 0:
        raise _usage("--workers must be >= 0 and --doc-timeout > 0")
    try:
        options = ExtractOptions(
            password=password,
            ocr=ocr,
            dpi=dpi,
            max_pages=max_pages,
            max_image_pixels=max_image_pixels,
            max_text_bytes=max_text_bytes,
            page_timeout=page_timeout,
            ocr_workers=workers or None,  # a user's --workers limit holds for OCR page processes too
        )
    except ValueError as exc:
        first = str(exc).splitlines()
        raise _usage(f"invalid option: {first[1] if len(first) > 1 else first[0]}") from exc
    inputs = discover_inputs(
        paths, warn=lambda text: print(f"plantrack: warning: {printable(text)}", file=sys.stderr)
    )
    if not inputs:
        print("plantrack: error: no PDF, image or text files found in the given paths", file=sys.stderr)
        raise typer.Exit(int(ExitCode.INPUT))
    if str(out) == "-":
        _to_stdout(inputs, options, doc_timeout, strict)
        return
    verbose = verbose or bool(state["verbose"])
    config = BatchConfig(
        out=out,
        formats=fmt,
        options=options,
        workers=workers or os.cpu_count() or 1,
        executor=executor,
        scheduler=scheduler,
        doc_timeout=doc_timeout,
        use_cache=not no_cache,
        db=None if no_store else (db or out / "plantrack.db"),
    )
    progress = make_progress(sys.stderr, quiet=quiet, verbose=verbose)
    try:
        result = run_batch(inputs, config, progress)
    except KeyboardInterrupt:
        # Typer turns KeyboardInterrupt into a silent exit 130; say what state the outputs are in.
        progress.close()
        print(
            "plantrack: interrupted; finished outputs were kept, nothing half-written remains "
            "(run the same command again to resume from the cache)",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    progress.finish(result.summary())
    code = exit_code_for(result, len(inputs), strict=strict)
    if code == ExitCode.PARTLY_READ:
        partly = [
            (o.path, o.edition.coverage.pages_to_check)
            for o in result.outcomes
            if o.partly_read and o.edition is not None and o.edition.coverage is not None
        ]
        print(_partly_read_line(partly), file=sys.stderr)
    if code:
        raise typer.Exit(code)
