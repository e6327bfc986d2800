"""Tables with no ruling lines at all: found from a header line and word alignment.

A line whose phrases read as three or more known column headers starts a table. Columns begin at the
header cells' left edges; the table runs down while lines stay within its width and keep a row-like
rhythm, and ends at a wide gap, a heading-like line or another header. Rows are separated where the
vertical gap between lines is larger than the line spacing inside a cell, or where the first column
starts a new reference ('b.', '1.2'). Cells are then built exactly as for ruled tables (grid.py).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence

from pipeline.layout.content import header_over_rows, label_row, labels_over_values
from pipeline.layout.grid import PageTable, aligned_starts, header_cells, make_table, text_crosses
from pipeline.models import FilledRect, Page, Word
from pipeline.models.layout import Cell, Row
from pipeline.models.words import group_lines
from pipeline.vocab.refs import BULLET_RE
from pipeline.vocab.sections import SECTION_RE

ROW_GAP = 0.7  # x line height: a gap wider than this between lines starts a new row
END_GAP = 3.0  # x line height: a gap wider than this ends the table
HEADING_SIZE = 1.25  # x the table's font size: a line in larger type is a heading after the table
ROW_START = re.compile(r"^\(?([a-z]|\d{1,2}(?:\.\d{1,2}){0,2}|[ivx]{1,4})[.)]$")
HEADING = re.compile(r"^(?:Section|Part)\s+\d", re.I)
CID_GLYPH = re.compile(r"^\s*\(cid:\d+\)\s*$")  # a glyph the font does not map, alone: a bullet
# two or more 'Label = meaning' pairs on one line: a key written out, whatever its caption
_LABEL = r"[A-Za-z][\w/]*(?: [\w/]+){0,2}\s?=\s?"
KEY_PAIRS = re.compile(rf"\b{_LABEL}[^=]{{2,}}?[;,.]\s*{_LABEL}")


def _heading(text: str) -> bool:
    """A section heading in any of the forms plans introduce a recommendation by ('Recommendation 3:',
    'Workstream 2 -', 'Standard 1', 'Must do 4'), or a numbered section or part."""
    return bool(HEADING.match(text) or SECTION_RE.match(text))


def find_unruled_tables(
    page: Page,
    words: list[Word],
    is_header: Callable[[list[str]], bool],
    carry: PageTable | None = None,
    running: frozenset[tuple[float, str]] = frozenset(),
    ruled_tops: tuple[float, ...] = (),
) -> tuple[list[PageTable], list[Word]]:
    """Tables made only of aligned text among `words` (those outside ruled tables), and the words left.

    `carry` is an unruled table that ended the previous page: rows at the top of this page aligned
    with its columns continue it even without a repeated header. `running` are the tops and texts
    of the page's running header and footer lines (furniture), which no table continues into.
    `ruled_tops` are the tops of the page's ruled tables, whose words are not among `words`: text
    read on down the page stops at them.
    """
    lines = group_lines(words)
    tables: list[PageTable] = []
    used: set[int] = set()
    i = 0
    tops = frozenset(top for top, _ in running)
    if carry is not None:
        i = _continuation(page, lines, carry, is_header, tables, used, tops, running, ruled_tops)
    while i < len(lines):
        head = header_cells(lines[i])
        texts = [c[2] for c in head]
        # a header in known words, or one in words on no list that must prove itself by the
        # typed values under it (header_over_rows)
        known = len(head) >= 3 and is_header(texts)
        # narrow cells split header words mid-word over two or three lines ('Deliv' / 'ery by',
        # 'Account' / 'able' / 'manager'): no line of the header reads alone, the band does; a
        # band that reads as a header in known words is the header even when its first line
        # alone passes for short labels ('Ref | Spec | Dea | Rev' over 'no. | ific Actions | dline')
        band = _header_band(lines, i, page.rects) if not known else []
        band_texts = [c[2] for c in band]
        if len(band) >= 3 and is_header(band_texts):
            head, texts, known = band, band_texts, True
        elif not known and not label_row(texts):
            head, texts = band, band_texts
            if not head or not label_row(texts):
                i += 1
                continue
        bottom = 0.92 * page.height if page.height else float("inf")
        end = _table_end(lines, i, head, is_header, bottom, running, ruled_tops, page)
        x0 = min(c[0] for c in head) - 2
        x1 = max(max(w.x1 for w in ln) for ln in lines[i:end]) + 2
        ys = _row_bands(lines[i:end], head)
        region = [w for ln in lines[i:end] for w in ln]
        table = make_table(page.model_copy(update={"words": region, "lines": []}), x0, x1, ys, [], False)
        if (
            table is not None
            and len(table.rows) >= 2
            and (known or header_over_rows(table.rows, len(table.bounds) - 1))
        ):
            tables.append(table)
            used.update(id(w) for w in region)
            i = max(end, i + 1)
        elif known:
            i = max(end, i + 1)
        else:
            i += 1
    return tables, [w for w in words if id(w) not in used]


def _header_band(
    lines: list[list[Word]], i: int, rects: Sequence[FilledRect] = ()
) -> list[tuple[float, float, str]]:
    """Header cells of line i read with the short lines right under it (a header wrapped over two to
    five lines: narrow columns split words mid-word, 'Perce' / 'n' / 'tage' / 'compl' / 'ete'); []
    when no line follows that continues it.

    A header's lines share its shading: where `rects` (the page's fills) shade one line and not the
    next, or the next and not this one, the band ends there (a heading or a lead's line over a
    shaded header is no part of it, however close the lines sit on a scan).
    """
    height = _height(lines[i : i + 6])
    last = i
    while last + 1 < min(len(lines), i + 5):
        gap = min(w.top for w in lines[last + 1]) - max(w.bottom for w in lines[last])
        if gap > ROW_GAP * height or not _header_continues(lines[last + 1]):
            break
        if rects and _shaded(lines[last], rects) != _shaded(lines[last + 1], rects):
            break
        last += 1
    if last == i:
        return []
    return header_cells([w for ln in lines[i : last + 1] for w in ln])


def _continuation(
    page: Page,
    lines: list[list[Word]],
    carry: PageTable,
    is_header: Callable[[list[str]], bool],
    tables: list[PageTable],
    used: set[int],
    running: frozenset[float] = frozenset(),
    furniture: frozenset[tuple[float, str]] = frozenset(),
    ruled_tops: tuple[float, ...] = (),
) -> int:
    """Read header-less rows at the top of the page into a table with `carry`'s columns; next line index."""
    top_margin = 0.08 * page.height
    # the running header sits in the top margin; a section heading or the first line of a row
    # split over the page break (its cells at three or more of the columns' left edges) may too
    start = next(
        (
            k
            for k, ln in enumerate(lines)
            if min(w.top for w in ln) > top_margin
            or (
                all(abs(min(w.top for w in ln) - y) > 2 for y in running)
                and (_heading(" ".join(w.text for w in ln)) or _own_row(ln, carry))
            )
        ),
        len(lines),
    )
    if start >= len(lines):
        return start
    first = lines[start]
    head = [(x, x, "") for x in carry.bounds[:-1]]
    bottom_margin = 0.92 * page.height if page.height else float("inf")
    # the last column has no right edge: its text may run further right than on the page before
    reach = carry.x1 + (carry.x1 - carry.bounds[-2])
    in_columns = all(carry.x0 - 3 <= w.x0 <= reach for w in first)
    # a row's cells start at its columns' left edges; a heading or prose line runs across them.
    # A long tracker's section heading may open the page, its rows under it: a section row of the
    # table when rows aligned with the columns follow (_row_follows), whose alignment then counts
    heading = _heading(" ".join(w.text for w in first))
    # a section row (one cell across the columns) that ended the page before may run on overleaf:
    # its narrative's last lines run across the columns at the top of this page, the section's
    # rows under them. They are read as the heading's are, the section row's rest
    heading = heading or (_spanning_last_row(carry) and not _group_line(first))
    # the lines read on from the heading stop at the page's first ruled table: a heading over a
    # table ruled on this page (with its caption and group row between) opens that table's section
    # and carries nothing, and the page's footer under the ruled table is not 'the page ending'
    limit = _next_ruled(ruled_tops, min(w.top for w in first))
    above = [ln for ln in lines if min(w.top for w in ln) < limit]
    if heading and not _row_follows(
        above, start + 1, head, bottom_margin, is_header, page_ends=limit == float("inf")
    ):
        return 0
    probe = lines[start : start + 7] if heading else [first]
    if not heading:
        # a row split by the page break: its cells' last lines (a bullet, the end of a sentence)
        # open the page inside one column, the next row's first line is at the columns' edges
        tail = 0
        while (
            start + tail < len(lines)
            and tail < 6
            and aligned_starts(lines[start + tail], carry.bounds[:-1]) < 2
            and _in_one_column(lines[start + tail], carry.bounds)
        ):
            tail += 1
        after = start + tail
        if tail and after < len(lines):
            probe = lines[start : after + 1]
            if _heading(" ".join(w.text for w in lines[after])):
                # the split row's tail, then a section heading with its rows under it
                if not _row_follows(lines, after + 1, head, bottom_margin, is_header):
                    return 0
                probe = lines[after : after + 7]
    aligned = max(aligned_starts(ln, carry.bounds[:-1]) for ln in probe)
    inner = carry.bounds[1:-1]
    # prose runs across most column boundaries within its own reach (a short written key under a
    # wide table crosses only the boundaries it reaches; a row's first line has a gap at each)
    within = [x for x in inner if first[0].x0 < x < first[-1].x1]
    crossed = sum(text_crosses(first, x) for x in within)
    prose = not heading and (crossed > len(inner) / 2 or (crossed >= 2 and crossed > len(within) / 2))
    if any(_swatch_key_line(page, ln) for ln in lines[start : start + 3]):
        return 0  # a key of swatches beside their labels ('■ On target  ■ Suspended'), no row
    if not in_columns or aligned < 2 or prose or _group_line(first):
        # a line of prose runs across the columns ('Key: Blue = Complete; Green = ...'); a group row
        # stands over the repeated header of a table ruled on this page: no rows carried
        return 0
    for k, line in enumerate(lines[: start + 3]):
        # a header, repeated or of a new table, in known words or short labels (it may sit high on
        # the page, in the band kept for running headers, or under a group row such as 'What we
        # will do | Reported monthly'), or wrapped over lines with its words split mid-word ('Int'
        # / 'ervention planned') over typed rows: the ordinary path reads it
        # Short labels alone make a header only on the opening line: under a row's first line they
        # are its cells' wrapped lines ('audit of strategy | completed | Sharma | Feb')
        if any(abs(min(w.top for w in line) - y) <= 2 for y in running) and not _own_row(line, carry):
            continue  # the running header ('Quality Improvement Plan | Version 2.0'), no table's
        cells = header_cells(line)
        texts = [c[2] for c in cells]
        labels = label_row(texts) if k <= start else False
        if (len(texts) >= 3 and is_header(texts)) or labels or _labels_over_lines(lines, k):
            if k > start and _own_row(lines[start], carry) and not _same_columns(cells, carry):
                # a row at the carried columns' edges opens the page, then another table's header
                # (its columns not the carried ones): the row is the carried table's last
                lines = lines[:k]
                break
            return 0
    end = _table_end(lines, start, head, is_header, bottom_margin, furniture, ruled_tops, page)
    ys = _row_bands(lines[start:end], head, continuation=True)
    region = [w for ln in lines[start:end] for w in ln]
    x1 = max(carry.x1, max(w.x1 for w in region) + 2)
    table = make_table(
        page.model_copy(update={"words": region, "lines": []}),
        carry.x0,
        x1,
        ys,
        [],
        False,
        bounds=[*carry.bounds[:-1], x1],
    )
    if table is not None:
        tables.append(table)
        used.update(id(w) for w in region)
    return end


