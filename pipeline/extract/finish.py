"""Finishing touches shared by both extract paths: source identity, unique keys, leads across the document.

Each reader returns a `Reading` (what it found, with the issues it met); `assemble` finishes it into
an Edition. Nothing here mutates shared state but the records it is given.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeVar

from pipeline.codes import issue
from pipeline.extract.leads import LeadDirectory
from pipeline.extract.meta import EditionMeta
from pipeline.models import (
    Action,
    Document,
    Edition,
    Indicator,
    Issue,
    Legend,
    PageInfo,
    Recommendation,
    SourceInfo,
    StatedTotal,
)


class DetailHeading(NamedTuple):
    """A recommendation's detail heading as the leads step needs it."""

    title: str
    leads_raw: str | None  # the lead as the heading (or the line below it) prints it
    page: int


@dataclass
class Reading:
    """What one reader found in a document: its records, and the issues it met reading them."""

    meta: EditionMeta
    legend: Legend
    totals: list[StatedTotal]
    recommendations: list[Recommendation]
    actions: list[Action]
    indicators: list[Indicator]
    headings: dict[int, DetailHeading]
    issues: list[Issue]


def source_info(document: Document) -> SourceInfo:
    """Identity of the input and how each page was read."""
    return SourceInfo(
        name=document.name,
        sha256=document.sha256,
        page_count=len(document.pages),
        pages=[
            PageInfo(number=p.number, source=p.source, confidence=round(p.confidence, 3))
            for p in document.pages
        ],
    )


class _Keyed(Protocol):
    key: str


R = TypeVar("R", bound=_Keyed)


def _renamed_repeats(records: Sequence[R], mark: str) -> Iterator[tuple[R, str]]:
    """Give each repeat of a key a `mark`+n suffix ('R2-a~2'); yield the record and the key it repeated."""
    seen: Counter[str] = Counter()
    for r in records:
        seen[r.key] += 1
        if seen[r.key] > 1:
            key = r.key
            r.key = f"{key}{mark}{seen[key]}"
            yield r, key


def unique_keys(actions: list[Action], indicators: list[Indicator]) -> list[Issue]:
    """Make record keys unique: a repeated action key gets a '~n' suffix (its ref printed again under
    the same recommendation, PT303), a repeated indicator key a '#n' suffix (listed twice, PT306)."""
    issues = [
        issue(
            "PT303",
            f"reference '{a.ref}' appears again in recommendation {a.recommendation}",
            page=a.provenance.page,
            record=f"action:{key}",
            field="ref",
        )
        for a, key in _renamed_repeats(actions, "~")
    ]
    issues += [
        issue(
            "PT306",
            f"indicator '{i.code}' listed twice under recommendation {i.recommendation}",
            page=i.provenance.page,
            record=f"indicator:{key}",
        )
        for i, key in _renamed_repeats(indicators, "#")
    ]
    return issues


def resolve_leads(
    recs: list[Recommendation],
    actions: list[Action],
    indicators: list[Indicator],
    headings: dict[int, DetailHeading],
) -> list[Issue]:
    """Each record's leads as names of the document's lead directory; the issues of repairs and clashes.

    The directory is built from every lead the document prints, so a name OCR damaged in one cell
    is read as the name printed whole elsewhere (PT210); a summary row and its detail heading that
    name different leads are reported (PT214), the summary's names kept.
    """
    issues: list[Issue] = []
    raws = [r.leads_raw for r in recs] + [a.leads_raw for a in actions] + [i.leads_raw for i in indicators]
    raws += [h.leads_raw for h in headings.values()]
    directory = LeadDirectory.from_raw([r for r in raws if r])

    def resolve(raw: str | None, record: str, page: int) -> list[str]:
        if not raw:
            return []
        names = []
        for match in directory.resolve(raw):
            if match.repaired:
                issues.append(
                    issue(
                        "PT210",
                        f"lead '{match.raw}' read as '{match.name}'",
                        page=page,
                        record=record,
                        field="leads",
                    )
                )
            if match.name not in names:
                names.append(match.name)
        return names

    for r in recs:
        r.leads = resolve(r.leads_raw, f"recommendation:{r.number}", r.provenance.page)
        heading = headings.get(r.number)
        if heading and heading.leads_raw:
            detail = resolve(heading.leads_raw, f"recommendation:{r.number}", heading.page)
            if not r.leads:
                r.leads, r.leads_raw = detail, heading.leads_raw
            elif set(detail) != set(r.leads):
                issues.append(
                    issue(
                        "PT214",
                        f"summary names {', '.join(r.leads)} but the detail heading names "
                        f"{', '.join(detail)}",
                        page=heading.page,
                        record=f"recommendation:{r.number}",
                        field="leads",
                    )
                )
    for a in actions:
        a.leads = resolve(a.leads_raw, f"action:{a.key}", a.provenance.page)
    for i in indicators:
        i.leads = resolve(i.leads_raw, f"indicator:{i.key}", i.provenance.page)
    return issues


def assemble(document: Document, reading: Reading) -> Edition:
    """Make keys unique, resolve leads across the whole document, and build the Edition."""
    issues = [
        *reading.issues,
        *unique_keys(reading.actions, reading.indicators),
        *resolve_leads(reading.recommendations, reading.actions, reading.indicators, reading.headings),
    ]
    return Edition(
        source=source_info(document),
        **dataclasses.asdict(reading.meta),
        legend=reading.legend,
        stated_totals=reading.totals,
        recommendations=reading.recommendations,
        actions=reading.actions,
        indicators=reading.indicators,
        issues=issues,
    )
