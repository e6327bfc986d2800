"""Tables without column rules carried onto the next page: what opens that page decides.

Synthetic text-layer pages in the shapes house styles print: a recommendation heading over a table
ruled on its own page, and a row's bullet list under it on a continuation page.
"""

from __future__ import annotations

from test_layout import doc, words_at

from pipeline.layout import analyse
from pipeline.models import Page, PageSource, RuleLine, Word

HEADER = ["Ref", "Action", "Status", "Lead", "Due date", "Progress update"]
XS = [40.0, 80.0, 250.0, 310.0, 400.0, 470.0, 560.0]


def _row(cells: list[str], top: float, xs: list[float] = XS) -> list[Word]:
    out: list[Word] = []
    for text, x in zip(cells, xs, strict=False):
        out += words_at(text, x + 3, top) if text else []
    return out


def _glyph(x: float, top: float) -> Word:
    """A bullet the font leaves unmapped: pdfplumber gives its name, one glyph wide."""
    return Word(text="(cid:127)", x0=x, top=top, x1=x + 4, bottom=top + 9, size=9)


def _rows_ruled_table(rows: list[list[str]], top: float) -> tuple[list[Word], list[RuleLine], float]:
    """A header and rows with horizontal rules only (no column rules): the table is found by its
    header's words, and may carry over the page without one."""
    words, rules = _row(HEADER, top + 4), [top]
    top += 20
    for cells in rows:
        rules.append(top)
        words += _row(cells, top + 4)
        top += 22
    rules.append(top)
    return words, [RuleLine(x0=36, top=y, x1=559, bottom=y) for y in rules], top


def test_a_heading_over_a_table_ruled_on_its_own_page_is_not_the_rest_of_the_last_page_table() -> None:
    # page 1 ends with an action table (nothing under it); page 2 opens with the next
    # recommendation's heading, a caption and a group row over a table of its own. The page's
    # footer under that table is not 'the rows run on to the page foot': the heading is prose.
    words, rules, _ = _rows_ruled_table(
        [
            ["2a", "Recruit to a dip-sample audit.", "Red", "Sarah Connolly", "Q3 2025", "Briefings done."],
            ["2b", "Recruit to a framework.", "Green", "Omar Patel", "Q1 2026", "Under way."],
        ],
        500,
    )
    p1 = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=rules)
    heading = "Recommendation 3: Improve multi-agency working at the front door, so that the MASH is good."
    words = words_at(heading, 36, 60)
    words += words_at("Performance indicators", 36, 80)
    words += words_at("What we will do", 43, 100) + words_at("Reported monthly", 473, 100)
    table_words, rules, _ = _rows_ruled_table(
        [["3a", "Publish a joint action.", "Amber", "Grace Okafor", "Q3 2025", "Recruitment is under way."]],
        120,
    )
    words += table_words + words_at("2", 300, 800)
    p2 = Page(number=2, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=rules)
    layout = analyse(doc(p1, p2))
    tables = [i.table for i in layout.flow if i.table is not None]
    assert [(t.pages, len(t.rows)) for t in tables] == [([1], 2), ([2], 1)]
    assert heading in [i.line.text for i in layout.flow if i.line is not None]


def test_a_bullet_list_in_a_continued_row_is_no_new_header() -> None:
    # an unruled table runs over the page; on page 2 a row's action cell carries a bullet list
    # whose glyph the font leaves unmapped ('(cid:127)'), its date cell wrapping beside it: short
    # pieces over typed values, but no header of a new table
    words = _row(HEADER, 600)
    for k, ref in enumerate(("A1", "A2")):
        words += _row(
            [ref, "Deliver a practice standard.", "Green", "Tom Evans", "28 June 2025", "Done."], 630 + 30 * k
        )
    p1 = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    words = _row(
        ["A3", "Deliver a revised protocol.", "Green", "Jane Smith", "End: 15", "A draft is shared."], 60
    )
    words += [
        _glyph(83, 71),
        *words_at("review impact after three months", 96, 71),
        *words_at("End: 30", 403, 71),
    ]
    words += [
        _glyph(83, 82),
        *words_at("share learning with all teams", 96, 82),
        *words_at("April 2025", 403, 82),
    ]
    words += _row(
        ["A4", "Recruit to peer review.", "Amber", "Rhys Morgan", "30 December 2024", "Under way."], 100
    )
    words += words_at("2", 300, 800)
    p2 = Page(number=2, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    tables = [i.table for i in analyse(doc(p1, p2)).flow if i.table is not None]
    assert len(tables) == 1
    [table] = tables
    refs = [r.cell_for(0).flat for r in table.rows]  # type: ignore[union-attr]
    assert refs == ["A1", "A2", "A3", "A4"]
    assert "share learning" in table.rows[2].cell_for(1).flat  # type: ignore[union-attr]
