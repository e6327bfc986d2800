"""Positioned pages (text layer or OCR) to an Edition: walk the layout flow in reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.codes import issue
from pipeline.extract.cells import block_lines, norm, paragraphs
from pipeline.extract.finish import assemble
from pipeline.extract.meta import read_meta
from pipeline.extract.rag import (
    default_legend,
    legend_disagreements,
    legend_from_rows,
    meaning_of_description,
    read_status,
)
from pipeline.extract.tables import (
    ACTION_ROLES,
    INDICATOR_ROLES,
    Context,
    read_actions,
    read_indicators,
    read_legend_table,
    read_summary,
)
from pipeline.extract.totals import entity_named, stated_totals_from_rows, stated_totals_from_text
from pipeline.layout.lines import group_lines, split_at_gaps
from pipeline.models import (
    Action,
    DeliveryState,
    Document,
    Edition,
    Indicator,
    Issue,
    Legend,
    PageSource,
    Provenance,
    Recommendation,
    StatedTotal,
    StatusSource,
)
from pipeline.models.layout import Layout, Table, TextLine
from pipeline.vocab.refs import REF_RE, recommendation_of_ref
from pipeline.vocab.sections import (
    LEAD_LINE_RE,
    LEAD_PAREN_RE,
    NO_PI_RE,
    SECTION_RE,
    parse_heading,
    split_section_block,
)
from pipeline.vocab.status import KEY_LABEL_WORDS, RAG_SENTENCE_RE


@dataclass
class Heading:
    """A recommendation heading read from the prose: number, title, lead and the RAG it carries."""

    number: int
    title: str
    leads_raw: str | None
    page: int
    status: str | None = None
    progress: str | None = None


class _Narrative:
    """The progress narrative under a recommendation heading: the prose between its heading (and lead
    line) and the first table or next heading, as detail-block plans print it.

    Only closed narratives count: lines after the last heading that reach no table or heading (a key
    or closing remarks at the end of the document) are not taken as progress. Bold lines are captions
    ('Performance indicators') and end the narrative; so does a short untitled line right above a
    table (a caption set in the body font, as OCR pages give every line).
    """

    def __init__(self) -> None:
        self.number: int | None = None
        self.lines: list[TextLine] = []
        self.stopped = False

    def open(self, number: int) -> None:
        self.number, self.lines, self.stopped = number, [], False

    def add(self, line: TextLine) -> None:
        if self.number is None or self.stopped:
            return
        text = line.text.strip()
        prev = self.lines[-1] if self.lines else None
        if (
            prev is not None
            and prev.page == line.page
            and abs(prev.top - line.top) < 0.5 * (line.bottom - line.top)
        ):
            # two phrases on one baseline: the rows of a table the layout did not find, not a paragraph
            self.lines, self.stopped = [], True
        elif line.bold or REF_RE.match(text):
            self.stopped = True  # a caption, or the first action of an unfound table ('1.1 Embed ...')
        elif not (RAG_SENTENCE_RE.match(text) or NO_PI_RE.search(text) or LEAD_LINE_RE.match(text)):
            self.lines.append(line)

    def close(self, headings: dict[int, Heading]) -> None:
        if self.number is None:
            return
        lines = self.lines
        if lines and _caption_like(lines[-1].text):
            lines = lines[:-1]
        heading = headings.get(self.number)
        text = "\n".join(paragraphs(lines))
        if heading is not None and text and not heading.progress:
            heading.progress = text
        self.number, self.lines = None, []


def _caption_like(text: str) -> bool:
    """A short line without a sentence's ending: a table caption ('Actions', 'Related PIs')."""
    text = text.strip()
    return len(text.split()) <= 5 and not re.search(r"[.!?;:)]$", text)


SWATCH_LABELS = KEY_LABEL_WORDS
SWATCH_MAX = 140.0  # points: a legend swatch is a coloured box (at most a narrow cell) with its label


