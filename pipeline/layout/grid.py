"""Tables on one page: regions from horizontal rules, columns from vertical rules or header alignment.

The general mechanism (no per-sample cases): a table is a stack of row bands between horizontal rules of
the same width. Column boundaries come from vertical rules when the table has them, else from the left
edges of the header cells (trackers ruled in rows only, as Excel exports print). A cell spans columns
when the boundary between them is missing in its band: no vertical rule there (ruled), or text running
across it (unruled). Multi-line cells stay one cell because rows are bands, not text lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.layout.content import label_row, labels_over_values
from pipeline.layout.lines import monospace_pitch, split_at_gaps, text_lines
from pipeline.layout.rules import Segment, covers, split_rules
from pipeline.models import FilledRect, Page, Word
from pipeline.models.layout import Cell, Row
from pipeline.models.words import group_lines

MIN_RULE = 60.0  # points: shorter horizontal rules are underlines, not table borders
EXTENT_TOL = 6.0  # points: rules of one table start and end within this of each other
PARTIAL_RULE = 0.4  # share of the table width a broken rule must still cover
HEADER_GAP = 0.6  # x font height: gap that separates header cells on one line (word gaps are ~0.25)
# characters: a monospace word space is exactly one; a wider gap between two words is a cell gap
MONO_CELL_GAP = 1.25
WORD_GAP = 0.35  # x font height: a gap this small between words is a space, not a column break


@dataclass
class PageTable:
    """A table found on one page, before stitching across pages."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    bounds: list[float]
    ruled: bool
    rows: list[Row] = field(default_factory=list)


def _cluster_extents(h: list[Segment]) -> list[list[Segment]]:
    groups: list[list[Segment]] = []
    for s in sorted((s for s in h if s.length >= MIN_RULE), key=lambda s: s.pos):
        for g in groups:
            if abs(g[0].start - s.start) <= EXTENT_TOL and abs(g[0].end - s.end) <= EXTENT_TOL:
                g.append(s)
                break
        else:
            groups.append([s])
    for g in groups:
        _add_broken_rules(g, h)
    groups = [g for g in groups if len(g) >= 2]
    # A rule broken where it crosses a coloured cell on a scan starts at the table's edge but stops
    # short: it still separates rows when it covers most of the width (scans of row-ruled trackers).
    for g in groups:
        x0, x1 = g[0].start, g[0].end
        top, bottom = min(s.pos for s in g), max(s.pos for s in g)
        for s in h:
            if s in g or not top < s.pos < bottom or s.length < PARTIAL_RULE * (x1 - x0):
                continue
            at_edge = abs(s.start - x0) <= EXTENT_TOL or abs(s.end - x1) <= EXTENT_TOL
            if at_edge and all(abs(s.pos - other.pos) > 3 for other in g):
                g.append(s)
    return groups


def _add_broken_rules(g: list[Segment], h: list[Segment]) -> None:
    """Add to the rules of one extent the rules broken in the columns of a cell merged down over them.

    A lead printed once for two rows, the merge running on from the page before, breaks the rule
    between the rows (or the page's top rule) in its column: the pieces at one height run from the
    extent's left edge to its right one with a gap or two. Side-by-side tables never have a rule of
    their joint extent elsewhere, so their rules are not joined.
    """
    x0, x1 = g[0].start, g[0].end
    rows: dict[int, list[Segment]] = {}
    for s in h:
        if s not in g and x0 - EXTENT_TOL <= s.start and s.end <= x1 + EXTENT_TOL:
            rows.setdefault(round(s.pos), []).append(s)
    for pieces in rows.values():
        pieces.sort(key=lambda s: s.start)
        spans_width = abs(pieces[0].start - x0) <= EXTENT_TOL and abs(pieces[-1].end - x1) <= EXTENT_TOL
        covered = sum(piece.length for piece in pieces)
        if (
            2 <= len(pieces) <= 3
            and spans_width
            and covered >= 0.6 * (x1 - x0)
            and all(abs(pieces[0].pos - other.pos) > 3 for other in g)
        ):
            g.append(pieces[0])


# OCR reads table rules as these glyphs; they never carry meaning in a plan.
RULE_GLYPHS = re.compile(r"^[|¦\[\]{}!_]+$")


