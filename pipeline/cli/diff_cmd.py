"""`plantrack diff`: what changed between two editions of a plan (PDFs, text, or extracted edition.json)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from pipeline.cli import app
from pipeline.errors import ExitCode, InputError
from pipeline.models import Edition
from pipeline.options import ExtractOptions


def load_edition(path: Path, options: ExtractOptions) -> Edition:
    """An Edition from an extracted edition.json, or by extracting the document at `path`."""
    if path.suffix.lower() == ".json":
        try:
            return Edition.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(
                f"not an extracted edition ({where}: {first['msg']})",
                path=str(path),
                remedy="pass a PDF, image or text file, or an edition.json written by plantrack extract",
            ) from exc
    from pipeline.orchestrate import extract

    return extract(path, options)


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="The earlier edition: PDF, image, OCR text or edition.json."),
    new: Path = typer.Argument(..., help="The later edition."),
    out: Path = typer.Option(
        Path("out"), "--out", "-o", help="Output folder ('-' for changes JSON on stdout)."
    ),
    formats: str = typer.Option("json,csv", "--format", "-f", help="Comma-separated: json, csv, xlsx."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when there are changes (like git diff)."
    ),
    password: str | None = typer.Option(None, "--password", help="Password for encrypted PDFs."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Diff two editions: OUT/changes.json and changes.csv (and .xlsx), and a summary on stderr."""
    from pipeline.diff import diff_editions
    from pipeline.report.changes import DIFF_FORMATS, changes_json, write_changes
    from pipeline.report.terminal import print_summary

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in chosen if f not in DIFF_FORMATS]
    if bad:
        print(
            f"plantrack: error: unknown format {', '.join(bad)} (choose from {', '.join(DIFF_FORMATS)})",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.USAGE))
    options = ExtractOptions(password=password)
    result = diff_editions(load_edition(old, options), load_edition(new, options))
    if str(out) == "-":
        sys.stdout.write(changes_json(result))
    else:
        for path in write_changes(result, out, "changes", chosen):
            if not quiet:
                print(f"wrote {path}", file=sys.stderr)
    if not quiet:
        print_summary(result)
    if exit_code and result.changes:
        raise typer.Exit(int(ExitCode.CHANGES))