def _in_record_table(layout: Layout, page: int, y: float) -> bool:
    """True when the point lies inside a table of records: its status cells are not a key's swatches."""
    for item in layout.flow:
        table = item.table
        if table is None or table.kind not in ("summary", "actions", "indicators") or page not in table.pages:
            continue
        first, last = table.pages[0], table.pages[-1]
        top = table.top if page == first else 0.0
        bottom = table.bottom if page == last else float("inf")
        if top - 1 <= y <= bottom + 1:
            return True
    return False


_KEY_PAIR = re.compile(
    r"(?P<label>[A-Za-z][A-Za-z/&+ -]{0,30}?)\s*(?:=|:|–|—|-)\s*(?P<meaning>[^;=]{2,80}?)"
    r"\s*(?=;|$|,\s*[A-Z][a-z]+\s*(?:=|–|—))"
)


def _written_key(prose: list[TextLine]) -> tuple[list[tuple[str, str | None, str | None]], int | None]:
    """A key written out in a line of prose: 'Key: Blue = Complete; Green = On track; Red = Off track'.

    A line is a key because it pairs two or more status labels (colours, letters, status words) with
    meanings, wherever it sits; a caption word ('Key', 'RAG key') before them is optional.
    """
    for i, ln in enumerate(prose):
        caption = r"^\s*(?:(?:RAG|BRAG|status|rating)\s+)?key\s*[:\-–]?\s*"
        text = re.sub(caption, "", ln.text.strip(), flags=re.I)
        # a key that wraps ('... Blue =' / 'Complete.'): its paragraph's following lines continue it
        for j in range(i + 1, min(i + 4, len(prose))):
            prev, nxt = prose[j - 1], prose[j]
            height = max(prev.bottom - prev.top, 1.0)
            if text.endswith(".") or nxt.page != ln.page or nxt.top - prev.bottom > 0.8 * height:
                break
            text = f"{text} {nxt.text.strip()}"
        if "=" not in text and ";" not in text:
            continue
        rows: list[tuple[str, str | None, str | None]] = []
        for m in _KEY_PAIR.finditer(text):
            label = m.group("label").strip()
            if label.split(" ")[0].casefold() in SWATCH_LABELS:
                rows.append((label, None, m.group("meaning").strip(" .")))
        if len(rows) >= 2:
            return rows, ln.page
    return [], None


def _swatch_legend(document: Document, layout: Layout) -> list[tuple[str, str | None, str | None]]:
    """Legend entries drawn as small coloured boxes with a label and wording beside them (a 'BRAG key').

    Works whether or not the key is ruled as a table: the label is the first phrase to the right of
    the swatch on its line, the description the phrases after it (keys drawn as swatches beside text).
    """
    rows: list[tuple[str, str | None, str | None]] = []
    for page in document.pages:
        for rect in page.rects:
            if rect.x1 - rect.x0 > SWATCH_MAX or rect.bottom - rect.top > SWATCH_MAX / 2:
                continue
            if _in_record_table(layout, page.number, (rect.top + rect.bottom) / 2):
                continue
            # a key printed across the page ('■ Complete  ■ On track  ■ Some slippage'): a swatch's
            # words end where the next swatch on its line begins
            stop = min(
                (
                    r.x0
                    for r in page.rects
                    if r.x0 > rect.x1 + 2
                    and r.x1 - r.x0 <= SWATCH_MAX
                    and min(r.bottom, rect.bottom) - max(r.top, rect.top) > 0.5 * (rect.bottom - rect.top)
                ),
                default=rect.x1 + 500,
            )
            band = [
                w
                for w in page.words
                if rect.top <= (w.top + w.bottom) / 2 <= rect.bottom
                and rect.x0 - 1 <= w.x0
                and w.x0 < stop - 1
            ]
            inside = [w for w in band if w.x1 <= rect.x1 + 1]
            right = [w for w in band if w.x0 >= rect.x1 - 1]
            if not right or (right[0].x0 - rect.x1 > 60 and not inside):
                continue
            phrases = [
                " ".join(w.text for w in part)
                for line in group_lines(right)
                for part in split_at_gaps(line, 1.2)
            ]
            if inside:
                label, desc = " ".join(w.text for w in inside), " ".join(phrases)
            else:
                label, desc = phrases[0], " ".join(phrases[1:])
            # not a RAG cell that happens to be small: a status label, or wording that describes one
            if norm(label).split(" ")[0].lower() in SWATCH_LABELS or meaning_of_description(norm(label)):
                rows.append((norm(label), rect.fill, norm(desc) or None))
    return rows


