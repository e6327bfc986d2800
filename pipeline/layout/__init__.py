"""Layout stage: pages -> a flow of prose lines and tables (headers recognised, stitched across pages)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.layout.content import header_over_rows, infer_roles, kind_of_value
from pipeline.layout.grid import PageTable, find_tables
from pipeline.layout.lines import text_lines
from pipeline.layout.unruled import find_unruled_tables, spanning_cell
from pipeline.models import Document, Page, Word
from pipeline.models.layout import Column, FlowItem, Layout, Row, Table, TextLine
from pipeline.vocab.dates import END_LABEL, date_label_roles
from pipeline.vocab.headers import classify_header, period_column
from pipeline.vocab.refs import BULLET_RE, REF_RE, VALID_REF
from pipeline.vocab.sections import SECTION_RE
from pipeline.vocab.status import KEY_LABEL_WORDS, SHAPE_GLYPH_RE
from pipeline.vocab.words import join_lines

# Running headers/footers sit in the top/bottom margin and repeat on at least half the pages.
MARGIN_SHARE = 0.08
CARRY_FOOT = 0.7  # share of the page height a table must reach to carry on overleaf headerless
PAGE_NUMBER = re.compile(r"[\s\-–—|]*\d{1,3}[\s\-–—|]*")
LEGEND_LABELS = KEY_LABEL_WORDS


def header_roles(texts: list[str], *, keywords: bool = True) -> list[str | None]:
    """Roles of a header row's cells; indicator tables read 'Progress' as the actual value."""
    roles = [classify_header(t, keywords=keywords) for t in texts]
    if "pi_code" in roles or ("target" in roles and "action" not in roles):
        roles = [classify_header(t, table_kind="indicator", keywords=keywords) for t in texts]
    elif "action" in roles or {"start", "due", "revised_due"} & set(roles):
        # in an action table (an action column, or a start or due date: measures have no deadlines)
        # 'Target' is the due date and 'Description' the action; an action has no measured value,
        # so a header that reads as one ('Position this period', 'Current position') is left for
        # the cells to type (commentary, as a rule)
        roles = [classify_header(t, table_kind="action", keywords=keywords) for t in texts]
        roles = [None if r in ("actual", "baseline") else r for r in roles]
    return roles


_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}(?:\s*/\s*\d{1,4})?$")
_NUMERIC_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


def _value_cell(text: str) -> bool:
    """A cell that is a record's value, never a header label: a numbered ref ('(5c)', '1.2'), a date
    ('28.10.2024', 'From Feb 25') or text led by a ref ('a. Train staff ...'). Period headers ('Q1',
    'Sept 24', '2023/24') are labels."""
    flat = re.sub(r"\s+", " ", text).strip()
    if period_column(flat) or _YEAR_ONLY.match(flat):
        return False
    numbered_ref = bool(re.search(r"\d", flat)) and VALID_REF.match(flat.rstrip(".")) is not None
    dated = _NUMERIC_DATE.match(flat) is not None or kind_of_value(flat) == "date"
    return numbered_ref or dated or REF_RE.match(flat) is not None


