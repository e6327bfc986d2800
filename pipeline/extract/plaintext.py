"""Plain OCR text (no positions) to a Reading: meta, legend, totals, summary rows and detail blocks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re

from pipeline.codes import issue
from pipeline.errors import NoPlanError
from pipeline.extract.cells import norm
from pipeline.extract.dates import parse_plan_date
from pipeline.extract.finish import DetailHeading, Reading
from pipeline.extract.meta import read_meta
from pipeline.extract.numbers import infer_polarity, parse_actual, parse_measure, repair_percent
from pipeline.extract.plaintext_detail import DetailBlock, heading_number, read_blocks, recommendation_of_line
from pipeline.extract.plaintext_legend import read_legend
from pipeline.extract.plaintext_lines import Line, clean, name_candidates, name_key
from pipeline.extract.plaintext_summary import SummaryRow, read_summary
from pipeline.extract.rag import (
    StatusReading,
    default_legend,
    legend_from_rows,
    read_status,
    status_from_narrative,
)
from pipeline.extract.totals import stated_totals_of_pages
from pipeline.models import (
    Action,
    Document,
    Indicator,
    Issue,
    Legend,
    PageSource,
    PlanDate,
    Provenance,
    Recommendation,
    Severity,
    StatedTotal,
)
from pipeline.models.layout import TextLine
from pipeline.vocab.lines import LEAD_MARK_RE

SUMMARY_TITLE_RE = re.compile(r"^(?:Summary of Progress|Recommendation\s+Progress|Progress Summary)\b", re.I)
CLEAR, PAIRED, GUESSED = 0.9, 0.7, 0.6  # confidence: own line / column block paired by order / inferred


def _prov(page: int, confidence: float) -> Provenance:
    return Provenance(page=page, bbox=None, source=PageSource.PLAIN_TEXT, confidence=confidence)


def _paragraphs(lines: list[Line]) -> list[TextLine]:
    """Blank-line separated paragraphs as single lines: wrapped cover titles and sentences re-joined."""
    out: list[TextLine] = []
    buf: list[str] = []
    page = lines[0].page if lines else 1

    def flush() -> None:
        if buf:
            out.append(
                TextLine(
                    text=norm(" ".join(buf)),
                    page=page,
                    x0=0,
                    top=0,
                    x1=0,
                    bottom=0,
                    source=PageSource.PLAIN_TEXT,
                )
            )
            buf.clear()

    for line in lines:
        if line.page != page or not line.text.strip():
            flush()
            page = line.page
        if line.text.strip():
            buf.append(line.text.strip())
    flush()
    return out


def _summary_region(front: list[Line]) -> list[Line]:
    """The lines from the first page with a summary table header or a 'Recommendation Lead:' cell."""
    for line in front:
        if LEAD_MARK_RE.search(line.text) or SUMMARY_TITLE_RE.match(clean(line.text)):
            return [ln for ln in front if ln.page >= line.page]
    return front


def _legend(lines: list[Line]) -> tuple[Legend, list[Issue]]:
    """The key printed in the text, with a PT212 per label recovered from its description; else the
    default meanings (PT205)."""
    rows, page, recovered = read_legend(lines)
    if not rows:
        return default_legend(), [issue("PT205", "no status legend found: default meanings used (G/A/R/C)")]
    return legend_from_rows(rows, page), [
        issue(
            "PT212",
            f"legend label unreadable: '{label}' recovered from its description",
            page=page,
            field="legend",
        )
        for label in recovered
    ]


def _totals(document: Document, legend: Legend) -> list[StatedTotal]:
    # the page's own lines: the totals reader follows sentences across line breaks itself
    return stated_totals_of_pages(((p.number, "\n".join(p.text_lines)) for p in document.pages), legend)


def _status_issues(reading: StatusReading, page: int, record: str) -> list[Issue]:
    return [issue(code, msg, page=page, record=record, field="rag") for code, msg in reading.issues]


def _record(
    number: int,
    title: str,
    leads_raw: str | None,
    reading: StatusReading,
    progress: list[str],
    page: int,
    confidence: float,
) -> tuple[Recommendation, list[Issue]]:
    rec = Recommendation(
        number=number,
        title=title,
        leads_raw=leads_raw,
        delivery_state=reading.delivery_state,
        rag=reading.rag,
        status_raw=reading.status_raw,
        status_source=reading.status_source,
        progress="\n".join(progress) or None,
        provenance=_prov(page, confidence),
    )
    return rec, _status_issues(reading, page, f"recommendation:{number}")


def _recommendation(
    row: SummaryRow,
    number: int,
    block: DetailBlock | None,
    legend: Legend,
    confidence: float,
) -> tuple[Recommendation, list[Issue]]:
    """A summary row's recommendation; its detail heading gives what the row lacks (title printed whole
    in one column, lead, the RAG a heading carries)."""
    if row.rag_token:
        reading = read_status(row.rag_token, None, legend, ocr=True)
    elif row.bau:
        reading = read_status(row.bau, None, legend)
    elif row.rag_sentence is None and block is not None and block.status_raw:
        reading = read_status(block.status_raw, None, legend)
    else:
        reading = status_from_narrative(row.rag_sentence or "") or read_status(None, None, legend)
    # a row whose title shares its line with the other cells (no column bars) gives neither title nor
    # progress: its words cannot be told apart, and uncertain beats wrong; the heading's are used
    title = block.title if block and block.title else "" if row.title_uncertain else row.title
    leads = row.leads_raw or (block.leads_raw if block else None)
    progress = (block.narrative if block else []) if row.title_uncertain else row.narrative
    return _record(number, title, leads, reading, progress, row.page, confidence)


def _block_recommendation(block: DetailBlock, legend: Legend) -> tuple[Recommendation, list[Issue]]:
    """A recommendation read from its section heading alone: plans with no summary table (or a summary
    that lacks the row) print the title, lead and often the RAG in the heading, and the progress under it."""
    stated = status_from_narrative(block.status_sentence) if block.status_sentence else None
    reading = stated if stated and not block.status_raw else read_status(block.status_raw, None, legend)
    if not block.status_raw and not stated:
        reading = dataclasses.replace(reading, issues=())  # a heading without a RAG is not a missing status
    return _record(block.number, block.title, block.leads_raw, reading, block.narrative, block.page, CLEAR)


def _number_rows(rows: list[SummaryRow], blocks: dict[int, DetailBlock]) -> tuple[list[int], list[Issue]]:
    """Each row's number: as printed, else the detail heading with the same title, else the gap it fills
    (PT204)."""
    numbers: list[int] = []
    issues: list[Issue] = []
    for k, row in enumerate(rows):
        if row.number is not None:
            numbers.append(row.number)
            continue
        by_title = [
            n
            for n, b in blocks.items()
            if difflib.SequenceMatcher(None, b.title.lower(), row.title.lower()).ratio() > 0.85
        ]
        previous = numbers[-1] if numbers else 0
        following = next((r.number for r in rows[k + 1 :] if r.number is not None), None)
        number = by_title[0] if len(by_title) == 1 else previous + 1
        how = "its detail heading has the same title" if len(by_title) == 1 else "the numbers either side"
        if following is not None and not previous < number < following:
            how += f" (but it does not fit between {previous} and {following})"
        issues.append(
            issue(
                "PT204",
                f"summary row lost its number: {number} inferred from {how}",
                page=row.page,
                record=f"recommendation:{number}",
                field="number",
            )
        )
        numbers.append(number)
    return numbers, issues


def _actions(
    block: DetailBlock, legend: Legend, edition_date: dt.date | None
) -> tuple[list[Action], list[Issue]]:
    """A detail block's action rows, with the issues of reading them."""
    out: list[Action] = []
    issues: list[Issue] = []
    for n, draft in enumerate(block.actions, start=1):
        key = f"R{block.number}-{draft.ref}" if draft.ref else f"R{block.number}-#{n}"
        record = f"action:{key}"
        if draft.ref_repaired:
            issues.append(
                issue(
                    "PT216",
                    f"ref printed '{draft.ref_repaired}.' out of sequence: read as "
                    f"'{draft.ref}' (OCR letter confusion)",
                    page=draft.page,
                    record=record,
                    field="ref",
                )
            )
        reading = read_status(draft.rag, None, legend, ocr=True)
        issues.extend(_status_issues(reading, draft.page, record))
        dates: dict[str, PlanDate | None] = {}
        for name in ("start", "due"):
            raw = getattr(draft, name)
            dates[name] = parse_plan_date(raw, edition_date=edition_date) if raw else None
            parsed = dates[name]
            if raw and (parsed is None or parsed.value is None):
                issues.append(
                    issue(
                        "PT209",
                        f"{name} date '{raw}' not understood",
                        page=draft.page,
                        record=record,
                        field=name,
                    )
                )
        if draft.paired:
            columns = ", ".join(sorted(draft.paired))
            issues.append(
                issue(
                    "PT204",
                    f"{columns} paired with this row by order (OCR printed them in a separate column block)",
                    page=draft.page,
                    record=record,
                    severity=Severity.INFO,
                )
            )
        confidence = min(CLEAR if not draft.paired else PAIRED, reading.confidence or CLEAR)
        out.append(
            Action(
                key=key,
                recommendation=block.number,
                ref=draft.ref,
                objective=draft.objective,
                text=norm(draft.text),
                bullets=[norm(b) for b in draft.bullets],
                leads_raw=draft.lead,
                start=dates["start"],
                due=dates["due"],
                delivery_state=reading.delivery_state,
                rag=reading.rag,
                status_raw=reading.status_raw,
                status_source=reading.status_source,
                provenance=_prov(draft.page, confidence),
            )
        )
    for column, value, page in block.unpaired:
        issues.append(
            issue(
                "PT204",
                f"{column} '{value}' could not be paired with a row of recommendation {block.number}",
                page=page,
                record=f"recommendation:{block.number}",
                field=column,
            )
        )
    return out, issues


