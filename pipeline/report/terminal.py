"""The terminal summary of a diff: changes grouped by significance, worst news first, on stderr."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from pipeline.diff.summary import BETTER, RANK_TITLES, WORSE
from pipeline.errors import printable
from pipeline.models import Change, DiffResult


def _style(change: Change) -> str:
    if change.judgement in WORSE:
        return "red"
    if change.judgement in BETTER:
        return "green"
    return ""


def _side(ref_label: str | None, name: str) -> str:
    return printable(f"{ref_label} ({name})" if ref_label else name)


def print_summary(result: DiffResult, console: Console | None = None, *, limit: int = 25) -> None:
    """Print a heading, then up to `limit` summaries per significance group.

    Rich drops colour by itself when stderr is not a terminal (or NO_COLOR is set), so piped output
    and CI logs stay plain text.
    """
    console = console or Console(stderr=True, highlight=False)
    old, new = result.old, result.new
    console.print(
        Text(
            f"{_side(old.edition_label, old.name)} -> {_side(new.edition_label, new.name)}: "
            f"{len(result.changes)} change(s)",
            style="bold",
        )
    )
    if result.rebased:
        console.print(
            Text(
                f"plan re-based: version {old.plan_version} -> {new.plan_version}; changes may "
                "reflect a content reset",
                style="yellow",
            )
        )
    for rank, group in groupby(result.changes, key=lambda c: c.significance):
        items = list(group)
        title = RANK_TITLES[min(rank, len(RANK_TITLES) - 1)]
        console.print(Text(f"\n{title} ({len(items)})", style="bold underline"))
        for change in items[:limit]:
            console.print(Text(f"  {printable(change.summary)}", style=_style(change)))
        if len(items) > limit:
            console.print(f"  ... and {len(items) - limit} more (see changes.csv)")
