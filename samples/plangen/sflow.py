"""Page flow for the house-style corpus: any page size and font, rules, zebra, merged and split rows.

A sibling of `plangen/draw.py` (which draws the checked-in samples and must keep its bytes): the same
Para/Cell/Row/Placement records, but the page geometry, fonts and table house rules come from a
`Style`, and rows may split across a page break. Every tagged row's page and box is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from plangen.draw import BBox, Para, Placement

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {  # style font -> (regular, bold)
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
    "dejavu": ("DejaVuSans", "DejaVuSans-Bold"),
}
# How each bullet style is drawn: (font, glyph). What the text layer makes of it is the point:
# Helvetica's bullet decodes as (cid:127), ZapfDingbats' black circle (drawn from its Unicode, which
# reportlab encodes to the font's code 'l') as a plain letter, Symbol's and DejaVu's decode cleanly.
BULLETS = {
    "helvetica_cid": ("Helvetica", "\u2022"),
    "symbol": ("Symbol", "\u2022"),
    "zapf": ("ZapfDingbats", "\u25cf"),
    "dash": (None, "\u2013"),
    "dejavu_clean": ("DejaVuSans", "\u2022"),
    "none": (None, ""),
}


def register_fonts() -> None:
    """Register the DejaVu TrueType fonts once (embedded subsets decode cleanly)."""
    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DEJAVU / "DejaVuSans-Bold.ttf")))


@dataclass
class SCell:
    """A cell: paragraphs, fill, column span; `merged_above` suppresses the rule above it (merged cell)."""

    paras: list[Para] = field(default_factory=list)
    fill: str | None = None
    span: int = 1
    align: str = "left"
    merged_above: bool = False
    glyph: tuple[str, str, str] | None = None  # (font, character, colour): a shape instead of text


@dataclass
class SRow:
    """A row; `tag` names the record it carries."""

    cells: list[SCell]
    tag: str | None = None
    min_height: float = 0.0
    fill: str | None = None  # zebra


@dataclass
class STable:
    """A table and its house rules."""

    widths: list[float]
    header: list[SRow]
    rows: list[SRow]
    repeat_header: bool = True
    rules: str = "grid"  # grid, horizontal, none
    split_rows: bool = False
    pad: float = 3.5


@dataclass
class Geometry:
    """Page size and margins."""

    width: float
    height: float
    margin_x: float = 36.0
    content_top: float = 52.0
    bottom_margin: float = 44.0

    @property
    def content_bottom(self) -> float:
        """Lowest point content may reach."""
        return self.height - self.bottom_margin

    @property
    def text_width(self) -> float:
        """Width between the margins."""
        return self.width - 2 * self.margin_x


def leading(size: float) -> float:
    """Line spacing used for a font size."""
    return round(size * 1.22, 2)


class SFlow:
    """Draws pages top to bottom with the style's fonts; records where tagged rows and lines land."""

    def __init__(
        self,
        canvas: Canvas,
        geo: Geometry,
        font: str,
        bullet: str,
        decorate: Callable[[SFlow, int], None],
    ) -> None:
        self.canvas, self.geo, self.decorate = canvas, geo, decorate
        self.regular, self.bold = FONTS[font]
        self.bullet_font, self.bullet_glyph = BULLETS[bullet]
        self.page = 0
        self.top = geo.content_top
        self.placements: dict[str, Placement] = {}
        self.breaks: list[tuple[str, bool]] = []
        self.split_tags: list[str] = []

    # -- pages -------------------------------------------------------------------------------------
    def new_page(self) -> None:
        """Finish the current page (if any) and start the next one."""
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.top = self.geo.content_top
        self.decorate(self, self.page)

    def room(self) -> float:
        """Points left above the footer."""
        return self.geo.content_bottom - self.top

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` points fit on this one."""
        if height > self.room() and self.top > self.geo.content_top + 0.1:
            self.new_page()

    def skip(self, height: float) -> None:
        """Leave vertical space."""
        self.top += height

    # -- text --------------------------------------------------------------------------------------
    def font_of(self, bold: bool) -> str:
        """Font name for a weight."""
        return self.bold if bold else self.regular

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
        """Draw one line whose top edge is at `top`."""
        c = self.canvas
        c.setFont(font or self.font_of(bold), size)
        c.setFillColor(HexColor(colour))
        y = self.geo.height - (top + size * 0.9)
        if align == "center":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)

    def wrap(self, para: Para, width: float) -> list[str]:
        """Lines a paragraph wraps to inside `width` points."""
        inner = width - (10.0 if para.bullet else 0.0)
        return simpleSplit(para.text, self.font_of(para.bold), para.size, inner) or [""]

    def paragraph(self, para: Para, x: float, width: float, tag: str | None = None) -> None:
        """Flow a paragraph at the cursor, breaking pages between lines; `tag` records its first line."""
        self.skip(para.gap_before)
        for i, line in enumerate(self.wrap(para, width)):
            self.ensure(leading(para.size))
            if i == 0 and tag:
                w = pdfmetrics.stringWidth(line, self.font_of(para.bold), para.size)
                self.placements[tag] = Placement(
                    self.page, _box(x, self.top, x + w, self.top + leading(para.size))
                )
            self._para_line(para, line, i == 0, x, self.top)
            self.top += leading(para.size)

    def _para_line(self, para: Para, line: str, first: bool, x: float, top: float) -> None:
        if para.bullet:
            if first and self.bullet_glyph:
                self.text_line(self.bullet_glyph, x + 1.5, top, para.size, font=self.bullet_font)
            x += 10.0
        self.text_line(line, x, top, para.size, para.bold)

    # -- tables ------------------------------------------------------------------------------------
    def _cells(self, table: STable, row: SRow) -> list[tuple[SCell, float, float]]:
        out, col, x = [], 0, self.geo.margin_x
        for cell in row.cells:
            w = sum(table.widths[col : col + cell.span])
            out.append((cell, x, w))
            x += w
            col += cell.span
        if col != len(table.widths):
            raise ValueError(f"row spans {col} columns, table has {len(table.widths)}")
        return out

    def _lines(self, table: STable, cell: SCell, width: float) -> list[tuple[Para, str, bool, float]]:
        """(para, line, first-of-para, offset from the cell's text top) for every line of a cell."""
        out, y = [], 0.0
        for para in cell.paras:
            y += para.gap_before
            for i, line in enumerate(self.wrap(para, width - 2 * table.pad)):
                out.append((para, line, i == 0, y))
                y += leading(para.size)
        return out

    def row_height(self, table: STable, row: SRow) -> float:
        """Height of a row: its tallest cell plus padding."""
        tallest = 0.0
        for cell, _x, w in self._cells(table, row):
            lines = self._lines(table, cell, w)
            if lines:
                para, _l, _f, y = lines[-1]
                tallest = max(tallest, y + leading(para.size))
            if cell.glyph:
                tallest = max(tallest, 12.0)
        return max(round(tallest + 2 * table.pad + 1.0, 2), row.min_height)

    def _fit_widths(self, table: STable) -> None:
        """Widen a column to its longest unbreakable word (a padded ref, a dotted date), taking the room
        from the columns with most to spare, as an author sizing a table to its content does; a word
        wider than its cell would otherwise be drawn over the next cell's text."""
        need = [0.0] * len(table.widths)
        for row in [*table.header, *table.rows]:
            col = 0
            for cell in row.cells:
                if cell.span == 1 and col < len(need):
                    for para in cell.paras:
                        font = self.font_of(para.bold)
                        widest = max(
                            (pdfmetrics.stringWidth(w, font, para.size) for w in para.text.split()), default=0
                        )
                        extra = 10.0 if para.bullet else 0.0
                        need[col] = max(need[col], widest + extra + 2 * table.pad + 1.0)
                col += cell.span
        short = [max(0.0, n - w) for n, w in zip(need, table.widths, strict=True)]
        if not any(short):
            return
        spare = [max(0.0, w - n) for n, w in zip(need, table.widths, strict=True)]
        total_spare, total_short = sum(spare), sum(short)
        if total_spare <= total_short:
            return  # nothing to take from: the table is drawn as designed
        table.widths = [
            round(w + short[i] - (spare[i] / total_spare) * total_short, 2)
            for i, w in enumerate(table.widths)
        ]

    def table(self, table: STable, name: str) -> None:
        """Draw a table at the cursor; header repeated or not after a page break; rows may split."""
        self._fit_widths(table)
        header_h = sum(self.row_height(table, r) for r in table.header)
        first_h = self.row_height(table, table.rows[0]) if table.rows else 0.0
        self.ensure(header_h + min(first_h, 60.0 if table.split_rows else first_h))
        for r in table.header:
            self._draw_row(table, r, self._lines_of(table, r), self.row_height(table, r))
        previous_tag_merge = False
        for row in table.rows:
            h = self.row_height(table, row)
            lines = self._lines_of(table, row)
            if h > self.room():
                fit = self.room() - 2 * table.pad - 1.0
                if table.split_rows and fit > 24.0 and h > 40.0 and not previous_tag_merge:
                    head, tail = _split(lines, fit)
                    if head and any(tail):
                        self._draw_row(table, row, head, self.room(), part="first")
                        if row.tag:
                            self.split_tags.append(row.tag)
                        self._break(table, name)
                        tail_h = max(
                            (y + leading(p.size) for cell in tail for p, _l, _f, y in cell), default=0.0
                        )
                        self._draw_row(table, row, tail, round(tail_h + 2 * table.pad + 1.0, 2), part="rest")
                        continue
                self._break(table, name)
            self._draw_row(table, row, lines, h)
            previous_tag_merge = False
        self._bottom_rule(table)

    def _break(self, table: STable, name: str) -> None:
        self._bottom_rule(table)
        self.new_page()
        self.breaks.append((name, table.repeat_header and bool(table.header)))
        if table.repeat_header:
            for r in table.header:
                self._draw_row(table, r, self._lines_of(table, r), self.row_height(table, r))

    def _lines_of(self, table: STable, row: SRow) -> list[list[tuple[Para, str, bool, float]]]:
        return [self._lines(table, cell, w) for cell, _x, w in self._cells(table, row)]

    def _draw_row(
        self,
        table: STable,
        row: SRow,
        lines: list[list[tuple[Para, str, bool, float]]],
        h: float,
        part: str = "whole",
    ) -> None:
        c, top, geo = self.canvas, self.top, self.geo
        x0 = geo.margin_x
        x1 = x0 + sum(table.widths)
        c.setLineWidth(0.6)
        c.setStrokeColor(HexColor("#000000"))
        cells = self._cells(table, row)
        for (cell, x, w), cell_lines in zip(cells, lines, strict=True):
            fill = cell.fill or row.fill
            if fill:
                c.setFillColor(HexColor(fill))
                c.rect(x, geo.height - (top + h), w, h, stroke=0, fill=1)
            if cell.glyph and part != "rest":
                font, char, colour = cell.glyph
                self.text_line(
                    char, x + w / 2, top + table.pad, 10.0, font=font, colour=colour, align="center"
                )
            for para, line, first, y in cell_lines:
                if cell.align == "center":
                    self.text_line(line, x + w / 2, top + table.pad + y, para.size, para.bold, "center")
                else:
                    self._para_line(para, line, first, x + table.pad, top + table.pad + y)
        if table.rules != "none":
            for cell, x, w in cells:
                if not (cell.merged_above and part != "rest"):
                    c.line(x, geo.height - top, x + w, geo.height - top)
        if table.rules == "grid":
            for _cell, x, _w in cells:
                c.line(x, geo.height - top, x, geo.height - (top + h))
            c.line(x1, geo.height - top, x1, geo.height - (top + h))
        if row.tag and part != "rest":
            self.placements[row.tag] = Placement(self.page, _box(x0, top, x1, top + h))
        self.top += h

    def _bottom_rule(self, table: STable) -> None:
        if table.rules != "none":
            x0 = self.geo.margin_x
            self.canvas.setLineWidth(0.6)
            self.canvas.line(
                x0, self.geo.height - self.top, x0 + sum(table.widths), self.geo.height - self.top
            )


def _split(
    lines: list[list[tuple[Para, str, bool, float]]], fit: float
) -> tuple[list[list[tuple[Para, str, bool, float]]], list[list[tuple[Para, str, bool, float]]]]:
    """Split every cell's lines at `fit` points; the rest is re-based to the top of the next part."""
    head, tail = [], []
    for cell in lines:
        h = [ln for ln in cell if ln[3] + leading(ln[0].size) <= fit]
        t = [ln for ln in cell if ln[3] + leading(ln[0].size) > fit]
        if t:
            base = t[0][3]
            t = [(p, line, first, y - base) for p, line, first, y in t]
        head.append(h)
        tail.append(t)
    return head, tail


def _box(x0: float, top: float, x1: float, bottom: float) -> BBox:
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
