"""Plan dates as printed ('Sept 2017', '31/03/2019', 'Q4 2018/19', 'TBC') to periods with a precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as dateutil_parser

from pipeline.models.common import DatePrecision
from pipeline.models.records import PlanDate
from pipeline.vocab.months import MONTH_ALTERNATION, MONTHS

# Cells that mean "no date here" rather than "a date we could not read".
_EMPTY = {"", "-", "–", "—", "n/a", "na", "n.a.", "none", "nil"}

# Open-ended schedules: a real answer, but not a point in time (DOMAIN.md "Dates").
_OPEN = {
    "ongoing",
    "on going",
    "on-going",
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be agreed",
    "annual review",
    "annually",
    "annual",
    "monthly",
    "quarterly",
    "weekly",
    "fortnightly",
    "bi-monthly",
    "six-monthly",
    "six monthly",
    "continuous",
    "as required",
    "as needed",
    "throughout",
}

_MONTHS = MONTHS
_MONTH_RE = MONTH_ALTERNATION

# Words in front of a date that do not change its meaning: 'By 31/12/2016', 'end of January'.
_PREFIX = re.compile(
    r"^(?:(?:by|due|before|from|until|to|w/c|w/e|no later than|deadline|target|revised|"
    r"completed?|(?:by\s+)?(?:the\s+)?end(?:\s+of)?|eo)\b\s*[:\-]?\s*)+",
    re.IGNORECASE,
)
_YEAR2_OR_4 = r"(\d{4}|\d{2})"
_FQ = re.compile(rf"^(?:q|qtr|quarter)\s*([1-4])\s*(?:fy|of)?\s*{_YEAR2_OR_4}\s*[/\-]\s*{_YEAR2_OR_4}$")
_FQ_AFTER = re.compile(
    rf"^(?:fy)?\s*{_YEAR2_OR_4}\s*[/\-]\s*{_YEAR2_OR_4}\s*,?\s*(?:q|qtr|quarter)\s*([1-4])$"
)
# 'Quarter 3 2023 to 2024': a financial quarter with its year written out.
_FQ_WORDS = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])\s*(?:of\s+)?(\d{4})\s*(?:to|-|–)\s*(\d{4}|\d{2})$")
# School terms ('Autumn term 2024', 'Spring 2025'): the span of the term; precision unknown, as a term's
# first and last days differ between schools.
_TERM = re.compile(r"^(autumn|spring|summer)(?:\s+term)?\s+(\d{4})$")
_TERMS = {"spring": (1, 4), "summer": (4, 7), "autumn": (9, 12)}
_CQ = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])\s*,?\s*(\d{4})$")
# '2018/19', '2018-2019', '2008/9', 'FY 18/19', '2023 to 2024' (the gov.uk spelling), and a bare '08/09'
# when its two numbers are consecutive years (the older plans' 'Key future actions 09/10').
_FY = re.compile(
    r"^(?:fy\s*)?(\d{4})\s*(?:[/\-]|\bto\b)\s*(\d{4}|\d{2}|\d)$|^(?:fy\s*)?(\d{2})\s*[/\-]\s*(\d{2})$"
)
# 'March 2024/25': a month of a financial year (April-December in its first year, January-March in
# its second).
_MONTH_FY = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{4}})\s*[/\-]\s*(\d{{4}}|\d{{2}})$")
_YEAR = re.compile(r"^(\d{4})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4}|\d{2})$")
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?[\s\-.,'’/]*(\d{{4}}|\d{{2}})$")
_MONTH_ONLY = re.compile(rf"^({_MONTH_RE})\.?$")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")

_LO_YEAR, _HI_YEAR = 1950, 2100  # guards against '1234' in a date column being taken as a year
_BARE_FY_YEARS = 3  # how far from the edition's year a bare 'yy/yy' may name a financial year


def month_end(d: dt.date) -> dt.date:
    """Last day of d's month."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _year(text: str) -> int:
    """A printed year; two-digit years are 20yy (plans are all from this century)."""
    y = int(text)
    return 2000 + y if len(text) <= 2 else y


def _next_year_matches(first: int, second_text: str) -> bool:
    """True when '2018/19', '2018/2019' or '2008/9' names consecutive years (a financial year)."""
    second = int(second_text)
    if len(second_text) == 1 and second == 0:
        return False  # '2009/0' is no way to write 2009/10
    return second == (first + 1) % 10 ** len(second_text) if len(second_text) < 4 else second == first + 1


def _month(raw: str, year: int, month: int) -> PlanDate:
    start = dt.date(year, month, 1)
    return PlanDate(raw=raw, value=start, end=month_end(start), precision=DatePrecision.MONTH)


def _quarter(raw: str, year: int, first_month: int, precision: DatePrecision) -> PlanDate:
    start = dt.date(year, first_month, 1)
    last = dt.date(year, first_month + 2, 1)
    return PlanDate(raw=raw, value=start, end=month_end(last), precision=precision)


def _financial_quarter(raw: str, fy_start: int, q: int) -> PlanDate:
    # The UK public-sector financial year runs April-March: Q1 = Apr-Jun, Q4 = Jan-Mar of the next year.
    first_month = 4 + 3 * (q - 1)
    year = fy_start if first_month <= 12 else fy_start + 1
    return _quarter(raw, year, (first_month - 1) % 12 + 1, DatePrecision.FINANCIAL_QUARTER)


def _unknown(raw: str) -> PlanDate:
    return PlanDate(raw=raw, precision=DatePrecision.UNKNOWN)


def _in_range(year: int) -> bool:
    return _LO_YEAR <= year <= _HI_YEAR