def _own_row(line: list[Word], carry: PageTable) -> bool:
    """A line whose words start at three or more of the carried columns' left edges: a row's first line."""
    return aligned_starts(line, carry.bounds[:-1]) >= 3


def _same_columns(cells: list[tuple[float, float, str]], carry: PageTable) -> bool:
    """Header cells that start at the carried table's column edges (most of them): its header repeated."""
    edges = carry.bounds[:-1]
    matched = sum(any(abs(c[0] - x) <= 4 for x in edges) for c in cells)
    return matched >= max(2, (len(cells) + 1) // 2)


def spanning_cell(row: Row, ncols: int) -> Cell | None:
    """The row's one filled cell when it runs from the first column across most of them (a
    section row), else None."""
    filled = [c for c in row.cells if c.lines]
    if len(filled) != 1 or ncols < 3:
        return None
    cell = filled[0]
    wide = cell.col_start == 0 and cell.col_end - cell.col_start + 1 >= max(3, ncols // 2 + 1)
    return cell if wide else None


def _spanning_last_row(table: PageTable) -> bool:
    """The table's last row is a section row (one cell from the first column across most)."""
    return bool(table.rows) and spanning_cell(table.rows[-1], len(table.bounds) - 1) is not None


def _swatch_key_line(page: Page, line: list[Word]) -> bool:
    """A line of three or more labels each just right of a small filled square: a key printed
    across the page (its colours paired with their meanings), whatever its caption says."""
    height = max(w.bottom - w.top for w in line)
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    swatches = [
        r
        for r in page.rects
        if r.x1 - r.x0 <= 3 * height
        and r.bottom - r.top <= 3 * height
        and min(r.bottom, bottom) - max(r.top, top) > 0.5 * (bottom - top)
    ]
    led = 0
    for w in line:
        # a label's first word starts a little right of a swatch, with no word between them
        sw = next((r for r in swatches if 0 <= w.x0 - r.x1 <= 2 * height), None)
        if sw is not None and not any(sw.x1 <= o.x0 < w.x0 for o in line if o is not w):
            led += 1
    return led >= 3


def _next_ruled(ruled_tops: tuple[float, ...], y: float) -> float:
    """Top of the first ruled table below y (inf when none)."""
    return next((t for t in ruled_tops if t > y), float("inf"))


def _in_one_column(line: list[Word], bounds: list[float]) -> bool:
    """Every word of the line lies between the same two column boundaries."""
    cols = {max((j for j, x in enumerate(bounds[:-1]) if w.x0 >= x - 2), default=-1) for w in line}
    if len(cols) != 1 or -1 in cols:
        return False
    (j,) = cols
    return max(w.x1 for w in line) <= bounds[j + 1] + 2


def _size(lines: list[list[Word]]) -> float:
    """Median font size of the words (0 when the words carry none, as OCR words may not)."""
    sizes = [w.size for ln in lines for w in ln if w.size]
    return statistics.median(sizes) if sizes else 0.0


def _height(lines: list[list[Word]]) -> float:
    return statistics.median(max(w.bottom for w in ln) - min(w.top for w in ln) for ln in lines) or 1.0


def _table_end(
    lines: list[list[Word]],
    start: int,
    head: list[tuple[float, float, str]],
    is_header: Callable[[list[str]], bool],
    bottom_margin: float,
    running: frozenset[tuple[float, str]] = frozenset(),
    ruled_tops: tuple[float, ...] = (),
    page: Page | None = None,
) -> int:
    """Index just past the table's last line (a running header or footer line, one of the page's
    `running` (top, text) lines, is never a row; the lines read on stop at a ruled table, and at a
    key of swatches beside labels, with its caption line, when the `page`'s rects are given)."""
    left = min(c[0] for c in head) - 6
    height = _height(lines[start : start + 6])
    size = _size(lines[start : start + 12])
    end = start + 1
    while end < len(lines):
        line, prev = lines[end], lines[end - 1]
        gap = min(w.top for w in line) - max(w.bottom for w in prev)
        text = " ".join(w.text for w in line)
        starts_left = line[0].x0 < left
        if gap > END_GAP * height or starts_left:
            break
        if KEY_PAIRS.search(text):
            break  # a written key under the table ('Key: Red = Off track; Amber = ...'), no row
        if page is not None and any(
            _swatch_key_line(page, ln) for ln in lines[end : end + 2] if ln is line or len(line) <= 4
        ):
            break  # a key of swatches beside their meanings under the table, or its short caption
        if _is_running(line, running) and min(w.top for w in line) >= bottom_margin - 2:
            # the page's running footer ('FINAL v1.0 ... Page 5 of 7') under the last row; in the
            # top band a line 'repeated on every page' is a table's header repeated on each page,
            # its wrapped lines the header's own
            break
        if size and _size([line]) > HEADING_SIZE * size:
            break  # a heading in a larger type than the table's ('Performance scorecard')
        limit = _next_ruled(ruled_tops, min(w.top for w in line))
        if _heading(text) and not _row_follows(
            [ln for ln in lines if min(w.top for w in ln) < limit],
            end + 1,
            head,
            bottom_margin,
            is_header,
            page_ends=limit == float("inf"),
        ):
            break  # a heading after the table; one followed by table rows is a section row inside it
        if _group_line(line) and _header_follows(lines, end + 1, is_header):
            break  # the next table's group row ('What we will do | Reported monthly') over its header
        cells = header_cells(line)
        wrapped_header = end - start <= 2 and gap <= ROW_GAP * height and _header_continues(line)
        if len(cells) >= 3 and is_header([c[2] for c in cells]) and not wrapped_header:
            break  # the next table's header (not the second line of this one's: 'Status' / 'due date')
        # a row's wrapped line at line spacing whose cells start at some of this table's column
        # edges ('dashboard of assessment | From | shared with partners') is no header of a new one
        wrapped_row = (
            gap <= ROW_GAP * height
            and len(cells) < len(head)
            and all(any(abs(c[0] - h[0]) <= 3 for h in head) for c in cells)
        )
        # a line at line spacing under a row, starting right of the table's left edge (its first
        # column empty), is that row's wrapped lines (justified or widely spaced words split into
        # many short pieces), never a new header
        under_row = gap <= ROW_GAP * height and line[0].x0 > head[0][0] + 6
        if not wrapped_header and not wrapped_row and not under_row and _labels_over_lines(lines, end):
            break  # the next table's header in words on no list, over its typed rows
        end += 1
    return end


def _is_running(line: list[Word], running: frozenset[tuple[float, str]]) -> bool:
    """The whole line is running header or footer text (a word of a cell that merely sits at the
    footer's height is not)."""
    top = min(w.top for w in line)
    texts = [text for y, text in running if abs(top - y) <= 2]
    return bool(texts) and _tokens(" ".join(w.text for w in line)) == _tokens(" ".join(texts))


def _tokens(text: str) -> list[str]:
    return sorted(re.findall(r"\w+", text.casefold()))


def _group_line(line: list[Word]) -> bool:
    """Two or three short labels across a line: a group row over a header, or nothing of a table."""
    cells = header_cells(line)
    return 2 <= len(cells) <= 3 and all(
        len(c[2].split()) <= 4
        and c[2][0].isupper()
        and not c[2].rstrip().endswith(".")
        and not ROW_START.match(c[2].split()[0])
        for c in cells
    )


def _header_follows(lines: list[list[Word]], k: int, is_header: Callable[[list[str]], bool]) -> bool:
    """Line k starts a header: in known words (on one line, or a band of lines with its words split
    mid-word: 'Delive' / 'ry by'), or labels over typed rows."""
    if k >= len(lines):
        return False
    cells = header_cells(lines[k])
    if (len(cells) >= 3 and is_header([c[2] for c in cells])) or _labels_over_lines(lines, k):
        return True
    band = _header_band(lines, k)
    return len(band) >= 3 and is_header([c[2] for c in band])


def _labels_over_lines(lines: list[list[Word]], k: int) -> bool:
    """Line k is a header in words on no list: short labels over lines of typed values.

    Plans without rules print an action table straight under an indicator table (or the other
    way round); the second table's header is its only boundary. Its words are on no list in
    house styles that name columns in their own words ('Kick-off', 'How are we doing'), so the
    header is known by shape: short labels (label_row) over rows whose first lines (text in three
    or more of the labels' columns), split at the labels' left edges, hold typed values (dates,
    statuses, refs, long text) in two columns.
    """
    # the header may wrap over two or three lines, or split its words mid-word ('Accoun' /
    # 'table manager'): those lines are the header's, not rows
    last = k
    height = _height(lines[k : k + 6])
    while last + 1 < min(len(lines), k + 3):
        gap = min(w.top for w in lines[last + 1]) - max(w.bottom for w in lines[last])
        if gap > ROW_GAP * height or not _header_continues(lines[last + 1]):
            break
        last += 1
    cells = header_cells([w for ln in lines[k : last + 1] for w in ln])
    texts = [c[2] for c in cells]
    # a label never starts with a list marker ('b. Establish ...') or a bullet (a cell's bullet
    # list, its glyph decoded as '(cid:127)' or '•') and is more than one letter ('B', a RAG
    # letter): a row of short cells under the table's own header is no new header
    if any(
        ROW_START.match(t.split()[0]) or len(t.strip()) <= 1 or BULLET_RE.match(t) or CID_GLYPH.match(t)
        for t in texts
        if t.strip()
    ):
        return False
    if not label_row(texts):
        return False
    starts = [c[0] - 2 for c in cells]
    below: list[list[str]] = []
    for line in lines[last + 1 : last + 12]:
        if line[0].x0 < starts[0]:
            break  # a heading or prose at the page margin: the rows have ended
        parts = [""] * len(cells)
        for w in line:
            col = max((j for j, x in enumerate(starts) if w.x0 >= x), default=0)
            parts[col] = f"{parts[col]} {w.text}".strip()
        if below and (not parts[0] or parts[0][0].islower()):
            # a line with nothing in the first column carries on the row above: its cells' wrapped
            # lines ('staying put.' under 'Establish an improvement workshop on'); so does one whose
            # first cell goes on mid-sentence in lower case ('carer forum.' | 'plan is agreed.')
            below[-1] = [f"{a} {b}".strip() for a, b in zip(below[-1], parts, strict=True)]
        elif sum(bool(p) for p in parts) >= 3:  # a row's first line, not a cell's wrapped lines
            below.append(parts)
    return labels_over_values(texts, below)


def _row_follows(
    lines: list[list[Word]],
    k: int,
    head: list[tuple[float, float, str]],
    bottom_margin: float,
    is_header: Callable[[list[str]], bool],
    *,
    page_ends: bool = True,
) -> bool:
    """Table rows follow from line k on (or the page ends first): the heading before k is a section row.

    A section row may wrap ('... - RAG rating:' / 'AMBER') and carry a line of its own ('Lead
    officer: Omar Patel') and a two-line progress narrative (long trackers): up to five lines in
    the first column only, or running across the columns, are passed over to the first line with
    text in two or more columns that stays inside them, a row. A line at the page margin (left of
    the first column's text), the next table's header, or more than five such lines (a
    paragraph) mean the table has ended. `page_ends` is False when `lines` stop at a ruled table
    rather than at the page's end: running out of lines then means that table follows.
    """
    starts = [c[0] - 2 for c in head]
    for j in range(k, min(k + 6, len(lines))):
        line = lines[j]
        if page_ends and min(w.top for w in line) > bottom_margin:
            return True  # nothing but the footer follows: the rows continue on the next page
        if line[0].x0 < starts[0]:
            return False
        group_over_header = _group_line(line) and _header_follows(lines, j + 1, is_header)
        if group_over_header or _header_follows(lines, j, is_header):
            # the next table's header (known words, labels over typed rows, a band split mid-word),
            # or the group row over it ('What we will do | Reported monthly'): the heading is its title
            return False
        columns = {sum(1 for x in starts if w.x0 >= x) for w in line}
        if len(columns) >= 2 and not any(text_crosses(line, x) for x in starts[1:]):
            return True
    # the lines ran out within a section row's few lines: the page ended first (no footer line)
    return page_ends and len(lines) - k < 6


def _shaded(line: list[Word], rects: Sequence[FilledRect]) -> bool:
    """Most of the line's words sit on a filled area (a shaded header band, a cell's fill)."""
    inside = sum(
        any(r.x0 <= (w.x0 + w.x1) / 2 <= r.x1 and r.top <= (w.top + w.bottom) / 2 <= r.bottom for r in rects)
        for w in line
    )
    return 2 * inside > len(line)


def _header_continues(line: list[Word]) -> bool:
    """A second header line holds only short words under the header cells ('Date', 'Officer', the
    rest of a word split mid-word with a period after it: 'gress August 2023')."""
    cells = header_cells(line)
    # a ref ('b.', '(3)') opens a row at its first cell; further along '(s)' ends 'Lead Officer(s)'
    return (
        bool(cells)
        and all(len(c[2].split()) <= 3 for c in cells)
        and not ROW_START.match(cells[0][2].split()[0])
    )


def _row_bands(
    lines: list[list[Word]], head: list[tuple[float, float, str]], *, continuation: bool = False
) -> list[float]:
    """Band boundaries: the header line (none on a continuation), then one band per row."""
    height = _height(lines)
    first_col_end = head[1][0] - 1 if len(head) > 1 else float("inf")
    tops = [min(w.top for w in ln) for ln in lines]
    bottoms = [max(w.bottom for w in ln) for ln in lines]
    ys = [tops[0] - 1]
    for k in range(1, len(lines)):
        gap = tops[k] - bottoms[k - 1]
        first = lines[k][0]
        new_ref = first.x0 < first_col_end and ROW_START.match(first.text) is not None
        in_header = len(ys) == 1 and k <= 4 and not continuation
        if in_header and gap <= ROW_GAP * height and _header_continues(lines[k]):
            continue  # a header wrapped over two to five lines ("Start" / "Date", "Year End" / "Target")
        # a gap alone may be a paragraph break inside a cell: a row starts only where the first
        # column has text (or a new reference)
        anchored = any(w.x0 < first_col_end for w in lines[k])
        if (len(ys) == 1 and not continuation) or (gap > ROW_GAP * height and anchored) or new_ref:
            ys.append((tops[k] + bottoms[k - 1]) / 2)
    ys.append(bottoms[-1] + 1)
    return ys
