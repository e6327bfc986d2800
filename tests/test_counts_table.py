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


def across_page(labels: list[str], counts: list[str], caption: str) -> Page:
    """A counts table printed across: a row of status labels over a row of counts."""
    words = words_at(caption, 40, 60)
    xs = [40.0 + 70 * i for i in range(len(labels) + 1)]
    for x, label, count in zip(xs, labels, counts, strict=False):
        words += words_at(label, x + 3, 105) + words_at(count, x + 3, 125)
    lines = [RuleLine(x0=40, top=y, x1=xs[-1], bottom=y) for y in (100, 120, 140)]
    lines += [RuleLine(x0=x, top=100, x1=x, bottom=140) for x in xs]
    return Page(number=1, width=842, height=595, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def _two_actions() -> Page:
    actions = table_page(
        [
            ["a. Review caseloads.", "Jane Smith", "Mar 2024", "G"],
            ["b. Audit files.", "Jane Smith", "May 2024", "R"],
        ],
        number=2,
    )
    actions.words += words_at("Recommendation 1: Reduce caseloads.", COLS[0], 60)
    return actions


def test_counts_across_a_table_count_the_records_their_total_names() -> None:
    """'Summary of progress' over 'Green | Red | Total' / '1 | 1 | 2': it does not say what it counts,
    but its Total is the number of actions (and not of recommendations), so it counts actions."""
    summary = across_page(["Green", "Red", "Total"], ["1", "1", "2"], "Summary of progress")
    document = Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=[summary, _two_actions()])
    edition = from_layout(document, analyse(document))
    got = {(t.entity, t.category, t.value) for t in edition.stated_totals}
    assert got == {("action", "green", 1), ("action", "red", 1), ("action", "total", 2)}


def test_an_unnamed_counts_table_whose_total_matches_no_records_states_nothing() -> None:
    summary = across_page(["Green", "Red", "Total"], ["4", "3", "7"], "Summary of progress")
    document = Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=[summary, _two_actions()])
    assert from_layout(document, analyse(document)).stated_totals == []


def test_counts_across_a_table_that_names_actions() -> None:
    summary = across_page(["Complete", "Amber", "Total"], ["3", "4", "7"], "Actions by status")
    document = Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=[summary, _two_actions()])
    got = {(t.entity, t.category, t.value) for t in from_layout(document, analyse(document)).stated_totals}
    assert got == {("action", "complete", 3), ("action", "amber", 4), ("action", "total", 7)}
