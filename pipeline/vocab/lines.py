"""Line vocabulary: the forms a reader meets in a plan's running text when it has only lines to go on
(plain OCR text, a text layer read line by line): a lead label inside a line, a line that is a status
sentence, the caption over a recommendation's indicators, a letter ref as OCR prints it, an
indicator's code, a person's name as a lead column prints it, a month-and-year date.

Each is built from the family it belongs to (vocab.sections, vocab.status, vocab.refs, vocab.months),
so a wording added there is read here too.
"""

from __future__ import annotations

import re

from pipeline.vocab.months import MONTH_WORD
from pipeline.vocab.refs import REF_RE
from pipeline.vocab.sections import LEAD_LINE_RE
from pipeline.vocab.status import NARRATIVE_STATUS_RE

_LINE_START = r"^\W*"
assert LEAD_LINE_RE.pattern.startswith(_LINE_START)
# A lead label and the names after it anywhere in a line, not only at its start: summary tables
# exported as text print the lead cell on the same line as the title and progress cells
# ('1 | Ensure robust ... | Recommendation Lead: JANE SMITH G', 'Improve X | Lead officer: Tom Evans').
LEAD_MARK_RE = re.compile(r"(?<!\w)" + LEAD_LINE_RE.pattern.removeprefix(_LINE_START), re.IGNORECASE)

# A line that is nothing but a status statement ('The RAG rating is GREEN.', 'Overall status: Amber',
# 'RAG status - Red'): the closing sentence of a summary row's progress cell in plans whose summary
# prints the RAG in words.
STATUS_SENTENCE_RE = re.compile(
    r"^\s*(?:(?:the|our|its|this)\s+)?(?:(?:current|overall)\s+)?(?:" + NARRATIVE_STATUS_RE.pattern + r")"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)

# The caption over a recommendation's indicator table: 'Related Performance Indicators (reported on
# through ...)', 'Performance indicators', 'Key performance indicators', 'Performance measures'.
PI_CAPTION_RE = re.compile(
    r"^\s*(?:related\s+|key\s+)?performance\s+(?:indicators|measures)\b|^\s*(?:KPIs|PIs|indicators)\s*$",
    re.IGNORECASE,
)

# A letter ref as OCR prints it: the letter capitalised or its full stop read as a comma ('C. IROs to
# assure ...', 'a, Embed ...'). REF_RE reads the printed forms; this one the OCR damage to the commonest.
OCR_LETTER_REF_RE = re.compile(r"^(?P<ref>[a-hA-H])\s?[.,]\s+(?P<rest>\S.*)$")

# An indicator's code as its table prints it ('CSC 038', 'CSC 340a', 'NI / 117', 'PI-66', 'BVPI 176'),
# or 'NEW' for an indicator that has no code yet.
INDICATOR_CODE = r"NEW|[A-Z]{2,6}(?:\s?/?\s?|-)\d{1,4}[a-z]?"

# Page furniture in a running footer or header: 'Page 3 of 5', 'page 12 of 40'.
PAGE_MARK_RE = re.compile(r"\bPage\s+\d{1,3}\s+of\s+\d{1,3}\b", re.IGNORECASE)

# A person as a lead column prints them: 'Joanne Stoddart', 'J Kochanowski', 'JANE KOCHANOWSKI'.
PERSON_NAME = r"(?:[A-Z][a-z’'\-]+|[A-Z]\.?|[A-Z]{2,})\s+(?:[A-Z][a-z’'\-]+|[A-Z]{2,})"

# A month and a four-digit year as a date column prints it ('Sept 2017', 'March 2018', 'Dec. 2019').
MONTH_YEAR = rf"{MONTH_WORD}\.?\s+(?:19|20)\d\d"


def split_ref(text: str) -> tuple[str, str] | None:
    """(ref, rest) of a line that starts with an action's ref, or None.

    Refs are read by REF_RE ('a. ', '1.2 ', '(3b) ', 'R1.2 ', 'A1 ', '4.01.01 '); OCR's capital or comma
    letter refs by OCR_LETTER_REF_RE (the letter lower-cased). A letter, roman numeral or bare number
    with neither brackets nor punctuation after it ('e Further embed ...', 'o Share ...', '18 Months')
    is not a ref when only the line is known: OCR reads round bullets as 'e' and 'o', and a wrapped line
    can start with a number.
    """
    ocr = OCR_LETTER_REF_RE.match(text)
    if ocr:
        return ocr.group("ref").lower(), ocr.group("rest")
    m = REF_RE.match(text)
    if m is None:
        return None
    if m.group("pref"):
        return m.group("pref"), m.group("rest")
    ref = m.group("ref")
    bare = not text[m.end("ref") : m.end("ref") + 1].strip(" ")
    if bare and (re.fullmatch(r"[a-z]|[ivx]{1,4}|\d{1,3}", ref)):
        return None
    return ref, m.group("rest")
