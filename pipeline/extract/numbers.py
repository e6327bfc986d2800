"""Indicator values: targets and actuals to numbers and units, OCR percent repairs, polarity, number words."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from pipeline.models.common import Polarity
from pipeline.models.records import Actual, Measure

# '-' means "not set", never zero (DOMAIN.md "Indicators").
_NOT_SET = {"", "-", "–", "—", "−"}
_UNITS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "working days": "working days",
    "working day": "working days",
    "days": "days",
    "day": "days",
    "weeks": "weeks",
    "week": "weeks",
    "wks": "weeks",
    "months": "months",
    "month": "months",
    "years": "years",
    "year": "years",
    "yrs": "years",
    "hours": "hours",
    "hour": "hours",
    "hrs": "hours",
    "minutes": "minutes",
    "mins": "minutes",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# A money value's unit is its currency sign as printed, like '%' for a percentage (the unit field
# holds units as plans print them: '%', 'days', '£').
_CURRENCY = {"£": "£", "$": "$", "€": "€"}
_NUMBER = re.compile(
    r"(?P<cur>[£$€])?\s*(?P<sign>[-−–])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<scale>million|billion|bn|mn|k|m)?\b\s*(?P<unit>" + _UNIT_RE + r"|per\s+[\d,]+)?",
    re.IGNORECASE,
)


def parse_measure(raw: str | None) -> Measure | None:
    """Parse a target cell: '90%', '590 days', '1,234', '£1.2m', '< 5%', '-' (not set).

    Args:
        raw: The cell text, or None when there is no cell.

    Returns:
        None for no cell; Measure(raw='-', value=None) for an empty or dash cell; otherwise a Measure
        with the text as printed and the first number found with its unit (None for a plain count).
        Comparators ('< 5%') stay in raw only. Never raises.
    """
    if raw is None:
        return None
    text = re.sub(r"\s+", " ", raw).strip()
    if text in _NOT_SET:
        return Measure(raw="-", value=None, unit=None)
    value, unit = _number_and_unit(text)
    return Measure(raw=text, value=value, unit=unit)


def _number_and_unit(text: str) -> tuple[float | None, str | None]:
    m = _NUMBER.search(text)
    if m is None:
        return None, None
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None, None
    if m.group("sign") and not text[: m.start()].strip():
        # A minus leading the cell is a sign ('-5%'); a dash after words ('reduce - 5%') is punctuation.
        value = -value
    scale = (m.group("scale") or "").lower()
    currency = _CURRENCY.get(m.group("cur") or "")
    if scale in {"m", "k"} and not currency:
        # '5m' without a currency sign is more often metres or minutes than millions: keep it a count.
        scale = ""
    value *= _SCALE.get(scale, 1.0)
    if not math.isfinite(value):
        return None, None
    unit_text = (m.group("unit") or "").lower()
    if currency:
        return value, currency
    if unit_text.startswith("per"):
        return value, re.sub(r"\s+", " ", unit_text)
    return value, _UNITS.get(unit_text) if unit_text else None


_PERIOD = re.compile(
    r"\(?\s*\b(?P<p>(?:qtr|quarter|q)\s*[1-4](?:\s*(?:\d{4}/\d{2}|\d{2}/\d{2}|\d{4}))?|ytd|year\s+to\s+date|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*[\s\-']*(?:\d{4}|\d{2})?)\b\s*\)?",
    re.IGNORECASE,
)


def split_period(raw: str) -> tuple[str, str | None]:
    """Separate a period label from a value cell: 'Qtr2 41%' -> ('41%', 'Qtr2'); '41% (Q2)' likewise."""
    text = re.sub(r"\s+", " ", raw).strip()
    for m in _PERIOD.finditer(text):
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        # Only a label beside a value: 'Qtr2' alone, or a month inside prose, is not split off.
        if rest and _NUMBER.search(rest):
            return rest, m.group("p").strip()
    return text, None


def parse_actual(raw: str | None, period: str | None = None) -> Actual | None:
    """Parse an actual-value cell, moving a period label inside it into period.

    Args:
        raw: The cell text, or None.
        period: The period known from elsewhere (the column header 'Progress Qtr2'); a label inside
            the cell overrides it.

    Returns:
        None for no cell; otherwise an Actual like parse_measure's, whose raw is the value text
        without the period label. Never raises.
    """
    if raw is None:
        return None
    value_text, cell_period = split_period(raw)
    measure = parse_measure(value_text)
    assert measure is not None
    return Actual(raw=measure.raw, value=measure.value, unit=measure.unit, period=cell_period or period)


# '%' read by tesseract as '9' ('949' for 94%) or as '0/' ('520/' for 52%), in small table fonts.
_TRAILING_NINE = re.compile(r"^(\d{2,3})9$")
_ZERO_SLASH = re.compile(r"^(\d{1,3}?(?:\.\d+)?)\s*(?:0/|o/|/0|/o|/)$", re.IGNORECASE)
_SLASH_NINE = re.compile(r"(^|(?<=\s))/9(?=\s|$)")


def repair_percent(raw: str) -> tuple[str, bool]:
    """Undo tesseract's misreadings of '%' in a cell known to hold a percentage.

    '949' -> '94%' (only when the value without the last digit is at most 100, so a real 949 in a
    percentage column is the only reading), '520/' -> '52%', '/9 of cases' -> '% of cases'. Values
    already carrying '%' and two-digit values ('99' could be 99 or 9%) are left alone.

    Returns:
        (repaired text, whether anything changed).
    """
    text = raw.strip()
    if "%" in text:
        return raw, False
    if (m := _TRAILING_NINE.match(text)) and int(m.group(1)) <= 100:
        return f"{int(m.group(1))}%", True
    if (m := _ZERO_SLASH.match(text)) and m.group(1) and float(m.group(1)) <= 100:
        return f"{m.group(1)}%", True
    repaired = _SLASH_NINE.sub("%", raw)
    return repaired, repaired != raw


# Phrases that say which way is better. Lower: the thing counted is bad ('inadequate', 'agency',
# 're-referral', '... in over 72 hours'). Higher: the thing counted is timely or good. 'requires
# improvement' is neither: fewer RI cases may mean more inadequate ones, so it stays unknown.
_TIME = ["hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"]
_POLARITY_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    Polarity.LOWER_BETTER.value: [
        [
            {"LOWER": {"IN": ["over", "beyond", "exceeding", "after"]}},
            {"LIKE_NUM": True},
            {"LOWER": {"IN": _TIME}},
        ],
        [
            {
                "LOWER": {
                    "IN": ["inadequate", "agency", "vacancy", "vacancies", "missing", "overdue", "delayed"]
                }
            }
        ],
        [
            {
                "LOWER": {
                    "IN": [
                        "caseload",
                        "caseloads",
                        "rereferral",
                        "rereferrals",
                        "re-referral",
                        "re-referrals",
                    ]
                }
            }
        ],
        [{"LOWER": "re"}, {"ORTH": "-"}, {"LOWER": {"IN": ["referral", "referrals", "referred"]}}],
        [{"LOWER": {"REGEX": "^repeat"}}],
        [{"LOWER": "out"}, {"LOWER": "of"}, {"LOWER": {"IN": ["timescale", "timescales", "time"]}}],
        [
            {"LOWER": "average"},
            {"LOWER": {"IN": ["time", "length", "days", "number"]}, "OP": "?"},
            {"LOWER": "between"},
        ],
        [{"LOWER": "average"}, {"LOWER": "time"}],
        # Money paid out: councils' spend, cost and overspend indicators aim to come down.
        [{"LOWER": {"IN": ["spend", "spending", "cost", "costs", "overspend", "expenditure"]}}],
        # Young people not in education, employment or training (NEET): fewer is better.
        [{"LOWER": "not"}, {"LOWER": "in"}, {"LOWER": {"IN": ["education", "employment", "training"]}}],
        [{"LOWER": "neet"}],
    ],
    Polarity.HIGHER_BETTER.value: [
        [{"LOWER": "within"}, {"LIKE_NUM": True}, {"LOWER": "working", "OP": "?"}, {"LOWER": {"IN": _TIME}}],
        [{"LOWER": "within"}, {"LOWER": {"IN": ["timescale", "timescales", "target", "time"]}}],
        [{"LOWER": "good"}, {"LOWER": "or"}, {"LOWER": "outstanding"}],
        [{"LOWER": "in"}, {"LOWER": "place"}],
        [{"LOWER": "on"}, {"LOWER": "time"}],
        [{"LOWER": "up"}, {"LOWER": "to"}, {"LOWER": "date"}],
        [{"LOWER": "timely"}],
        # A positive outcome counted: care leavers in education, employment or training (EET).
        [{"LOWER": "in"}, {"LOWER": {"IN": ["education", "employment", "training"]}}],
        [{"LOWER": "eet"}],
        # Placement sufficiency: more foster carers or adopters recruited or approved is the aim. Staff
        # recruited is not (a high count may only mirror high turnover), so it stays unknown.
        [
            {"LOWER": {"IN": ["carers", "carer", "adopters", "households"]}},
            {"LOWER": {"IN": ["recruited", "approved"]}},
        ],
    ],
}


@lru_cache(maxsize=1)
def _polarity_matcher() -> tuple[Any, Any]:
    """The blank-English pipeline and rule Matcher, built once (no model download needed)."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    for label, patterns in _POLARITY_PATTERNS.items():
        matcher.add(label, patterns)
    return nlp, matcher