def _report_extra_columns(table: Table, issues: list[Issue]) -> None:
    """One PT203 per table column the synonym table does not know (its cells go to 'extra')."""
    if table.kind not in ("actions", "indicators"):
        return
    known = ACTION_ROLES if table.kind == "actions" else INDICATOR_ROLES
    for col in table.columns:
        if col.header and col.role not in known:
            issues.append(
                issue(
                    "PT203",
                    f"column '{col.header}' has no field of its own: its cells are kept in 'extra'",
                    page=table.pages[0],
                    field=col.header,
                )
            )


def _count_rows(table: Table) -> list[tuple[str, str]]:
    """(label, count) rows when the table is a table of counts by status, else [].

    Counts are printed down ('Green | 18' per row) or across (a row of labels over a row of counts:
    'Blue | Green | Amber | Red | Total' / '2 | 5 | 1 | 4 | 12').
    """
    grid = [[norm(c.flat) for c in row.cells] for row in table.rows]
    grid = [r for r in grid if any(r)]
    if len(grid) == 2 and len(grid[0]) == len(grid[1]) >= 2:
        labels, counts = grid
        if all(re.fullmatch(r"\d{1,4}", n) for n in counts) and all(
            re.search(r"[A-Za-z]", x) for x in labels
        ):
            return list(zip(labels, counts, strict=True))
    rows = []
    for row in table.rows:
        texts = [norm(c.flat) for c in row.cells if c.lines]
        if len(texts) >= 2:
            rows.append((texts[0], texts[-1]))
    counted = [r for r in rows if re.fullmatch(r"\d{1,4}", r[1])]
    return counted if len(counted) >= 2 and len(counted) >= 0.8 * len(rows) else []


def _counts_table(
    table: Table, caption: str, legend: Legend | None = None, unnamed: list[Table] | None = None
) -> list[StatedTotal]:
    """Stated totals from a table of counts by status ('Green | 18'), when it says what it counts.

    A counts table that names neither actions nor recommendations goes to `unnamed`, to be resolved
    by its total once the records are read (`_unnamed_counts`).
    """
    rows = _count_rows(table)
    entity = entity_named(table.header_text) or entity_named(caption) if rows else None
    if rows and entity is None and unnamed is not None:
        unnamed.append(table)
    if not rows or entity is None:
        return []
    return stated_totals_from_rows(rows, entity, table.pages[0], legend)


def _unnamed_counts(
    tables: list[Table], legend: Legend, recs: list[Recommendation], actions: list[Action]
) -> list[StatedTotal]:
    """Totals from counts tables that do not say what they count ('Summary of progress' over
    'Blue | Green | Amber | Red | Total'): they count the records whose number their Total states,
    when exactly one kind of record has that number. Without a Total, or with a Total that matches
    neither or both, the table states nothing (a guessed entity would make false PT401s).
    """
    out: list[StatedTotal] = []
    for table in tables:
        rows = _count_rows(table)
        total = next(
            (int(n) for label, n in rows if re.fullmatch(r"(?i)\s*(?:grand\s+)?total\s*", label)), None
        )
        if total is None or total == 0:
            continue
        kinds = [k for k, n in (("action", len(actions)), ("recommendation", len(recs))) if n == total]
        if len(kinds) == 1:
            out.extend(stated_totals_from_rows(rows, kinds[0], table.pages[0], legend))
    return out


