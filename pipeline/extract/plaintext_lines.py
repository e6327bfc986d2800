"""Line-structure recognisers for plain OCR text: value tails, names, headers, junk and refs on one line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.cells import norm
from pipeline.vocab.lines import INDICATOR_CODE, MONTH_YEAR, PERSON_NAME

DATE = MONTH_YEAR
DATE_RE = re.compile(DATE)
NAME = PERSON_NAME
NAME_END_RE = re.compile(rf"(?:^|(?<=[\s|:;,.]))(?P<name>{NAME})$")
# Status cells hold one short token; OCR turns a bold G into '<' or 'S' (read through rag.read_status).
RAG_TOKEN = r"[A-Za-z<©@(]{1,2}|[A-Z]/[A-Z]"
DATES_TAIL_RE = re.compile(rf"(?:^|\s)(?P<dates>{DATE}(?:[\s|]+{DATE})?)(?:\s+(?P<rag>{RAG_TOKEN}))?\s*$")
CODE_RE = re.compile(rf"^(?P<code>{INDICATOR_CODE})\b\s*(?P<rest>.*)$")
VALUE_RE = re.compile(r"^(?:-|–|\d+(?:\.\d+)?%?|\d+(?:\.\d+)?0?/)$")
UNIT_WORDS = {"days", "weeks", "months", "hours", "day", "week"}

# Words of action and indicator table headers as OCR text exports print them, and their synonyms (DOMAIN.md
# "Variation across organisations"); a line made only of these is a (shredded) header.
COLUMN_WORDS: dict[str, str] = {
    "action": "action", "actions": "action",
    "task": "lead", "lead": "lead", "officer": "lead", "owner": "lead", "responsible": "lead",
    "start": "start",
    "completion": "due", "due": "due", "deadline": "due",
    "rag": "rag", "status": "rag",
    "year": "target", "end": "target", "target": "target",
    "progress": "progress",
    "pi": "code", "number": "code", "description": "description",
    "date": "", "qtr": "", "related": "", "performance": "", "indicators": "",
}  # fmt: skip


@dataclass
class Line:
    """One line of the plain text and the page it is on."""

    page: int
    text: str


def clean(text: str) -> str:
    """Whitespace-normalise and drop the stray column bars OCR leaves between cells."""
    return norm(re.sub(r"(?:^|\s)\|(?=\s|$)", " ", text))


def drop_debris(text: str) -> str:
    """Remove tokens with no letter, digit or joining sign ('that . strengthens' -> 'that strengthens')."""
    return " ".join(w for w in text.split(" ") if re.search(r"[A-Za-z0-9&/%–-]", w))


def is_junk(text: str) -> bool:
    """True for OCR debris: no word of two or more letters and no number ('0 L L', '_ _ _', '0]')."""
    return not re.search(r"[A-Za-z]{2,}|\d{2,}|\d%", text)


def header_roles(text: str) -> list[str] | None:
    """Column roles named by a header line, or None when the line is not only header words.

    Garbled header words ('PIpNu)mber', 'Conl1)|;lte:ion') count as header words when the line
    also has a real one; 'Completion'-like garbles are read as the due column.
    """
    words = re.findall(r"\S+", text)
    if not words:
        return None
    roles: list[str] = []
    real = unknown = 0
    for w in words:
        key = re.sub(r"[^a-z0-9]", "", w.lower())
        if key in COLUMN_WORDS:
            real += 1
            if COLUMN_WORDS[key]:
                roles.append(COLUMN_WORDS[key])
        elif re.fullmatch(r"(?:con|com)\w*(?:ion|on)", key) or re.search(r"[^A-Za-z’'.]", w) or len(key) <= 2:
            if key.startswith(("con", "com")):
                roles.append("due")
        else:
            unknown += 1  # one garbled word among three real ones: 'PI Number Description arge Qtr 2'
    if unknown > (1 if real >= 3 else 0):
        return None
    return roles if real else None


@dataclass
class Tail:
    """The cells a row's line carries after its text: lead, start, due, status token, values."""

    text: str
    lead: str | None = None
    dates: list[str] = field(default_factory=list)
    rag: str | None = None
    values: list[str] = field(default_factory=list)
    lost_values: int = 0


def _name_at_end(text: str, known: set[str], trusted: bool) -> tuple[str, str | None]:
    m = NAME_END_RE.search(text.rstrip(" |:;"))
    if not m:
        return text, None
    name = m.group("name")
    if not trusted and name_key(name) not in known:
        return text, None
    return text.rstrip(" |:;")[: m.start("name")].rstrip(" |:;"), name


def split_action_tail(text: str, known: set[str]) -> Tail:
    """Split an action line into text and the lead/start/due/RAG cells printed on the same line.

    A name directly before a date is a lead; a name ending a line with no dates is one only when
    `known` (normalised names seen elsewhere) has it, so 'Early Help' ending a wrapped line is text.
    """
    text = clean(text)
    m = DATES_TAIL_RE.search(text)
    if m:
        dates = DATE_RE.findall(m.group("dates"))
        head, lead = _name_at_end(text[: m.start()], known, trusted=True)
        return Tail(text=head.strip(), lead=lead, dates=dates, rag=m.group("rag"))
    head, lead = _name_at_end(text, known, trusted=False)
    return Tail(text=head.strip(), lead=lead)


def split_value_tail(text: str, known: set[str]) -> Tail:
    """Split an indicator line into text, lead and up to two values (target, actual) from the right.

    Trailing debris ('::;', '} )') is counted in `lost_values`: a value cell was there but unreadable.
    """
    tokens = clean(text).split(" ")
    values: list[str] = []
    lost = 0
    while tokens and len(values) < 2:
        tok = tokens[-1]
        if tok.lower() in UNIT_WORDS and len(tokens) > 1 and re.fullmatch(r"\d+(?:\.\d+)?", tokens[-2]):
            values.insert(0, f"{tokens[-2]} {tok}")
            tokens = tokens[:-2]
        elif VALUE_RE.match(tok):
            values.insert(0, tok)
            tokens.pop()
        elif not values and is_junk(tok) and len(tok) <= 4:
            lost += 1
            tokens.pop()
        else:
            break
    head, lead = _name_at_end(" ".join(tokens), known, trusted=bool(values) or lost > 0)
    if lead is None and not values:
        head, lead = _name_at_end(" ".join(tokens), known, trusted=False)
    return Tail(text=head.strip(), lead=lead, values=values, lost_values=lost)


def name_key(name: str) -> str:
    """Comparison key for a person's name: lower case, letters and spaces only."""
    return norm(re.sub(r"[^a-z ]", "", name.lower()))


def name_candidates(lines: list[Line]) -> list[str]:
    """Names printed where a lead column is: right before a date, or alone on a line under 'Task Lead'."""
    found: list[str] = []
    for line in lines:
        text = clean(line.text)
        m = DATES_TAIL_RE.search(text)
        if m:
            _, lead = _name_at_end(text[: m.start()], set(), trusted=True)
            if lead:
                found.append(lead)
        elif re.fullmatch(NAME, text) and header_roles(text) is None:
            found.append(text)
    return found