def is_header(texts: list[str]) -> bool:
    """A row is a header when at least two non-empty cells name known roles and most cells are short.

    A body row can hold words that are also headers ('Completed', 'From Feb 24' with its date read
    as a period): a row with a ref or a date in figures in it is a record, not a header.
    """
    filled = [t for t in texts if t.strip()]
    if len(filled) < 2 or any(_value_cell(t) for t in filled):
        return False
    if sum(t.strip()[0].islower() for t in filled) >= max(2, len(filled) // 2):
        # the wrapped lines of a row's cells ('audits. | started | milestone has | people'): header
        # labels start with a capital
        return False
    roles = [r for r in header_roles(filled, keywords=False) if r]
    short = sum(len(t) <= 40 for t in filled)
    return len(roles) >= 2 and short >= len(filled) - 1


def _furniture(pages: list[Page]) -> set[tuple[int, int, str]]:
    """(page, rounded top, text) of running header/footer lines, to drop from the flow.

    Margin lines are clustered fuzzily (digits ignored; OCR reads the same header a little differently
    on each page) and a cluster seen on at least half the pages is furniture.
    """
    if len(pages) < 3:
        return set()
    clusters: list[tuple[str, set[int], list[tuple[int, int, str]]]] = []
    for page in pages:
        if not page.height:
            continue
        page_lines = text_lines(page.words, page.number, page.source)
        for line in page_lines:
            if MARGIN_SHARE * page.height < line.top < (1 - MARGIN_SHARE) * page.height:
                continue
            if _wrapped_on(line, page_lines):
                continue  # a heading's wrapped last line at the page top ('good. - RAG rating: AMBER')
            key = re.sub(r"[^a-z]+", "", line.text.lower())
            if not key:
                # bare page numbers ('3', '- 3 -') cluster whatever their digits; other text with no
                # letters ('10%', '2025': a table's cells in the top band of a continued page) only
                # with the same text
                # only with the numbers of the same band: a lone figure at the top of one page (a
                # split row's '23') is no page number because the pages are numbered at the foot
                band = "top" if line.top < page.height / 2 else "foot"
                key = f"#{band}" if PAGE_NUMBER.fullmatch(line.text) else line.text.strip()
            item = (page.number, round(line.top), line.text)
            for rep, seen, items in clusters:
                # OCR may read only part of a running header ("Children's _"): partial matches count
                # when the part is a good share of the header; a table's header cell at the top of
                # one page ('Commen', split mid-word) is no part of a heading at the top of another
                # that merely contains it ('Recommendation 1: ...')
                similar = fuzz.ratio(key, rep) >= 85 or (
                    max(6, 0.3 * len(rep)) <= len(key) < len(rep) and fuzz.partial_ratio(key, rep) >= 90
                )
                if key == rep or similar:
                    seen.add(page.number)
                    items.append(item)
                    break
            else:
                clusters.append((key, {page.number}, [item]))
    threshold = max(2, len(pages) // 2)
    return {
        item
        for _, seen, items in clusters
        if len(seen) >= threshold and not _numbered_sections(items)
        for item in items
    }


def _wrapped_on(line: TextLine, lines: list[TextLine]) -> bool:
    """The line goes on from the line right above it: it starts in lower case, one line's spacing
    under a line that overlaps it across the page. Running headers and footers stand alone; text
    that wraps into the margin band (a long heading at the top of a page) is the body's."""
    if not line.text[:1].islower():
        return False
    height = line.bottom - line.top
    return any(
        0 < line.top - other.top <= 1.8 * height and other.x0 <= line.x1 and line.x0 <= other.x1
        for other in lines
        if other is not line
    )


def _numbered_sections(items: list[tuple[int, int, str]]) -> bool:
    """The lines are headings of different sections ('Workstream 1: ...', 'Workstream 4: ...' with
    the same title), each opening its page: content, though alike but for their numbers."""
    numbers = set()
    for _, _, text in items:
        m = SECTION_RE.match(text)
        if not m:
            return False
        numbers.add((m.group("n") or m.group("n2") or "").casefold())
    return len(numbers) > 1


def _kind(roles: list[str | None], rows: list[Row]) -> str:
    rs = set(roles)
    if "pi_code" in rs or ("pi_description" in rs and rs & {"target", "actual", "baseline", "polarity"}):
        return "indicators"
    if "action" in rs and rs & {"lead", "due", "start", "status"}:
        return "actions"
    if "recommendation" in rs and rs & {"progress", "status"}:
        return "summary"
    if _is_key(rs, rows):
        return "legend"
    return "unknown"


_DATE_LIKE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}|"
    r"q[1-4]\s+\d{2,4})\b",
    re.IGNORECASE,
)
_REF_LIKE = re.compile(r"^\(?(?:\d{1,2}(?:\.\d{1,2}){1,3}|[a-h][.)]|\d{1,2}[a-z])\)?(?:\s|$)")


def _shape_only(text: str) -> bool:
    marks = text.replace(" ", "")
    return bool(marks) and all(SHAPE_GLYPH_RE.fullmatch(ch) for ch in marks)


