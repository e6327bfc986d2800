"""Tests for stated totals: the seed's highlight and progress-report pages, variants, and robustness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.rag import legend_from_rows
from pipeline.extract.totals import sentences, stated_totals_from_text
from pipeline.models.records import Legend

_ROOT = Path(__file__).parents[1]
SEED = next(
    p
    for p in (
        _ROOT / "samples" / "darlington-2017-12.ocr.txt",
        _ROOT.parent / "shared" / "seeds" / "darlington-improvement-plan-2017-12.ocr.txt",
    )
    if p.exists()
)
EXPECTED = _ROOT / "samples" / "darlington-2017-12.expected.json"


def seed_pages() -> tuple[str, str, str]:
    """The seed's highlight page, progress-report page, and everything after them."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("Improvement Plan Highlight Report")
    report = text.index("Children’s Services Improvement Plan — Progress Report")
    summary = text.index("Summary of Progress")
    return text[start:report], text[report:summary], text[summary:]


def test_seed_pages_match_the_hand_read_golden() -> None:
    highlight, report, _ = seed_pages()
    found = stated_totals_from_text(highlight, page=2)
    # A total restated on a later page is kept once, at its first statement (as both extract paths do).
    seen = {(t.entity, t.category, t.value) for t in found}
    found += [
        t for t in stated_totals_from_text(report, page=3) if (t.entity, t.category, t.value) not in seen
    ]
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["stated_totals"]
    assert [t.model_dump(mode="json") for t in found] == expected


def test_seed_progress_report_page() -> None:
    _, report, _ = seed_pages()
    got = [(t.entity, t.category, t.value, t.raw) for t in stated_totals_from_text(report, page=3)]
    assert got == [
        ("recommendation", "total", 18,
         "At the time of this update, progress on the 18 recommendations demonstrates that:"),
        ("recommendation", "business_as_usual", 7,
         "7 are completed and are now considered to be Business As Usual Activity"),
        ("recommendation", "red", 0, "0 RAG rated as Red"),
        ("recommendation", "amber", 0, "0 RAG rated as AMBER"),
        ("recommendation", "green", 11, "11 RAG rated as GREEN"),
    ]  # fmt: skip


def test_seed_highlight_sentences() -> None:
    highlight, _, _ = seed_pages()
    got = [(t.entity, t.category, t.value) for t in stated_totals_from_text(highlight)]
    assert got == [
        ("recommendation", "total", 18),
        ("recommendation", "business_as_usual", 7),
        ("recommendation", "green", 11),
        ("action", "total", 41),
        ("action", "complete", 5),
        ("action", "green", 36),
    ]


def test_seed_narrative_and_tables_state_no_totals() -> None:
    # Row numbers ('13 | Extend ... | BUSINESS AS USUAL'), '16- and 17-year-olds', '13%' and '11 posts'
    # are not counts of records.
    _, _, rest = seed_pages()
    assert stated_totals_from_text(rest) == []


