"""What the house-style corpus prints, and what each printed thing means to a careful reader.

Every printing function returns the text and its meaning together, so the renderer and the expected
output cannot drift apart: a date format gives the raw text and its PlanDate, a key scheme gives the
colours and what each means, `read_status` says what a status cell means with or without a key.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from pipeline.models import DatePrecision, DeliveryState, PlanDate, Rag

# A meaning is what the author intends: a RAG while in progress, or a delivery state.
MEANINGS: dict[str, tuple[Rag, DeliveryState]] = {
    "green": (Rag.GREEN, DeliveryState.IN_PROGRESS),
    "amber_green": (Rag.AMBER_GREEN, DeliveryState.IN_PROGRESS),
    "amber": (Rag.AMBER, DeliveryState.IN_PROGRESS),
    "red": (Rag.RED, DeliveryState.IN_PROGRESS),
    "complete": (Rag.NONE, DeliveryState.COMPLETE),
    "complete_verified": (Rag.NONE, DeliveryState.COMPLETE_VERIFIED),
    "not_started": (Rag.NONE, DeliveryState.NOT_STARTED),
    "suspended": (Rag.NONE, DeliveryState.SUSPENDED),
    "bau": (Rag.NONE, DeliveryState.BUSINESS_AS_USUAL),
    "unknown": (Rag.NONE, DeliveryState.UNKNOWN),
}
# Status words that carry their meaning without any key (DOMAIN.md's default token mapping).
WORDS = {
    "green": "On track",
    "amber_green": "Minor slippage",
    "amber": "Some slippage",
    "red": "Behind schedule",
    "complete": "Completed",
    "complete_verified": "Complete and verified",
    "not_started": "Not started",
    "suspended": "Suspended",
    "bau": "Business as usual",
}
COLOURS = {
    "Green": "#00b050",
    "Amber": "#ffc000",
    "Red": "#e03c31",
    "Blue": "#0070c0",
    "Yellow": "#ffff00",
    "Grey": "#a6a6a6",
}
# Without a key a reader knows red, amber, yellow and green by hue; blue and grey mean nothing.
DEFAULT_COLOUR_MEANING = {
    "Green": "green",
    "Amber": "amber",
    "Red": "red",
    "Yellow": "amber",
    "Blue": "unknown",
    "Grey": "unknown",
    "Completed": "unknown",  # its light-blue swatch
}
# A colour word in a cell is read like its colour; 'Completed' (Darlington's key) is a word that says it.
DEFAULT_WORD_MEANING = {**DEFAULT_COLOUR_MEANING, "Completed": "complete"}
DEFAULT_TOKEN_MEANING = {"G": "green", "A": "amber", "R": "red", "C": "complete", "Y": "amber"}


@dataclass(frozen=True)
class KeyEntry:
    """One entry of a scheme's key: the colour word, its fill, its letter, meaning and wording."""

    label: str
    token: str
    meaning: str
    description: str

    @property
    def colour(self) -> str:
        """Fill colour of the entry."""
        return COLOURS.get(self.label, "#00b0f0")


SCHEMES: dict[str, list[KeyEntry]] = {
    "standard": [
        KeyEntry("Blue", "B", "complete", "Complete"),
        KeyEntry("Green", "G", "green", "On track"),
        KeyEntry("Amber", "A", "amber", "Some slippage, recovery steps in place"),
        KeyEntry("Red", "R", "red", "Off track, action needed"),
    ],
    "darlington": [
        KeyEntry("Completed", "C", "complete", "The action is completed"),
        KeyEntry("Green", "G", "green", "Progress is on schedule"),
        KeyEntry("Amber", "A", "amber", "Behind schedule but recovery steps are in place"),
        KeyEntry("Red", "R", "red", "Significantly behind schedule"),
    ],
    "nhs": [
        KeyEntry("Red", "R", "red", "Off track"),
        KeyEntry("Amber", "A", "green", "On track"),
        KeyEntry("Green", "G", "complete", "Complete"),
        KeyEntry("Blue", "B", "complete_verified", "Complete and verified"),
    ],
    "district": [
        KeyEntry("Grey", "P", "not_started", "Programmed, not yet started"),
        KeyEntry("Green", "G", "green", "On target"),
        KeyEntry("Amber", "A", "amber", "Up to one month behind"),
        KeyEntry("Red", "R", "red", "More than one month behind"),
        KeyEntry("Blue", "B", "suspended", "Suspended"),
    ],
    "four": [
        KeyEntry("Red", "R", "red", "Off track"),
        KeyEntry("Amber", "A", "amber", "At risk"),
        KeyEntry("Yellow", "Y", "amber_green", "Minor slippage"),
        KeyEntry("Green", "G", "green", "On track"),
        KeyEntry("Blue", "B", "complete", "Complete"),
    ],
    "grey_bau": [
        KeyEntry("Blue", "B", "complete", "Complete"),
        KeyEntry("Green", "G", "green", "On track"),
        KeyEntry("Amber", "A", "amber", "Some slippage"),
        KeyEntry("Red", "R", "red", "Off track"),
        KeyEntry("Grey", "BAU", "bau", "Business as usual"),
    ],
}
# ZapfDingbats characters for the shapes form (a star, a circle, a triangle, a square, a diamond).
SHAPES = {"complete": "H", "complete_verified": "H", "green": "l", "amber_green": "u", "amber": "u"}
SHAPE_NAMES = {"H": "\u2605", "l": "\u25cf", "u": "\u25c6", "s": "\u25b2", "n": "\u25a0"}