def _is_key(roles: set[str | None], rows: list[Row]) -> bool:
    """A key pairs status labels (colour, letter or word) with their meanings and holds no records.

    A table of records whose status column holds colour words is not a key: keys have no action,
    indicator, lead or date columns, no refs and no dates in their cells, and only a handful of rows.
    """
    if roles & {"action", "pi_code", "lead", "due", "start", "revised_due", "recommendation"}:
        return False
    if not rows or len(rows) > 12:
        return False
    labels = []
    for row in rows:
        # a swatch drawn as a coloured shape (■ Blue | Complete) is no label: the label follows it
        texts = [c.flat for c in row.cells if c.lines and not _shape_only(c.flat)]
        if any(_DATE_LIKE.search(t) or _REF_LIKE.match(t.strip()) for t in texts):
            return False
        if texts:
            labels.append(texts[0].lower().strip(" :"))
    return bool(labels) and sum(lbl.split(" ")[0] in LEGEND_LABELS for lbl in labels) >= max(
        2, len(labels) - 1
    )


def _header_row(rows: list[Row], ncols: int) -> bool:
    """The first of `rows` is a header: known header words, or short labels over typed values."""
    if not rows:
        return False
    return is_header([c.flat for c in rows[0].cells]) or header_over_rows(rows, ncols)


def _group_row(row: Row, ncols: int) -> bool:
    """A row of a few short labels spanning the columns of a header below it ('What we will do |
    Reported monthly' over seven column headers): the header's group row, no record."""
    cells = [c for c in row.cells if c.lines]
    return (
        1 <= len(cells) < ncols
        and any(c.col_end > c.col_start for c in cells)
        and all(len(c.flat.split()) <= 4 and not c.flat.rstrip().endswith(".") for c in cells)
    )


def _start_table(pt: PageTable) -> Table:
    ncols = len(pt.bounds) - 1
    rows = pt.rows
    if (
        len(rows) >= 3
        and _group_row(rows[0], ncols)
        and not _header_row(rows, ncols)
        and _header_row(rows[1:], ncols)
    ):
        # tables with two header rows: the group row over the column headers is left out
        rows = rows[1:]
    first = rows[0] if rows else None
    texts = [c.flat for c in first.cells] if first else []
    has_header = first is not None and _header_row(rows, ncols)
    columns = []
    roles_by_cell = header_roles(texts) if has_header else [None] * len(texts)
    for j in range(len(pt.bounds) - 1):
        header, role = "", None
        if has_header and first is not None:
            for cell, r in zip(first.cells, roles_by_cell, strict=True):
                if cell.col_start <= j <= cell.col_end:
                    header, role = join_lines([line.text for line in cell.lines]), r
        columns.append(Column(index=j, header=header, role=role, x0=pt.bounds[j], x1=pt.bounds[j + 1]))
    body = rows[1:] if has_header else rows
    header_only = [c.role for c in columns]
    if has_header:
        _content_roles(columns, body)
    roles = [c.role for c in columns]
    table = Table(
        pages=[pt.page],
        columns=columns,
        rows=body,
        header_text=" | ".join(texts) if has_header else "",
        kind=_kind(roles, body),
        ruled=pt.ruled,
        top=pt.top,
        bottom=pt.bottom,
    )
    _HEADER_ROLES[id(table)] = header_only
    return table


# Roles each table's header gave its columns before the cells were read (for `_pool_roles`).
_HEADER_ROLES: dict[int, list[str | None]] = {}


def _content_roles(columns: list[Column], body: list[Row]) -> None:
    """Type the columns the header left unknown from their cells (in place)."""
    infer_roles(columns, body)
    roles = [c.role for c in columns]
    if (
        "action" not in roles
        and "pi_description" in roles
        and {"due", "start", "revised_due"} & set(roles)
        and not {"target", "actual", "pi_code"} & set(roles)
    ):
        # 'Description' beside dates and no target or code: the records are actions
        for col in columns:
            if col.role == "pi_description":
                col.role = "action"