def _with_fill_boundaries(ys: list[float], rects: list[FilledRect], x0: float, x1: float) -> list[float]:
    """Add row boundaries where two differently coloured fills meet inside a band.

    On a scan a faint rule can be lost while the cell colours either side of it survive (the
    Red/Amber rows of a scanned key table); their meeting edge is the rule.
    """
    extra: list[float] = []
    inside = [r for r in rects if r.x0 >= x0 - 3 and r.x1 <= x1 + 3 and ys[0] < r.top < ys[-1]]
    for a in inside:
        for b in inside:
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            if a.fill != b.fill and abs(a.bottom - b.top) <= 3 and overlap >= 0.5 * (a.x1 - a.x0):
                y = (a.bottom + b.top) / 2
                if all(abs(y - other) > 4 for other in [*ys, *extra]):
                    extra.append(y)
    return sorted([*ys, *extra])


def _words_in(words: list[Word], x0: float, x1: float, top: float, bottom: float) -> list[Word]:
    out = []
    for w in words:
        if w.confidence < 1.0 and RULE_GLYPHS.match(w.text):
            continue
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            out.append(w)
    return out


def _vertical_bounds(v: list[Segment], x0: float, x1: float, ys: list[float]) -> list[float]:
    xs: list[float] = []
    for s in v:
        if x0 - 3 <= s.pos <= x1 + 3 and any(
            covers([s], s.pos, a, b, 0.6) for a, b in itertools.pairwise(ys)
        ):
            xs.append(s.pos)
    xs += [x0, x1]
    xs.sort()
    merged: list[float] = []
    for x in xs:
        if merged and x - merged[-1] <= 4:
            continue
        merged.append(x)
    merged[0], merged[-1] = x0, x1
    return merged


def header_cells(words: list[Word]) -> list[tuple[float, float, str]]:
    """Header band words -> (x0, x1, text) per header cell, left to right (cells may wrap over lines)."""
    phrases: list[tuple[float, float, list[str]]] = []
    # the band's font, read from all its words: a header line of two or three words cannot show
    # that it is monospace, where a one-character word space is as wide as a cell gap
    lines = group_lines(words)
    pitch = max((monospace_pitch(line) for line in lines), default=0.0) or monospace_pitch(words)
    for line in lines:
        # a monospace word space is exactly one character: a wider gap, short of two characters
        # ('By when' | 'Revised date' with the cells' padding between), is the cells'
        for part in split_at_gaps(line, HEADER_GAP, pitch, MONO_CELL_GAP):
            px0, px1 = part[0].x0, part[-1].x1
            for i, (qx0, qx1, texts) in enumerate(phrases):
                if px0 < qx1 and qx0 < px1:  # overlaps a phrase from an earlier line: same cell
                    phrases[i] = (min(qx0, px0), max(qx1, px1), [*texts, " ".join(w.text for w in part)])
                    break
            else:
                phrases.append((px0, px1, [" ".join(w.text for w in part)]))
    phrases.sort()
    return [(a, b, " ".join(t)) for a, b, t in phrases]


def body_gap_bounds(
    head_words: list[Word], body: list[Word], head: list[tuple[float, float, str]]
) -> list[float]:
    """Column boundaries inside header cells, where the body rows show a column the header ran together.

    In monospace type (Courier) the gap between two header cells can be a single character, as
    wide as a word space ('Measurement Definition', 'Red/Amber Commentary'), so the header line
    alone reads them as one cell. The rows under it tell the columns apart: a gap between two
    header words is a column boundary when two or more body lines hold text right of it (before
    the next header cell: a left-aligned column or a centred RAG letter), one or more hold text
    left of it within the header cell, and no body line runs across it (a real cell's words are a
    space apart, so a second word of a multi-word header over one column, 'Due date' over
    'Nov 2024', is always crossed).
    """
    if not body:
        return []
    found: list[float] = []
    body_lines = group_lines(body)
    pitch = _band_pitch(body_lines)
    for n, (cx0, cx1, _) in enumerate(head):
        limit = head[n + 1][0] - 1.0 if n + 1 < len(head) else float("inf")
        inside = [w for w in head_words if cx0 <= (w.x0 + w.x1) / 2 <= cx1]
        for line in group_lines(inside):
            for b in line[1:]:
                x = b.x0 - 1.0
                rights = sum(any(x < w.x0 and w.x1 <= limit for w in ln) for ln in body_lines)
                lefts = sum(any(cx0 - 2 <= w.x0 and w.x1 <= x for w in ln) for ln in body_lines)
                # in monospace type a word space is as wide as the cells' gap: only a word over
                # x shows a line runs across it (_runs_across), and a gap of two characters or
                # more at x on some line shows the columns ('Jane Smith' under 'Lead Officer' has
                # a one-character space there on every line)
                wide = not pitch or any(_gap_at(ln, x, cx0 - 2, limit) >= 1.9 * pitch for ln in body_lines)
                crossed = any(_runs_across(ln, x) for ln in body_lines)
                if rights >= 2 and lefts >= 1 and wide and not crossed:
                    found.append(x)
    return sorted(found)


