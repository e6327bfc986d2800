"""Tests for header classification: DOMAIN.md's synonyms, the seed's OCR-shredded headers, periods."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vocab.headers import SYNONYMS, classify_header, period_from_header

ROLES = set(SYNONYMS)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        *[(t, "lead") for t in ["Task Lead", "Lead Officer", "Owner", "Responsible Officer", "Who?",
                                "Champion",
                                "Lead Agency", "Lead"]],
        *[(t, "due") for t in ["Completion Date", "Due date", "Target date", "Deadline", "By when", "When?",
                               "Timescale"]],
        *[(t, "status") for t in ["RAG", "Status", "BRAG", "Current Status", "Progress indicator"]],
        *[(t, "progress") for t in ["Progress", "Progress update", "Update on progress", "Commentary"]],
        *[(t, "target") for t in ["Year End Target", "Target"]],
        *[(t, "revised_due") for t in ["Revised date", "Revised due date"]],
        ("Date completed", "completed"),
        *[(t, "evidence") for t in ["Evidence", "Success measures"]],
        *[(t, "ref") for t in ["Ref", "No.", "Ref No", "#"]],
        *[(t, "pi_code") for t in ["PI Number", "PI", "Indicator ref"]],
        *[(t, "start") for t in ["Start Date", "Start"]],
        ("Action", "action"),
        ("Description", "pi_description"),
        ("Recommendation", "recommendation"),
        ("TASK LEAD", "lead"),
        ("  completion\ndate ", "due"),
    ],
)  # fmt: skip
def test_clean_headers(text: str, role: str) -> None:
    assert classify_header(text) == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("PIpNu)mber", "pi_code"),
        ("Conl1)|;lte:ion Date", "due"),
        ("R%G", "status"),
        ("Year En d Target", "target"),
        ("YearEnd Target", "target"),
        ("Task Lcad", "lead"),
    ],
)
def test_shredded_seed_headers(text: str, role: str) -> None:
    assert classify_header(text) == role


def test_progress_is_the_actual_in_indicator_tables() -> None:
    assert classify_header("Progress") == "progress"
    assert classify_header("Progress", table_kind="indicator") == "actual"
    assert classify_header("Progress Qtr2", table_kind="indicator") == "actual"
    assert classify_header("Progress", table_kind="action") == "progress"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "foo bar",
        "Related Performance Indicators (reported on through the accompanying performance report)",
    ],
)
def test_unknown_headers(text: str) -> None:
    assert classify_header(text) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [("Progress Qtr2", "Qtr2"), ("Qtr 2", "Qtr 2"), ("Actual (Q3)", "Q3"), ("Progress Oct 2017", "Oct 2017"),
     ("Progress", None), ("Target", None)],
)  # fmt: skip
def test_period_from_header(text: str, period: str | None) -> None:
    assert period_from_header(text) == period


@given(st.sampled_from([(s, role) for role, syns in SYNONYMS.items() for s in syns]))
def test_every_synonym_classifies_to_its_role_in_any_case(pair: tuple[str, str]) -> None:
    synonym, role = pair
    for text in (synonym, synonym.upper(), synonym.lower(), f" {synonym} "):
        assert classify_header(text) == role


@given(st.text(max_size=40), st.sampled_from([None, "indicator", "action"]))
def test_never_raises(text: str, kind: str | None) -> None:
    assert classify_header(text, table_kind=kind) in ROLES | {None}
    period_from_header(text)


@pytest.mark.parametrize(
    ("text", "kind", "role"),
    [
        ("Status update", None, "progress"),  # not a status column, not a start date
        ("Progress RAG", None, "status"),
        ("New target date", None, "revised_due"),
        ("Revised deadline", None, "revised_due"),
        ("Target", "action", "due"),  # in an action table 'Target' is when it is due
        ("Target", "indicator", "target"),
        ("Baseline 2008/9", "indicator", "baseline"),  # its own field, never the target or actual
        ("Previous Outturn", "indicator", "baseline"),
        ("Latest (Aug 2019)", "indicator", "actual"),
        ("Lead Officer(s)", None, "lead"),
        ("Led by:", None, "lead"),
        ("Person/s Responsible", None, "lead"),
        ("End date:", None, "due"),
        ("Red/Amber/G reen", None, "status"),
        ("Percentage complete", None, "status"),
        ("Specific Actions (dated)", None, "action"),
        ("Measurement code", "indicator", "pi_code"),
        ("Date this will be done by", None, "due"),  # on no list: read from its key words
        ("Who is doing it", None, "lead"),
    ],
)
def test_real_world_headers_and_collisions(text: str, kind: str | None, role: str) -> None:
    assert classify_header(text, table_kind=kind) == role


def test_keyword_roles_do_not_make_body_text_a_header() -> None:
    assert classify_header("Actions completed or PI targets achieved", keywords=False) is None