def test_whole_seed_deduplicates_repeated_totals() -> None:
    totals = stated_totals_from_text(SEED.read_text(encoding="utf-8"), page=None)
    keys = [(t.entity, t.category, t.value) for t in totals]
    assert len(keys) == len(set(keys))
    assert ("recommendation", "red", 0) in keys and ("action", "green", 36) in keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Of the 24 actions, 7 are complete, 11 are on track (green), 4 amber and 2 red.",
            [("action", "total", 24), ("action", "complete", 7), ("action", "green", 11),
             ("action", "amber", 4), ("action", "red", 2)],
        ),
        (
            "There are twenty-one actions: 3 are not started, 2 are amber/red and 16 are Amber/Green.",
            [("action", "total", 21), ("action", "not_started", 3), ("action", "amber_red", 2),
             ("action", "amber_green", 16)],
        ),
        (
            "The plan has 12 recommendations. Four are rated RED.\nFive actions are complete.",
            [("recommendation", "total", 12), ("recommendation", "red", 4), ("action", "complete", 5)],
        ),
        ("Caseloads remain at 18 or below. The vacancy rate was 13% and related to 11 posts.", []),
        ("Recommendation 3 is GREEN.", []),
    ],
)  # fmt: skip
def test_variants(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert [(t.entity, t.category, t.value) for t in stated_totals_from_text(text)] == expected


def test_raw_is_the_sentence_and_page_is_kept() -> None:
    [total, green] = stated_totals_from_text("Intro line.\nThere are 9\nactions; 9 are GREEN.", page=4)
    assert total.raw == green.raw == "There are 9 actions; 9 are GREEN."
    assert total.page == 4


def test_sentences_join_wrapped_lines_and_split_list_items() -> None:
    text = "progress on the 18 recommendations\ndemonstrates that:\n7 are complete\n0 RAG rated as Red\n"
    assert list(sentences(text)) == [
        "progress on the 18 recommendations demonstrates that:",
        "7 are complete",
        "0 RAG rated as Red",
    ]


@given(st.text())
def test_never_raises(text: str) -> None:
    for total in stated_totals_from_text(text, page=1):
        assert total.entity in {"recommendation", "action"} and total.value >= 0


@given(st.integers(0, 999), st.integers(0, 999), st.sampled_from(["GREEN", "complete", "red", "amber"]))
def test_digit_counts_round_trip(total: int, part: int, word: str) -> None:
    found = stated_totals_from_text(f"There are {total} actions; of these {part} are {word}.")
    keys = [(t.entity, t.category, t.value) for t in found]
    assert keys == [("action", "total", total), ("action", word.casefold(), part)]


def _key(*rows: tuple[str, str]) -> Legend:
    return legend_from_rows([(label, None, wording) for label, wording in rows], page=1)


STANDARD_KEY = (("Blue", "Complete"), ("Green", "On track"), ("Amber", "Some slippage"), ("Red", "Off track"))
NHS_KEY = (
    ("Red", "Off track"),
    ("Amber", "On track"),
    ("Green", "Complete"),
    ("Blue", "Complete and verified"),
)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        (STANDARD_KEY, "Of the 12 actions in the plan, 2 are Blue, 5 are Green, 1 are Amber, 4 are Red.",
         [("action", "total", 12), ("action", "complete", 2), ("action", "green", 5), ("action", "amber", 1),
          ("action", "red", 4)]),
        # the key's words give the colours their meaning: Amber = On track is green
        (NHS_KEY, "Of the 9 actions in the plan, 3 are Amber, 4 are Green, 2 are Blue.",
         [("action", "total", 9), ("action", "green", 3), ("action", "complete", 4),
          ("action", "complete_verified", 2)]),
        # a colour the key leaves undefined is no category
        ((("Blue", "See note"), ("Green", "On track")), "Of the 5 actions, 2 are Blue and 3 are Green.",
         [("action", "total", 5), ("action", "green", 3)]),
        # multi-word statuses are still read first
        ((("Completed", "Done"), ("Green", "On track")),
         "There are 4 recommendations: 2 are completed and are now business as usual.",
         [("recommendation", "total", 4), ("recommendation", "business_as_usual", 2)]),
    ],
)  # fmt: skip
def test_counts_are_named_through_the_documents_key(
    key: tuple[tuple[str, str], ...], text: str, expected: list[tuple[str, str, int]]
) -> None:
    got = [(t.entity, t.category, t.value) for t in stated_totals_from_text(text, legend=_key(*key))]
    assert got == expected