def _fill_for(rects: list[FilledRect], x0: float, top: float, x1: float, bottom: float) -> str | None:
    area = max((x1 - x0) * (bottom - top), 1e-6)
    best, best_share = None, 0.0
    for r in rects:
        ix = min(r.x1, x1) - max(r.x0, x0)
        iy = min(r.bottom, bottom) - max(r.top, top)
        if ix <= 0 or iy <= 0:
            continue
        share = ix * iy / area
        # a swatch smaller than its cell (a scan's detected fill, a legend chip) still counts when
        # it sits inside the cell; a page-wide band behind the table does not.
        inside = (ix * iy) / max((r.x1 - r.x0) * (r.bottom - r.top), 1e-6)
        score = max(share, 0.6 * inside if inside > 0.9 else 0.0)
        if inside > 0.9 and share < 0.9 and ix * iy < 0.9 * area:
            # a mark drawn inside the cell (a status swatch, a coloured shape) sits on top of a row's
            # banding or shading: the mark's colour is the one the cell shows. A row's banding can
            # itself fall inside an unruled row's band; the smaller area is the one drawn on top
            score = 1.5 + (1.0 - share)
        if score > best_share:
            best, best_share = r.fill, score
    return best if best_share >= 0.3 else None


def _build_row(
    page: Page,
    words: list[Word],
    bounds: list[float],
    top: float,
    bottom: float,
    boundary_present: Callable[[int, list[Word]], bool],
) -> Row:
    ncols = len(bounds) - 1
    runs: list[tuple[int, int]] = []
    start = 0
    for j in range(1, ncols):
        if not boundary_present(j, words):
            continue
        runs.append((start, j - 1))
        start = j
    runs.append((start, ncols - 1))
    cells = []
    for a, b in runs:
        cx0, cx1 = bounds[a], bounds[b + 1]
        cw = [w for w in words if cx0 <= (w.x0 + w.x1) / 2 <= cx1]
        cells.append(
            Cell(
                lines=text_lines(cw, page.number, page.source, split_gaps=False),
                page=page.number,
                x0=cx0,
                top=top,
                x1=cx1,
                bottom=bottom,
                col_start=a,
                col_end=b,
                fill=_fill_for(page.rects, cx0, top, cx1, bottom),
            )
        )
    return Row(page=page.number, top=top, bottom=bottom, cells=cells)


