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
from pipeline.extract.leads import LeadDirectory, split_leads
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
    Severity,
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
    issues += carry_merged_leads(actions, directory)
    for a in actions:
        a.leads = resolve(a.leads_raw, f"action:{a.key}", a.provenance.page)
    for i in indicators:
        i.leads = resolve(i.leads_raw, f"indicator:{i.key}", i.provenance.page)
    return issues


def _follows(above: Action, below: Action) -> bool:
    """`below` is the row printed directly under `above`: same table position, same or next page."""
    if below.recommendation != above.recommendation:
        return False
    if below.provenance.page == above.provenance.page + 1:
        return True  # a merged cell split by a page break prints its text once, on the first page
    if below.provenance.page != above.provenance.page:
        return False
    a, b = above.provenance.bbox, below.provenance.bbox
    return a is None or b is None or b[1] >= a[1]


def _names_in_row(action: Action, directory: LeadDirectory) -> bool:
    """The row prints one of the document's lead names outside its lead cell (in its text, progress or
    an extra column): a lead the layout put in the wrong cell, not a merged lead cell."""
    text = " ".join([action.text, action.progress or "", *action.extra.values()]).casefold()
    text = " ".join(text.split())
    return any(name.casefold() in text for name in directory.canonical)


def _names_a_lead(action: Action) -> bool:
    """The action's lead cell names someone: not empty, not only the column's header repeated."""
    return bool(action.leads_raw and split_leads(action.leads_raw))


def carry_merged_leads(actions: list[Action], directory: LeadDirectory) -> list[Issue]:
    """Give an action whose lead cell is empty the lead of the row above, when that cell is a merged one.

    Plans authored in Word or Excel merge the lead cells of consecutive actions that share a lead and
    print the names once, at the top of the merged cell; with no rules drawn (or the rule broken at a
    page), the rows below look like rows with an empty lead cell (or, where a repeated header row
    joins the row at the top of a page, a cell holding only the header's words: 'Named person').
    They are read as the merged cell's rows when the document's lead column is in use (at least half
    of its actions name a lead), the row directly above it under the same recommendation names one,
    and the row prints no lead name elsewhere (a name in its text is a lead the layout misplaced).
    A fragment (the rest of a row split by a page break, debris read as a row) gets no lead this
    way. Each carried lead is reported (PT212, info) so a reader can check it.
    """
    named = sum(1 for a in actions if _names_a_lead(a))
    if named < 2 or 2 * named < len(actions):
        return []
    issues: list[Issue] = []
    above: Action | None = None
    for action in actions:
        if above is not None and (action.ref == above.ref or (above.ref and not action.ref)):
            # no row of its own: the rest of a row split by a page break (its ref again, or none
            # where the rows have refs) or debris the layout read as a row; the merged cell, if
            # any, goes on past it
            continue
        if (
            not _names_a_lead(action)
            and above is not None
            and _names_a_lead(above)
            and _follows(above, action)
            and not _names_in_row(action, directory)
        ):
            action.leads_raw = above.leads_raw
            issues.append(
                issue(
                    "PT212",
                    f"lead cell empty: read as the merged lead cell above it ({above.leads_raw})",
                    page=action.provenance.page,
                    record=f"action:{action.key}",
                    field="leads",
                    severity=Severity.INFO,
                )
            )
        above = action
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
