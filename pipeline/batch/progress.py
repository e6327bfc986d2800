"""Progress on stderr: rich bars on a terminal, plain numbered lines otherwise; stdout is never touched."""

from __future__ import annotations

import sys
from typing import Any, Protocol, TextIO

from pipeline.batch.outcome import FAILED, Outcome
from pipeline.errors import printable


class Progress(Protocol):
    """What the runner tells the user while it works."""

    def start(self, total: int) -> None:
        """The number of inputs is known."""

    def done(self, outcome: Outcome) -> None:
        """One input finished (any status)."""

    def note(self, text: str) -> None:
        """Information (hidden by --quiet)."""

    def finish(self, summary: str) -> None:
        """The final summary line (always shown)."""

    def close(self) -> None:
        """Stop drawing (idempotent)."""


class LineProgress:
    """Per document '[3/40] file.pdf: ok 10 recs, 31 actions (0.8 s)'; errors always, others unless quiet."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False, verbose: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.verbose = verbose
        self.total = 0
        self.count = 0

    def _print(self, text: str) -> None:
        print(printable(text), file=self.stream, flush=True)

    def start(self, total: int) -> None:
        """Remember the total for the counters."""
        self.total = total
        if self.verbose:
            self._print(f"plantrack: {total} input(s)")

    def done(self, outcome: Outcome) -> None:
        """Print the document's line (its error line when it failed)."""
        self.count += 1
        if outcome.status == FAILED:
            self._print(f"plantrack: error: {outcome.error}")
        elif not self.quiet:
            self._print(f"[{self.count}/{self.total}] {outcome.path}: {outcome.describe()}")

    def note(self, text: str) -> None:
        """Print unless quiet."""
        if not self.quiet:
            self._print(text)

    def finish(self, summary: str) -> None:
        """Print the summary."""
        self._print(summary)

    def close(self) -> None:
        """Nothing to stop."""


class RichProgress:
    """A rich progress bar (documents, rate, ETA) on stderr, with errors printed above it."""

    def __init__(self, stream: TextIO | None = None, *, verbose: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(file=stream or sys.stderr, highlight=False)
        self.verbose = verbose
        self.bar = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task: Any = None
        self.started = False

    def start(self, total: int) -> None:
        """Show the bar."""
        self.bar.start()
        self.started = True
        self.task = self.bar.add_task("documents", total=total, rate="")
        # pages are known only as documents finish (counting them first would open every file twice)
        self.pages = self.bar.add_task("pages", total=None, rate="")

    def done(self, outcome: Outcome) -> None:
        """Advance the bar; print failures (and, verbose, every document) above it."""
        if outcome.status == FAILED:
            self.console.print(printable(f"plantrack: error: {outcome.error}"), markup=False)
        elif self.verbose:
            self.console.print(printable(f"{outcome.path}: {outcome.describe()}"), markup=False)
        self.bar.advance(self.task)
        if outcome.edition is not None:
            self.bar.advance(self.pages, outcome.edition.source.page_count)
        for task, unit in ((self.task, "doc/s"), (self.pages, "pages/s")):
            state = self.bar.tasks[task]
            elapsed = state.elapsed or 0.0
            self.bar.update(task, rate=f"{state.completed / elapsed:.1f} {unit}" if elapsed > 0 else "")

    def note(self, text: str) -> None:
        """Print above the bar."""
        self.console.print(printable(text), markup=False)

    def finish(self, summary: str) -> None:
        """Remove the bar and print the summary."""
        self.close()
        self.console.print(printable(summary), markup=False)

    def close(self) -> None:
        """Stop the bar."""
        if self.started:
            self.bar.stop()
            self.started = False


def make_progress(stream: TextIO | None = None, *, quiet: bool = False, verbose: bool = False) -> Progress:
    """Rich bars when the stream is a terminal (and not quiet), plain lines otherwise."""
    stream = stream or sys.stderr
    if not quiet and stream.isatty():
        return RichProgress(stream, verbose=verbose)
    return LineProgress(stream, quiet=quiet, verbose=verbose)