def find_tables(
    page: Page,
    is_header: Callable[[list[str]], bool],
    carry: PageTable | None = None,
    running: frozenset[float] = frozenset(),
) -> tuple[list[PageTable], list[Word]]:
    """Tables on the page and the words left outside them.

    `is_header(cell_texts)` says whether a band's cells read as a header row (the synonym table); an
    unruled table needs one, since rules alone cannot tell a table from page decoration. `carry` is
    the table without vertical rules that ended the page before: a stack of row rules of its width
    opening this page with no header band continues it, in its columns. `running` are the tops of
    the page's running header and footer lines.
    """
    h, v = split_rules(page.lines)
    tables: list[PageTable] = []
    for group in _cluster_extents(h):
        x0 = min(s.start for s in group)
        x1 = max(s.end for s in group)
        ys = _with_fill_boundaries(sorted(s.pos for s in group), page.rects, x0, x1)
        ruled = any(covers(v, x0, a, b) for a, b in itertools.pairwise(ys))
        pieces: list[list[float]] = []
        if ruled:
            cur = [ys[0]]
            for a, b in itertools.pairwise(ys):
                if covers(v, x0, a, b) or covers(v, x1, a, b):
                    cur.append(b)
                else:
                    if len(cur) >= 2:
                        pieces.append(cur)
                    cur = [b]
            if len(cur) >= 2:
                pieces.append(cur)
        else:
            pieces = _header_led_pieces(page, x0, x1, ys, is_header)
            carried = _carried_piece(page, x0, x1, ys, carry, is_header, running, pieces) if carry else None
            if carried is not None and carry is not None:
                pieces = [p for p in pieces if p[0] >= carried[-1]]
                bounds = [x0, *carry.bounds[1:-1], x1]
                table = make_table(page, x0, x1, carried, v, False, bounds=bounds, h=h)
                tables = _add_table(tables, table, page, x0, x1, v, ruled, h, bounds)
        for piece in pieces:
            for part, built in _split_at_headers(page, x0, x1, piece, v, ruled, is_header):
                if built is None:
                    table = make_table(page, x0, x1, part, v, ruled, h=h)
                else:  # the stack holds one table: the one built to look for headers in it
                    table = built
                    if h:
                        _fill_merged_down(table.rows, part, h)
                tables = _add_table(tables, table, page, x0, x1, v, ruled, h)
    inside: set[int] = set()
    for t in tables:
        for k, w in enumerate(page.words):
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom:
                inside.add(k)
    rest = [w for k, w in enumerate(page.words) if k not in inside]
    tables.sort(key=lambda t: t.top)
    return tables, rest


def _add_table(
    tables: list[PageTable],
    table: PageTable | None,
    page: Page,
    x0: float,
    x1: float,
    v: list[Segment],
    ruled: bool,
    h: list[Segment],
    bounds: list[float] | None = None,
) -> list[PageTable]:
    """The page's tables with `table` added, unless a table found already holds it (a table it holds
    is dropped). `bounds` are its columns when they come from elsewhere (a table carried overleaf)."""
    if table is None or any(_inside(table, t) for t in tables):
        return tables
    tables = [t for t in tables if not _inside(t, table)]
    overlapping = next((t for t in tables if _overlaps(t, table)), None)
    if overlapping is not None:
        # two stacks of the same width sharing rows: a cell merged down over rows breaks their rules
        # in its column, so the rule pieces fall into two groups whose tables overlap; the table is
        # their union
        ys = sorted({*_band_edges(overlapping), *_band_edges(table)})
        merged = make_table(page, x0, x1, _dedupe(ys), v, ruled and bounds is None, bounds=bounds, h=h)
        if merged is not None:
            tables = [t for t in tables if t is not overlapping]
            table = merged
    return [*tables, table]


def _overlaps(a: PageTable, b: PageTable) -> bool:
    """Tables of the same width whose row bands overlap (neither lies within the other)."""
    tol = 2.0
    return (
        abs(a.x0 - b.x0) <= tol
        and abs(a.x1 - b.x1) <= tol
        and a.top < b.bottom - tol
        and b.top < a.bottom - tol
    )


def _band_edges(t: PageTable) -> list[float]:
    return [t.rows[0].top, *(r.bottom for r in t.rows)] if t.rows else [t.top, t.bottom]