def test_without_a_key_blue_is_not_a_category() -> None:
    got = stated_totals_from_text("Of the 12 actions in the plan, 2 are Blue, 10 are Green.")
    assert [(t.category, t.value) for t in got] == [("total", 12), ("green", 10)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bullets the text layer cannot decode: '(cid:127)' is a bullet, not the number 127
        ("There are 12 actions in total:\n(cid:127) Blue = 2 (17%)\n(cid:127) Green = 10 (83%)",
         [("action", "total", 12), ("action", "complete", 2), ("action", "green", 10)]),
        # one 'X of Y' statement per bullet, none ending in a full stop
        ("Summary of progress\n• 2 of 12 (17%) actions are rated Blue\n"
         "• 10 of 12 (83%) actions are rated Green",
         [("action", "total", 12), ("action", "complete", 2), ("action", "green", 10)]),
        # two levels: the in-progress count, then the ratings within it
        ("12 actions, 2 Blue; of the 10 in progress 6 Green, 4 Red.",
         [("action", "total", 12), ("action", "complete", 2), ("action", "in_progress", 10),
          ("action", "green", 6), ("action", "red", 4)]),
    ],
)  # fmt: skip
def test_bullets_and_levels_under_a_key(text: str, expected: list[tuple[str, str, int]]) -> None:
    key = _key(("Blue", "Complete"), ("Green", "On track"), ("Red", "Off track"))
    got = [(t.entity, t.category, t.value) for t in stated_totals_from_text(text, legend=key)]
    assert got == expected


def test_a_key_of_swatches_names_its_colours_through_their_fill() -> None:
    """Swatches labelled only by their wording ('■ Complete', '■ On track'): '2 are Blue' counts the
    blue swatch's meaning; a colour two swatches share names neither."""
    key = legend_from_rows(
        [("Complete", "#0070c0", None), ("On track", "#00b050", None), ("Suspended", "#00b0f0", None)], 1
    )
    got = stated_totals_from_text("Of the 9 actions, 2 are Blue, 3 are Green and 4 are Amber.", legend=key)
    assert [(t.category, t.value) for t in got] == [("total", 9), ("green", 3), ("amber", 4)]
    key = legend_from_rows([("Complete", "#0070c0", None), ("On track", "#00b050", None)], 1)
    got = stated_totals_from_text("Of the 9 actions, 2 are Blue, 3 are Green and 4 are Amber.", legend=key)
    assert [(t.category, t.value) for t in got] == [("total", 9), ("complete", 2), ("green", 3), ("amber", 4)]


def test_label_count_lists_run_together_and_the_nearest_category() -> None:
    """'Red = 3 (15%) Amber = 6 (30%) ...' on one line: each label is its own count's, never the
    previous count's; and 'are rated Red' names red even when a key's words follow on the line."""
    text = "There are 9 actions in total:\nRed = 3 (33%) Amber = 6 (67%)"
    got = [(t.category, t.value) for t in stated_totals_from_text(text)]
    assert got == [("total", 9), ("red", 3), ("amber", 6)]
    key = _key(("Complete", "Done"), ("On track", "Fine"))
    got = stated_totals_from_text(
        "• 1 of 15 (7%) actions are rated Red RAG key Complete On track", legend=key
    )
    assert [(t.category, t.value) for t in got] == [("total", 15), ("red", 1)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Of the 5 actions, 2 are suspended.", "suspended"),
        ("Of the 5 actions, 2 are complete and verified.", "complete_verified"),
        ("Of the 5 actions, 2 are minor slippage.", "amber_green"),
        ("Of the 5 actions, 2 are cancelled.", "cancelled"),
    ],
)
def test_states_beyond_rag_are_categories(text: str, category: str) -> None:
    got = [(t.category, t.value) for t in stated_totals_from_text(text)]
    assert got == [("total", 5), (category, 2)]


def test_a_negated_status_is_not_that_status() -> None:
    """'not on track' counts red, never green; 'not yet complete' is no category at all."""
    got = stated_totals_from_text("Of the 12 actions, 5 are not on track and 7 are on track.")
    assert [(t.category, t.value) for t in got] == [("total", 12), ("red", 5), ("green", 7)]
    got = stated_totals_from_text("Of the 12 actions, 4 are complete and 8 are not yet complete.")
    assert [(t.category, t.value) for t in got] == [("total", 12), ("complete", 4)]
