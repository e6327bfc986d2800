"""Tests for plan-date parsing: the seed's and DOMAIN.md's spellings, and round trips by Hypothesis."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.dates import month_end, parse_plan_date
from pipeline.models.common import DatePrecision

D = dt.date
MONTH, DAY = DatePrecision.MONTH, DatePrecision.DAY


@pytest.mark.parametrize(
    ("raw", "value", "end", "precision"),
    [
        ("Sept 2017", D(2017, 9, 1), D(2017, 9, 30), MONTH),
        ("Sep 2017", D(2017, 9, 1), D(2017, 9, 30), MONTH),
        ("September 2017", D(2017, 9, 1), D(2017, 9, 30), MONTH),
        ("Mar 2018", D(2018, 3, 1), D(2018, 3, 31), MONTH),
        ("March-18", D(2018, 3, 1), D(2018, 3, 31), MONTH),
        ("Mar-18", D(2018, 3, 1), D(2018, 3, 31), MONTH),
        ("Feb 2020", D(2020, 2, 1), D(2020, 2, 29), MONTH),
        ("31/03/2019", D(2019, 3, 31), D(2019, 3, 31), DAY),
        ("9.12.16", D(2016, 12, 9), D(2016, 12, 9), DAY),
        ("9/12/2016", D(2016, 12, 9), D(2016, 12, 9), DAY),
        ("1st April 2024", D(2024, 4, 1), D(2024, 4, 1), DAY),
        ("By 31/12/2016", D(2016, 12, 31), D(2016, 12, 31), DAY),
        ("Q4 2018/19", D(2019, 1, 1), D(2019, 3, 31), DatePrecision.FINANCIAL_QUARTER),
        ("Q1 2018/19", D(2018, 4, 1), D(2018, 6, 30), DatePrecision.FINANCIAL_QUARTER),
        ("Q2 2005", D(2005, 4, 1), D(2005, 6, 30), DatePrecision.QUARTER),
        ("2018/19", D(2018, 4, 1), D(2019, 3, 31), DatePrecision.FINANCIAL_YEAR),
        ("2018-19", D(2018, 4, 1), D(2019, 3, 31), DatePrecision.FINANCIAL_YEAR),
        ("2018", D(2018, 1, 1), D(2018, 12, 31), DatePrecision.YEAR),
    ],
)
def test_supported_spellings(raw: str, value: D, end: D, precision: DatePrecision) -> None:
    parsed = parse_plan_date(raw)
    assert parsed is not None
    assert (parsed.raw, parsed.value, parsed.end, parsed.precision) == (raw, value, end, precision)


def test_month_year_does_not_get_an_invented_day() -> None:
    # dateutil alone turns 'Mar 2018' into 2018-03-<today>; the parser must keep month precision.
    parsed = parse_plan_date("Mar 2018")
    assert parsed is not None and parsed.value == D(2018, 3, 1) and parsed.precision is MONTH


@pytest.mark.parametrize("raw", ["ongoing", "Ongoing", "TBC", "tbc", "Annual Review", "Monthly", "On-going"])
def test_open_schedules(raw: str) -> None:
    parsed = parse_plan_date(raw)
    assert parsed is not None
    assert parsed.precision is DatePrecision.OPEN and parsed.value is None and parsed.end is None


@pytest.mark.parametrize("raw", ["", "   ", "-", "n/a", "N/A", "–"])
def test_empty_cells_are_none(raw: str) -> None:
    assert parse_plan_date(raw) is None


def test_raw_is_stripped_text() -> None:
    parsed = parse_plan_date("  Sept 2017 \n")
    assert parsed is not None and parsed.raw == "Sept 2017"


def test_month_without_year_uses_edition_date() -> None:
    december_2017 = D(2017, 12, 1)
    january = parse_plan_date("end of January", edition_date=december_2017)
    assert january is not None
    assert (january.value, january.end, january.precision) == (D(2018, 1, 1), D(2018, 1, 31), MONTH)
    december = parse_plan_date("December", edition_date=december_2017)
    assert december is not None and december.value == D(2017, 12, 1)
    unanchored = parse_plan_date("end of January")
    assert unanchored is not None and unanchored.precision is DatePrecision.UNKNOWN


@pytest.mark.parametrize("raw", ["31/02/2018", "next spring", "Q5 2018", "2018/21", "when funding allows"])
def test_unreadable_is_unknown_with_raw_kept(raw: str) -> None:
    parsed = parse_plan_date(raw)
    assert parsed is not None
    assert parsed.precision is DatePrecision.UNKNOWN and parsed.value is None and parsed.raw == raw


def test_month_end() -> None:
    assert month_end(D(2024, 2, 10)) == D(2024, 2, 29)
    assert month_end(D(2023, 12, 31)) == D(2023, 12, 31)


@pytest.mark.parametrize(
    ("raw", "value", "end", "precision"),
    [
        ("March 2024/25", D(2025, 3, 1), D(2025, 3, 31), MONTH),
        ("Sept 2024/25", D(2024, 9, 1), D(2024, 9, 30), MONTH),
        ("2008/9", D(2008, 4, 1), D(2009, 3, 31), DatePrecision.FINANCIAL_YEAR),
        ("2023 to 2024", D(2023, 4, 1), D(2024, 3, 31), DatePrecision.FINANCIAL_YEAR),
        ("FY 08/09", D(2008, 4, 1), D(2009, 3, 31), DatePrecision.FINANCIAL_YEAR),
        ("13/12/12", D(2012, 12, 13), D(2012, 12, 13), DAY),
    ],
)
def test_financial_year_spellings(raw: str, value: D, end: D, precision: DatePrecision) -> None:
    parsed = parse_plan_date(raw)
    assert parsed is not None and (parsed.value, parsed.end, parsed.precision) == (value, end, precision)


@pytest.mark.parametrize("raw", ["March 2024/26", "2009/0", "2023 to 2025", "08/10"])
def test_broken_financial_years_are_unknown_not_days(raw: str) -> None:
    parsed = parse_plan_date(raw, edition_date=D(2009, 1, 1))
    assert parsed is not None and parsed.precision is DatePrecision.UNKNOWN and parsed.value is None


def test_bare_two_digit_years_need_a_nearby_edition() -> None:
    near = parse_plan_date("08/09", edition_date=D(2008, 12, 1))
    assert near is not None and (near.value, near.precision) == (D(2008, 4, 1), DatePrecision.FINANCIAL_YEAR)
    for edition in (None, D(2024, 1, 1)):  # '08/09' could as well be 8 September
        far = parse_plan_date("08/09", edition_date=edition)
        assert far is not None and far.precision is DatePrecision.UNKNOWN


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(dates)
def test_month_of_a_financial_year_round_trip(d: D) -> None:
    fy = d.year if d.month >= 4 else d.year - 1
    parsed = parse_plan_date(f"{calendar.month_name[d.month]} {fy}/{(fy + 1) % 100:02d}")
    assert parsed is not None and parsed.precision is MONTH and parsed.value == d.replace(day=1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DAY_STYLES = [
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{_ordinal(d.day)} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"By {d.strftime('%d/%m/%Y')}",
]
MONTH_STYLES = [
    lambda d: f"{calendar.month_abbr[d.month]} {d.year}",
    lambda d: f"{calendar.month_name[d.month]} {d.year}",
    lambda d: f"{calendar.month_name[d.month]}-{d.year % 100:02d}",
    lambda d: f"{calendar.month_abbr[d.month]}-{d.year % 100:02d}",
    lambda d: f"{'Sept' if d.month == 9 else calendar.month_abbr[d.month]} {d.year}",
]


@given(dates, st.sampled_from(DAY_STYLES))
def test_day_round_trip(d: D, style) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_plan_date(style(d))
    assert parsed is not None and parsed.precision is DAY and parsed.value == parsed.end == d


@given(dates, st.sampled_from(MONTH_STYLES))
def test_month_round_trip(d: D, style) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_plan_date(style(d))
    assert parsed is not None and parsed.precision is MONTH
    assert parsed.value == d.replace(day=1) and parsed.end == month_end(d)


@given(dates)
def test_quarters_and_years_contain_the_date(d: D) -> None:
    q = (d.month - 1) // 3 + 1
    fy = d.year if d.month >= 4 else d.year - 1
    fq = (d.month - 4) % 12 // 3 + 1
    cases = {
        f"Q{q} {d.year}": DatePrecision.QUARTER,
        f"Q{fq} {fy}/{(fy + 1) % 100:02d}": DatePrecision.FINANCIAL_QUARTER,
        f"{fy}/{(fy + 1) % 100:02d}": DatePrecision.FINANCIAL_YEAR,
        f"{fy}-{(fy + 1) % 100:02d}": DatePrecision.FINANCIAL_YEAR,
        str(d.year): DatePrecision.YEAR,
    }
    for raw, precision in cases.items():
        parsed = parse_plan_date(raw)
        assert parsed is not None and parsed.precision is precision, raw
        assert parsed.value is not None and parsed.end is not None
        assert parsed.value <= d <= parsed.end, raw


@given(st.text())
def test_never_raises_and_value_not_after_end(text: str) -> None:
    parsed = parse_plan_date(text, edition_date=D(2017, 12, 1))
    if parsed is not None:
        assert parsed.raw == " ".join(text.split())
        assert (parsed.value is None) == (parsed.end is None)
        if parsed.value is not None and parsed.end is not None:
            assert parsed.value <= parsed.end