def _indicators(block: DetailBlock) -> tuple[list[Indicator], list[Issue]]:
    """A detail block's indicator rows, with the repairs made reading their values."""
    out: list[Indicator] = []
    issues: list[Issue] = []
    for draft in block.indicators:
        key = f"R{block.number}-{draft.code}"
        record = f"indicator:{key}"
        description, fixed = repair_percent(draft.description)
        if fixed:
            issues.append(
                issue(
                    "PT211",
                    f"description '{draft.description[:20]}...' read with '%'",
                    page=draft.page,
                    record=record,
                    field="description",
                )
            )
        values = list(draft.values)
        percent = any("%" in v for v in values)
        for k, raw in enumerate(values):
            repaired, changed = repair_percent(raw) if percent else (raw, False)
            if changed:
                issues.append(
                    issue(
                        "PT211",
                        f"value '{raw}' read as '{repaired}'",
                        page=draft.page,
                        record=record,
                        field="actual" if k else "target",
                    )
                )
                values[k] = repaired
        if draft.lost_values:
            issues.append(
                issue(
                    "PT217",
                    f"{draft.lost_values} value cell(s) unreadable",
                    page=draft.page,
                    record=record,
                    field="actual",
                )
            )
        target = parse_measure(values[0]) if values else None
        actual = parse_actual(values[1], draft.period or block.table_period) if len(values) > 1 else None
        out.append(
            Indicator(
                key=key,
                recommendation=block.number,
                code=draft.code,
                description=norm(description),
                leads_raw=draft.lead,
                target=target,
                actual=actual,
                polarity=infer_polarity(description),
                provenance=_prov(draft.page, PAIRED if draft.paired else CLEAR),
            )
        )
    return out, issues