def _dedupe(ys: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > tol:
            out.append(y)
    return out


def _inside(a: PageTable, b: PageTable) -> bool:
    """Table a lies within table b's box.

    A rule broken where a merged cell spans two rows leaves pieces that line up with the pieces of
    other tables' broken rules; the stack they form is a table inside a real one, read twice.
    """
    tol = 2.0
    return a.x0 >= b.x0 - tol and a.x1 <= b.x1 + tol and a.top >= b.top - tol and a.bottom <= b.bottom + tol


def _header_led_pieces(
    page: Page, x0: float, x1: float, ys: list[float], is_header: Callable[[list[str]], bool]
) -> list[list[float]]:
    """Tables in a stack of bands with horizontal rules only: each starts at a band that reads as a header.

    Plans that rule rows but not columns often print several tables of the same width on a page (an
    indicator table and an action table per recommendation), so their rules line up and fall into one
    stack. Each header band starts a table that runs to the next header band; the bands between one
    table's last row and the next header (the space between the tables, a recommendation heading and
    its prose) are not rows: they are empty, or hold text running across the header's column
    boundaries, and are left out.
    """
    bands = list(itertools.pairwise(ys))
    band_words = [_words_in(page.words, x0, x1, a, b) for a, b in bands]
    heads: list[tuple[int, list[float]]] = []
    for i, words in enumerate(band_words):
        cells = header_cells(words)
        texts = [c[2] for c in cells]
        if len(cells) >= 3 and (is_header(texts) or _labels_over_bands(band_words[i + 1 : i + 7], cells)):
            heads.append((i, [c[0] for c in cells]))
    pieces: list[list[float]] = []
    for n, (i, starts) in enumerate(heads):
        last = n + 1 == len(heads)
        stop = len(bands) if last else heads[n + 1][0]
        inner = [x - 1.0 for x in starts[1:]]
        if not last and stop - 1 > i + 1 and _group_header(band_words[stop - 1], len(starts)):
            stop -= 1  # the next table's group header ('What we will do | Reported monthly')
        while stop > i + 1 and not (
            # the stack's last rule closes its last table: a spanning row there (a section heading
            # at the foot of the page, its rows overleaf) belongs to the table
            band_words[stop - 1] if last else _is_row_band(band_words[stop - 1], starts[0], inner)
        ):
            stop -= 1
        pieces.append(ys[i : stop + 1])
    return pieces


def aligned_starts(words: list[Word], starts: list[float]) -> int:
    """How many of the columns' left edges a word of the line (or band) starts at."""
    return sum(any(-2 <= w.x0 - x <= 8 for w in words) for x in starts)


def _carried_piece(
    page: Page,
    x0: float,
    x1: float,
    ys: list[float],
    carry: PageTable,
    is_header: Callable[[list[str]], bool],
    running: frozenset[float],
    pieces: list[list[float]],
) -> list[float] | None:
    """The opening bands of a row-ruled stack that continue `carry` overleaf, or None.

    Trackers ruled in rows only often repeat no header on a continuation page: the page opens with a
    stack of the carried table's width (nothing above it but the running header), whose first band
    is no header in known words and whose first rows stay inside the carried columns, their cells at
    the carried columns' left edges (a split row's rest and a section row may come first). The
    piece runs to the stack's next header band (`pieces` are the stack's header-led tables).
    """
    if carry.ruled or abs(carry.x0 - x0) > EXTENT_TOL or abs(carry.x1 - x1) > EXTENT_TOL:
        return None
    if len(carry.bounds) < 4 or len(ys) < 2:
        return None
    if any(w.bottom <= ys[0] + 1 and all(abs(w.top - y) > 2 for y in running) for w in page.words):
        return None  # a heading, caption or prose over the stack: it opens something of its own
    bands = list(itertools.pairwise(ys))
    band_words = [_words_in(page.words, x0, x1, a, b) for a, b in bands]

    def known_header(words: list[Word]) -> bool:
        cells = header_cells(words)
        return len(cells) >= 3 and is_header([c[2] for c in cells])

    if not band_words[0] or known_header(band_words[0]) or _repeats_first_row(band_words[0], carry):
        return None  # a header, in known words or the carried table's own repeated: the page's own
    heads = [ys.index(p[0]) for p in pieces if p[0] in ys]
    stop = next(
        (i for i in range(1, len(bands)) if i in heads or known_header(band_words[i])),
        len(bands),
    )
    ncols = len(carry.bounds) - 1
    while stop > 1 and (
        not band_words[stop - 1] or (stop < len(bands) and _group_header(band_words[stop - 1], ncols))
    ):
        stop -= 1  # the space before the next table, and that table's group row over its header
    inner = carry.bounds[1:-1]
    starts = carry.bounds[:-1]
    # the carried rows may open under a split row's rest (one column) and a section row, or both
    rows = [
        words
        for words in band_words[: min(3, stop)]
        if _is_row_band(words, carry.bounds[0], inner) and aligned_starts(words, starts) >= 3
    ]
    if not rows or (stop < len(bands) and _group_header(band_words[0], ncols)):
        return None  # the next table's group row and header open the page: nothing carries
    return ys[: stop + 1]


def _repeats_first_row(words: list[Word], carry: PageTable) -> bool:
    """The band's words are the carried table's first row again: its header, in words on no list,
    repeated at the top of the continuation page."""
    if not carry.rows:
        return False

    def squash(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "", text.lower())

    first = squash(" ".join(c.flat for c in carry.rows[0].cells))
    return (
        bool(first) and squash(" ".join(w.text for w in sorted(words, key=lambda w: (w.x0, w.top)))) == first
    )


def _labels_over_bands(below: list[list[Word]], cells: list[tuple[float, float, str]]) -> bool:
    """A band of short labels over bands of typed values, split at the labels' left edges."""
    texts = [c[2] for c in cells]
    if not label_row(texts):
        return False
    starts = [c[0] - 2 for c in cells]
    inner = [c[0] - 1.0 for c in cells[1:]]
    rows: list[list[str]] = []
    for words in below:
        if words and label_row([c[2] for c in header_cells(words)]):
            break  # the next table's header (the same labels repeated): its rows are its own
        if not _is_row_band(words, cells[0][0], inner):
            continue  # a heading or section row across the columns proves nothing of the labels
        parts = [""] * len(cells)
        for w in sorted(words, key=lambda w: (w.top, w.x0)):
            col = max((j for j, x in enumerate(starts) if w.x0 >= x), default=0)
            parts[col] = f"{parts[col]} {w.text}".strip()
        if sum(bool(p) for p in parts) >= 2:
            rows.append(parts)
    return labels_over_values(texts, rows)


def _group_header(words: list[Word], ncols: int) -> bool:
    """A band of a few short labels over a header of more cells: the header's group row."""
    cells = header_cells(words)
    return 2 <= len(cells) < ncols and all(
        len(c[2].split()) <= 4 and not c[2].rstrip().endswith(".") for c in cells
    )


def _is_row_band(words: list[Word], left: float, inner: list[float]) -> bool:
    """A band holds a table row: it has text, and its lines stay inside the header's columns.

    A line across two or more column boundaries is a heading or a spanning caption; a paragraph
    whose every line crosses a boundary is prose, while a cell's wrapped lines never do.
    """
    if not words:
        return False
    crossings = [sum(_runs_across(line, x) for x in inner) for line in group_lines(words)]
    if any(line[0].x0 < left - 2 for line in group_lines(words)):
        return False  # starts left of the first column's text: a heading or prose at the page margin
    return max(crossings) < 2 and not (len(crossings) >= 2 and min(crossings) >= 1)


def _runs_across(line: list[Word], x: float) -> bool:
    """A line runs across x: a word straddles it, or two words sit closer than a proportional space.

    In monospace type a cell full to its column's edge sits one character from the next cell, as
    close as a word space ('... dashboard of' | 'Sarah'); only a word over the boundary shows that
    a line spans it (a heading or prose across the columns always straddles some).
    """
    if any(w.x0 < x - 1 and w.x1 > x + 1 for w in line):
        return True
    if monospace_pitch(line):
        return False
    return text_crosses(line, x)


def _split_at_headers(
    page: Page,
    x0: float,
    x1: float,
    ys: list[float],
    v: list[Segment],
    ruled: bool,
    is_header: Callable[[list[str]], bool],
) -> list[tuple[list[float], PageTable | None]]:
    """Split a stack of bands where a header row starts a new table.

    Two tables of the same width one above the other can share their outer rules (and on a scan the
    rule finder may bridge the gap between them): a header row in the middle means a new table, whose
    columns are then found from its own bands. Each part comes with its table when the stack is not
    split (the table built to look for headers is that table), else None: a part's columns are its own.
    """
    table = make_table(page, x0, x1, ys, v, ruled)
    if table is None:
        return [(ys, None)]
    cuts = [
        i for i, row in enumerate(table.rows) if i > 0 and is_header([c.flat for c in row.cells if c.lines])
    ]
    parts, start = [], 0
    for i in cuts:
        if i - start >= 1:
            parts.append(ys[start : i + 1])
            start = i
    parts.append(ys[start:])
    kept = [p for p in parts if len(p) >= 2]
    if len(kept) == 1 and kept[0] == ys:
        return [(ys, table)]
    return [(p, None) for p in kept]


def _boundary_test(
    v: list[Segment], bounds: list[float], ruled: bool, a: float, b: float
) -> Callable[[int, list[Word]], bool]:
    """Is the boundary before column j present in the band a..b? A rule there, or no text across it."""
    seen: list[tuple[list[Word], list[list[Word]]]] = []

    def lines_of(words: list[Word]) -> list[list[Word]]:
        # every boundary of a band is tested against the same words: group them into lines once
        if not seen or seen[-1][0] is not words:
            seen[:] = [(words, group_lines(words))]
        return seen[-1][1]

    if ruled:
        # a rule there, or (scans: rules found in pieces) part of one and no text running across it
        return lambda j, words: (
            covers(v, bounds[j], a, b, 0.5)
            or (covers(v, bounds[j], a, b, 0.1) and not text_crosses(words, bounds[j], lines_of(words)))
        )
    return lambda j, words: (
        not text_crosses(words, bounds[j], lines_of(words))
        or _column_gap_at(words, bounds[j], lines_of(words))
    )


def _column_gap_at(words: list[Word], x: float, lines: list[list[Word]] | None = None) -> bool:
    """Some line of the band has a column gap at x: words either side of x, far apart.

    A long word may overflow a narrow cell into the next ('01.12.2024' under a status colour); the
    cells stay apart when another line of the band shows the gap between them ('Start:' ... 'Y').
    """
    # a short line ('good.  (LUCY FERNANDES)') has too few words to show its font is monospace; the
    # band's other lines show it
    if lines is None:
        lines = group_lines(words)
    band_pitch = _band_pitch(lines)
    for line in lines:
        height = max(max(w.bottom - w.top for w in line), 1.0)
        gap = max(HEADER_GAP * height, MONO_CELL_GAP * (monospace_pitch(line) or band_pitch))
        for a, b in itertools.pairwise(line):
            if a.x1 <= x + 1 and b.x0 >= x - 1 and b.x0 - a.x1 >= gap:
                return True
    return False


def _gap_at(line: list[Word], x: float, left: float, right: float) -> float:
    """The gap between the words either side of x on the line, both between `left` and `right`
    (0.0 when a word covers x or no word lies on one side)."""
    for a, b in itertools.pairwise(line):
        if a.x0 >= left and a.x1 <= x + 1 and b.x0 >= x - 1 and b.x1 <= right:
            return b.x0 - a.x1
    return 0.0


def _band_pitch(lines: list[list[Word]]) -> float:
    """The widest monospace character pitch of the band's lines (0.0 when none is monospace): lines
    in one band may differ in size (a bold heading over its narrative)."""
    return max((monospace_pitch(line) for line in lines), default=0.0)


def text_crosses(words: list[Word], x: float, lines: list[list[Word]] | None = None) -> bool:
    """Text runs across x: a word straddles it, or two words of one line sit a space apart on either side.

    `lines` are the words grouped into lines, when the caller already has them.
    """
    if any(w.x0 < x - 1 and w.x1 > x + 1 for w in words):
        return True
    if lines is None:
        lines = group_lines(words)
    band_pitch = _band_pitch(lines)
    for line in lines:
        # the line's height, not the pair's: OCR boxes of short lowercase words ("care") are squat
        height = max(max(w.bottom - w.top for w in line), 1.0)
        # a monospace (Courier) space is a whole character wide, wider than WORD_GAP; a short line
        # has too few words to show it, the other lines of the band do
        space = max(WORD_GAP * height, MONO_CELL_GAP * (monospace_pitch(line) or band_pitch))
        for a, b in itertools.pairwise(line):
            if a.x1 <= x + 1 and b.x0 >= x - 1 and b.x0 - a.x1 < space:
                return True
    return False


def make_table(
    page: Page,
    x0: float,
    x1: float,
    ys: list[float],
    v: list[Segment],
    ruled: bool,
    bounds: list[float] | None = None,
    h: list[Segment] | None = None,
) -> PageTable | None:
    """The table between the band boundaries `ys`: columns from `bounds`, vertical rules or the header.

    With the horizontal rules `h`, a cell whose top rule is missing is merged with the cell above.
    """
    words = _words_in(page.words, x0, x1, ys[0], ys[-1])
    if not words:
        return None
    found: list[float] = []
    if bounds is not None:
        pass  # a continuation: the columns of the table it continues
    elif ruled:
        bounds = _vertical_bounds(v, x0, x1, ys)
    else:
        head_words = _words_in(page.words, x0, x1, ys[0], ys[1])
        head = header_cells(head_words)
        bounds = [x0, *[c[0] - 1.0 for c in head[1:]], x1]
        found = body_gap_bounds(head_words, _words_in(words, x0, x1, ys[1], ys[-1]), head)
        bounds = sorted([*bounds, *found])
    rows = [
        _build_row(page, _words_in(words, x0, x1, a, b), bounds, a, b, _boundary_test(v, bounds, ruled, a, b))
        for a, b in itertools.pairwise(ys)
    ]
    if found:
        # the header's own word gap there is no wider than a word space: the body rows showed it
        test = _boundary_test(v, bounds, ruled, ys[0], ys[1])
        rows[0] = _build_row(
            page, head_words, bounds, ys[0], ys[1], lambda j, ws: bounds[j] in found or test(j, ws)
        )
    if not ruled:
        rows = _keep_structural_boundaries(page, words, bounds, ys, rows)
    if h:
        _fill_merged_down(rows, ys, h)
    return PageTable(
        page=page.number, x0=x0, x1=x1, top=ys[0], bottom=ys[-1], bounds=bounds, ruled=ruled, rows=rows
    )


def _fill_merged_down(rows: list[Row], ys: list[float], h: list[Segment]) -> None:
    """Give a cell merged with the one above it (no rule between them) the text of the merged cell.

    Plans merge a column's cells down over several actions when they share a lead or a date; the
    text is printed once, in the first row, and the rule between the rows is left out in that
    column only. Every action the merged cell spans has that value.
    """
    for k in range(1, len(rows)):
        y = ys[k]
        if not any(abs(s.pos - y) <= 3 for s in h):
            continue  # no rule at all here: a boundary the layout inferred, not a printed one
        for cell in rows[k].cells:
            if cell.lines or cell.col_start != cell.col_end:
                continue
            width = cell.x1 - cell.x0
            if width <= 0 or covers(h, y, cell.x0 + 0.1 * width, cell.x1 - 0.1 * width, 0.3):
                continue
            above = rows[k - 1].cell_for(cell.col_start)
            if above is not None and above.lines and above.col_start == above.col_end == cell.col_start:
                cell.lines = list(above.lines)


STRUCTURAL = 0.6  # share of a table's multi-cell rows in which text crossing one boundary is overflow


def _keep_structural_boundaries(
    page: Page, words: list[Word], bounds: list[float], ys: list[float], rows: list[Row]
) -> list[Row]:
    """Rows rebuilt with a column boundary kept where text crosses it in most rows of the table.

    Without vertical rules a cell spans columns where text crosses their boundary; but a cell that
    spans two columns in most rows is no merged cell: it is text too wide for a narrow column (a
    padded ref, '1.01.01', running into the action beside it). Rows of one spanning cell (section
    headings) keep their span.
    """
    multi = [k for k, row in enumerate(rows) if k > 0 and len(row.cells) > 1]
    if len(multi) < 2:
        return rows
    keep = set()
    for j in range(1, len(bounds) - 1):
        crossed = sum(any(c.col_start < j <= c.col_end for c in rows[k].cells) for k in multi)
        if crossed >= STRUCTURAL * len(multi):
            keep.add(j)
    if not keep:
        return rows
    out = list(rows)
    for k in multi:
        a, b = ys[k], ys[k + 1]
        out[k] = _build_row(
            page, _words_in(words, bounds[0], bounds[-1], a, b), bounds, a, b, _kept(keep, bounds, a, b)
        )
    return out


def _kept(keep: set[int], bounds: list[float], a: float, b: float) -> Callable[[int, list[Word]], bool]:
    """The unruled boundary test of band a..b, with the boundaries in `keep` always present."""
    test = _boundary_test([], bounds, False, a, b)
    return lambda j, ws: j in keep or test(j, ws)