def infer_polarity(description: str) -> Polarity:
    """Whether a higher or lower value of an indicator is better, from its wording.

    When both kinds of phrase occur, the first in the text wins: it usually names the thing counted
    ('% of re-referrals within 12 months' counts re-referrals).
    """
    if not description or not description.strip():
        return Polarity.UNKNOWN
    nlp, matcher = _polarity_matcher()
    doc = nlp(description)
    matches = sorted(matcher(doc), key=lambda m: (m[1], -m[2]))
    if not matches:
        return Polarity.UNKNOWN
    return Polarity(nlp.vocab.strings[matches[0][0]])


_STATED_POLARITY = re.compile(
    r"^[\s\"'(]*(?:(?P<higher>higher|high|more|increase|increasing|up|bigger|[↑▲⇧])|"
    r"(?P<lower>lower|low|less|fewer|decrease|decreasing|down|smaller|[↓▼⇩]))(?![a-z])",
    re.IGNORECASE,
)


def stated_polarity(text: str) -> Polarity:
    """The polarity a plan's own polarity column states: 'Higher is better', 'Low', '↑' (else unknown)."""
    m = _STATED_POLARITY.match(text.strip()) if text else None
    if m is None:
        return Polarity.UNKNOWN
    return Polarity.HIGHER_BETTER if m.group("higher") else Polarity.LOWER_BETTER


