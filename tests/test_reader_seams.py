"""The seams between the readers and the finishing step: readers return what they found, the
finishing step makes keys unique, and totals stated twice count once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_edition
from pipeline.extract.finish import assemble, unique_keys
from pipeline.extract.totals import add_table_totals, stated_totals_of_pages
from pipeline.ingest import load_document
from pipeline.layout import analyse
from pipeline.models import Action, Indicator, PageSource, Provenance, StatedTotal
from pipeline.options import ExtractOptions

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _prov(page: int) -> Provenance:
    return Provenance(page=page, source=PageSource.TEXT_LAYER, confidence=1.0)


def test_a_repeated_key_gets_a_suffix_and_an_issue_naming_the_key_it_repeated() -> None:
    actions = [
        Action(key=f"R1-{ref}", recommendation=1, ref=ref, text="x", provenance=_prov(page))
        for ref, page in (("a", 1), ("b", 1), ("a", 2), ("a", 3))
    ]
    indicators = [
        Indicator(key="R2-NI 1", recommendation=2, code="NI 1", description="d", provenance=_prov(p))
        for p in (4, 5)
    ]
    issues = unique_keys(actions, indicators)
    assert [a.key for a in actions] == ["R1-a", "R1-b", "R1-a~2", "R1-a~3"]
    assert [i.key for i in indicators] == ["R2-NI 1", "R2-NI 1#2"]
    assert [(i.code, i.page, i.record, i.field) for i in issues] == [
        ("PT303", 2, "action:R1-a", "ref"),
        ("PT303", 3, "action:R1-a", "ref"),
        ("PT306", 5, "indicator:R2-NI 1", None),
    ]


def test_a_count_restated_on_a_later_page_is_one_statement_at_its_first_page() -> None:
    text = "There are 12 actions in the plan. Of these 5 are complete."
    totals = stated_totals_of_pages([(2, text), (7, text)])
    assert totals, "the sentence states totals"
    assert {t.page for t in totals} == {2}
    assert len({(t.entity, t.category, t.value) for t in totals}) == len(totals)


def test_a_counts_table_does_not_restate_a_category_the_prose_stated() -> None:
    prose = StatedTotal(entity="action", category="complete", value=5, raw="5 are complete", page=1)
    table = [
        StatedTotal(entity="action", category="complete", value=6, raw="Complete | 6", page=3),
        StatedTotal(entity="action", category="total", value=12, raw="Total | 12", page=3),
    ]
    totals = [prose]
    add_table_totals(totals, table)
    assert [(t.category, t.value) for t in totals] == [("complete", 5), ("total", 12)]


@pytest.mark.parametrize(
    "name",
    ["northbridge/northbridge-2024-01.pdf", "eastmoor/eastmoor-2024-03.pdf", "darlington-2017-12.ocr.txt"],
)
def test_a_reading_is_what_the_reader_found_and_reading_again_finds_the_same(name: str) -> None:
    """A reader keeps no state between documents or calls: the same input reads the same twice, and
    the issues of the finished edition are the reader's own followed by those of the finishing step."""
    document = load_document(SAMPLES / name, ExtractOptions())
    if document.kind == "text":
        from pipeline.extract.plaintext import read_plaintext

        first, second = read_plaintext(document), read_plaintext(document)
    else:
        from pipeline.extract.textlayer import read_layout

        first, second = read_layout(document, analyse(document)), read_layout(document, analyse(document))
    assert first == second
    edition = assemble(document, first)
    assert edition.issues[: len(second.issues)] == second.issues
    assert edition == extract_edition(document)