def _pool_roles(tables: list[Table]) -> None:
    """Tables printed under the same header share their columns' roles, read from all their rows.

    A plan with an indicator table per recommendation repeats one header over tables of one or two
    rows each: too few cells each to type a column by content, enough together.
    """
    groups: dict[tuple[str, int], list[Table]] = {}
    for table in tables:
        if table.header_text and id(table) in _HEADER_ROLES:
            groups.setdefault((_squash(table.header_text), len(table.columns)), []).append(table)
    for group in groups.values():
        if len(group) < 2:
            continue
        header_only = _HEADER_ROLES[id(group[0])]
        pooled = [
            c.model_copy(update={"role": r}) for c, r in zip(group[0].columns, header_only, strict=True)
        ]
        _content_roles(pooled, [row for t in group for row in t.rows])
        for table in group:
            for col, pc in zip(table.columns, pooled, strict=True):
                col.role = pc.role
            table.kind = _kind([c.role for c in table.columns], table.rows)


def _continues(prev: Table, pt: PageTable) -> bool:
    """A table continues `prev` when columns line up and its first row is a repeat header or a body row."""
    # a headed table of unknown kind may be one whose few rows on this page were too few to type its
    # columns by content (the header in words on no list); it is typed once its rows are pooled
    unknown = prev.kind == "unknown" and not prev.header_text
    if len(pt.bounds) - 1 != len(prev.columns) or prev.kind == "legend" or unknown:
        return False
    aligned = all(abs(a - c.x0) <= 8 for a, c in zip(pt.bounds, prev.columns, strict=False))
    if not aligned:
        return False
    first = pt.rows[0] if pt.rows else None
    if first is None:
        return False
    texts = [c.flat for c in first.cells]
    if _repeats_header(prev, first):
        return True
    if is_header(texts):
        return [c.role for c in prev.columns if c.role] == [
            r for r in _roles_per_column(first, header_roles(texts), len(prev.columns)) if r
        ]
    return True


def _split_row_tail(table: Table, row: Row) -> bool:
    """The first row on a continuation page is the rest of the table's last row, split by the page
    break (tables that let rows break across pages): no ref where the rows have refs, or, with no
    ref column, an action cell that is empty or goes on mid-sentence or with a bullet."""
    if not table.rows or not [c for c in row.cells if c.lines]:
        return False
    last = table.rows[-1]
    ncols = len(table.columns)
    if _section_row_runs_on(last, row, ncols):
        return True
    if len([c for c in last.cells if c.lines]) <= 1 or any(
        c.lines and c.col_end - c.col_start >= ncols - 2 for c in row.cells
    ):
        return False  # a section row ends the page or opens the next one
    filled = [c for c in row.cells if c.lines]
    action_col = table.role_index("action")
    ref_col = table.role_index("ref")
    keys = [j for j in (action_col, ref_col) if j is not None]
    if (
        keys
        and len(filled) <= 3
        and not any(c.col_start <= j <= c.col_end for c in filled for j in keys)
        and all((up := last.cell_for(c.col_start)) is not None and up.lines for c in filled)
    ):
        # the last lines of a few cells alone ('2024 to 2025' under 'End: Quarter 2', the end of
        # the progress sentence), each under a cell of the row above that has text, with no ref
        # and no action text: no record is that, the row above runs on
        return True
    if ref_col is not None and action_col is not None:
        here, above_ref, text_cell = row.cell_for(ref_col), last.cell_for(ref_col), row.cell_for(action_col)
        opening = text_cell.flat.strip() if text_cell is not None else ""
        if (
            here is not None
            and not here.lines
            and above_ref is not None
            and above_ref.lines
            and (not opening or opening[0].islower() or BULLET_RE.match(opening))
        ):
            # no ref where the rows have refs and the text goes on mid-sentence or with a bullet: the
            # row's rest, whatever its other cells hold (a stacked 'Revised: End Apr 26')
            return True
    for role in ("lead", "start", "due", "status"):
        # short values sit on a row's first lines, so they stay above the break; but a cell of
        # stacked dates ('Start: From Jun 24' / 'End: Q3 2024/25') may break between its parts
        j = table.role_index(role)
        cell = row.cell_for(j) if j is not None else None
        if cell is not None and cell.lines:
            above = last.cell_for(j) if j is not None and role in ("start", "due") else None
            if above is not None and _stacked_dates_run_on(above.flat, cell.flat):
                continue
            return False
    action = table.role_index("action")
    text = row.cell_for(action) if action is not None else None
    if text is not None and REF_RE.match(text.flat.strip()):
        return False  # 'b. Embed ...': a new action, its ref in its text
    ref = table.role_index("ref")
    if ref is not None:
        here, above = row.cell_for(ref), last.cell_for(ref)
        return here is not None and not here.lines and above is not None and bool(above.lines)
    if text is None:
        return False
    first = text.flat.strip()
    return not first or first[0].islower() or BULLET_RE.match(first) is not None