_UNITS_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS_WORDS)}
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)})
_WORD_VALUES.update({"no": 0, "none": 0, "nil": 0, "a": 1, "an": 1, "single": 1})


def words_to_int(text: str) -> int | None:
    """'seven' -> 7, 'twenty-one' -> 21, 'one hundred and five' -> 105, '41' -> 41, 'none' -> 0; else None."""
    t = text.strip().casefold().replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    words = [w for w in re.split(r"[\s\-]+", t) if w and w != "and"]
    if not words:
        return None
    total, current = 0, 0
    for w in words:
        if w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif w in _WORD_VALUES:
            current += _WORD_VALUES[w]
        else:
            return None
    return total + current


def towards_target(old: float, new: float, target: float, polarity: Polarity) -> str:
    """Whether an indicator moved towards or away from its target between editions.

    With a known polarity the better direction decides (a higher-is-better value rising is
    'towards' even beyond the target); without one, the distance to the target does.

    Returns:
        'towards', 'away', 'unchanged' or 'unknown' (a value is not a finite number).
    """
    if not all(math.isfinite(x) for x in (old, new, target)):
        return "unknown"
    if new == old:
        return "unchanged"
    if polarity is Polarity.HIGHER_BETTER:
        return "towards" if new > old else "away"
    if polarity is Polarity.LOWER_BETTER:
        return "towards" if new < old else "away"
    before, after = abs(old - target), abs(new - target)
    if before == after:
        return "unknown"
    return "towards" if after < before else "away"
