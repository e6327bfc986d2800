"""Unruled tables in house styles that combine choices: headers on no list, monospace type, wrapped
or split header cells. Synthetic pages built as a PDF text layer gives them; each once failed.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from test_layout import doc, tables_of, words_at

from pipeline.ingest.pdf import read_pdf
from pipeline.layout import analyse
from pipeline.models import Page, PageSource, RuleLine, Word
from pipeline.options import ExtractOptions

# an indicator table and an action table, both headed in words on no vocabulary list
IND_HEADER = ["PI tag", "What we count", "Data owner", "Aim", "Latest", "Rating"]
IND_X = [40.0, 102.0, 312.0, 402.0, 458.0, 514.0, 555.0]
ACT_HEADER = ["What we will do", "Accountable", "Kick-off", "Finish", "How are", "Position this period"]
ACT_X = [40.0, 210.0, 285.0, 333.0, 387.0, 435.0, 555.0]


def _row(cells: list[str], xs: list[float], top: float, size: float = 9.0) -> list[Word]:
    out: list[Word] = []
    for text, x in zip(cells, xs, strict=False):
        if text:
            out += words_at(text, x, top, size)
    return out


def _indicator_then_actions(
    header: tuple[list[str], list[str]] = (ACT_HEADER, ["", "manager", "", "", "we doing"]),
) -> Page:
    """An indicator table printed straight above an action table, no rules and no text between."""
    words = _row(IND_HEADER, IND_X, 160)
    words += _row(["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "65%"], IND_X, 190)
    words += _row(["NI 86", "% of agency social workers", "Fiona Campbell", "-", "44%"], IND_X, 216)
    words += _row(header[0], ACT_X, 245)
    words += _row(header[1], ACT_X, 255)
    words += _row(
        [
            "a. Embed a quality framework",
            "Kevin Walsh",
            "Dec 2023",
            "Nov 2024",
            "A",
            "Recruitment is under way.",
        ],
        ACT_X,
        274,
    )
    words += words_at("covering recruitment.", 40, 284)
    words += _row(
        [
            "b. Train staff on a dashboard",
            "Sarah Connolly",
            "Nov 2023",
            "Aug 2024",
            "G",
            "Delayed by staff absence; a plan is agreed.",
        ],
        ACT_X,
        302,
    )
    words += words_at("Recommendation 2: Improve the timeliness of assessments.", 36, 340)
    return Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)


def test_an_action_table_under_an_indicator_table_with_headers_on_no_list_is_a_table_of_its_own() -> None:
    tables = tables_of(doc(_indicator_then_actions()))
    assert [(t.kind, len(t.rows)) for t in tables] == [("indicators", 2), ("actions", 2)]
    actions = tables[1]
    assert [c.role for c in actions.columns] == ["action", "lead", "start", "due", "status", "progress"]
    assert actions.rows[0].cell_for(0).flat == "a. Embed a quality framework covering recruitment."  # type: ignore[union-attr]


def test_a_second_header_split_mid_word_over_two_lines_still_starts_its_own_table() -> None:
    # narrow columns break header words anywhere ('Accoun' / 'table manager', 'Fini' / 'sh'):
    # the second line is the header's, and the rows under both lines show the header's columns
    header = (
        ["What we will do", "Accoun", "Kick-o", "Fini", "How are", "Prog"],
        ["", "table manager", "ff", "sh", "we doing", "ress June 2024"],
    )
    tables = tables_of(doc(_indicator_then_actions(header)))
    assert [(t.kind, len(t.rows)) for t in tables] == [("indicators", 2), ("actions", 2)]
    assert [c.role for c in tables[1].columns] == ["action", "lead", "start", "due", "status", "progress"]


def mono_at(text: str, x: float, top: float, size: float = 8.5) -> list[Word]:
    """Words set in a monospace font: every character, the space too, is 0.6 of the size wide."""
    pitch = 0.6 * size
    out, cursor = [], x
    for token in text.split():
        width = pitch * len(token)
        out.append(Word(text=token, x0=cursor, top=top, x1=cursor + width, bottom=top + size, size=size))
        cursor += width + pitch
    return out


def _mono_row(cells: list[str], xs: list[float], top: float) -> list[Word]:
    out: list[Word] = []
    for text, x in zip(cells, xs, strict=False):
        if text:
            out += mono_at(text, x, top)
    return out


def test_monospace_header_cells_one_space_apart_are_told_apart_by_the_rows_under_them() -> None:
    # Courier: 'Measurement' fills its column, so the gap to 'Definition' is one character, as
    # wide as a word space; 'Red/Amber' and 'Commentary' likewise. The body rows start words at
    # those columns' edges and never run text across them.
    ind_x = [40.0, 102.0, 312.0, 402.0, 458.0, 555.0]
    words = _mono_row(["Measurement", "Definition", "Owner", "Target", "Latest"], ind_x, 160)
    words += mono_at("code", 40, 170)
    words += _mono_row(["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "65%"], ind_x, 190)
    words += _mono_row(["NI 86", "% of agency social workers", "Fiona Campbell", "40%", "44%"], ind_x, 212)
    act_x = [40.0, 210.0, 285.0, 333.0, 387.0, 438.0, 555.0]
    words += _mono_row(["Description", "Owner", "Start", "Due date", "Red/Amber", "Commentary"], act_x, 250)
    words += _mono_row(["", "", "date"], act_x, 260)
    body = [
        ["a. Embed a framework", "Kevin Walsh", "Dec 2023", "Nov 2024", "A", "Recruitment is under way."],
        ["b. Train all staff", "Sarah Connolly", "Nov 2023", "Aug 2024", "G", "Delayed by staff absence."],
    ]
    for k, cells in enumerate(body):
        words += _mono_row(cells, act_x, 280 + 24 * k)
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    ind, act = tables_of(doc(page))
    assert [c.header for c in ind.columns][:2] == ["Measurement code", "Definition"]
    assert [c.role for c in ind.columns][:2] == ["pi_code", "pi_description"]
    assert [c.role for c in act.columns][-2:] == ["status", "progress"]
    assert act.rows[1].cell_for(4).flat == "G"  # type: ignore[union-attr]
    # a two-word header over one column ('Due date' over 'Nov 2024') stays one column
    assert [c.header for c in act.columns][3] == "Due date"


def _pdf(draw: list[tuple[float, str]], font: str = "Helvetica-Bold", size: float = 8.5) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    canvas.setFont(font, size)
    for x, text in draw:
        canvas.drawString(x, 700, text)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_a_header_cell_overflowing_into_the_next_is_two_words_not_one() -> None:
    # a wide font: 'Measurement' runs past its column's edge, under the start of 'Definition';
    # the text layer puts their glyphs in one run of touching characters
    width = stringWidth("Measurement", "Helvetica-Bold", 8.5)
    pages = read_pdf(
        _pdf([(40, "Measurement"), (40 + width - 2.5, "Definition"), (200, "Owner")]), ExtractOptions()
    )
    assert [w.text for w in pages[0].words] == ["Measurement", "Definition", "Owner"]
    # glyphs that merely touch or kern are one word
    pages = read_pdf(_pdf([(40, "Measurement"), (40 + width - 0.3, "s")]), ExtractOptions())
    assert [w.text for w in pages[0].words] == ["Measurements"]


def test_a_heading_at_the_top_of_a_page_is_no_running_header_for_a_word_it_contains() -> None:
    # page 2 opens with a recommendation heading; page 3 with the rest of a header cell split
    # mid-word ('Commen' of 'Commentary'), a fragment 'Recommendation' happens to contain
    def page(n: int, top_text: str) -> Page:
        words = words_at(top_text, 36, 50) + words_at("Work has started on the first milestone.", 36, 300)
        return Page(number=n, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)

    heading = "Recommendation 1: Improve multi-agency working at the front door"
    layout = analyse(doc(page(1, "Summary of progress"), page(2, heading), page(3, "Commen")))
    assert heading in [i.line.text for i in layout.flow if i.line is not None]


def test_monospace_header_over_a_centred_rag_column_and_short_rows_is_read() -> None:
    # Courier: 'End date:' and 'BRAG' one character apart, the RAG letters centred under 'BRAG'
    # (no word starts at its edge); a row of short cells ('b. Establish a quality assurance',
    # 'B') under the header is a row, not the header of a new table
    xs = [40.0, 210.0, 285.0, 333.0, 386.0, 434.6, 555.0]
    words = _mono_row(["Description", "Lead", "Start", "End date:", "BRAG", "Update on progress"], xs, 238)
    words += _mono_row(["", "Officer(s)", "date"], xs, 248)
    rows = [
        ["a. Embed a revised protocol for", "Fiona", "Aug 2025", "Apr 2026", "", "Delayed by staff"],
        [
            "b. Establish a quality assurance",
            "David Price",
            "Oct 2025",
            "Jan 2026",
            "",
            "Work has started and",
        ],
    ]
    for k, cells in enumerate(rows):
        words += _mono_row(cells, xs, 266 + 40 * k)
        words += mono_at("RB"[k], 404.4, 266 + 40 * k)
        words += _mono_row(
            ["framework covering virtual", "", "", "", "", "the first milestone has"], xs, 276 + 40 * k
        )
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    [table] = tables_of(doc(page))
    assert [c.role for c in table.columns] == ["action", "lead", "start", "due", "status", "progress"]
    assert [r.cell_for(4).flat for r in table.rows] == ["R", "B"]  # type: ignore[union-attr]


def test_two_date_columns_under_headers_on_no_list_take_start_and_due_from_their_dates() -> None:
    # 'Finish' printed before 'Kick-off': neither header is on a list, the dates tell which is
    # the start (the earlier in every row)
    xs = [40.0, 210.0, 285.0, 333.0, 387.0, 555.0]
    words = _row(["What we will do", "Accountable", "Finish", "Kick-off", "Position this period"], xs, 100)
    rows = [
        [
            "a. Embed a quality framework",
            "Kevin Walsh",
            "Nov 2024",
            "Dec 2023",
            "Recruitment is under way now.",
        ],
        [
            "b. Train staff on a dashboard",
            "Sarah Connolly",
            "Aug 2024",
            "Nov 2023",
            "Delayed by staff absence.",
        ],
        ["c. Audit cases with partners", "Omar Patel", "Mar 2025", "Jan 2024", "Work has started on it."],
    ]
    for k, cells in enumerate(rows):
        words += _row(cells, xs, 125 + 22 * k)
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    [table] = tables_of(doc(page))
    assert [c.role for c in table.columns][2:4] == ["due", "start"]


def test_a_section_row_with_a_lead_line_and_a_narrative_stays_inside_a_long_unruled_tracker() -> None:
    # one long tracker for the whole plan: each recommendation is a section row that wraps, then
    # its lead officer and two sentences of progress, then its actions
    xs = [40.0, 210.0, 285.0, 333.0, 387.0, 555.0]
    words = _row(["Description", "Owner", "Start date", "Due date", "Commentary"], xs, 80)
    top = 100.0
    for rec in (1, 2):
        section = [
            f"Recommendation {rec}: Improve management oversight of frontline work, so that oversight is",
            "good.",
            "Lead officer: Kevin Walsh",
            "Recruitment is under way; two posts remain vacant.",
            "Work has started and the first milestone has been met.",
        ]
        for line in section:
            words += words_at(line, 40, top)
            top += 11
        top += 8
        for ref in "ab":
            words += _row(
                [f"{ref}. Deliver a standard.", "Martin Graham", "Mar 2024", "Mar 2025", "Delayed."], xs, top
            )
            top += 22
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    [table] = tables_of(doc(page))
    refs = [r.cell_for(0).flat[:2] for r in table.rows if not r.spans_all]  # type: ignore[union-attr]
    assert refs == ["a.", "b.", "a.", "b."]


def test_a_monospace_row_full_to_its_columns_edges_stays_in_a_table_ruled_in_rows_only() -> None:
    # Courier, rows ruled but not columns, two tables in one stack of rules: the action table's
    # last row fills its cells to one character from the next ('... dashboard of' | 'Sarah')
    xs = [40.0, 210.0, 285.0, 345.0, 400.0, 555.0]
    header = ["Description", "Owner", "Start date", "Due date", "Commentary"]
    rows = [
        ["a. Embed a framework", "Kevin Walsh", "Dec 2023", "Nov 2024", "Under way."],
        ["b. Train staff on a dashboard of", "Sarah Connolly", "Nov 2023", "Aug 2024", "Delayed by staff"],
    ]
    ind_x = [40.0, 110.0, 330.0, 420.0, 480.0, 555.0]
    second = [
        ["Code", "Definition", "Owner", "Target", "RAG"],
        ["NI 159", "% of children seen", "Lucy Fernandes", "53%", "G"],
    ]
    words: list[Word] = []
    rules: list[float] = []
    top = 100.0
    for cells, cols in [*((r, xs) for r in [header, *rows]), *((r, ind_x) for r in second)]:
        rules.append(top)
        words += _mono_row(cells, cols, top + 4)
        top += 20
    rules.append(top)
    lines = [RuleLine(x0=36, top=y, x1=559, bottom=y) for y in rules]
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=lines)
    tables = tables_of(doc(page))
    assert [(t.kind, len(t.rows)) for t in tables] == [("actions", 2), ("indicators", 1)]