def _section_row_runs_on(last: Row, row: Row, ncols: int) -> bool:
    """A section row ends the page and the next page opens with one cell from the same first column
    across a column boundary or more that is no heading of its own: the section row's narrative,
    cut by the page break, runs on (its lines on the new page need not reach as far right)."""
    above = spanning_cell(last, ncols)
    filled = [c for c in row.cells if c.lines]
    if above is None or len(filled) != 1:
        return False
    here = filled[0]
    if here.col_start != above.col_start or here.col_end == here.col_start:
        return False  # a cell in one column is a row's own (or a split cell's end)
    if not SECTION_RE.match(above.lines[0].text):
        return False
    opening = here.lines[0]
    return not SECTION_RE.match(opening.text) and not opening.bold and not REF_RE.match(opening.text)


def _stacked_dates_run_on(above: str, here: str) -> bool:
    """A cell of labelled dates whose start part ends one page and whose end part opens the next."""
    roles = date_label_roles(above)
    return "start" in roles and "due" not in roles and END_LABEL.match(here) is not None


MAX_TAIL_LINES = 3  # lines of a split row's rest above a continued table's first rule


def _may_be_row_tail(table: Table | None, page: int, line: TextLine, held: list[TextLine]) -> bool:
    """A line at the top of a page may be the rest of `table`'s last row, cut by the page break.

    Only while no table has started on the page, within the table's width, never a heading (a new
    recommendation's heading opens a section, whatever follows it) and at most a few lines.
    """
    if table is None or table.pages[-1] >= page or not table.rows:
        return False
    # visual lines: a row's rest is read per column, several text lines side by side on one line
    tops: list[float] = []
    for ln in held:
        if all(abs(ln.top - t) > 2 for t in tops):
            tops.append(ln.top)
    if len(tops) >= MAX_TAIL_LINES and all(abs(line.top - t) > 2 for t in tops):
        return False
    left, right = table.columns[0].x0, table.columns[-1].x1
    if line.x0 < left - 3 or line.x1 > right + 3:
        return False
    # a bold line is a heading, unless it is a short label (a group row over the repeated header)
    return not SECTION_RE.match(line.text) and (not line.bold or len(line.text.split()) <= 4)


MAX_END_WORDS = 6  # words of a cell's last line carried to the top of the next page


def _take_cell_ends(table: Table | None, page: Page, held: list[TextLine]) -> list[TextLine]:
    """The held lines that open the page with the last words of cells of `table`'s last row, cut by
    the page break ('2024' under 'Quarter 3 2023 to'), join that row; the rest are returned.

    The table carries on no further (a caption, a heading or another table follows), so only short
    lines that each sit within one column whose cell in the last row has text are taken, and only
    when the table ran to the foot of its page.
    """
    if table is None or not held or not table.rows or table.bottom < 0.75 * page.height:
        return held
    last = table.rows[-1]
    taken = 0
    for ln in held:
        if sum(abs(o.top - ln.top) <= 2 for o in held) >= 3:
            break  # text in three or more columns on one line: a row's own first line, no cell's end
        col = next(
            (c for c in table.columns if c.x0 - 3 <= ln.x0 and ln.x1 <= c.x1 + 3),
            None,
        )
        cell = last.cell_for(table.columns.index(col)) if col is not None else None
        if cell is None or not cell.lines or len(ln.text.split()) > MAX_END_WORDS or ln.bold:
            break
        taken += 1
    if taken:
        left = _append_lines(last, held[:taken], page.words)
        return [*left, *held[taken:]]
    return held