def _continues_heading(prev: TextLine, line: TextLine) -> bool:
    """A heading wraps onto the next line: same style, no paragraph gap, its lead not yet closed."""
    height = max(prev.bottom - prev.top, 1.0)
    gap = line.top - prev.bottom
    closed = bool(LEAD_PAREN_RE.search(prev.text))
    return (
        not closed
        and line.page == prev.page
        and gap <= 0.8 * height
        and line.bold == prev.bold
        and not LEAD_LINE_RE.match(line.text.strip())
    )


def _starts_heading(line: TextLine) -> bool:
    """A prose line that introduces a recommendation in any of the real-world forms.

    'Recommendation 3: ...', 'Priority 2 - ...', 'Work stream One', 'Standard 1 - Referrals', 'Must do 2'.
    A sentence that merely mentions one ('Recommendation 3 has been ...') is not a heading: the title
    after the number must follow a separator, start with a capital, or the line must be bold.
    """
    text = line.text.strip()
    m = SECTION_RE.match(text)
    if m is None:
        return False
    title = m.group("title")
    between = text[m.start("title") - 1 : m.start("title")] if title else ""
    return line.bold or not title or between in ":.-–—|)" or title[:1].isupper() or title[:1] in "\"'‘“("


def _heading_text(lines: list[TextLine]) -> Heading | None:
    parsed = parse_heading(" ".join(ln.text for ln in lines))
    if parsed is None:
        return None
    number, title, leads_raw, status = parsed
    return Heading(number, norm(title), leads_raw, lines[0].page, status)


