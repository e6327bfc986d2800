"""Stated totals in list wordings: dashes run into their counts, ratings no key defines, counts
tables that do not say what they count (house-style corpus, issue 12 item 5)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.extract.totals import stated_totals_from_text

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "samples")]

from plangen.corpus import build_document  # noqa: E402

from pipeline import extract_plan  # noqa: E402


def _found(text: str) -> list[tuple[str, str, int]]:
    return [(t.entity, t.category, t.value) for t in stated_totals_from_text(text)]


def test_a_dash_run_into_its_count_is_a_list_item() -> None:
    text = (
        "Summary of progress\n"
        "–2 of 13 (15%) actions are rated Red\n"
        "–6 of 13 (46%) actions are rated Green\n"
        "–3 of 13 (23%) actions are rated Amber\n"
    )
    totals = stated_totals_from_text(text)
    assert [(t.entity, t.category, t.value) for t in totals] == [
        ("action", "total", 13),
        ("action", "red", 2),
        ("action", "green", 6),
        ("action", "amber", 3),
    ]
    assert totals[1].raw == "2 of 13 (15%) actions are rated Red"  # as printed, without the marker


def test_a_rating_no_category_names_is_not_the_total() -> None:
    # under no key saying what Blue means, '4 ... are rated Blue' counts an unknown category
    assert _found("• 4 of 12 (33%) actions are rated Blue") == [("action", "total", 12)]
    assert _found("4 actions are rated Purple.") == []
    assert _found("3 actions are reported as Purple") == []
    # a count of the entity with no rating is still its total
    assert _found("There are 41 actions in the plan.") == [("action", "total", 41)]
    assert _found("The plan has 12 actions, 3 are rated Red.") == [
        ("action", "total", 12),
        ("action", "red", 3),
    ]


def _extracted(seed: int, tmp_path: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    _, doc = build_document(seed, seed % 2, None)
    pdf = tmp_path / f"{seed}.pdf"
    pdf.write_bytes(doc.pdf)
    got = extract_plan(pdf)
    return (
        sorted((t.entity, t.category, t.value) for t in got.stated_totals),
        sorted((t.entity, t.category, t.value) for t in doc.expected.stated_totals),
    )


@pytest.mark.parametrize(
    "seed",
    [
        1211,  # 'Not started | On track | ... | Total' = 3, and 3 recommendations as well as 3 actions:
        # the kind whose statuses agree with the counts is the one counted
        1054,  # '–2 of 13 (15%) actions are rated Red' list
    ],
)
def test_house_style_summaries_are_stated(seed: int, tmp_path: Path) -> None:
    got, want = _extracted(seed, tmp_path)
    assert got == want


def test_a_key_caption_after_the_last_item_ends_its_count() -> None:
    text = (
        "There are 13 actions in total:\n•Completed = 4 (31%)\n•Green = 5 (38%)\n•Red = 3 (23%)\n"
        "RAG key\nThe action is completed Progress is on schedule Behind schedule\n"
    )
    assert _found(text) == [
        ("action", "total", 13),
        ("action", "complete", 4),
        ("action", "green", 5),
        ("action", "red", 3),
    ]