def _release_heading(table: Table | None, page: int, items: list[FlowItem]) -> None:
    """A section row that ends a table at the foot of a page, when the table does not carry on
    overleaf, is the heading of what follows there (its wrapped rest, lead line and own table open
    the next page): it leaves the table and joins the flow as text lines (in place)."""
    if table is None or table.pages[-1] >= page or len(table.rows) < 2:
        return
    last = table.rows[-1]
    filled = [c for c in last.cells if c.lines]
    ncols = len(table.columns)
    if len(filled) != 1 or filled[0].col_end - filled[0].col_start < ncols - 2:
        return
    if not SECTION_RE.match(filled[0].lines[0].text):
        return
    table.rows.pop()
    items.extend(FlowItem(page=last.page, top=ln.top, line=ln) for ln in filled[0].lines)


def _tail_under_header(table: Table, pt: PageTable) -> bool:
    """The row under the page's (repeated) header is the rest of `table`'s last row: the page
    carries the table on, whatever stands over its header."""
    return len(pt.rows) >= 2 and _split_row_tail(table, pt.rows[1])


def _group_line(lines: list[TextLine]) -> bool:
    """Text lines on one line of the page, a few short labels: a header's group row."""
    return (
        2 <= len(lines) <= 3
        and max(ln.top for ln in lines) - min(ln.top for ln in lines) <= 2
        and all(len(ln.text.split()) <= 4 and not ln.text.rstrip().endswith(".") for ln in lines)
    )


def _group_band(band: PageTable, below: PageTable) -> bool:
    """A one-row table of a few short labels right over a headed table of the same width: the
    header's group row ('What we will do | Reported monthly') with rules of its own."""
    if len(band.rows) != 1 or abs(band.x0 - below.x0) > 3 or abs(band.x1 - below.x1) > 3:
        return False
    if not below.rows or below.top - band.bottom > 2 * (band.bottom - band.top):
        return False
    cells = [c for c in band.rows[0].cells if c.lines]
    head = below.rows[0]
    return (
        1 <= len(cells) < len(head.cells)
        and all(len(c.flat.split()) <= 4 and not c.flat.rstrip().endswith(".") for c in cells)
        and is_header([c.flat for c in head.cells])
    )


def _opens_with_header(prev: Table, opening: PageTable | Row) -> bool:
    """The continued table opens with a header row (its own or a repeat): lines above it are a
    caption or prose between two tables, not the rest of a split row."""
    first = opening.rows[0] if isinstance(opening, PageTable) else opening
    return _repeats_header(prev, first) or is_header([c.flat for c in first.cells])


def _per_cell(last: Row, ln: TextLine, words: list[Word]) -> list[TextLine]:
    """A line read across two or more of `last`'s cells ('milestone has been' | 'people', set a
    word space apart) split into one line per cell, by its words' places; else the line itself."""
    cells = [c for c in last.cells if c.x1 > ln.x0 + 3 and c.x0 < ln.x1 - 3]
    if len(cells) < 2:
        return [ln]
    mine = [w for w in words if ln.x0 - 1 <= w.x0 and w.x1 <= ln.x1 + 1 and ln.top - 1 <= w.top <= ln.bottom]
    groups: dict[int, list[Word]] = {}
    for w in mine:
        k = next((i for i, c in enumerate(cells) if (w.x0 + w.x1) / 2 <= c.x1), len(cells) - 1)
        groups.setdefault(k, []).append(w)
    if len(groups) < 2 or " ".join(w.text for w in sorted(mine, key=lambda w: w.x0)) != ln.text:
        return [ln]  # the words are not the line's (an OCR line rebuilt): left whole
    return [part for _k, g in sorted(groups.items()) for part in text_lines(g, ln.page, ln.source)]


def _append_lines(last: Row, lines: list[TextLine], words: list[Word] | None = None) -> list[TextLine]:
    """Append lines to the cells of `last` they sit over (in place); returns those over no cell.
    With the page's `words`, a line running over two cells is split between them."""
    left: list[TextLine] = []
    if words:
        lines = [part for ln in lines for part in _per_cell(last, ln, words)]
    for ln in lines:
        target = next((c for c in last.cells if c.x0 - 3 <= ln.x0 <= c.x1), None)
        if target is None:
            left.append(ln)
        else:
            target.lines = [*target.lines, ln]
    return left