def from_layout(document: Document, layout: Layout) -> Edition:
    """Build the edition's records from the layout flow."""
    prose = [item.line for item in layout.flow if item.line is not None]
    meta = read_meta(prose, layout.furniture)
    issues: list[Issue] = []
    legend: Legend | None = None
    for item in layout.flow:
        if item.table is not None and item.table.kind == "legend" and not _count_rows(item.table):
            key_rows = read_legend_table(item.table)
            legend = legend_from_rows(key_rows, item.table.pages[0])
            issues.extend(
                issue("PT221", note, page=item.table.pages[0]) for note in legend_disagreements(key_rows)
            )
            break
    if legend is None:
        written, written_page = _written_key(prose)
        if written:
            legend = legend_from_rows(written, written_page)
            issues.extend(issue("PT221", note) for note in legend_disagreements(written))
    if legend is None:
        swatches = _swatch_legend(document, layout)
        if len(swatches) >= 2:
            legend = legend_from_rows(swatches, None)
            issues.extend(issue("PT221", note) for note in legend_disagreements(swatches))
    if legend is None:
        legend = default_legend()
        issues.append(
            issue("PT205", "no status legend found: default meanings used (G/A/R/C, red/amber/green)")
        )
    ocr_pages = {p.number for p in document.pages if p.source is PageSource.OCR}
    ctx = Context(
        legend=legend, source_of=layout.page_sources, edition_date=meta.edition_date, ocr_pages=ocr_pages
    )

    totals: list[StatedTotal] = []
    for page_no in sorted({ln.page for ln in prose}):
        text = "\n".join(ln.text for ln in prose if ln.page == page_no)
        for total in stated_totals_from_text(text, page_no, legend):
            if not any(
                (t.entity, t.category, t.value) == (total.entity, total.category, total.value) for t in totals
            ):
                totals.append(total)

    summary: list[Recommendation] = []
    sections: list[Recommendation] = []
    headings: dict[int, Heading] = {}
    actions: list[Action] = []
    indicators: list[Indicator] = []
    current: int | None = None
    pending: list[TextLine] = []
    narrative = _Narrative()
    orphans: list[Table] = []  # indicator tables under no heading, waiting for the actions below them
    unnamed_counts: list[Table] = []  # counts tables that do not say what they count
    previous_text = ""
    for item in layout.flow:
        if item.line is not None:
            previous_text = item.line.text
            lead_line = LEAD_LINE_RE.match(item.line.text.strip())
            if _starts_heading(item.line):
                narrative.close(headings)
                pending = [item.line]
            elif pending and lead_line and current is not None and current in headings:
                # 'Lead officer: NAME' on the line below the heading
                if headings[current].leads_raw is None:
                    headings[current].leads_raw = norm(lead_line.group("leads")) or None
                pending = []
                continue
            elif pending and len(pending) < 6 and _continues_heading(pending[-1], item.line):
                pending.append(item.line)
            else:
                pending = []
                narrative.add(item.line)
            parsed = _heading_text(pending) if pending else None
            if parsed:
                current = parsed.number
                keep = headings.get(current)
                if keep is not None and keep.leads_raw and not parsed.leads_raw:
                    parsed.leads_raw = keep.leads_raw
                if keep is not None and keep.progress and not parsed.progress:
                    parsed.progress = keep.progress
                if keep is not None and not parsed.title:  # 'Recommendation 3 (continued)'
                    parsed.title, parsed.page = keep.title, keep.page
                    parsed.status = parsed.status or keep.status
                headings[current] = parsed
                narrative.open(current)
            continue
        table = item.table
        assert table is not None
        pending = []
        if table.kind == "unknown" and not table.header_text.strip():
            # a headerless 'table' whose first rows are single cells of prose: the narrative's paragraphs
            # taken into the region of the table below them (a shaded or two-row header above it)
            for row in table.rows:
                filled = [c for c in row.cells if c.lines]
                if len(filled) != 1:
                    break
                for ln in block_lines(filled):
                    narrative.add(ln)
        narrative.close(headings)
        if len(table.pages) > 1:
            issues.append(
                issue(
                    "PT219",
                    f"{table.kind} table continued over pages {table.pages} and was stitched",
                    page=table.pages[0],
                )
            )
        counts = _counts_table(table, previous_text, ctx.legend, unnamed_counts)
        if counts:
            for total in counts:
                if not any((t.entity, t.category) == (total.entity, total.category) for t in totals):
                    totals.append(total)
            continue
        _report_extra_columns(table, issues)
        if table.kind == "summary":
            summary.extend(read_summary(table, ctx))
            for heading in _absorbed_headings(table):
                keep = headings.get(heading.number)
                headings[heading.number] = keep or heading
                current = heading.number
        elif table.kind == "indicators":
            if current is None:
                orphans.append(table)  # the action table below may say whose they are
            else:
                indicators.extend(read_indicators(table, current, ctx))
        elif table.kind == "actions":
            found = read_actions(table, current, ctx, sections)
            actions.extend(found)
            if orphans:
                owner = _owner_by_refs(found)
                if owner is not None:
                    indicators.extend(i for t in orphans for i in read_indicators(t, owner, ctx))
                    orphans = []
            if sections:
                current = sections[-1].number
        elif table.kind == "unknown" and table.header_text:
            issues.append(
                issue("PT202", f"table header not recognised: {table.header_text[:80]}", page=table.pages[0])
            )

    for table in orphans:
        issues.append(
            issue(
                "PT220",
                "indicator table under no recommendation heading: its rows are kept under recommendation 0",
                page=table.pages[0],
            )
        )
        indicators.extend(read_indicators(table, 0, ctx))
    recs = _merge_recommendations(summary, sections, headings, issues, ctx)
    if not recs and not actions and not indicators:
        from pipeline.errors import NoPlanError

        raise NoPlanError(
            "no improvement-plan structure found (PT201: no recommendation, action or indicator tables)"
        )
    _roll_up(recs, actions)
    for total in _unnamed_counts(unnamed_counts, legend, recs, actions):
        if not any((t.entity, t.category) == (total.entity, total.category) for t in totals):
            totals.append(total)
    issues.extend(ctx.issues)
    issues.extend(i for page in document.pages for i in page.issues)  # OCR failed / timed out / skipped
    by_number = {n: (h.title, h.leads_raw, h.page) for n, h in headings.items()}
    return assemble(document, meta, legend, totals, recs, actions, indicators, by_number, issues)


