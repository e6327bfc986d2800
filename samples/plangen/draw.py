"""Page flow and ruled tables on a reportlab canvas, recording where every row lands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X = 36.0
CONTENT_TOP = 52.0  # below the running header
CONTENT_BOTTOM = PAGE_H - 44.0  # above the running footer
REGULAR, BOLD, SYMBOL = "Helvetica", "Helvetica-Bold", "Symbol"
BULLET = "\u2022"

BBox = tuple[float, float, float, float]


@dataclass
class Para:
    """One paragraph inside a cell or on the page."""

    text: str
    bold: bool = False
    bullet: bool = False
    size: float = 9.0
    gap_before: float = 0.0  # extra space above, in points


@dataclass
class Cell:
    """A table cell: paragraphs, an optional fill, and how many columns it spans."""

    paras: list[Para] = field(default_factory=list)
    fill: str | None = None
    span: int = 1
    align: str = "left"  # "left" or "center"


@dataclass
class Row:
    """A table row; `tag` names the record it carries so its placement can be reported."""

    cells: list[Cell]
    tag: str | None = None
    min_height: float = 0.0
    keep_with_next: bool = False  # a grouping row (an objective) is never left alone at a page foot


@dataclass
class Table:
    """A table: column widths, header row, and the house rules for rules and page breaks."""

    widths: list[float]
    header: Row | None
    rows: list[Row]
    repeat_header: bool = True
    vertical_rules: bool = True
    horizontal_rules: bool = True
    rule_width: float = 0.6
    pad: float = 3.5


@dataclass
class Placement:
    """Where a tagged row was drawn: 1-based page and bbox (x0, top, x1, bottom), top-left origin."""

    page: int
    bbox: BBox


def leading(size: float) -> float:
    """Line spacing used for a font size."""
    return round(size * 1.22, 2)


def wrap(para: Para, width: float) -> list[str]:
    """The lines a paragraph wraps to inside `width` points (bullets are indented)."""
    font = BOLD if para.bold else REGULAR
    inner = width - (10.0 if para.bullet else 0.0)
    return simpleSplit(para.text, font, para.size, inner) or [""]


def paras_height(paras: list[Para], width: float) -> float:
    """Height of a stack of paragraphs wrapped to `width`."""
    return sum(p.gap_before + len(wrap(p, width)) * leading(p.size) for p in paras)


class Flow:
    """Draws pages top to bottom; a new page gets the running header and footer."""

    def __init__(self, canvas: Canvas, decorate: Callable[[Canvas, int], None]) -> None:
        self.canvas = canvas
        self.decorate = decorate
        self.page = 0
        self.top = CONTENT_TOP
        self.placements: dict[str, Placement] = {}
        # Facts about the layout that the specs require (e.g. a table continued without its header).
        self.breaks: list[tuple[str, bool]] = []

    # -- pages -------------------------------------------------------------------------------------------
    def new_page(self) -> None:
        """Finish the current page (if any) and start the next one."""
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.top = CONTENT_TOP
        self.decorate(self.canvas, self.page)

    def room(self) -> float:
        """Points left above the footer."""
        return CONTENT_BOTTOM - self.top

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` points fit on this one."""
        if height > self.room() and self.top > CONTENT_TOP + 0.1:
            self.new_page()

    def skip(self, height: float) -> None:
        """Leave vertical space."""
        self.top += height

    # -- text --------------------------------------------------------------------------------------------
    def text_line(
        self,
        text: str,
        x: float,
        top: float,
        size: float,
        bold: bool = False,
        align: str = "left",
        colour: str = "#000000",
        font: str | None = None,
    ) -> None:
        """Draw one line whose top edge is at `top` (baseline placed from the font's ascent)."""
        font = font or (BOLD if bold else REGULAR)
        c = self.canvas
        c.setFont(font, size)
        c.setFillColor(HexColor(colour))
        y = PAGE_H - (top + size * 0.9)
        if align == "center":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)

    def paragraph(self, para: Para, x: float, width: float, tag: str | None = None) -> None:
        """Flow a paragraph at the cursor, breaking pages between lines; tag records its first line."""
        self.skip(para.gap_before)
        for i, line in enumerate(wrap(para, width)):
            self.ensure(leading(para.size))
            if i == 0 and tag:
                w = stringWidth(line, BOLD if para.bold else REGULAR, para.size)
                self.placements[tag] = Placement(
                    self.page, _box(x, self.top, x + w, self.top + leading(para.size))
                )
            self._para_line(para, line, i == 0, x, self.top)
            self.top += leading(para.size)

    def _para_line(self, para: Para, line: str, first: bool, x: float, top: float) -> None:
        if para.bullet:
            if first:
                # Symbol-font bullets, as Word writes them: Helvetica's bullet comes out as (cid:127).
                self.text_line(BULLET, x + 1.5, top, para.size, font=SYMBOL)
            x += 10.0
        self.text_line(line, x, top, para.size, para.bold)

    # -- tables ------------------------------------------------------------------------------------------
    def table(self, table: Table, name: str, x0: float = MARGIN_X, keep_with_first: bool = True) -> None:
        """Draw a table at the cursor; rows never split, the header repeats on new pages when asked.

        `name` identifies the table in `self.breaks`, which records each page break inside it and
        whether the header was repeated there.
        """
        first_h = 0.0
        for row in table.rows[:2] if keep_with_first else []:
            first_h += self.row_height(table, row)
            if not row.keep_with_next:
                break
        header_h = self.row_height(table, table.header) if table.header else 0.0
        self.ensure(header_h + first_h)
        segment_top = self.top
        if table.header:
            self._draw_row(table, table.header, x0)
        for index, row in enumerate(table.rows):
            h = self.row_height(table, row)
            if row.keep_with_next and index + 1 < len(table.rows):
                h += self.row_height(table, table.rows[index + 1])
            if h > self.room():
                self._close_segment(table, x0, segment_top)
                self.new_page()
                self.breaks.append((name, table.repeat_header and table.header is not None))
                segment_top = self.top
                if table.repeat_header and table.header:
                    self._draw_row(table, table.header, x0)
            self._draw_row(table, row, x0)
        self._close_segment(table, x0, segment_top)

    def row_height(self, table: Table, row: Row) -> float:
        """Height of a row: its tallest cell plus padding."""
        tallest = 0.0
        for cell, width in self._cells(table, row):
            tallest = max(tallest, paras_height(cell.paras, width - 2 * table.pad))
        return max(round(tallest + 2 * table.pad + 1.0, 2), row.min_height)

    def _cells(self, table: Table, row: Row) -> list[tuple[Cell, float]]:
        out, col = [], 0
        for cell in row.cells:
            out.append((cell, sum(table.widths[col : col + cell.span])))
            col += cell.span
        if col != len(table.widths):
            raise ValueError(f"row spans {col} columns, table has {len(table.widths)}")
        return out

    def _draw_row(self, table: Table, row: Row, x0: float) -> None:
        c, h, top = self.canvas, self.row_height(table, row), self.top
        x1 = x0 + sum(table.widths)
        x = x0
        c.setLineWidth(table.rule_width)
        c.setStrokeColor(HexColor("#000000"))
        for cell, width in self._cells(table, row):
            if cell.fill:
                c.setFillColor(HexColor(cell.fill))
                c.rect(x, PAGE_H - (top + h), width, h, stroke=0, fill=1)
            self._cell_text(table, cell, x, width, top)
            x += width
        # Rules after fills so a filled cell does not paint over its borders.
        if table.horizontal_rules:
            c.line(x0, PAGE_H - top, x1, PAGE_H - top)
        if table.vertical_rules:
            x = x0
            for _cell, width in [(None, 0.0), *self._cells(table, row)]:
                x += width
                c.line(x, PAGE_H - top, x, PAGE_H - (top + h))
        if row.tag:
            self.placements[row.tag] = Placement(self.page, _box(x0, top, x1, top + h))
        self.top += h

    def _cell_text(self, table: Table, cell: Cell, x: float, width: float, top: float) -> None:
        inner = width - 2 * table.pad
        y = top + table.pad
        for para in cell.paras:
            y += para.gap_before
            for i, line in enumerate(wrap(para, inner)):
                if cell.align == "center":
                    self.text_line(line, x + width / 2, y, para.size, para.bold, align="center")
                else:
                    self._para_line(para, line, i == 0, x + table.pad, y)
                y += leading(para.size)

    def _close_segment(self, table: Table, x0: float, segment_top: float) -> None:
        """Bottom rule of the part of a table drawn on this page."""
        if self.top > segment_top and table.horizontal_rules:
            c = self.canvas
            c.setLineWidth(table.rule_width)
            c.line(x0, PAGE_H - self.top, x0 + sum(table.widths), PAGE_H - self.top)


def _box(x0: float, top: float, x1: float, bottom: float) -> BBox:
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def decorate_page(title_left: str, title_right: str, total: int) -> Callable[[Canvas, int], None]:
    """Running header (plan title left, edition right) and footer ('Page N of M' right) for every page."""

    def draw(c: Canvas, number: int) -> None:
        c.setFillColor(HexColor("#404040"))
        c.setFont(REGULAR, 8)
        c.drawString(MARGIN_X, PAGE_H - 28, title_left)
        c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 28, title_right)
        c.setStrokeColor(HexColor("#808080"))
        c.setLineWidth(0.4)
        c.line(MARGIN_X, PAGE_H - 34, PAGE_W - MARGIN_X, PAGE_H - 34)
        c.drawRightString(PAGE_W - MARGIN_X, 22, f"Page {number} of {total}")
        c.setFillColor(HexColor("#000000"))
        c.setStrokeColor(HexColor("#000000"))

    return draw
