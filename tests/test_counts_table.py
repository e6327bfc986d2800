"""Stated totals also come from tables of counts by status, and such a table is not mistaken for a legend."""

from __future__ import annotations

from test_layout import COLS, table_page, words_at

from pipeline.extract.textlayer import from_layout
from pipeline.layout import analyse
from pipeline.models import Document, Page, PageSource, RuleLine


def counts_page(rows: list[tuple[str, str]], caption: str) -> Page:
    words = words_at(caption, 40, 60)
    lines = []
    top = 100.0
    for label, count in [("RAG status", "Number"), *rows]:
        words += words_at(label, 43, top + 5) + words_at(count, 243, top + 5)
        lines.append(RuleLine(x0=40, top=top, x1=400, bottom=top))
        top += 20
    lines.append(RuleLine(x0=40, top=top, x1=400, bottom=top))
    lines += [RuleLine(x0=x, top=100, x1=x, bottom=top) for x in (40, 240, 400)]
    return Page(number=1, width=842, height=595, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def test_counts_by_status_in_a_table_are_stated_totals() -> None:
    summary = counts_page(
        [("Green", "18"), ("Amber", "5"), ("Red", "2"), ("Complete", "6"), ("Total", "31")],
        "Progress on the individual actions at the time of this update:",
    )
    actions = table_page([["a. Review caseloads.", "Jane Smith", "Mar 2024", "G"]], number=2)
    actions.words += words_at("Recommendation 1: Reduce caseloads.", COLS[0], 60)
    document = Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=[summary, actions])
    edition = from_layout(document, analyse(document))
    got = {(t.entity, t.category, t.value) for t in edition.stated_totals}
    assert got == {
        ("action", "green", 18),
        ("action", "amber", 5),
        ("action", "red", 2),
        ("action", "complete", 6),
        ("action", "total", 31),
    }
    assert edition.legend.source == "default"  # the colour words are counts, not a legend


def test_a_counts_table_that_does_not_say_what_it_counts_gives_no_totals() -> None:
    summary = counts_page([("Green", "18"), ("Amber", "5")], "Summary at the time of this update:")
    actions = table_page([["a. Review caseloads.", "Jane Smith", "Mar 2024", "G"]], number=2)
    actions.words += words_at("Recommendation 1: Reduce caseloads.", COLS[0], 60)
    document = Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=[summary, actions])
    assert from_layout(document, analyse(document)).stated_totals == []