def _absorbed_headings(table: Table) -> list[Heading]:
    """Recommendation headings the layout read into a summary table as rows of their own.

    A summary table that runs onto the next page can take the detail block's first heading under it
    as a row ('Must do 1: Improve ... / Lead officer: NAME' in one cell, the other cells empty). A
    summary row starts with its number, so a row whose only text is a section heading is the
    heading of the block below the table, not a recommendation of the summary.
    """
    out = []
    for row in table.rows:
        filled = [c for c in row.cells if c.lines]
        lines = block_lines(filled)
        if not lines or not SECTION_RE.match(lines[0].text.strip()) or len(filled) > 2:
            continue
        text, lead, narrative = split_section_block([ln.text for ln in lines], [ln.bold for ln in lines])
        parsed = parse_heading(text)
        if parsed is None:
            continue
        number, title, leads_raw, status = parsed
        progress = "\n".join(narrative) or None
        out.append(Heading(number, norm(title), leads_raw or lead, row.page, status, progress))
    return out


def _owner_by_refs(found: list[Action]) -> int | None:
    """The one recommendation a table of actions serves, when every ref names it ('3.1', '3.2').

    Plans without recommendation headings print each recommendation's indicator table just above its
    action table; the hierarchical refs of those actions are then the only link between the
    indicators and their recommendation. A table whose refs name several recommendations (or none)
    says nothing about the indicators above it.
    """
    owners = {recommendation_of_ref(a.ref) if a.ref else None for a in found}
    if len(owners) == 1 and (owner := owners.pop()) is not None:
        return owner
    return None


def _merge_recommendations(
    summary: list[Recommendation],
    sections: list[Recommendation],
    headings: dict[int, Heading],
    issues: list,
    ctx: Context,
) -> list[Recommendation]:
    """One recommendation per number: summary rows first, then section rows, then headings alone.

    A heading with no summary row is only worth a PT218 when the document has a summary at all.
    """
    by_number: dict[int, Recommendation] = {}
    for rec in [*summary, *sections]:
        found = by_number.get(rec.number)
        if found is not None:
            # a long tracker's section row names the lead (and may carry the narrative) that the
            # summary row of the same recommendation leaves out
            found.leads_raw = found.leads_raw or rec.leads_raw
            found.progress = found.progress or rec.progress
            continue
        by_number[rec.number] = rec
    for number, heading in headings.items():
        found = by_number.get(number)
        if found is not None:
            rec = found
        else:
            if summary:
                issues.append(
                    issue(
                        "PT218",
                        f"recommendation {number} has a detail block but no summary row",
                        page=heading.page,
                        record=f"recommendation:{number}",
                    )
                )
            rec = Recommendation(
                number=number,
                title=heading.title,
                leads_raw=heading.leads_raw,
                progress=heading.progress,
                provenance=Provenance(page=heading.page, source=ctx.source(heading.page), confidence=0.9),
            )
            by_number[number] = rec
        if heading.progress and not rec.progress:
            rec.progress = heading.progress
        if heading.status and rec.status_source is StatusSource.MISSING:
            reading = read_status(heading.status, None, ctx.legend)
            rec.delivery_state, rec.rag = reading.delivery_state, reading.rag
            rec.status_raw, rec.status_source = reading.status_raw, reading.status_source
    return [by_number[n] for n in sorted(by_number)]


def _roll_up(recs: list[Recommendation], actions: list[Action]) -> None:
    """A recommendation with no status of its own whose actions are all complete is complete (inferred)."""
    for r in recs:
        if r.status_source is not StatusSource.MISSING:
            continue
        mine = [a for a in actions if a.recommendation == r.number]
        if mine and all(
            a.delivery_state in (DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED) for a in mine
        ):
            r.delivery_state = DeliveryState.COMPLETE
            r.status_source = StatusSource.INFERRED
