"""Tests for lead names: splitting cells, case normalisation, and the per-document directory of names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.leads import LeadDirectory, normalise_name, split_leads

_ROOT = Path(__file__).parents[1]
SEED = next(
    p
    for p in (
        _ROOT / "samples" / "darlington-2017-12.ocr.txt",
        _ROOT.parent / "shared" / "seeds" / "darlington-improvement-plan-2017-12.ocr.txt",
    )
    if p.exists()
)
NAMES = ["Yvonne Coates", "Joanne Stoddart", "Jane Kochanowski", "Martin Graham", "Sharon Raine"]


def seed_lead_strings() -> list[str]:
    """Every lead spelling the seed's OCR text prints: summary leads, heading leads and Task Lead cells."""
    text = SEED.read_text(encoding="utf-8")
    summary = re.findall(r"Lead: ([A-Z][A-Z &]+?) G\b", text)
    headings = re.findall(r"\(([A-Z][A-Z ]+)\)\s*$", text, flags=re.MULTILINE)
    cells = re.findall(r"\b((?:J|Jane|Joanne|Yvonne|Martin|Sharon) [A-Z][a-z]+)\b", text)
    return summary + headings + cells


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("pacommendation Lead: YVONNE COATES & JOANNE STODDART", ["YVONNE COATES", "JOANNE STODDART"]),
        ("Recommendation Lead: JANE KOCHANOWSKI", ["JANE KOCHANOWSKI"]),
        ("(JANE KOCHANOWSKTI)", ["JANE KOCHANOWSKTI"]),
        ("Joanne Stoddart and Martin Graham", ["Joanne Stoddart", "Martin Graham"]),
        ("Lead: A Jones; B Smith\nC Brown", ["A Jones", "B Smith", "C Brown"]),
        ("Jane Smith / Head of SEND, DCO", ["Jane Smith", "Head of SEND", "DCO"]),
        (
            "Head of Quality Assurance and Practice Improvement",
            ["Head of Quality Assurance and Practice Improvement"],
        ),
        (" & , ;", []),
    ],
)
def test_split_leads(raw: str, parts: list[str]) -> None:
    assert split_leads(raw) == parts


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("YVONNE COATES", "Yvonne Coates"),
        ("jane o'neill", "Jane O'Neill"),
        ("mcdonald", "McDonald"),
        ("Dr ann lee", "Dr Ann Lee"),
        ("HEAD OF SEND", "Head of SEND"),
        ("head of SEND", "Head of SEND"),
        ("DCO", "DCO"),
        ("anne smith-jones", "Anne Smith-Jones"),
        ("Joanne Stoddart", "Joanne Stoddart"),
    ],
)
def test_normalise_name(name: str, normal: str) -> None:
    assert normalise_name(name) == normal


@given(st.sampled_from([*NAMES, "Head of SEND", "Dr Ann Lee", "Jane O'Neill"]))
def test_normalise_name_is_idempotent(name: str) -> None:
    assert normalise_name(normalise_name(name)) == normalise_name(name) == name


@pytest.fixture(scope="module")
def seed_directory() -> LeadDirectory:
    return LeadDirectory.from_raw(seed_lead_strings())


def test_seed_directory_learns_the_five_people(seed_directory: LeadDirectory) -> None:
    assert sorted(seed_directory.canonical) == sorted(NAMES)


@pytest.mark.parametrize(
    ("raw", "name", "repaired"),
    [
        ("J Kochanowski", "Jane Kochanowski", True),
        ("JANE KOCHANOWSKI", "Jane Kochanowski", False),
        ("Jane Kochanowski", "Jane Kochanowski", False),
        ("JANE KOCHANOWSKTI", "Jane Kochanowski", True),
        ("YYVONNE COATES", "Yvonne Coates", True),
        ("pacommendation Lead: YYVONNE COATES", "Yvonne Coates", True),
        ("J. Kochanowski", "Jane Kochanowski", True),
    ],
)
def test_seed_spellings_resolve(seed_directory: LeadDirectory, raw: str, name: str, repaired: bool) -> None:
    [match] = seed_directory.resolve(raw)
    assert (match.name, match.repaired) == (name, repaired)
    assert 0 <= match.score <= 100


def test_resolve_several_leads(seed_directory: LeadDirectory) -> None:
    matches = seed_directory.resolve("Recommendation Lead: YVONNE COATES & JOANNE STODDART")
    assert [m.name for m in matches] == ["Yvonne Coates", "Joanne Stoddart"]


def test_never_invents_a_name(seed_directory: LeadDirectory) -> None:
    # 'Jane Stoddart' is close to 'Joanne Stoddart' as a string but is a different first name.
    [match] = seed_directory.resolve("JANE STODDART")
    assert match.name == "Jane Stoddart" and not match.repaired
    [role] = seed_directory.resolve("Head of SEND")
    assert role.name == "Head of SEND"


def test_initial_maps_only_when_unambiguous() -> None:
    directory = LeadDirectory.from_raw(["Jane Smith", "John Smith", "Jane Smith", "Ann Lee"])
    [ambiguous] = directory.resolve("J Smith")
    assert ambiguous.name == "J Smith" and not ambiguous.repaired
    [unique] = directory.resolve("A Lee")
    assert unique.name == "Ann Lee"


def test_canonical_is_the_most_frequent_spelling() -> None:
    directory = LeadDirectory.from_raw(["JANE KOCHANOWSKTI", "Jane Kochanowski", "JANE KOCHANOWSKI"])
    assert directory.canonical == ["Jane Kochanowski"]


_CASES = st.sampled_from([str.upper, str.lower, str.title, str.swapcase, lambda s: s])


@given(
    st.sampled_from([*NAMES, "J Kochanowski", "YYVONNE COATES", "JANE KOCHANOWSKTI", "Head of SEND"]), _CASES
)
def test_case_never_changes_resolution(raw: str, case) -> None:  # type: ignore[no-untyped-def]
    directory = LeadDirectory.from_raw(seed_lead_strings())
    assert [m.name for m in directory.resolve(case(raw))] == [m.name for m in directory.resolve(raw)]


@given(st.sampled_from(NAMES))
def test_resolve_is_idempotent_on_canonical_names(name: str) -> None:
    directory = LeadDirectory.from_raw(seed_lead_strings())
    [match] = directory.resolve(name)
    assert match.name == name and not match.repaired and match.score == 100
    [again] = directory.resolve(match.name)
    assert again.name == match.name


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    split_leads(text)
    normalise_name(text)
    directory = LeadDirectory.from_raw([text, "Jane Kochanowski"])
    for match in directory.resolve(text):
        assert match.name
