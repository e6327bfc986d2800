"""Field-level precision, recall and F1 of an extracted edition against an expected one.

Extras count: every extracted record, field value, stated total, legend entry (read from the
document) and error-severity issue that the expected edition lacks is a false positive. A field
is counted only where the expected or the extracted edition has a value (both empty: nothing was
compared, so it is not a free 1.0); a document with expected records and none extracted scores 0.
Imports nothing from the pipeline but its models, so it can judge any extractor.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.models import Edition, PlanDate, Severity

SPACES = re.compile(r"\s+")
EMPTY: tuple[Any, ...] = (None, "", [], {}, ())


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        return SPACES.sub(" ", v).strip()
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    if hasattr(v, "value") and not isinstance(v, PlanDate):
        return v.value
    return v


def _date(d: PlanDate | None) -> Any:
    return None if d is None else (_norm(d.raw), d.value, d.end, d.precision.value)


def _measure(m: Any) -> Any:
    if m is None:
        return None
    period = getattr(m, "period", None)
    return (m.value, m.unit, _norm(period) if period else None)


REC_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": lambda r: _norm(r.title),
    "leads": lambda r: sorted(r.leads),
    "delivery_state": lambda r: r.delivery_state.value,
    "rag": lambda r: r.rag.value,
    "status_raw": lambda r: r.status_raw,
    "progress": lambda r: _norm(r.progress),
    "page": lambda r: r.provenance.page,
}
ACTION_FIELDS: dict[str, Callable[[Any], Any]] = {
    "ref": lambda a: a.ref,
    "objective": lambda a: _norm(a.objective),
    "text": lambda a: _norm(a.text),
    "bullets": lambda a: _norm(a.bullets),
    "leads": lambda a: sorted(a.leads),
    "start": lambda a: _date(a.start),
    "due": lambda a: _date(a.due),
    "revised_due": lambda a: _date(a.revised_due),
    "completed": lambda a: _date(a.completed),
    "delivery_state": lambda a: a.delivery_state.value,
    "rag": lambda a: a.rag.value,
    "status_source": lambda a: a.status_source.value,
    "progress": lambda a: _norm(a.progress),
    "extra": lambda a: _norm(a.extra),
    "page": lambda a: a.provenance.page,
}
INDICATOR_FIELDS: dict[str, Callable[[Any], Any]] = {
    "code": lambda i: i.code,
    "description": lambda i: _norm(i.description),
    "leads": lambda i: sorted(i.leads),
    "target": lambda i: _measure(i.target),
    "actual": lambda i: _measure(i.actual),
    "polarity": lambda i: i.polarity.value,
    "rag": lambda i: i.rag.value,
    "page": lambda i: i.provenance.page,
}
META_FIELDS = ["organisation", "plan_title", "plan_version", "edition_label", "edition_date", "data_as_of"]


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def counted(self) -> bool:
        """Whether anything was compared."""
        return bool(self.tp or self.fp or self.fn)

    @property
    def precision(self) -> float:
        """Share of extracted values that are right (0 when nothing right was extracted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of expected values extracted."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall: 2tp / (2tp + fp + fn)."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.counted else 0.0


@dataclass
class Score:
    """Per-field counts and the mismatches found."""

    fields: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    mismatches: list[str] = field(default_factory=list)

    def value(self, name: str, got: Any, want: Any, detail: str) -> None:
        """Compare one value: right, wrong (a miss and a false claim), missing, or extra."""
        g_empty, w_empty = got in EMPTY, want in EMPTY
        if g_empty and w_empty:
            return
        c = self.fields[name]
        if got == want:
            c.tp += 1
            return
        if not w_empty:
            c.fn += 1
        if not g_empty:
            c.fp += 1
        self.mismatches.append(detail)

    def total(self, prefix: str = "") -> Counts:
        """Counts summed over the fields whose name starts with `prefix`."""
        out = Counts()
        for name, c in self.fields.items():
            if name.startswith(prefix):
                out.tp, out.fp, out.fn = out.tp + c.tp, out.fp + c.fp, out.fn + c.fn
        return out

    def f1(self, prefix: str = "") -> float:
        """Micro F1 over all fields (or those starting with `prefix`); 0.0 when nothing was compared."""
        return self.total(prefix).f1

    def ratio(self, prefix: str = "") -> float:
        """The F1 of `prefix` (the name older tests use)."""
        return self.f1(prefix)

    def failing(self) -> list[str]:
        """Fields with any false positive or negative, worst first."""
        bad = [(c.f1, n) for n, c in self.fields.items() if c.fp or c.fn]
        return [n for _f, n in sorted(bad)]

    def table(self) -> str:
        """Per-field precision, recall and F1."""
        rows = [f"{'field':<32} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}"]
        for n in sorted(self.fields):
            c = self.fields[n]
            rows.append(f"{n:<32} {c.tp:>4} {c.fp:>4} {c.fn:>4}  {c.precision:.3f} {c.recall:.3f} {c.f1:.3f}")
        t = self.total()
        rows.append(f"{'ALL':<32} {t.tp:>4} {t.fp:>4} {t.fn:>4}  {t.precision:.3f} {t.recall:.3f} {t.f1:.3f}")
        return "\n".join(rows)


def _records(
    score: Score,
    kind: str,
    got: Iterable[Any],
    want: Iterable[Any],
    key: Callable[[Any], Any],
    fields: dict[str, Callable[[Any], Any]],
    only: set[str] | None,
) -> None:
    got_by = {key(r): r for r in got}
    want_by = {key(r): r for r in want}
    for k in [*want_by, *(k for k in got_by if k not in want_by)]:
        w, g = want_by.get(k), got_by.get(k)
        score.value(
            f"{kind}.record",
            k if g is not None else None,
            k if w is not None else None,
            f"{kind} {k}: " + ("extracted but not expected" if w is None else "not extracted"),
        )
        for name, fn in fields.items():
            if only is not None and name not in only:
                continue
            expected = fn(w) if w is not None else None
            actual = fn(g) if g is not None else None
            score.value(
                f"{kind}.{name}", actual, expected, f"{kind} {k} {name}: got {actual!r}, want {expected!r}"
            )


def _multiset(score: Score, name: str, got: list[Any], want: list[Any], label: str) -> None:
    g, w = Counter(got), Counter(want)
    c = score.fields[name] if (got or want) else None
    if c is None:
        return
    for item in set(g) | set(w):
        matched = min(g[item], w[item])
        c.tp += matched
        c.fn += w[item] - matched
        c.fp += g[item] - matched
        if w[item] > matched:
            score.mismatches.append(f"{label} {item} not found")
        if g[item] > matched:
            score.mismatches.append(f"{label} {item} extracted but not expected")


def _legend_entries(edition: Edition) -> list[Any]:
    if edition.legend.source != "document":
        return []  # a default legend is not read from the document: neither claimed nor compared
    return [
        (e.label.lower(), e.rag.value, e.delivery_state.value if e.delivery_state else None)
        for e in edition.legend.entries
    ]


def compare(got: Edition, want: Edition, *, fields: set[str] | None = None) -> Score:
    """Score `got` against `want`, field by field (text whitespace-normalised), extras included."""
    score = Score()
    for name in META_FIELDS:
        g, w = _norm(getattr(got, name)), _norm(getattr(want, name))
        score.value(f"edition.{name}", g, w, f"edition {name}: got {g!r}, want {w!r}")
    _multiset(
        score,
        "totals",
        [(t.entity, t.category, t.value) for t in got.stated_totals],
        [(t.entity, t.category, t.value) for t in want.stated_totals],
        "stated total",
    )
    _multiset(score, "legend", _legend_entries(got), _legend_entries(want), "legend entry")
    _records(
        score,
        "recommendation",
        got.recommendations,
        want.recommendations,
        lambda r: r.number,
        REC_FIELDS,
        fields,
    )
    _records(score, "action", got.actions, want.actions, lambda a: a.key, ACTION_FIELDS, fields)
    _records(score, "indicator", got.indicators, want.indicators, lambda i: i.key, INDICATOR_FIELDS, fields)
    _multiset(
        score,
        "issues",
        [(i.code, i.page) for i in got.issues if i.severity is Severity.ERROR],
        [(i.code, i.page) for i in want.issues if i.severity is Severity.ERROR],
        "error issue",
    )
    return score