def shape_of(meaning: str) -> str:
    """The ZapfDingbats character code a shape-form plan draws for a meaning."""
    return SHAPES.get(meaning, "s" if meaning == "red" else "n")


def shape_glyph(meaning: str) -> str:
    """The shape as Unicode, which is what reportlab's drawString takes: it encodes the Unicode
    character to its ZapfDingbats code (a code letter such as 'l' passed as text is not in that
    encoding and is drawn as the font's fallback, a square, whatever the meaning)."""
    return SHAPE_NAMES[shape_of(meaning)]


@dataclass(frozen=True)
class Reading:
    """What a careful reader records for a status cell."""

    meaning: str
    raw: str | None
    source: str  # StatusSource value


def read_status(form: str, entry: KeyEntry, keyed: bool, pct: int | None = None) -> Reading:
    """The reading of a cell printed in `form` for `entry`, with (`keyed`) or without a key on the page."""
    meaning = entry.meaning
    if form == "word":
        return Reading(meaning, WORDS[meaning], "text")
    if form == "word_meaning":
        return Reading(meaning, f"{entry.label} - {WORDS[meaning].lower()}", "text")
    if form == "percent":
        assert pct is not None
        m = "complete" if pct == 100 else ("not_started" if pct == 0 else "unknown")
        if m == "unknown":
            return Reading("in_progress_unrated", f"{pct}%", "text")
        return Reading(m, f"{pct}%", "text")
    if form == "colour_word":
        return Reading(meaning if keyed else DEFAULT_WORD_MEANING[entry.label], entry.label, "text")
    if form == "letter_fill":
        default = DEFAULT_TOKEN_MEANING.get(entry.token, "bau" if entry.token == "BAU" else "unknown")
        return Reading(meaning if keyed else default, entry.token, "text")
    if form == "shape":
        glyph = SHAPE_NAMES[shape_of(meaning)]
        return Reading(meaning if keyed else DEFAULT_COLOUR_MEANING[entry.label], glyph, "text")
    # fill_only
    return Reading(meaning if keyed else DEFAULT_COLOUR_MEANING[entry.label], entry.colour, "cell_colour")


def status_of(meaning: str) -> tuple[Rag, DeliveryState]:
    """RAG and delivery state of a reading's meaning ('in_progress_unrated': a percentage under 100)."""
    if meaning == "in_progress_unrated":
        return Rag.NONE, DeliveryState.IN_PROGRESS
    return MEANINGS[meaning]


def category(meaning: str) -> str:
    """The stated-total category of a meaning: its delivery state unless in progress, else its RAG."""
    rag, state = status_of(meaning)
    if state is DeliveryState.IN_PROGRESS:
        return rag.value if rag is not Rag.NONE else "in_progress"
    return state.value


# ------------------------------------------------------------------------------------------ dates
MON = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(raw: str, d: dt.date) -> PlanDate:
    return PlanDate(
        raw=raw, value=d.replace(day=1), end=month_end(d.year, d.month), precision=DatePrecision.MONTH
    )


def _day(raw: str, d: dt.date) -> PlanDate:
    return PlanDate(raw=raw, value=d, end=d, precision=DatePrecision.DAY)


def fy_quarter(d: dt.date) -> tuple[int, int]:
    """(quarter 1-4, first year) of the April-March financial year holding `d`."""
    first = d.year if d.month >= 4 else d.year - 1
    return ((d.month - 4) % 12) // 3 + 1, first


