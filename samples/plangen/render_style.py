"""Draw one edition of a plan in a house style: front matter, key, totals, summary, tables."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from plangen import cells, printed
from plangen.cells import Column
from plangen.content import ActionC, EditionC, IndicatorC, PlanC, RecC
from plangen.draw import Para, Placement
from plangen.printed import SCHEMES
from plangen.sflow import Geometry, SCell, SFlow, SRow, STable, register_fonts
from plangen.styles import Style

HEADER_FILL = "#d9e2f3"
ZEBRA_FILL = "#f2f2f2"
SPAN_FILL = "#ededed"


@dataclass
class Drawn:
    """A drawn edition: bytes, pages, where records landed, the totals printed and where."""

    pdf: bytes
    page_count: int
    placements: dict[str, Placement]
    totals: list[tuple[str, list[cells.Stat], int]] = field(default_factory=list)  # (raw, stats, page)
    legend_page: int | None = None
    breaks: list[tuple[str, bool]] = field(default_factory=list)


def edition_label(edition: EditionC) -> str:
    """'March 2024'."""
    return f"{calendar.month_name[edition.date.month]} {edition.date.year}"


def geometry(style: Style) -> Geometry:
    """Page geometry of the style."""
    w, h = landscape(A4) if style.orientation == "landscape" else portrait(A4)
    return Geometry(w, h)


def data_as_of(edition: EditionC) -> dt.date:
    """End of the month before the edition."""
    return edition.date - dt.timedelta(days=1)


def render(style: Style, plan: PlanC, edition: EditionC) -> Drawn:
    """Draw once to count pages, then again with the page count in the footers."""
    register_fonts()
    total = 0
    drawn: Drawn | None = None
    for _ in range(2):
        buf = io.BytesIO()
        geo = geometry(style)
        canvas = Canvas(buf, pagesize=(geo.width, geo.height), invariant=1, pageCompression=1)
        painter = _Painter(style, plan, edition, canvas, geo, total)
        painter.draw()
        canvas.showPage()
        canvas.save()
        if total and painter.flow.page != total:
            raise RuntimeError(f"page count changed between passes: {total} -> {painter.flow.page}")
        total = painter.flow.page
        drawn = Drawn(
            buf.getvalue(),
            total,
            painter.flow.placements,
            painter.totals,
            painter.legend_page,
            painter.flow.breaks,
        )
    assert drawn is not None
    return drawn


class _Painter:
    def __init__(
        self, style: Style, plan: PlanC, edition: EditionC, canvas: Canvas, geo: Geometry, total: int
    ) -> None:
        self.style, self.plan, self.edition, self.total = style, plan, edition, total
        self.flow = SFlow(canvas, geo, style.font, style.bullet, self._decorate)
        self.geo = geo
        self.totals: list[tuple[str, list[cells.Stat], int]] = []
        self.legend_page: int | None = None
        self.label = edition_label(edition)

    # -- furniture ---------------------------------------------------------------------------------
    def _decorate(self, flow: SFlow, number: int) -> None:
        s, geo = self.style, self.geo
        version = f"Version {self.edition.version}.{self.edition.index} {self.edition.date:%d%m%y}"
        if s.running_header != "none":
            flow.text_line(self.plan.title, geo.margin_x, 22, 8, colour="#404040")
            if s.running_header == "title_version":
                flow.text_line(version, geo.width - geo.margin_x, 22, 8, align="right", colour="#404040")
        y = geo.height - 30
        if s.running_footer == "page_n_of_m":
            flow.text_line(f"Page {number} of {self.total}", geo.width - geo.margin_x, y, 8, align="right")
        elif s.running_footer == "page_n":
            flow.text_line(str(number), geo.width / 2, y, 8, align="center")
        elif s.running_footer == "final_stamp":
            day = self.edition.date.day
            stamp = f"FINAL v{self.edition.version}.0 {day} {self.label} Page {number} of {self.total}"
            flow.text_line(stamp, geo.margin_x, y, 8)

    def para(
        self, text: str, size: float = 10.0, bold: bool = False, gap: float = 0.0, tag: str | None = None
    ) -> None:
        self.flow.paragraph(
            Para(text, bold=bold, size=size, gap_before=gap), self.geo.margin_x, self.geo.text_width, tag
        )

    # -- the document ------------------------------------------------------------------------------
    def draw(self) -> None:
        s = self.style
        if s.board_cover == "yes":
            self._board_cover()
        if s.cover == "cover":
            self._cover()
        if s.blank_page == "yes":
            self.flow.new_page()
            self.flow.text_line(
                "This page is intentionally blank",
                self.geo.width / 2,
                self.geo.height / 2,
                11,
                align="center",
            )
        self._front()
        if s.key_position == "guidance" and cells.keyed(s):
            self.flow.new_page()
            self.para("How to read this report", 13, True)
            self.para(
                "Each action is rated by its lead officer at the end of the reporting period. Ratings are "
                "checked by the programme office before the report goes to the board.",
                gap=6,
            )
            self._key()
        if s.summary != "none":
            self._summary()
        if s.layout == "per_rec":
            self._per_rec()
        else:
            self._long()
        if s.key_position == "end" and cells.keyed(s):
            self.flow.skip(16)
            self.flow.ensure(120)
            self._key()

    def _board_cover(self) -> None:
        self.flow.new_page()
        meeting = self.edition.date + dt.timedelta(days=13)
        for label, value in [
            ("Report to:", f"{self.plan.organisation} Improvement Board"),
            ("Date of meeting:", f"{meeting.day} {calendar.month_name[meeting.month]} {meeting.year}"),
            ("Report of:", "Director of Children's Services"),
            ("Subject:", "Improvement plan: progress update"),
            ("Recommendation:", "That the Board notes the progress made and the areas of slippage."),
            ("Purpose:", "To update the Board on delivery of the improvement plan since its last meeting."),
        ]:
            top = self.flow.top
            self.flow.text_line(label, self.geo.margin_x, top, 10, bold=True)
            self.flow.text_line(value, self.geo.margin_x + 110, top, 10)
            self.flow.skip(22)

    def _cover(self) -> None:
        self.flow.new_page()
        self.flow.top = 150
        for text, size in [
            (self.plan.organisation, 20.0),
            (self.plan.title, 24.0),
            (f"Progress update: {self.label}", 16.0),
        ]:
            self.flow.text_line(text, self.geo.width / 2, self.flow.top, size, bold=size > 18, align="center")
            self.flow.top += size * 1.8

    def _front(self) -> None:
        s = self.style
        self.flow.new_page()
        self.para(f"{self.plan.title} - progress update {self.label}", 14, True)
        self.para(self.plan.organisation, 10, gap=4)
        self.para(f"Version {self.edition.version} of the plan.", 10, gap=2)
        if s.data_as_of == "yes":
            as_of = data_as_of(self.edition)
            self.para(
                "Performance data in this report is as at end of "
                f"{calendar.month_name[as_of.month]} {as_of.year}.",
                gap=4,
            )
        if s.totals != "none":
            self.para("Summary of progress", 12, True, gap=12)
        if s.totals == "table":
            self._totals_table()
        for text, stats in cells.totals_lines(s, self.plan, self.edition):
            bullet = (
                s.totals in ("bullets_pct", "x_of_y")
                and not text.startswith("There are")
                and not text.startswith("The plan")
            )
            self.flow.paragraph(
                Para(text, size=10, bullet=bullet, gap_before=4),
                self.geo.margin_x + (8 if bullet else 0),
                self.geo.text_width - 8,
            )
            self.totals.append((text, stats, self.flow.page))
        if s.key_position == "front" and cells.keyed(s):
            self.flow.skip(12)
            self._key()

    def _totals_table(self) -> None:
        cols = cells.totals_table(self.style, self.edition)
        header = SRow([SCell([Para(label, bold=True, size=9)]) for label, _v, _s in cols])
        row = SRow([SCell([Para(str(v), size=9)]) for _l, v, _s in cols])
        self.flow.skip(4)
        self.flow.table(STable([60.0] * len(cols), [header], [row], rules="grid"), "totals")
        for label, v, stat in cols:
            self.totals.append((f"{label} {v}", [stat], self.flow.page))

    def _key(self) -> None:
        s = self.style
        entries = SCHEMES[s.key_scheme]
        self.legend_page = self.flow.page
        caption = "RAG key" if s.key_form != "caption" else "Key"
        if s.key_form == "table":
            self.para(caption, 11, True, gap=4)
            rows = []
            for e in entries:
                swatch = SCell(
                    [Para(e.token, bold=True)] if s.status_form == "letter_fill" else [],
                    fill=e.colour,
                    align="center",
                )
                if s.status_form == "shape":
                    swatch = SCell([], glyph=("ZapfDingbats", printed.shape_glyph(e.meaning), e.colour))
                rows.append(
                    SRow(
                        [swatch, SCell([Para(e.label, bold=True)]), SCell([Para(e.description)])],
                        min_height=18,
                    )
                )
            self.flow.table(STable([40, 80, 260], [], rows, rules="grid"), "key")
        elif s.key_form == "swatches":
            self.para(caption, 11, True, gap=4)
            self.flow.ensure(20)
            x, top = self.geo.margin_x, self.flow.top + 4
            c = self.flow.canvas
            from reportlab.lib.colors import HexColor

            for e in entries:
                c.setFillColor(HexColor(e.colour))
                c.rect(x, self.geo.height - (top + 12), 14, 12, stroke=0, fill=1)
                self.flow.text_line(e.description, x + 18, top + 1, 9)
                # the next swatch starts after this wording as drawn in the plan's font (a fixed
                # width per character ran Courier and DejaVu wording under the next swatch)
                x += 30 + stringWidth(e.description, self.flow.font_of(False), 9)
                if x > self.geo.width - 150:
                    x, top = self.geo.margin_x, top + 18
            self.flow.top = top + 20
        else:
            text = "; ".join(f"{e.label} = {e.description}" for e in entries)
            self.para(f"Key: {text}.", 9, gap=6)

    # -- status cells ------------------------------------------------------------------------------
    def status_cell(self, record: str, meaning: str, pct: int | None = None) -> SCell:
        s = self.style
        if meaning == "bau":
            return SCell([Para(printed.WORDS["bau"], size=8.5)])
        form = cells.status_form(s, record)
        e = cells.entry(s, meaning)
        if form == "letter_fill":
            return SCell([Para(e.token, bold=True, size=9)], fill=e.colour, align="center")
        if form == "fill_only":
            return SCell([], fill=e.colour)
        if form == "shape":
            return SCell([], glyph=("ZapfDingbats", printed.shape_glyph(meaning), e.colour))
        r = cells.reading(s, record, meaning, pct)
        return SCell([Para(r.raw or "", size=8.5)])

    # -- summary -----------------------------------------------------------------------------------
    def _summary(self) -> None:
        s = self.style
        self.flow.new_page()
        self.para("Summary of recommendations", 13, True)
        self.flow.skip(6)
        heads = ["No.", "Recommendation"]
        weights = [0.5, 4.0]
        if s.rec_lead == "column":
            heads.append("Lead")
            weights.append(1.4)
        if s.summary == "table_with_progress":
            heads.append("Progress")
            weights.append(4.0)
        heads.append("Status")
        weights.append(1.0)
        widths = self._widths(weights)
        header = SRow(
            [
                SCell([Para(h, bold=True, size=9)], fill=HEADER_FILL if s.header_fill == "shaded" else None)
                for h in heads
            ]
        )
        rows = []
        for i, rec in enumerate(self.edition.recs):
            cs = [SCell([Para(str(rec.number), size=9)]), SCell([Para(rec.title, size=9)])]
            if s.rec_lead == "column":
                cs.append(SCell([Para(rec.lead, size=9)]))
            if s.summary == "table_with_progress":
                cs.append(
                    SCell([Para(p, size=9, gap_before=3 if k else 0) for k, p in enumerate(rec.progress)])
                )
            cs.append(self.status_cell("recommendation", rec.meaning))
            rows.append(
                SRow(cs, tag=f"rec:{rec.number}", fill=ZEBRA_FILL if s.zebra == "yes" and i % 2 else None)
            )
        self.flow.table(
            STable(widths, [header], rows, repeat_header=s.repeat_header == "yes", rules=s.rules), "summary"
        )

    def _widths(self, weights: list[float]) -> list[float]:
        total = sum(weights)
        return [round(self.geo.text_width * w / total, 2) for w in weights]

    # -- recommendation blocks ---------------------------------------------------------------------
    def _heading(self, rec: RecC) -> None:
        s = self.style
        heading = cells.rec_heading(s, rec)
        self.flow.skip(14)
        self.flow.ensure(90)
        if heading:
            self.para(heading, 11, True, tag=f"head:{rec.number}")
        line = cells.rec_lead_line(s, rec)
        if heading and line:
            self.para(line, 10, gap=2)
        if heading and s.summary != "table_with_progress":
            for k, p in enumerate(rec.progress):
                self.para(p, 9.5, gap=4 if k == 0 else 2)
        self.flow.skip(6)

    def _per_rec(self) -> None:
        self.flow.new_page()
        for rec in self.edition.recs:
            if rec.meaning == "bau":
                continue
            self._heading(rec)
            if rec.indicators:
                self.para("Performance indicators", 10, True)
                self.flow.skip(3)
                self._indicator_table([(rec, i) for i in rec.indicators], f"ind:{rec.number}", with_rec=False)
                self.flow.skip(8)
            self._action_table([(rec, None)], f"actions:{rec.number}")

    def _long(self) -> None:
        self.flow.new_page()
        self.para("Improvement plan tracker", 13, True)
        self.flow.skip(6)
        self._action_table([(rec, None) for rec in self.edition.recs if rec.meaning != "bau"], "tracker")
        pairs = [(rec, i) for rec in self.edition.recs for i in rec.indicators]
        if pairs:
            self.flow.skip(16)
            self.flow.ensure(100)
            self.para("Performance scorecard", 12, True)
            self.flow.skip(4)
            self._indicator_table(pairs, "scorecard", with_rec=True)

    # -- action tables -----------------------------------------------------------------------------
    def _header_rows(self, columns: list[Column], widths_n: int, group_split: int) -> list[SRow]:
        s = self.style
        fill = HEADER_FILL if s.header_fill == "shaded" else None
        widths = self._widths([cells.WIDTH_WEIGHT[cells.column_role(c)] for c in columns])
        row = SRow(
            [
                SCell([Para(line, bold=True, size=8.5) for line in self._header_lines(c, w)], fill=fill)
                for c, w in zip(columns, widths, strict=True)
            ]
        )
        if s.header_rows == "one":
            return [row]
        top = SRow(
            [
                SCell([Para("What we will do", bold=True, size=8.5)], fill=fill, span=group_split),
                SCell(
                    [Para("Reported monthly", bold=True, size=8.5)], fill=fill, span=widths_n - group_split
                ),
            ]
        )
        return [top, row]

    def _header_lines(self, column: Column, width: float) -> list[str]:
        """Header lines; a word too wide for its cell is split mid-word, as Word does ('Red/Amber/G reen')."""
        out = []
        font = self.flow.font_of(True)
        for line in (ln.replace(cells.MIDWORD, "") for ln in column.lines):
            for word_line in simpleSplit(line, font, 8.5, width - 7.0) or [line]:
                while stringWidth(word_line, font, 8.5) > width - 7.0 and len(word_line) > 2:
                    cut = len(word_line) - 1
                    while cut > 1 and stringWidth(word_line[:cut], font, 8.5) > width - 7.0:
                        cut -= 1
                    out.append(word_line[:cut])
                    word_line = word_line[cut:]
                out.append(word_line)
        return out

    def _action_table(self, recs: list[tuple[RecC, None]], name: str) -> None:
        s = self.style
        columns = cells.action_columns(s, self.edition.date)
        widths = self._widths([cells.WIDTH_WEIGHT[cells.column_role(c)] for c in columns])
        split_at = next(i for i, c in enumerate(columns) if c.role in ("status", "progress", "revised")) or 1
        split_at = max(1, split_at)
        header = self._header_rows(columns, len(columns), split_at)
        rows: list[SRow] = []
        zebra = 0
        for rec, _none in recs:
            if s.layout == "long" and s.intro != "none":
                paras = [Para(cells.rec_heading(s, rec) or "", bold=True, size=9)]
                line = cells.rec_lead_line(s, rec)
                if line:
                    paras.append(Para(line, size=9))
                if s.summary != "table_with_progress":
                    # the section row carries the narrative, as a heading does in the per-recommendation
                    # layout (the expected edition has it as the recommendation's progress either way)
                    paras += [Para(p, size=8.5, gap_before=2) for p in rec.progress]
                rows.append(SRow([SCell(paras, span=len(columns), fill=SPAN_FILL)], tag=f"span:{rec.number}"))
            for index, action in enumerate(rec.actions):
                # a merged lead cell only while both actions share the lead (an edition can change one)
                merged = s.merged_cells == "yes" and index == 1 and action.leads == rec.actions[0].leads
                cs = [self._action_cell(c, rec, index, action, merged) for c in columns]
                rows.append(
                    SRow(
                        cs,
                        tag=f"act:{action.uid}",
                        fill=ZEBRA_FILL if s.zebra == "yes" and zebra % 2 else None,
                    )
                )
                zebra += 1
        table = STable(
            widths,
            header,
            rows,
            repeat_header=s.repeat_header == "yes",
            rules=s.rules,
            split_rows=s.split_rows == "yes",
        )
        self.flow.table(table, name)

    def _action_cell(self, column: Column, rec: RecC, index: int, action: ActionC, merged: bool) -> SCell:
        s, size = self.style, 8.5
        role = cells.column_role(column)
        printed_ref, _ref = cells.ref_of(s, rec.number, index)
        if role == "ref":
            return SCell([Para(printed_ref, size=size)])
        if role == "action":
            text = f"{printed_ref} {action.text}" if s.ref_form == "letter" else action.text
            return SCell([Para(text, size=size)] + [Para(b, size=size, bullet=True) for b in action.bullets])
        if role == "lead":
            if merged:
                return SCell([], merged_above=True)
            return SCell([Para(line, size=size) for line in cells.lead_lines(s, action.leads)])
        if role == "start":
            start = cells.start_of(s, action, self.edition.date)
            return SCell([Para(start.raw, size=size)] if start else [])
        if role == "due":
            due, revised = cells.due_dates(s, action, self.edition.date)
            paras = []
            if s.dense_cells == "two_dates":
                start = (
                    printed.start_date(s.start_format, action.start, self.edition.date, s.date_format)
                    if action.start
                    else None
                )
                if start:
                    paras.append(Para(f"Start: {start.raw}", size=size))
                paras.append(Para(f"End: {due.raw}" if due else "", size=size))
            else:
                paras.append(Para(due.raw if due else "", size=size))
            if revised and s.revised == "stacked":
                paras.append(Para(f"Revised: {revised.raw}", size=size))
            return SCell(paras)
        if role == "revised":
            _due, revised = cells.due_dates(s, action, self.edition.date)
            return SCell([Para(revised.raw, size=size)] if revised else [])
        if role == "status":
            return self.status_cell("action", action.meaning, action.pct)
        if role == "progress":
            return SCell([Para(action.progress, size=size)])
        return SCell([Para(action.extra, size=size)])

    # -- indicator tables --------------------------------------------------------------------------
    def _indicator_table(self, pairs: list[tuple[RecC, IndicatorC]], name: str, with_rec: bool) -> None:
        s = self.style
        rng_cols = indicator_columns(s, self.edition.date, with_rec)
        weights = {
            "rec": 0.5,
            "code": 0.9,
            "description": 3.0,
            "lead": 1.3,
            "value": 0.8,
            "polarity": 1.0,
            "dot": 0.8,
            "status": 0.7,
            "target": 0.8,
        }
        widths = self._widths([weights[role] for role, _h in rng_cols])
        fill = HEADER_FILL if s.header_fill == "shaded" else None
        header = SRow([SCell([Para(h, bold=True, size=8.5)], fill=fill) for _r, h in rng_cols])
        rows = []
        for k, (rec, ind) in enumerate(pairs):
            values = iter(indicator_cells(s, ind))
            cs = []
            for role, _h in rng_cols:
                if role == "rec":
                    cs.append(SCell([Para(str(rec.number), size=8.5)]))
                elif role == "code":
                    cs.append(SCell([Para(ind.code, size=8.5)]))
                elif role == "description":
                    cs.append(SCell([Para(ind.description, size=8.5)]))
                elif role == "lead":
                    cs.append(SCell([Para(ind.lead, size=8.5)]))
                elif role in ("value", "target"):
                    cs.append(SCell([Para(next(values), size=8.5)]))
                elif role == "polarity":
                    cs.append(SCell([Para(cells.polarity_text(ind), size=8.5)]))
                elif role == "dot":
                    font = "Symbol" if s.ind_dot == "arrows" else None
                    text = cells.dot_text(s, ind)
                    cs.append(
                        SCell([], glyph=(font, text, "#000000")) if font else SCell([Para(text, size=8.5)])
                    )
                else:
                    cs.append(self.status_cell("indicator", ind.meaning))
            rows.append(
                SRow(
                    cs,
                    tag=f"ind:{rec.number}:{ind.code}",
                    fill=ZEBRA_FILL if s.zebra == "yes" and k % 2 else None,
                )
            )
        self.flow.table(
            STable(widths, [header], rows, repeat_header=s.repeat_header == "yes", rules=s.rules), name
        )


def indicator_columns(style: Style, edition: dt.date, with_rec: bool) -> list[tuple[str, str]]:
    """(role, header) of the indicator table's columns; value and target columns in print order."""
    import random

    rng = random.Random(f"ind-columns:{style.seed}")
    cols: list[tuple[str, str]] = [("rec", "Rec")] if with_rec else []
    for role in ("code", "description", "lead"):
        cols.append((role, cells._wording(style, cells.IND_HEADERS[role], rng)))
    values = cells.indicator_value_columns(style, edition)
    if style.ind_baseline == "yes":
        cols.append(("value", values.pop(0)))
    cols.append(("target", cells._wording(style, cells.IND_HEADERS["target"], rng)))
    cols += [("value", h) for h in values]
    if style.ind_polarity == "yes":
        cols.append(("polarity", cells._wording(style, cells.IND_HEADERS["polarity"], rng)))
    if style.ind_dot != "none":
        cols.append(("dot", cells._wording(style, cells.IND_HEADERS["dot"], rng)))
    cols.append(("status", cells._wording(style, cells.IND_HEADERS["status"], rng)))
    return cols


def indicator_cells(style: Style, ind: IndicatorC) -> list[str]:
    """Printed texts of the baseline/target/value columns, in column order."""
    out = []
    if style.ind_baseline == "yes":
        out.append(printed.format_value(ind.kind, ind.baseline)[0])
    out.append(printed.format_value(ind.kind, ind.target, "-")[0])
    values, empty = cells.indicator_values(style, ind)
    out += [printed.format_value(ind.kind, v, "n/a")[0] for v in values]
    return out + [""] * empty
