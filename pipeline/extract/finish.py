"""Finishing touches shared by both extract paths: source identity, unique keys, leads across the document."""

from __future__ import annotations

from collections import Counter

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


def unique_action_keys(actions: list[Action], issues: list) -> None:
    """Give a repeated action key a '~n' suffix, reporting the repeated ref (PT303)."""
    seen: Counter[str] = Counter()
    for a in actions:
        seen[a.key] += 1
        if seen[a.key] > 1:
            issues.append(
                issue(
                    "PT303",
                    f"reference '{a.ref}' appears again in recommendation {a.recommendation}",
                    page=a.provenance.page,
                    record=f"action:{a.key}",
                    field="ref",
                )
            )
            a.key = f"{a.key}~{seen[a.key]}"


def unique_indicator_keys(indicators: list[Indicator], issues: list) -> None:
    """Give a repeated indicator key a '#n' suffix, reporting the repeat (PT306)."""
    seen: Counter[str] = Counter()
    for i in indicators:
        seen[i.key] += 1
        if seen[i.key] > 1:
            issues.append(
                issue(
                    "PT306",
                    f"indicator '{i.code}' listed twice under recommendation {i.recommendation}",
                    page=i.provenance.page,
                    record=f"indicator:{i.key}",
                )
            )
            i.key = f"{i.key}#{seen[i.key]}"


def resolve_leads(
    recs: list[Recommendation],
    actions: list[Action],
    indicators: list[Indicator],
    headings: dict[int, tuple[str, str | None, int]],
    issues: list,
) -> None:
    raws = [r.leads_raw for r in recs] + [a.leads_raw for a in actions] + [i.leads_raw for i in indicators]
    raws += [h[1] for h in headings.values()]
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
        if heading and heading[1]:
            detail = resolve(heading[1], f"recommendation:{r.number}", heading[2])
            if not r.leads:
                r.leads, r.leads_raw = detail, heading[1]
            elif set(detail) != set(r.leads):
                issues.append(
                    issue(
                        "PT214",
                        f"summary names {', '.join(r.leads)} but the detail heading names "
                        f"{', '.join(detail)}",
                        page=heading[2],
                        record=f"recommendation:{r.number}",
                        field="leads",
                    )
                )
    for a in actions:
        a.leads = resolve(a.leads_raw, f"action:{a.key}", a.provenance.page)
    for i in indicators:
        i.leads = resolve(i.leads_raw, f"indicator:{i.key}", i.provenance.page)


def assemble(
    document: Document,
    meta: EditionMeta,
    legend: Legend,
    totals: list[StatedTotal],
    recommendations: list[Recommendation],
    actions: list[Action],
    indicators: list[Indicator],
    headings: dict[int, tuple[str, str | None, int]],
    issues: list[Issue],
) -> Edition:
    """Make keys unique, resolve leads across the whole document, and build the Edition."""
    unique_action_keys(actions, issues)
    unique_indicator_keys(indicators, issues)
    resolve_leads(recommendations, actions, indicators, headings, issues)
    return Edition(
        source=source_info(document),
        organisation=meta.organisation,
        plan_title=meta.plan_title,
        plan_version=meta.plan_version,
        edition_label=meta.edition_label,
        edition_date=meta.edition_date,
        data_as_of=meta.data_as_of,
        legend=legend,
        stated_totals=totals,
        recommendations=recommendations,
        actions=actions,
        indicators=indicators,
        issues=issues,
    )