def _normalise(text: str) -> str:
    """Case-fold, unify dashes and spaces, drop ordinals and a leading 'By'/'end of'."""
    t = text.casefold().replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", t).strip().rstrip(".,;:")
    t = _PREFIX.sub("", t).strip()
    t = _ORDINAL.sub(r"\1", t)
    return t


def _with_dateutil(raw: str, text: str) -> PlanDate | None:
    """Day-first dateutil parse that refuses to invent a year or month.

    dateutil fills any part the text lacks from its default ('Mar 2018' becomes 2018-03-<today's day>),
    so the text is parsed against two defaults that differ in every part: a part that changes with the
    default was not in the text.
    """
    results = []
    for default in (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 28)):
        try:
            results.append(dateutil_parser.parse(text, dayfirst=True, default=default))
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            return None
    a, b = results
    if a.year != b.year or a.month != b.month or not _in_range(a.year):
        return None
    if a.day != b.day:
        return _month(raw, a.year, a.month)
    day = a.date()
    return PlanDate(raw=raw, value=day, end=day, precision=DatePrecision.DAY)


def _relative_month(raw: str, month: int, edition_date: dt.date | None) -> PlanDate:
    """'end of January' in a December 2017 edition is January 2018: the next such month from the edition."""
    if edition_date is None:
        return _unknown(raw)
    year = edition_date.year + (month < edition_date.month)
    return _month(raw, year, month)


def parse_plan_date(raw: str, *, edition_date: dt.date | None = None) -> PlanDate | None:
    """Parse a plan date cell into its period.

    Args:
        raw: The cell text as printed.
        edition_date: The edition's date, used to place a month printed without a year.

    Returns:
        None when the cell is empty or says there is no date ('-', 'n/a'); otherwise a PlanDate whose
        raw is the stripped text, value/end the first/last day of the stated period, and precision how
        exactly it was stated (open for 'ongoing'/'TBC', unknown when it could not be read).
    """
    stripped = re.sub(r"\s+", " ", raw or "").strip()
    if stripped.casefold() in _EMPTY:
        return None
    text = _normalise(stripped)
    if text in _OPEN or text.rstrip("s") in _OPEN:
        return PlanDate(raw=stripped, precision=DatePrecision.OPEN)
    try:
        return _parse(stripped, text, edition_date)
    except ValueError:
        # An impossible calendar date ('31/02/2018'): say so rather than guess.
        return _unknown(stripped)


def _parse(raw: str, text: str, edition_date: dt.date | None) -> PlanDate:
    if m := _FQ_WORDS.match(text):
        start, end = _year(m.group(2)), m.group(3)
        if _next_year_matches(start, end) and _in_range(start):
            return _financial_quarter(raw, start, int(m.group(1)))
    if m := _TERM.match(text):
        year, (first, last) = int(m.group(2)), _TERMS[m.group(1)]
        if _in_range(year):
            return PlanDate(
                raw=raw,
                value=dt.date(year, first, 1),
                end=month_end(dt.date(year, last, 1)),
                precision=DatePrecision.UNKNOWN,
            )
    if m := _FQ.match(text):
        start, end = _year(m.group(2)), m.group(3)
        if _next_year_matches(start, end) and _in_range(start):
            return _financial_quarter(raw, start, int(m.group(1)))
    if m := _FQ_AFTER.match(text):
        start, end = _year(m.group(1)), m.group(2)
        if _next_year_matches(start, end) and _in_range(start):
            return _financial_quarter(raw, start, int(m.group(3)))
    if m := _CQ.match(text):
        year = int(m.group(2))
        if _in_range(year):
            return _quarter(raw, year, 3 * int(m.group(1)) - 2, DatePrecision.QUARTER)
    if m := _MONTH_FY.match(text):
        start, month = _year(m.group(2)), _MONTHS[m.group(1)]
        if _next_year_matches(start, m.group(3)) and _in_range(start):
            return _month(raw, start if month >= 4 else start + 1, month)
    if m := _FY.match(text):
        start_text, end_text = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        start = _year(start_text)
        bare = not m.group(1) and not text.startswith("fy")
        if bare and (edition_date is None or abs(edition_date.year - start) > _BARE_FY_YEARS):
            # '08/09' alone could be a day and month; only near the edition's own year is it a year
            return _unknown(raw)
        if _next_year_matches(start, end_text) and _in_range(start):
            return PlanDate(
                raw=raw,
                value=dt.date(start, 4, 1),
                end=dt.date(start + 1, 3, 31),
                precision=DatePrecision.FINANCIAL_YEAR,
            )
    if m := _YEAR.match(text):
        year = int(m.group(1))
        if _in_range(year):
            return PlanDate(
                raw=raw, value=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision=DatePrecision.YEAR
            )
        return _unknown(raw)
    if m := _NUMERIC_DAY.match(text):
        # UK plans are day-first: 9.12.16 is 9 December 2016.
        day = dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if not _in_range(day.year):
            return _unknown(raw)
        return PlanDate(raw=raw, value=day, end=day, precision=DatePrecision.DAY)
    if m := _MONTH_YEAR.match(text):
        year = _year(m.group(2))
        if _in_range(year):
            return _month(raw, year, _MONTHS[m.group(1)])
    if m := _MONTH_ONLY.match(text):
        return _relative_month(raw, _MONTHS[m.group(1)], edition_date)
    if (
        re.search(rf"\b(?:{_MONTH_RE})\b", text)
        and re.search(r"\d", text)
        and not re.search(r"\d{4}\s*/", text)
    ):
        # Full textual dates ('1 April 2024', 'April 1, 2024', 'Monday 1st April 2024'); not 'March
        # 2024/26', whose '/26' is no day but a financial year that failed its check.
        found = _with_dateutil(raw, text)
        if found is not None:
            return found
    return _unknown(raw)
