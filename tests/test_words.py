"""Header cells whose words are broken across lines are joined back; real two-word headers are not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vocab.words import join_lines


@pytest.mark.parametrize(
    ("lines", "header"),
    [
        (["Bud", "get impact"], "Budget impact"),  # both halves words, the whole commoner
        (["Resource Implic", "ation"], "Resource Implication"),  # neither half a word
        (["Accounta", "ble manager"], "Accountable manager"),
        (["Percent", "age complete"], "Percentage complete"),
        (["Red/Amber/G", "reen"], "Red/Amber/Green"),
        (["Imple-", "mentation"], "Implementation"),  # a soft hyphen at the break goes
        (["Kick-", "off"], "Kick-off"),  # a hyphenated compound keeps its hyphen
        (["Red/", "Amber/Green"], "Red/Amber/Green"),
    ],
)
def test_a_word_broken_across_lines_is_joined(lines: list[str], header: str) -> None:
    assert join_lines(lines) == header


@pytest.mark.parametrize(
    "lines",
    [
        ["Lead", "officer"],
        ["Target", "date"],
        ["Time", "scale"],  # a rare compound when joined: two words
        ["Resource", "Implication"],  # a capital starts a new word
        ["RAG", "STATUS"],
        ["How we will", "know"],
        ["Ref", "No"],
        ["Progress", "to date"],
    ],
)
def test_words_wrapped_at_a_space_stay_apart(lines: list[str]) -> None:
    assert join_lines(lines) == " ".join(lines)


@given(st.lists(st.text(alphabet="abcdefghij -/", max_size=12), max_size=4))
def test_joining_only_removes_spaces_and_break_hyphens(lines: list[str]) -> None:
    joined = join_lines(lines)
    letters = "".join(ch for line in lines for ch in line if ch.isalpha())
    assert "".join(ch for ch in joined if ch.isalpha()) == letters
    assert len(joined) <= len(" ".join(ln.strip() for ln in lines if ln.strip()))
