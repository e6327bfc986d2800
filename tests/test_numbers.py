"""Tests for indicator values: measures, actuals with periods, OCR percent repairs, polarity, number words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.numbers import (
    infer_polarity,
    parse_actual,
    parse_measure,
    repair_percent,
    stated_polarity,
    towards_target,
    words_to_int,
)
from pipeline.models.common import Polarity

EXPECTED = Path(__file__).parents[1] / "samples" / "darlington-2017-12.expected.json"


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("90%", 90.0, "%"),
        ("590 days", 590.0, "days"),
        ("18", 18.0, None),
        ("1,234", 1234.0, None),
        ("£1.2m", 1_200_000.0, "£"),
        ("£450k", 450_000.0, "£"),
        ("12 weeks", 12.0, "weeks"),
        ("< 5%", 5.0, "%"),
        ("N/A", None, None),
        ("20 working days", 20.0, "working days"),
        ("98 %", 98.0, "%"),
        ("-5%", -5.0, "%"),
        ("35 per 10,000", 35.0, "per 10,000"),
    ],
)
def test_parse_measure(raw: str, value: float | None, unit: str | None) -> None:
    measure = parse_measure(raw)
    assert measure is not None
    assert (measure.raw, measure.value, measure.unit) == (raw, value, unit)


@pytest.mark.parametrize("raw", ["-", "–", "", "  "])
def test_dash_is_not_set_not_zero(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure is not None and measure.raw == "-" and measure.value is None


def test_no_cell_is_none() -> None:
    assert parse_measure(None) is None and parse_actual(None) is None


@pytest.mark.parametrize(
    ("raw", "value", "period"),
    [("Qtr2 41%", 41.0, "Qtr2"), ("41% (Q2)", 41.0, "Q2"), ("Qtr 2 7%", 7.0, "Qtr 2"), ("97%", 97.0, None)],
)
def test_parse_actual_moves_period(raw: str, value: float, period: str | None) -> None:
    actual = parse_actual(raw)
    assert actual is not None
    assert (actual.raw, actual.value, actual.unit, actual.period) == (f"{value:g}%", value, "%", period)


def test_parse_actual_keeps_header_period_unless_cell_has_one() -> None:
    header_period = parse_actual("98%", period="Qtr2")
    assert header_period is not None and header_period.period == "Qtr2"
    cell_period = parse_actual("41% (Q3)", period="Qtr2")
    assert cell_period is not None and cell_period.period == "Q3"


@given(st.one_of(st.none(), st.text()))
def test_parsers_never_raise(text: str | None) -> None:
    parse_measure(text)
    parse_actual(text)
    if text is not None:
        repaired, changed = repair_percent(text)
        assert changed == (repaired != text)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "%", " days", " weeks"]))
def test_measure_round_trip(n: int, unit: str) -> None:
    measure = parse_measure(f"{n:,}{unit}")
    assert measure is not None and measure.value == n
    assert measure.unit == (unit.strip() or None)


@pytest.mark.parametrize(
    ("raw", "repaired", "changed"),
    [
        ("949", "94%", True),
        ("520/", "52%", True),
        ("1009", "100%", True),
        ("/9 of cases where ICPC took place", "% of cases where ICPC took place", True),
        ("100%", "100%", False),
        ("98%", "98%", False),
        ("99", "99", False),  # 99 or 9%: too ambiguous to touch
        ("2019", "2019", False),  # 201 > 100: not a misread percentage
    ],
)
def test_repair_percent(raw: str, repaired: str, changed: bool) -> None:
    assert repair_percent(raw) == (repaired, changed)


@given(st.integers(min_value=0, max_value=100))
def test_repair_percent_leaves_good_percentages(n: int) -> None:
    assert repair_percent(f"{n}%") == (f"{n}%", False)


@given(st.integers(min_value=10, max_value=100))
def test_trailing_nine_is_percent(n: int) -> None:
    assert repair_percent(f"{n}9") == (f"{n}%", True)


@pytest.mark.parametrize(
    ("description", "polarity"),
    [
        ("% of referrals completed in over 72 hours", Polarity.LOWER_BETTER),
        ("% of assessments rated as inadequate", Polarity.LOWER_BETTER),
        ("% of substantive posts that are filled by agency social workers", Polarity.LOWER_BETTER),
        ("% of re-referrals within 12 months", Polarity.LOWER_BETTER),
        ("Average caseload of ASYE social workers", Polarity.LOWER_BETTER),
        ("Vacancy rate", Polarity.LOWER_BETTER),
        ("% of repeat child protection plans", Polarity.LOWER_BETTER),
        ("% of visits out of timescale", Polarity.LOWER_BETTER),
        ("% of referrals completed within 24 hours", Polarity.HIGHER_BETTER),
        ("% of assessments completed within 45 working days", Polarity.HIGHER_BETTER),
        ("% of CP statutory visits completed within timescales (monthly)", Polarity.HIGHER_BETTER),
        ("% of case file audits rated as good or outstanding", Polarity.HIGHER_BETTER),
        ("% of children with a permanency plan in place by 4 months", Polarity.HIGHER_BETTER),
        ("Spend on external placements", Polarity.LOWER_BETTER),
        ("Average cost of a residential placement", Polarity.LOWER_BETTER),
        ("% of 16-17 year olds not in education, employment or training", Polarity.LOWER_BETTER),
        ("% of care leavers in education, employment or training", Polarity.HIGHER_BETTER),
        ("Number of foster carers recruited", Polarity.HIGHER_BETTER),
        ("Number of newly qualified social workers recruited", Polarity.UNKNOWN),
        ("% of assessments rated as requires improvement", Polarity.UNKNOWN),
        ("Number of children looked after", Polarity.UNKNOWN),
        ("Number of Early Help Assessments", Polarity.UNKNOWN),
        ("", Polarity.UNKNOWN),
    ],
)
def test_infer_polarity(description: str, polarity: Polarity) -> None:
    assert infer_polarity(description) is polarity


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Higher is better", Polarity.HIGHER_BETTER),
        ("Lower is better", Polarity.LOWER_BETTER),
        ("High", Polarity.HIGHER_BETTER),
        ("low", Polarity.LOWER_BETTER),
        ("\u2191 better", Polarity.HIGHER_BETTER),
        ("\u2193", Polarity.LOWER_BETTER),
        ("-", Polarity.UNKNOWN),
        ("", Polarity.UNKNOWN),
        ("Lowest quartile", Polarity.UNKNOWN),
        ("Upper", Polarity.UNKNOWN),
    ],
)
def test_stated_polarity(text: str, polarity: Polarity) -> None:
    assert stated_polarity(text) is polarity


@given(st.text())
def test_stated_polarity_never_raises(text: str) -> None:
    assert stated_polarity(text) in set(Polarity)


def test_infer_polarity_agrees_with_the_seed_golden() -> None:
    indicators = json.loads(EXPECTED.read_text(encoding="utf-8"))["indicators"]
    got = [infer_polarity(i["description"]).value for i in indicators]
    assert got == [i["polarity"] for i in indicators]


_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _to_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


@given(st.integers(min_value=0, max_value=99), st.sampled_from([str.lower, str.upper, str.title]))
def test_words_to_int_round_trip(n: int, case) -> None:  # type: ignore[no-untyped-def]
    assert words_to_int(case(_to_words(n))) == n
    assert words_to_int(str(n)) == n


@pytest.mark.parametrize(
    ("text", "n"), [("seven", 7), ("eleven", 11), ("no", 0), ("none", 0), ("lots", None)]
)
def test_words_to_int(text: str, n: int | None) -> None:
    assert words_to_int(text) == n


def test_towards_target() -> None:
    assert towards_target(40, 42, 60, Polarity.HIGHER_BETTER) == "towards"
    assert towards_target(42, 40, 60, Polarity.HIGHER_BETTER) == "away"
    assert towards_target(5, 1, 5, Polarity.LOWER_BETTER) == "towards"
    assert towards_target(13, 15, 15, Polarity.LOWER_BETTER) == "away"
    assert towards_target(10, 10, 10, Polarity.LOWER_BETTER) == "unchanged"
    assert towards_target(40, 50, 60, Polarity.UNKNOWN) == "towards"
    assert towards_target(50, 40, 60, Polarity.UNKNOWN) == "away"
    assert towards_target(float("nan"), 1, 2, Polarity.HIGHER_BETTER) == "unknown"


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.sampled_from(list(Polarity)))
def test_towards_target_is_antisymmetric(old: float, new: float, target: float, polarity: Polarity) -> None:
    forward, backward = towards_target(old, new, target, polarity), towards_target(new, old, target, polarity)
    swap = {"towards": "away", "away": "towards", "unchanged": "unchanged", "unknown": "unknown"}
    assert backward == swap[forward]
