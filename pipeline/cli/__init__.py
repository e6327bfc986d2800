"""The plantrack command line: a thin layer over the pipeline's functions."""

from __future__ import annotations

import sys
import traceback

import typer

from pipeline.errors import ExitCode, PlantrackError, printable

app = typer.Typer(
    name="plantrack",
    help="Improvement-plan PDFs to validated records (JSON, CSV, XLSX), and what changed between editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

state = {"verbose": False}


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks and detailed progress."),
) -> None:
    """plantrack: extract, validate, diff and report improvement plans."""
    state["verbose"] = verbose


def fail(exc: PlantrackError) -> typer.Exit:
    """Print the one-line error to stderr and return the Exit to raise."""
    print(f"plantrack: error: {printable(exc.one_line())}", file=sys.stderr)
    if state["verbose"]:
        traceback.print_exc()
    return typer.Exit(int(exc.exit_code))


def main() -> None:
    """Console-script entry point: typed errors become one line and an exit code."""
    from pipeline.cli import commands  # noqa: F401  (registers the commands)

    try:
        app()
    except PlantrackError as exc:
        print(f"plantrack: error: {printable(exc.one_line())}", file=sys.stderr)
        if state["verbose"]:
            traceback.print_exc()
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        print(
            "plantrack: interrupted; finished outputs were kept, nothing half-written remains",
            file=sys.stderr,
        )
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # a bug in any command: one line and 70, never 1 (diff's "changes found")
        summary = str(exc).splitlines()[0][:300] if str(exc) else ""
        message = f"internal error: {type(exc).__name__}: {summary}".rstrip(": ")
        print(
            f"plantrack: error: {printable(message)} (please report it with the -v output)", file=sys.stderr
        )
        if state["verbose"]:
            traceback.print_exc()
        sys.exit(int(ExitCode.INTERNAL))