def read_plaintext(document: Document) -> Reading:
    """Read an already-OCR'd plain-text edition into records, by line structure alone.

    Raises:
        NoPlanError: when neither summary rows nor detail blocks are found.
    """
    lines = [Line(page.number, text.rstrip()) for page in document.pages for text in page.text_lines]
    meta = read_meta(_paragraphs(lines))
    no_date = [] if meta.edition_date else [issue("PT213", "edition date not found on the first pages")]
    legend, legend_issues = _legend(lines)
    first_heading = next(
        (i for i, ln in enumerate(lines) if heading_number(clean(ln.text)) is not None),
        # no section headings: the detail starts at the first ref that names its recommendation
        next(
            (i for i, ln in enumerate(lines) if recommendation_of_line(clean(ln.text)) is not None),
            len(lines),
        ),
    )
    detail, front = lines[first_heading:], _summary_region(lines[:first_heading])
    directory_names = {name_key(n) for n in name_candidates(detail)}
    blocks = read_blocks(detail, directory_names)
    by_number = {b.number: b for b in blocks}
    rows = read_summary(front, {b.number: b.title for b in blocks})
    if not rows and not blocks:
        raise NoPlanError(
            "no improvement-plan structure found (PT201: no summary rows or section headings such as "
            "'Recommendation N:', 'Priority N -')"
        )
    numbers, number_issues = _number_rows(rows, by_number)
    read_recs = [
        _recommendation(row, number, by_number.get(number), legend, GUESSED if row.number is None else CLEAR)
        for row, number in zip(rows, numbers, strict=True)
    ]
    without_row = sorted(set(by_number) - set(numbers))
    read_recs += [_block_recommendation(by_number[number], legend) for number in without_row]
    no_row = [  # a plan with a summary table whose table lacks this row
        issue(
            "PT218",
            f"recommendation {number} has a detail block but no summary row",
            page=by_number[number].page,
            record=f"recommendation:{number}",
        )
        for number in (without_row if rows else [])
    ]
    block_actions = [_actions(b, legend, meta.edition_date) for b in blocks]
    block_indicators = [_indicators(b) for b in blocks]
    issues = [
        *no_date,
        *legend_issues,
        *number_issues,
        *(i for _, found in read_recs for i in found),
        *no_row,
        *(i for _, found in block_actions for i in found),
        *(i for _, found in block_indicators for i in found),
    ]
    return Reading(
        meta=meta,
        legend=legend,
        totals=_totals(document, legend),
        recommendations=sorted((rec for rec, _ in read_recs), key=lambda r: r.number),
        actions=[a for found, _ in block_actions for a in found],
        indicators=[i for found, _ in block_indicators for i in found],
        headings={b.number: DetailHeading(b.title, b.leads_raw, b.page) for b in blocks},
        issues=issues,
    )