def format_date(fmt: str, d: dt.date, edition: dt.date) -> PlanDate:
    """The date `d` printed in format `fmt`, with what it means (precision as printed)."""
    yy = f"{d.year % 100:02d}"
    if fmt == "mon_yyyy":
        return _month(f"{MON[d.month]} {d.year}", d)
    if fmt == "month_yyyy":
        return _month(f"{calendar.month_name[d.month]} {d.year}", d)
    if fmt == "d.m.yy":
        return _day(f"{d.day}.{d.month}.{yy}", d)
    if fmt == "dd/mm/yy":
        return _day(f"{d.day:02d}/{d.month:02d}/{yy}", d)
    if fmt == "dd.mm.yyyy":
        return _day(f"{d.day:02d}.{d.month:02d}.{d.year}", d)
    if fmt == "dd/mm/yyyy":
        return _day(f"{d.day:02d}/{d.month:02d}/{d.year}", d)
    if fmt == "d_month_yyyy":
        return _day(f"{d.day} {calendar.month_name[d.month]} {d.year}", d)
    if fmt == "end_mon_yy":
        return _month(f"End {MON[d.month][:3]} {yy}", d)
    if fmt == "by_mon_yyyy":
        return _month(f"by {MON[d.month]} {d.year}", d)
    if fmt == "by_end_of_mon_yy":
        return _month(f"By end of {MON[d.month][:3]} {yy}", d)
    if fmt == "by_the_end_of_month":
        # Relative to the edition: the month named, in the twelve months from the edition's month.
        if not (edition <= d.replace(day=1) < edition.replace(year=edition.year + 1)):
            return _month(f"by {MON[d.month]} {d.year}", d)
        return _month(f"by the end of {calendar.month_name[d.month]}", d)
    if fmt in ("quarter_words", "q_fy"):
        q, first = fy_quarter(d)
        start = dt.date(first + (1 if q == 4 else 0), 1 if q == 4 else 3 * q + 1, 1)
        raw = (
            f"Quarter {q} {first} to {first + 1}"
            if fmt == "quarter_words"
            else f"Q{q} {first}/{(first + 1) % 100:02d}"
        )
        return PlanDate(
            raw=raw,
            value=start,
            end=month_end(start.year, start.month + 2),
            precision=DatePrecision.FINANCIAL_QUARTER,
        )
    if fmt == "q_calendar":
        q = (d.month - 1) // 3 + 1
        start = dt.date(d.year, 3 * q - 2, 1)
        return PlanDate(
            raw=f"Q{q} {d.year}", value=start, end=month_end(d.year, 3 * q), precision=DatePrecision.QUARTER
        )
    if fmt == "fy":
        _q, first = fy_quarter(d)
        return PlanDate(
            raw=f"{first}/{(first + 1) % 100:02d}",
            value=dt.date(first, 4, 1),
            end=dt.date(first + 1, 3, 31),
            precision=DatePrecision.FINANCIAL_YEAR,
        )
    raise ValueError(fmt)


def open_date(word: str, edition: dt.date) -> PlanDate:
    """'Ongoing', 'TBC' (open, no value) or a school term ('Autumn term 2024': its span, precision unknown).

    A term's year is the school year running at the edition date (Autumn of that September).
    """
    if word in ("Ongoing", "TBC"):
        return PlanDate(raw=word, value=None, end=None, precision=DatePrecision.OPEN)
    year = edition.year + (1 if edition.month >= 9 else 0)
    term = {"Spring": (1, 4), "Summer": (4, 7), "Autumn": (9, 12)}[word]
    return PlanDate(
        raw=f"{word} term {year}",
        value=dt.date(year, term[0], 1),
        end=month_end(year, term[1]),
        precision=DatePrecision.UNKNOWN,
    )


def start_date(fmt: str, d: dt.date, edition: dt.date, date_format: str = "mon_yyyy") -> PlanDate:
    """A start date: 'From Oct 23', or the style's date format (a month when that is a 'by ...' form)."""
    if fmt == "from_mon_yy":
        return _month(f"From {MON[d.month][:3]} {d.year % 100:02d}", d)
    if date_format.startswith(("by_", "end_")):
        date_format = "mon_yyyy"
    return format_date(date_format, d, edition)


# --------------------------------------------------------------------------------------- measures
def format_value(kind: str, value: float | None, empty: str = "-") -> tuple[str, float | None, str | None]:
    """(raw, value, unit) of an indicator value as printed; '-' and 'n/a' mean not set, not zero."""
    if value is None:
        return empty, None, None
    if kind == "percent":
        return f"{value:g}%", value, "%"
    if kind == "days":
        return f"{int(value)} days", value, "days"
    if kind == "money":  # stored in thousands of pounds
        if value >= 1000:
            return f"£{value / 1000:.1f}m", round(value / 1000, 1) * 1_000_000, "£"
        return f"£{int(value)}k", value * 1000, "£"
    return f"{int(value):,}", value, None