def _merge_into(last: Row, tail: Row) -> None:
    """Append the tail's cell lines to the cells of the row it continues (in place)."""
    for cell in tail.cells:
        target = last.cell_for(cell.col_start)
        if cell.lines and target is not None and target.col_start == cell.col_start:
            target.lines = [*target.lines, *cell.lines]


def _repeats_header(prev: Table, row: Row) -> bool:
    """The row prints `prev`'s header again (a header repeated on a continuation page), whole or in
    part: every word of the row is a header word, and at least half of the header's words are there
    (a repeat whose cells were cut or lost words)."""
    if not prev.header_text:
        return False
    if _squash(" | ".join(c.flat for c in row.cells)) == _squash(prev.header_text):
        return True
    header = re.findall(r"[0-9a-z]+", prev.header_text.casefold())
    words = re.findall(r"[0-9a-z]+", " ".join(c.flat for c in row.cells).casefold())
    return bool(words) and set(words) <= set(header) and len(words) >= 0.5 * len(header)


def _header_remnant(prev: Table, row: Row) -> bool:
    """A continuation's first row holding only words of `prev`'s header and no ref or action text:
    what is left of a repeated header ('date' under a lost 'Revised')."""
    header = set(re.findall(r"[0-9a-z]+", prev.header_text.casefold()))
    words = re.findall(r"[0-9a-z]+", " ".join(c.flat for c in row.cells).casefold())
    if not words or not set(words) <= header:
        return False
    keys = [j for j in (prev.role_index("ref"), prev.role_index("action")) if j is not None]
    return bool(keys) and all((c := row.cell_for(j)) is None or not c.lines for j in keys)


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z|]", "", text.casefold())


def _roles_per_column(row: Row, roles: list[str | None], ncols: int) -> list[str | None]:
    out: list[str | None] = []
    for j in range(ncols):
        out.append(
            next((r for c, r in zip(row.cells, roles, strict=True) if c.col_start <= j <= c.col_end), None)
        )
    return out


def _last_unruled(page: Page, ruled: list[PageTable], loose: list[PageTable], rest: list) -> PageTable | None:
    """The table without vertical rules that ends this page (nothing but footer below it), which may
    continue overleaf without its header: an unruled table, or one ruled in rows only (its rules
    start again on the next page with no header band to find it by)."""
    open_ended = [*loose, *(t for t in ruled if not t.ruled)]
    if not open_ended:
        return None
    last = max(open_ended, key=lambda t: t.bottom)
    below = [w for w in rest if w.top > last.bottom and w.top < (1 - MARGIN_SHARE) * page.height]
    if below or any(t.top > last.bottom for t in ruled if t is not last):
        return None
    return last


