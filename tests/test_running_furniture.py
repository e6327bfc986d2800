"""Running headers and footers are dropped from the flow; table text that happens to sit in the
page's margin band is not, even when it has no letters."""

from __future__ import annotations

from test_layout import doc, words_at

from pipeline.layout import analyse
from pipeline.models import Page, PageSource
from pipeline.vocab.sections import split_section_block


def _page(number: int, top_row: list[tuple[str, float]]) -> Page:
    words = words_at("Improvement Plan Version 1.1", 36, 23) + words_at(str(number), 300, 813)
    for text, x in top_row:
        words += words_at(text, x, 56)
    words += words_at("Progress this month is set out below for the board.", 36, 300)
    return Page(number=number, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)


def test_page_numbers_are_furniture_but_a_percentage_in_the_top_band_is_not() -> None:
    # a row carried to the top of each page, its percentage cell in the band where page numbers
    # and running headers sit: bare page numbers ('1', '2', '3') cluster whatever their digits,
    # '10%' / '30%' / '60%' are a table's cells
    pages = [
        _page(n, [("4.1.2 Review the workshop.", 40), (pct, 464)])
        for n, pct in ((1, "10%"), (2, "30%"), (3, "60%"))
    ]
    layout = analyse(doc(*pages))
    furniture = {ln.text for ln in layout.furniture}
    assert {"1", "2", "3", "Improvement Plan Version 1.1"} <= furniture
    assert not furniture & {"10%", "30%", "60%"}
    flow = [i.line.text for i in layout.flow if i.line is not None]
    assert {"10%", "30%", "60%"} <= set(flow)


def test_a_heading_rag_wrapped_after_its_bracketed_lead_stays_in_the_heading() -> None:
    # long trackers' section rows: '... (DAVID PRICE) -' / 'RAG rating: RED', or the dash opening
    # the next line; the narrative follows
    for lines in (
        [
            "Recommendation 1: Improve the voice of the child. (DAVID PRICE) -",
            "RAG rating: RED",
            "Work is under way.",
        ],
        [
            "Recommendation 1: Improve the voice of the child. (DAVID PRICE)",
            "- RAG rating: RED",
            "Work is under way.",
        ],
    ):
        heading, lead, narrative = split_section_block(lines)
        assert heading.endswith("RAG rating: RED") and "(DAVID PRICE)" in heading
        assert lead is None and narrative == ["Work is under way."]
    # a narrative line that merely names a colour is no RAG of the heading
    heading, _, narrative = split_section_block(
        ["Recommendation 2: Improve stability. (OMAR PATEL)", "Two reviews were rated red."]
    )
    assert heading == "Recommendation 2: Improve stability. (OMAR PATEL)"
    assert narrative == ["Two reviews were rated red."]


def test_a_headings_last_line_wrapped_into_the_top_band_is_no_running_header() -> None:
    # long headings at the top of a page wrap their last words ('good. - RAG rating: AMBER') into
    # the band where running headers sit; the same ending on two of three pages is still the body's
    def page(number: int, heading: str | None) -> Page:
        words = words_at(str(number), 300, 813)
        if heading:
            words += words_at(heading, 36, 40, size=11)
            words += words_at("good. - RAG rating: AMBER", 36, 54, size=11)
        words += words_at("Progress this month is set out below for the board.", 36, 300)
        return Page(number=number, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)

    pages = [
        page(1, "Recommendation 3: Improve the workforce, so that staffing is consistently"),
        page(2, None),
        page(3, "Recommendation 5: Improve the voice of the child, so planning is consistently"),
    ]
    layout = analyse(doc(*pages))
    assert "good. - RAG rating: AMBER" not in {ln.text for ln in layout.furniture}
    flow = [i.line.text for i in layout.flow if i.line is not None]
    assert flow.count("good. - RAG rating: AMBER") == 2
