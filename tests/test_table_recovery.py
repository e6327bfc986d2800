"""Table recovery where rules are missing or headers are unfamiliar: synthetic pages that once failed.

Each test builds the words and rules of a page the way a PDF text layer gives them, so the failure
it guards against is a layout one: tables that rule rows but not columns stacked on one page,
headings read as table rows, a repeated header taken for body rows.
"""

from __future__ import annotations

from test_layout import doc, tables_of, words_at

from pipeline.layout import analyse
from pipeline.models import Page, PageSource, RuleLine, Word

IND_HEADER = ["Code", "Definition", "Owner", "Target", "RAG"]
IND_X = [40.0, 110.0, 330.0, 420.0, 480.0, 540.0]
ACT_HEADER = ["Description", "Owner", "Start date", "Due date", "Commentary"]
ACT_X = [40.0, 210.0, 330.0, 390.0, 450.0, 540.0]  # shares two column edges with IND_X


def _row_words(cells: list[str], xs: list[float], top: float) -> list[Word]:
    out: list[Word] = []
    for text, x in zip(cells, xs, strict=False):
        out += words_at(text, x + 3, top)
    return out


def _stacked_page(*, horizontal_rules: bool) -> Page:
    """An indicator table, an action table, a recommendation heading with prose, and another pair."""
    words: list[Word] = []
    rules: list[float] = []
    top = 60.0
    for rec in (1, 2):
        words += words_at(f"Recommendation {rec}: Improve the timeliness of assessments, so that", 36, top)
        words += words_at("assessment tracking is consistently good.", 36, top + 13)
        words += words_at("Staff briefings are complete; audits continue monthly.", 36, top + 28)
        top += 48
        for header, xs, body in (
            (
                IND_HEADER,
                IND_X,
                [[f"NI {rec}59", "% of children seen in time", "Lucy Fernandes", "53%", "G"]],
            ),
            (
                ACT_HEADER,
                ACT_X,
                [
                    ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Work is under way."],
                    ["b. Train staff.", "Sarah Connolly", "Nov 2023", "Aug 2024", "Delayed by absence."],
                ],
            ),
        ):
            rules.append(top)
            words += _row_words(header, xs, top + 4)
            top += 20
            for cells in body:
                rules.append(top)
                words += _row_words(cells, xs, top + 4)
                top += 20
            rules.append(top)
            top += 8
    lines = [RuleLine(x0=36, top=y, x1=559, bottom=y) for y in rules] if horizontal_rules else []
    return Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def test_stacked_tables_with_horizontal_rules_only_are_read_one_by_one() -> None:
    # the tables' rules all span the same width: one stack of bands holding four tables and the
    # headings and prose between them
    tables = tables_of(doc(_stacked_page(horizontal_rules=True)))
    assert [t.kind for t in tables] == ["indicators", "actions", "indicators", "actions"]
    assert [len(t.rows) for t in tables] == [1, 2, 1, 2]
    assert [c.role for c in tables[1].columns] == ["action", "lead", "start", "due", "progress"]
    assert tables[3].rows[1].cell_for(0).flat == "b. Train staff."  # type: ignore[union-attr]


def test_recommendation_heading_after_an_unruled_table_is_prose() -> None:
    # the heading's second line ('assessment tracking is consistently good.') reaches past the
    # first column's boundary, but it starts at the page margin and runs across the boundary
    layout = analyse(doc(_stacked_page(horizontal_rules=False)))
    tables = [i.table for i in layout.flow if i.table is not None]
    assert [len(t.rows) for t in tables] == [1, 2, 1, 2]
    prose = [i.line.text for i in layout.flow if i.line is not None]
    assert "assessment tracking is consistently good." in prose


def test_a_repeated_header_high_on_the_page_is_a_header_not_a_continuation() -> None:
    # page 1 ends with an indicator table; page 2 starts a new action table whose header sits in
    # the top band (where running headers usually are): it must not be read as the indicator
    # table's continuation rows
    words = _row_words(IND_HEADER, IND_X, 700) + _row_words(
        ["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "G"], IND_X, 720
    )
    words += _row_words(["NI 160", "% of plans on time", "Omar Patel", "60%", "A"], IND_X, 740)
    p1 = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    words = _row_words(ACT_HEADER, ACT_X, 50)
    words += _row_words(
        ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Under way."], ACT_X, 75
    )
    words += _row_words(["b. Train staff.", "Sarah Connolly", "Nov 2023", "Aug 2024", "Delayed."], ACT_X, 95)
    p2 = Page(number=2, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    tables = tables_of(doc(p1, p2))
    assert [(t.kind, t.pages, len(t.rows)) for t in tables] == [("indicators", [1], 2), ("actions", [2], 2)]
