"""What happened to one input of a batch, and the run's totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.models import DeliveryState, Edition, Severity, Status

OK, CACHED, FAILED, REMOVED = "ok", "cached", "failed", "removed"


@dataclass
class Outcome:
    """One input's result: extracted, served from the cache, failed, or gone since the last run."""

    path: Path
    status: str
    sha256: str | None = None
    folder: str | None = None
    edition: Edition | None = None
    exit_code: int = 0
    error: str | None = None
    duration: float = 0.0

    @property
    def partly_read(self) -> bool:
        """True when the edition's coverage warnings name pages that were not fully read."""
        return bool(self.edition and self.edition.coverage and self.edition.coverage.partly_read)

    @property
    def state(self) -> str:
        """'ok', 'cached', or 'partly read (pages 6-9)' in place of 'ok' (', partly read' after cached)."""
        if not self.partly_read or self.edition is None or self.edition.coverage is None:
            return self.status
        pages = self.edition.coverage.pages_to_check
        return f"partly read ({pages})" if self.status == OK else f"{self.status}, partly read ({pages})"

    def describe(self) -> str:
        """A short line such as 'ok 10 recs, 31 actions (0.8 s)'."""
        if self.edition is None:
            return f"{self.status}: {self.error or ''}".rstrip(": ")
        e = self.edition
        mismatches = sum(not r.ok for r in e.reconciliation)
        recon = (
            "no stated totals"
            if not e.reconciliation
            else "totals reconcile"
            if not mismatches
            else f"{mismatches} total(s) do not reconcile"
        )
        return (
            f"{self.state} {len(e.recommendations)} recs ({status_counts(e.recommendations)}), "
            f"{len(e.actions)} actions ({status_counts(e.actions)}); {recon} "
            f"({e.source.page_count} pages, {self.duration:.1f} s)"
        )


STATUS_LETTER = {"red": "R", "amber_red": "AR", "amber": "A", "amber_green": "AG", "green": "G"}


def status_counts(records: Sequence[Status]) -> str:
    """'2 BAU, 6 C, 18 G, 5 A, 2 R': counts by delivery state (BAU, complete) then RAG; '?' for unrated."""
    counts: Counter[str] = Counter()
    for r in records:
        if r.delivery_state is DeliveryState.BUSINESS_AS_USUAL:
            counts["BAU"] += 1
        elif r.delivery_state in (DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED):
            counts["C"] += 1
        else:
            counts[STATUS_LETTER.get(r.rag.value, "?")] += 1
    order = ["BAU", "C", "G", "AG", "A", "AR", "R", "?"]
    return ", ".join(f"{counts[k]} {k}" for k in order if counts[k]) or "none"


@dataclass
class BatchResult:
    """Every outcome of a run and the counters tests and the summary use."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str) -> int:
        """How many inputs ended with this status."""
        return sum(o.status == status for o in self.outcomes)

    @property
    def stats(self) -> dict[str, int]:
        """{extracted, cached, failed, removed}."""
        return {
            "extracted": self.count(OK),
            "cached": self.count(CACHED),
            "failed": self.count(FAILED),
            "removed": self.count(REMOVED),
        }

    @property
    def failures(self) -> list[Outcome]:
        """The failed inputs, by path."""
        return sorted((o for o in self.outcomes if o.status == FAILED), key=lambda o: str(o.path))

    def summary(self) -> str:
        """The final line: documents, records, issues by severity, reconciliation mismatches."""
        editions = [o.edition for o in self.outcomes if o.edition is not None]
        records = sum(len(e.recommendations) + len(e.actions) + len(e.indicators) for e in editions)
        by_sev = {s: sum(i.severity is s for e in editions for i in e.issues) for s in Severity}
        mismatches = sum(not r.ok for e in editions for r in e.reconciliation)
        s = self.stats
        ok = s["extracted"] + s["cached"]
        docs = f"{ok} ok ({s['extracted']} extracted, {s['cached']} cached), {s['failed']} failed"
        issues = ", ".join(f"{n} {sev.value}" for sev, n in by_sev.items())
        tail = "; interrupted" if self.interrupted else ""
        partly = sum(o.partly_read for o in self.outcomes)
        docs += f"; {partly} partly read (see the PT5xx issues)" if partly else ""
        return (
            f"plantrack: {docs}; {records} records; issues: {issues}; "
            f"{mismatches} reconciliation mismatch{'es' if mismatches != 1 else ''}{tail}"
        )
