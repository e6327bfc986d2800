"""Positioned pages (text layer or OCR) to a Reading: walk the layout flow in reading order.

`read_layout` is the list of steps: the edition's metadata (`read_meta`), its status key
(`_find_legend`), the totals its prose states, the walk over the flow (`_FlowWalk`: headings and
narratives from prose lines, records from tables), one recommendation per number
(`_merge_recommendations`), completion rolled up from actions, and the totals of counts tables that
do not say what they count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from pipeline.codes import issue
from pipeline.errors import NoPlanError
from pipeline.extract.cells import block_lines, norm, paragraphs
from pipeline.extract.finish import DetailHeading, Reading, assemble
from pipeline.extract.meta import read_meta
from pipeline.extract.rag import (
    default_legend,
    legend_disagreements,
    legend_from_rows,
    meaning_of_description,
    pair_by_elimination,
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
from pipeline.extract.totals import (
    add_table_totals,
    entity_named,
    stated_totals_from_rows,
    stated_totals_of_pages,
)
from pipeline.layout.lines import split_at_gaps
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
    Rag,
    Recommendation,
    StatedTotal,
    StatusSource,
)
from pipeline.models.layout import Layout, Table, TextLine
from pipeline.models.page import FilledRect, Word
from pipeline.models.words import group_lines
from pipeline.vocab.months import MONTH_WORD
from pipeline.vocab.refs import REF_RE, VALID_REF, recommendation_of_ref
from pipeline.vocab.sections import (
    HEADING_RAG_RE,
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
        self.caption_page: int | None = None  # the page of the captions that alone stopped it

    def open(self, number: int) -> None:
        self.number, self.lines, self.stopped = number, [], False
        self.caption_page = None

    def run_on_page(self, page: int) -> bool:
        """True when the narrative may run on at the top of `page`: it is open, or only captions on
        that page (a table's group header 'What we will do') stopped it."""
        return self.number is not None and (not self.stopped or self.caption_page == page)

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
            # two phrases on one baseline: the rows of a table the layout did not find, not a paragraph;
            # the lines above its first row (the narrative printed over an unruled table the layout
            # did not take as one, often overleaf) are the narrative still
            row_top = prev.top - 0.5 * (line.bottom - line.top)
            self.lines = [ln for ln in self.lines if ln.page != line.page or ln.bottom <= row_top]
            self.stopped, self.caption_page = True, -1
        elif line.bold or REF_RE.match(text) or VALID_REF.match(text):
            self.stopped = True  # a caption, or the first action of an unfound table ('1.1 Embed ...')
            self.caption_page = line.page if line.bold and not REF_RE.match(text) else -1
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
        rows = _key_pairs(text)
        if rows:
            return rows, ln.page
    return [], None


def _key_pairs(text: str) -> list[tuple[str, str | None, str | None]]:
    """The (label, colour, meaning) pairs of a key written out in one text, or [] when it is not one
    (fewer than two status labels paired with meanings)."""
    if "=" not in text and ";" not in text:
        return []
    rows: list[tuple[str, str | None, str | None]] = []
    for m in _KEY_PAIR.finditer(text):
        label = m.group("label").strip()
        if label.split(" ")[0].casefold() in SWATCH_LABELS:
            rows.append((label, None, m.group("meaning").strip(" .")))
    return rows if len(rows) >= 2 else []


def _key_in_table_row(layout: Layout) -> tuple[list[tuple[str, str | None, str | None]], int | None]:
    """A written key the layout took into a table as a row of one cell ('Key: Red = Off track; ...'
    printed under the last table of a page): a key is a key by what it pairs, wherever it was put."""
    for item in layout.flow:
        table = item.table
        if table is None:
            continue
        for row in table.rows:
            filled = [c for c in row.cells if c.lines]
            if len(filled) != 1:
                continue
            text = re.sub(
                r"^\s*(?:(?:RAG|BRAG|status|rating)\s+)?key\s*[:\-–]?\s*",
                "",
                norm(filled[0].flat),
                flags=re.I,
            )
            rows = _key_pairs(text)
            if rows:
                return rows, filled[0].page
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
            if _record_words_before(page.words, rect):
                continue  # a status cell of a records row the layout did not find as a table
            # not a RAG cell that happens to be small: a status label, or wording that describes one
            if _key_label(norm(label)):
                rows.append((norm(label), rect.fill, norm(desc) or None))
    return rows


# What a records row holds and a key never does: a ref ('3.3', '(2b)'), a month or a year.
_RECORD_WORD = re.compile(
    rf"^(?:\(?\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}[a-z]?\)?|\(\d{{1,2}}[a-z]\)|{MONTH_WORD}|(?:19|20)\d\d)[.,;:]?$"
)


def _record_words_before(words: list[Word], rect: FilledRect) -> bool:
    """True when the swatch's line holds, left of it, a ref, a month or a year: the swatch is the
    coloured status cell of a records row (a key pairs labels with meanings and holds no refs or
    dates), whatever the layout made of the table around it."""
    return any(
        w.x1 <= rect.x0 + 1
        and rect.top <= (w.top + w.bottom) / 2 <= rect.bottom
        and _RECORD_WORD.match(w.text)
        for w in words
    )


def _key_label(label: str) -> bool:
    """A key row's label: a status word or colour first ('Green', 'On track', 'Complete'), a token
    letter alone ('A'), or short wording that describes a status; a phrase of prose that merely starts
    with a letter ('A draft has been') or is a clause of a sentence ('... absence; a recovery plan is
    agreed.') is a records cell's text."""
    words = label.split(" ")
    first = words[0].casefold()
    if len(first) == 1 and len(words) > 1:
        return False
    if len(words) > 3 and re.search(r"[;.]", label):
        return False
    return first in SWATCH_LABELS or meaning_of_description(label) is not None


def _extra_column_issues(table: Table) -> list[Issue]:
    """One PT203 per table column the synonym table does not know (its cells go to 'extra')."""
    if table.kind not in ("actions", "indicators"):
        return []
    known = ACTION_ROLES if table.kind == "actions" else INDICATOR_ROLES
    return [
        issue(
            "PT203",
            f"column '{col.header}' has no field of its own: its cells are kept in 'extra'",
            page=table.pages[0],
            field=col.header,
        )
        for col in table.columns
        if col.header and col.role not in known
    ]


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


def _counts_entity(table: Table, caption: str) -> str | None:
    """What a counts table counts ('action', 'recommendation'), when its header or caption says."""
    return entity_named(table.header_text) or entity_named(caption)


def _unnamed_counts(
    tables: list[Table], legend: Legend, recs: list[Recommendation], actions: list[Action]
) -> list[StatedTotal]:
    """Totals from counts tables that do not say what they count ('Summary of progress' over
    'Blue | Green | Amber | Red | Total'): they count the kind of record their Total names.

    A Total names a kind when it is that kind's number of records and not the other's; when it is
    both (as many recommendations as actions), the kind whose statuses agree with more of the table's
    counts; when it is neither, the kind whose number is within one record in ten of it while the other
    is far off (a record the reading missed does not make a plan's summary unstated). Without a
    Total, or when no kind is clearly named, the table states nothing (a guessed entity would make
    false PT401s).
    """
    out: list[StatedTotal] = []
    kinds: dict[str, list[Recommendation] | list[Action]] = {"action": actions, "recommendation": recs}
    for table in tables:
        rows = _count_rows(table)
        total = next(
            (int(n) for label, n in rows if re.fullmatch(r"(?i)\s*(?:grand\s+)?total\s*", label)), None
        )
        if total is None or total == 0:
            continue
        probe = {k: stated_totals_from_rows(rows, k, table.pages[0], legend) for k in kinds}
        exact = [k for k, records in kinds.items() if len(records) == total]
        if len(exact) == 2:
            agree = {k: sum(_records_in(kinds[k], t.category) == t.value for t in probe[k]) for k in kinds}
            exact = [k for k in exact if agree[k] > min(agree.values())]
        elif not exact:
            slack = max(1, round(0.1 * total))
            exact = [
                k
                for k, records in kinds.items()
                if abs(len(records) - total) <= slack
                and all(abs(len(o) - total) > 0.3 * total for n, o in kinds.items() if n != k)
            ]
        if len(exact) == 1:
            out.extend(probe[exact[0]])
    return out


_COMPLETE = {DeliveryState.COMPLETE, DeliveryState.COMPLETE_VERIFIED}


def _records_in(records: list[Recommendation] | list[Action], category: str) -> int | None:
    """How many records a stated-total category counts, by their delivery state or RAG (the
    reconciliation's reading, used here only to tell which kind a counts table counts)."""
    if category == "total":
        return len(records)
    if category == "complete":
        return sum(r.delivery_state in _COMPLETE for r in records)
    try:
        state = DeliveryState(category)
    except ValueError:
        state = None
    if state is not None:
        return sum(r.delivery_state is state for r in records)
    try:
        rag = Rag(category)
    except ValueError:
        return None
    return sum(r.rag is rag and r.delivery_state not in _COMPLETE for r in records)


def _continues_heading(prev: TextLine, line: TextLine) -> bool:
    """A heading wraps onto the next line: same style, no paragraph gap, its lead not yet closed, or
    the heading's own RAG wrapped after its bracketed lead ('... (FIONA CAMPBELL)' / '- RAG rating:
    AMBER'), which the heading still carries."""
    height = max(prev.bottom - prev.top, 1.0)
    gap = line.top - prev.bottom
    closed = bool(LEAD_PAREN_RE.search(prev.text)) and not (
        HEADING_RAG_RE.match(line.text) and not HEADING_RAG_RE.search(prev.text)
    )
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
    return assemble(document, read_layout(document, layout))


def read_layout(document: Document, layout: Layout) -> Reading:
    """What the layout flow says, step by step: the edition's metadata and key from the prose, the
    totals it states, then its records in reading order, merged into one recommendation per number.

    Raises:
        NoPlanError: when the flow holds no recommendation, action or indicator at all.
    """
    prose = [item.line for item in layout.flow if item.line is not None]
    meta = read_meta(prose, layout.furniture)
    legend, legend_issues = _find_legend(document, layout, prose)
    legend, paired = pair_by_elimination(legend, _status_cells(layout))
    if paired is not None:
        legend_issues.append(issue("PT222", paired, page=legend.page))
    ctx = Context(
        legend=legend,
        source_of=layout.page_sources,
        edition_date=meta.edition_date,
        ocr_pages={p.number for p in document.pages if p.source is PageSource.OCR},
    )
    walk = _FlowWalk(ctx, _prose_totals(prose, legend))
    walk.read(layout)
    recs, merge_issues = _merge_recommendations(walk.summary, walk.sections, walk.headings, ctx)
    if not recs and not walk.actions and not walk.indicators:
        raise NoPlanError(
            "no improvement-plan structure found (PT201: no recommendation, action or indicator tables)"
        )
    _roll_up(recs, walk.actions)
    add_table_totals(walk.totals, _unnamed_counts(walk.unnamed_counts, legend, recs, walk.actions))
    issues = [
        *legend_issues,
        *walk.issues,
        *merge_issues,
        *walk.table_issues,
        *(i for page in document.pages for i in page.issues),  # OCR failed / timed out / skipped
    ]
    return Reading(
        meta=meta,
        legend=legend,
        totals=walk.totals,
        recommendations=recs,
        actions=walk.actions,
        indicators=walk.indicators,
        headings={n: DetailHeading(h.title, h.leads_raw, h.page) for n, h in walk.headings.items()},
        issues=issues,
    )


def _status_cells(layout: Layout) -> list[tuple[str | None, str | None]]:
    """(text, fill) of every cell in the status columns of the document's tables."""
    cells: list[tuple[str | None, str | None]] = []
    for item in layout.flow:
        table = item.table
        j = table.role_index("status") if table is not None else None
        if table is None or j is None:
            continue
        for row in table.rows:
            cell = row.cell_for(j)
            if cell is not None:
                cells.append((cell.flat, cell.fill))
    return cells


def _find_legend(document: Document, layout: Layout, prose: list[TextLine]) -> tuple[Legend, list[Issue]]:
    """The document's status key, from the most explicit form it is printed in: a key table (not a
    table of counts by status); else a key written out in a line of prose; else coloured swatches
    with their labels; else the default meanings (PT205). PT221 for each key row whose wording
    reads otherwise than its label.
    """
    for item in layout.flow:
        table = item.table
        if table is not None and table.kind == "legend" and not _count_rows(table):
            rows = read_legend_table(table)
            page = table.pages[0]
            return legend_from_rows(rows, page), [
                issue("PT221", note, page=page) for note in legend_disagreements(rows)
            ]
    written, written_page = _written_key(prose)
    if not written:
        written, written_page = _key_in_table_row(layout)
    if written:
        return legend_from_rows(written, written_page), [
            issue("PT221", note) for note in legend_disagreements(written)
        ]
    swatches = _swatch_legend(document, layout)
    if len(swatches) >= 2:
        return legend_from_rows(swatches, None), [
            issue("PT221", note) for note in legend_disagreements(swatches)
        ]
    return default_legend(), [
        issue("PT205", "no status legend found: default meanings used (G/A/R/C, red/amber/green)")
    ]


def _prose_totals(prose: list[TextLine], legend: Legend) -> list[StatedTotal]:
    """The totals the prose states, page by page ('41 individual actions; of these 5 are complete')."""
    pages = sorted({ln.page for ln in prose})
    return stated_totals_of_pages(
        ((n, "\n".join(ln.text for ln in prose if ln.page == n)) for n in pages), legend
    )


T = TypeVar("T")


class _FlowWalk:
    """The layout flow read in reading order into records.

    Prose lines give the recommendation headings (with their leads and narratives); each table is
    read as what its kind says, under the recommendation of the heading above it. What it found is
    left in its attributes; the table readers' issues are kept apart from the walk's own, as the
    edition lists them after the walk's and the merge's.
    """

    def __init__(self, ctx: Context, totals: list[StatedTotal]) -> None:
        self.ctx = ctx
        self.totals = totals
        self.summary: list[Recommendation] = []  # rows of summary tables
        self.sections: list[Recommendation] = []  # section rows of action tables
        self.headings: dict[int, Heading] = {}
        self.actions: list[Action] = []
        self.indicators: list[Indicator] = []
        self.unnamed_counts: list[Table] = []  # counts tables that do not say what they count
        self.issues: list[Issue] = []  # the walk's own: stitched tables, unknown columns and headers
        self.table_issues: list[Issue] = []  # what the table readers reported, in reading order
        self.current: int | None = None  # the recommendation the next table serves
        self._pending: list[TextLine] = []  # the lines of the heading being read
        self._narrative = _Narrative()
        self._orphans: list[Table] = []  # indicator tables under no heading, waiting for the actions below
        self._previous_text = ""  # the last prose line: a counts table's caption

    def read(self, layout: Layout) -> None:
        """Walk the whole flow, then place the indicator tables nothing claimed."""
        for item in layout.flow:
            if item.line is not None:
                self._line(item.line)
            else:
                assert item.table is not None
                self._table(item.table)
        self._keep_orphans()

    def _kept(self, found: tuple[T, list[Issue]]) -> T:
        """What a table reader found; the issues it met are kept in reading order."""
        self.table_issues.extend(found[1])
        return found[0]

    # prose lines: headings, their lead lines and narratives

    def _line(self, line: TextLine) -> None:
        """A prose line starts or continues a heading, names the current heading's lead, or joins
        the narrative under it."""
        self._previous_text = line.text
        lead_line = LEAD_LINE_RE.match(line.text.strip())
        if _starts_heading(line):
            self._narrative.close(self.headings)
            self._pending = [line]
        elif lead_line and self.current in self.headings and (self._pending or self._fresh_heading()):
            # 'Lead officer: NAME' on the line below the heading (or below its wrapped RAG)
            assert self.current is not None
            if self.headings[self.current].leads_raw is None:
                self.headings[self.current].leads_raw = norm(lead_line.group("leads")) or None
            self._pending = []
            return
        elif self._pending and len(self._pending) < 6 and _continues_heading(self._pending[-1], line):
            self._pending.append(line)
        else:
            self._pending = []
            self._narrative.add(line)
        parsed = _heading_text(self._pending) if self._pending else None
        if parsed:
            self._open_heading(parsed)

    def _fresh_heading(self) -> bool:
        """True while nothing but captions or its RAG line has been read under the current heading
        (a heading the layout took into the table above is opened by the table, not by a line)."""
        narrative = self._narrative
        return narrative.number is not None and narrative.number == self.current and not narrative.lines

    def _open_heading(self, parsed: Heading) -> None:
        """Make `parsed` the current heading; a repeat of a number keeps what the first one said."""
        self.current = parsed.number
        keep = self.headings.get(parsed.number)
        if keep is not None and keep.leads_raw and not parsed.leads_raw:
            parsed.leads_raw = keep.leads_raw
        if keep is not None and keep.progress and not parsed.progress:
            parsed.progress = keep.progress
        if keep is not None and not parsed.title:  # 'Recommendation 3 (continued)'
            parsed.title, parsed.page = keep.title, keep.page
            parsed.status = parsed.status or keep.status
        self.headings[parsed.number] = parsed
        self._narrative.open(parsed.number)

    # tables: counts, summary, indicators, actions

    def _table(self, table: Table) -> None:
        """A table closes the narrative above it, then is read as counts by status or as the records
        its kind says."""
        self._pending = []
        if table.kind == "unknown" and not table.header_text.strip():
            # a headerless 'table' whose first rows are single cells of prose: the narrative's paragraphs
            # taken into the region of the table below them (a shaded or two-row header above it)
            for row in table.rows:
                filled = [c for c in row.cells if c.lines]
                if len(filled) != 1:
                    break
                for ln in block_lines(filled):
                    self._narrative.add(ln)
        table = self._narrative_overleaf(table)
        self._narrative.close(self.headings)
        if len(table.pages) > 1:
            self.issues.append(
                issue(
                    "PT219",
                    f"{table.kind} table continued over pages {table.pages} and was stitched",
                    page=table.pages[0],
                )
            )
        if self._counts(table):
            return
        self.issues.extend(_extra_column_issues(table))
        if table.kind == "summary":
            self._summary(table)
        elif table.kind == "indicators":
            self._indicators(table)
        elif table.kind == "actions":
            self._actions(table)
        elif table.kind == "unknown" and table.header_text:
            self.issues.append(
                issue("PT202", f"table header not recognised: {table.header_text[:80]}", page=table.pages[0])
            )

    def _narrative_overleaf(self, table: Table) -> Table:
        """The table without its first rows when they are the rest of the narrative above it.

        A narrative under a heading printed at a page foot runs on overleaf, and the layout can take
        its last sentences into the table that opens the next page (under the repeated header, in
        one column: a row with no ref). Such rows are the narrative's, not an objective of the
        actions below: one cell of whole sentences in body type, on the table's first page, the page
        after the narrative's last line, before the table's first record.
        """
        narrative = self._narrative
        if not narrative.lines or not narrative.run_on_page(table.pages[0]):
            return table
        if narrative.lines[-1].page != table.pages[0] - 1:
            return table
        taken = 0
        for row in table.rows:
            filled = [c for c in row.cells if c.lines]
            if row.page != table.pages[0] or len(filled) != 1:
                break
            lines = filled[0].lines
            text = norm(filled[0].flat)
            if (
                any(ln.bold for ln in lines)
                or not text.endswith((".", "!", "?"))
                or len(text.split()) < 4
                or REF_RE.match(text)
                or SECTION_RE.match(text)
            ):
                break
            narrative.lines.extend(lines)
            taken += 1
        return table.model_copy(update={"rows": table.rows[taken:]}) if taken else table

    def _counts(self, table: Table) -> bool:
        """Read a table of counts by status as stated totals: True when it stated some.

        One that does not say what it counts waits for the records (`_unnamed_counts`), and is read
        on as the table its kind says, as is one whose labels name no status.
        """
        rows = _count_rows(table)
        if not rows:
            return False
        entity = _counts_entity(table, self._previous_text)
        if entity is None:
            self.unnamed_counts.append(table)
            return False
        counts = stated_totals_from_rows(rows, entity, table.pages[0], self.ctx.legend)
        add_table_totals(self.totals, counts)
        return bool(counts)

    def _summary(self, table: Table) -> None:
        self.summary.extend(self._kept(read_summary(table, self.ctx)))
        for heading in _absorbed_headings(table):
            keep = self.headings.get(heading.number)
            self.headings[heading.number] = keep or heading
            self.current = heading.number
            self._narrative.open(heading.number)  # its lead line and narrative may follow in the prose

    def _indicators(self, table: Table) -> None:
        current = self.current
        if current is None:
            self._orphans.append(table)  # the action table below may say whose they are
        else:
            self.indicators.extend(self._kept(read_indicators(table, current, self.ctx)))

    def _actions(self, table: Table) -> None:
        found, sections, issues = read_actions(table, self.current, self.ctx)
        self.table_issues.extend(issues)
        self.actions.extend(found)
        self.sections.extend(sections)
        owner = _owner_by_refs(found) if self._orphans else None
        if owner is not None:
            for orphan in self._orphans:
                self.indicators.extend(self._kept(read_indicators(orphan, owner, self.ctx)))
            self._orphans = []
        if self.sections:
            self.current = self.sections[-1].number

    def _keep_orphans(self) -> None:
        """Indicator tables no heading or action refs claimed are kept under recommendation 0 (PT220)."""
        for table in self._orphans:
            self.issues.append(
                issue(
                    "PT220",
                    "indicator table under no recommendation heading: its rows are kept under "
                    "recommendation 0",
                    page=table.pages[0],
                )
            )
            self.indicators.extend(self._kept(read_indicators(table, 0, self.ctx)))
        self._orphans = []


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
    """The recommendation whose indicators are printed above a table of actions: the one its first
    ref names ('3.1' -> 3).

    Plans without recommendation headings print each recommendation's indicator table just above its
    action table; the hierarchical refs of those actions are then the only link between the
    indicators and their recommendation. The row printed right under the indicators is the one that
    says, even when the action table runs on into the next recommendation's refs (2.1.x, then 3.x);
    a first action whose ref names no recommendation ('a', 'A1') says nothing.
    """
    if not found or not found[0].ref:
        return None
    return recommendation_of_ref(found[0].ref)


def _merge_recommendations(
    summary: list[Recommendation],
    sections: list[Recommendation],
    headings: dict[int, Heading],
    ctx: Context,
) -> tuple[list[Recommendation], list[Issue]]:
    """One recommendation per number: summary rows first, then section rows, then headings alone.

    A heading with no summary row is only worth a PT218 when the document has a summary at all.
    """
    issues: list[Issue] = []
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
    return [by_number[n] for n in sorted(by_number)], issues


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