def analyse(document: Document) -> Layout:
    """Find tables and prose on every page and order them as the reader would."""
    furniture = _furniture(document.pages)
    items: list[FlowItem] = []
    per_page: list[tuple[Page, list[PageTable], list[TextLine]]] = []
    running: list[TextLine] = []
    carry: PageTable | None = None
    carry_height = float("inf")
    for page in document.pages:
        running_lines = frozenset((float(top), text) for pg, top, text in furniture if pg == page.number)
        # a table continues overleaf without its header only when it ran to the foot of its page
        overleaf = carry if carry is not None and carry.bottom >= CARRY_FOOT * carry_height else None
        tables, rest = find_tables(page, is_header, overleaf, frozenset(top for top, _ in running_lines))
        body = [w for w in rest if w.top > MARGIN_SHARE * page.height]
        if (
            carry is not None
            and tables
            and (not body or min(t.top for t in tables) < min(w.top for w in body))
        ):
            carry = None  # the page opens with a table of its own (a repeated header): nothing carries
        ruled_tops = tuple(sorted(t.top for t in tables))
        loose, rest = find_unruled_tables(page, rest, is_header, carry, running_lines, ruled_tops)
        carry = _last_unruled(page, tables, loose, rest)
        carry_height = page.height or float("inf")
        tables = sorted([*tables, *loose], key=lambda t: t.top)
        prose = []
        for ln in text_lines(rest, page.number, page.source):
            if (page.number, round(ln.top), ln.text) in furniture:
                running.append(ln)
            else:
                prose.append(ln)
        per_page.append((page, tables, prose))
    open_table: Table | None = None
    for page, tables, prose in per_page:
        entries: list[tuple[float, TextLine | PageTable]] = [(ln.top, ln) for ln in prose]
        entries += [(t.top, t) for t in tables]
        entries.sort(key=lambda e: e[0])
        # lines at the top of the page, before any table, that may be the rest of the open table's
        # last row: held until the next entry shows whether the table carries on
        held: list[TextLine] = []
        for n, (top, entry) in enumerate(entries):
            if isinstance(entry, TextLine):
                in_margin = page.height and not (
                    MARGIN_SHARE * page.height < entry.top < (1 - MARGIN_SHARE) * page.height
                )
                if in_margin and entry.confidence < 0.5:
                    running.append(entry)  # a running header OCR'd too badly to match its siblings
                    continue
                if _may_be_row_tail(open_table, page.number, entry, held):
                    held.append(entry)
                    continue
                held = _take_cell_ends(open_table, page, held)
                _release_heading(open_table, page.number, items)
                items.extend(FlowItem(page=page.number, top=ln.top, line=ln) for ln in [*held, entry])
                held = []
                open_table = None
                continue
            after = entries[n + 1][1] if n + 1 < len(entries) else None
            if isinstance(after, PageTable) and _group_band(entry, after):
                continue  # a header's group row ruled as a band of its own over the header
            if (
                open_table is not None
                and open_table.pages[-1] < page.number
                and _continues(open_table, entry)
                and not (
                    held
                    and _opens_with_header(open_table, entry)
                    and not (_group_line(held) and _tail_under_header(open_table, entry))
                )
            ):
                if held and _opens_with_header(open_table, entry):
                    held = []  # the repeated header's group row ('What we will do | Reported monthly')
                rows = entry.rows
                if (
                    len(rows) >= 2
                    and _group_row(rows[0], len(open_table.columns))
                    and _opens_with_header(open_table, rows[1])
                ):
                    rows = rows[1:]  # the header repeated under its group row ('What we will do | ...')
                first = rows[0]
                repeated = (
                    _repeats_header(open_table, first)
                    or is_header([c.flat for c in first.cells])
                    or _header_remnant(open_table, first)
                )
                rows = rows[1:] if repeated else rows
                while (
                    rows
                    and isinstance(after, PageTable)
                    and _group_row(rows[-1], len(open_table.columns))
                    and _opens_with_header(open_table, after)
                ):
                    rows = rows[:-1]  # the next table's group row ('What we will do | Reported monthly')
                if held:
                    # a row split by the page break whose rest sits above the first rule of the page
                    # (a section row's progress narrative, a cell's last lines): it continues the
                    # table's last row, as a split row's tail inside the table does
                    left = _append_lines(open_table.rows[-1], held, page.words)
                    items.extend(FlowItem(page=page.number, top=ln.top, line=ln) for ln in left)
                    held = []
                if rows and _split_row_tail(open_table, rows[0]):
                    _merge_into(open_table.rows[-1], rows[0])
                    rows = rows[1:]
                open_table.rows.extend(rows)
                open_table.pages.append(page.number)
                open_table.bottom = entry.bottom
                continue
            held = _take_cell_ends(open_table, page, held)
            _release_heading(open_table, page.number, items)
            items.extend(FlowItem(page=page.number, top=ln.top, line=ln) for ln in held)
            held = []
            table = _start_table(entry)
            items.append(FlowItem(page=page.number, top=top, table=table))
            open_table = table
        if held:
            held = _take_cell_ends(open_table, page, held)
            _release_heading(open_table, page.number, items)
            open_table = None
        items.extend(FlowItem(page=page.number, top=ln.top, line=ln) for ln in held)
    read = [item.table for item in items if item.table is not None]
    _pool_roles(read)
    for done in read:
        _HEADER_ROLES.pop(id(done), None)
    return Layout(flow=items, page_sources={p.number: p.source for p in document.pages}, furniture=running)
