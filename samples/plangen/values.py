"""The spec's meaning of printed values (dates, measures, lead names), independent of the pipeline."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pipeline.models import Actual, DatePrecision, Measure, PlanDate

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
OPEN_WORDS = {"ongoing", "tbc"}


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def plan_date(raw: str) -> PlanDate | None:
    """A printed date cell as the spec means it; None for an empty cell.

    Formats used by the samples: 'Sept 2023' (month), 'Q4 2023/24' (financial quarter, April-March
    year), '31/03/2024' and '30.6.24' (UK day-first), 'Ongoing' and 'TBC' (open).
    """
    text = raw.strip()
    if not text:
        return None
    if text.lower() in OPEN_WORDS:
        return PlanDate(raw=text, value=None, end=None, precision=DatePrecision.OPEN)
    m = re.fullmatch(r"([A-Za-z]+) (\d{4})", text)
    if m:
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        return PlanDate(
            raw=text, value=dt.date(year, month, 1), end=month_end(year, month), precision=DatePrecision.MONTH
        )
    m = re.fullmatch(r"Q([1-4]) (\d{4})/(\d{2})", text)
    if m:
        quarter, first_year = int(m.group(1)), int(m.group(2))
        # Financial year April-March: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec of the first year, Q4 Jan-Mar.
        start_month = (3 * quarter + 1) if quarter < 4 else 1
        year = first_year if quarter < 4 else first_year + 1
        return PlanDate(
            raw=text,
            value=dt.date(year, start_month, 1),
            end=month_end(year, start_month + 2),
            precision=DatePrecision.FINANCIAL_QUARTER,
        )
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        value = dt.date(year, month, day)
        return PlanDate(raw=text, value=value, end=value, precision=DatePrecision.DAY)
    raise ValueError(f"the spec uses a date format the generator does not know: {raw!r}")


def edition_date(label: str) -> dt.date:
    """'January 2024' -> 2024-01-01."""
    month, year = label.split()
    return dt.date(int(year), MONTH_NAMES[month.lower()], 1)


def as_of_date(text: str | None) -> dt.date | None:
    """'end of December 2023' -> 2023-12-31."""
    if text is None:
        return None
    month, year = text.removeprefix("end of ").split()
    return month_end(int(year), MONTH_NAMES[month.lower()])


def _number_unit(raw: str) -> tuple[float | None, str | None]:
    text = raw.strip()
    if text in {"-", ""}:
        return None, None  # '-' means not set, not zero
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(%|days)?", text.replace(",", ""))
    if not m:
        raise ValueError(f"the spec uses a measure the generator does not know: {raw!r}")
    return float(m.group(1)), m.group(2)


def measure(raw: str) -> Measure:
    """A printed target."""
    value, unit = _number_unit(raw)
    return Measure(raw=raw, value=value, unit=unit)


def actual(raw: str, period: str | None) -> Actual:
    """A printed actual with the period from its column header."""
    value, unit = _number_unit(raw)
    return Actual(raw=raw, value=value, unit=unit, period=period)


def split_leads(raw: str) -> list[str]:
    """'JANE SMITH & OMAR PATEL', 'Jane Smith / Omar Patel' -> the separate names as printed."""
    return [p.strip() for p in re.split(r"\s+(?:&|/|and)\s+", raw) if p.strip()]


def normalise_lead(name: str, known: set[str]) -> str:
    """Title-case an UPPERCASE person's name; expand 'J Smith' to a full name used elsewhere.

    Role titles ('Head of SEND') and already mixed-case names are kept as printed.
    """
    if name.isupper() and len(name.split()) >= 2:
        name = name.title()
    m = re.fullmatch(r"([A-Z]) ([A-Z][a-z]+)", name)
    if m:
        matches = sorted(
            k
            for k in known
            if k.split()[-1] == m.group(2) and k[0] == m.group(1) and " " in k and len(k.split()[0]) > 1
        )
        if len(matches) == 1:
            return matches[0]
    return name


def leads(raw: str | None, known: set[str]) -> list[str]:
    """Normalised lead names of a printed lead cell."""
    if not raw:
        return []
    return [normalise_lead(n, known) for n in split_leads(raw)]
