"""Field-level comparison of an extracted edition with an expected one (per-field scores, mismatches)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.models import Edition, PlanDate

SPACES = re.compile(r"\s+")


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
class Score:
    """Per-field right/total counts and the mismatches found."""

    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mismatches: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str) -> None:
        """Count one compared field."""
        self.total[name] += 1
        if ok:
            self.right[name] += 1
        else:
            self.mismatches.append(detail)

    def ratio(self, prefix: str = "") -> float:
        """Share of fields right (all, or those whose name starts with `prefix`)."""
        names = [n for n in self.total if n.startswith(prefix)]
        total = sum(self.total[n] for n in names)
        return sum(self.right[n] for n in names) / total if total else 1.0

    def table(self) -> str:
        """Human-readable per-field scores."""
        rows = [
            f"{n:<32} {self.right[n]:>4}/{self.total[n]:<4} {self.right[n] / self.total[n]:.3f}"
            for n in sorted(self.total)
        ]
        return "\n".join([*rows, f"{'ALL':<32} {self.ratio():.3f}"])


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
    for k, w in want_by.items():
        g = got_by.get(k)
        for name, fn in fields.items():
            if only is not None and name not in only:
                continue
            expected = fn(w)
            actual = fn(g) if g is not None else "<missing>"
            score.add(
                f"{kind}.{name}", actual == expected, f"{kind} {k} {name}: got {actual!r}, want {expected!r}"
            )
    for k in got_by.keys() - want_by.keys():
        score.add(f"{kind}.extra_record", False, f"{kind} {k}: extracted but not expected")


def compare(got: Edition, want: Edition, *, fields: set[str] | None = None) -> Score:
    """Score `got` against `want`, field by field (text whitespace-normalised)."""
    score = Score()
    for name in META_FIELDS:
        g, w = _norm(getattr(got, name)), _norm(getattr(want, name))
        score.add(f"edition.{name}", g == w, f"edition {name}: got {g!r}, want {w!r}")
    g_tot = {(t.entity, t.category, t.value) for t in got.stated_totals}
    for t in want.stated_totals:
        key = (t.entity, t.category, t.value)
        score.add("totals", key in g_tot, f"stated total {key} not found")
    g_leg = {
        (e.label.lower(), e.rag.value, e.delivery_state.value if e.delivery_state else None)
        for e in got.legend.entries
    }
    for e in want.legend.entries:
        entry = (e.label.lower(), e.rag.value, e.delivery_state.value if e.delivery_state else None)
        score.add("legend", entry in g_leg, f"legend entry {entry} not found")
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
    codes = {i.code for i in got.issues}
    for i in want.issues:
        score.add("planted_issue", i.code in codes, f"planted issue {i.code} not reported")
    return score
