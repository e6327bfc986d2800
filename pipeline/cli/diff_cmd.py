"""`plantrack diff`: what changed between two editions of a plan (PDFs, text, or extracted edition.json)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from pipeline.cli import app
from pipeline.errors import ExitCode, InputError, PlantrackError, printable
from pipeline.history.timeline import edition_label
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


def _plan_name(edition: Edition) -> str:
    return " - ".join(t for t in (edition.organisation, edition.plan_title) if t) or edition.source.name


def check_same_plan(old: Edition, new: Edition) -> None:
    """Refuse editions of two plans: their diff would be hundreds of meaningless changes.

    Plans differ when both editions name an organisation (or a title) and the names differ as the
    history store tells plans apart (`same_name`: edition wording such as 'progress update June 2024'
    set aside); an edition that names neither is not judged.

    Raises:
        DifferentPlansError: naming both plans.
    """
    from pipeline.history.store import same_name

    for field in ("organisation", "plan_title"):
        if not same_name(getattr(old, field), getattr(new, field)):
            raise DifferentPlansError(
                f"the editions are of different plans: {_plan_name(old)!r} ({old.source.name}) and "
                f"{_plan_name(new)!r} ({new.source.name})",
                remedy="pass two editions of one plan, or --force to diff them anyway",
            )


class DifferentPlansError(PlantrackError):
    """`diff` was given editions of two different plans."""

    exit_code = ExitCode.DIFFERENT_PLANS


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
    force: bool = typer.Option(
        False, "--force", help="Diff even when the editions are of different plans (organisation or title)."
    ),
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
    old_edition, new_edition = load_edition(old, options), load_edition(new, options)
    if not force:
        check_same_plan(old_edition, new_edition)
    was, now = old_edition.edition_date, new_edition.edition_date
    if was is not None and now is not None and now < was:
        print(
            printable(
                f"plantrack: warning: the new edition ({edition_label(new_edition)}) is older than the old "
                f"one ({edition_label(old_edition)}); were OLD and NEW swapped?"
            ),
            file=sys.stderr,
        )
    result = diff_editions(old_edition, new_edition)
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
