"""Section vocabulary: how a plan introduces a recommendation, names its lead, and says it has no PIs.

Forms seen in real plans (REAL-WORLD-LAYOUTS.md "Numbering and sections"): 'Recommendation 3:',
'Priority 2 -', 'Area for improvement 4', 'Improvement area 1', 'Work stream One', 'Workstream 2',
'Standard 1 - Referrals', 'Theme 3', 'Key line of enquiry 2', 'Must do 1' / 'Should do 2', 'SR4'.
"""

from __future__ import annotations

import re

from pipeline.vocab.status import COLOUR_WORDS

# Words that introduce a recommendation-level section, longest first so 'Area for improvement' wins
# over 'Area'.
SECTION_WORDS = (
    "Area for improvement",
    "Areas for improvement",
    "Improvement area",
    "Improvement priority",
    "Key line of enquiry",
    "Recommendation",
    "Workstream",
    "Work stream",
    "Work-stream",
    "Priority",
    "Standard",
    "Theme",
    "Must do",
    "Should do",
    "Area",
)
_NUMBER_NAMES = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {w: i for i, w in enumerate(_NUMBER_NAMES.split(" "), start=1)}
_SECTION_ALT = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in SECTION_WORDS)
_NUMBER_ALT = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# 'Recommendation 3: title', 'Priority 2 - title', 'Work stream One: title', 'SR4 title'.
SECTION_RE = re.compile(
    rf"^(?:(?P<word>{_SECTION_ALT})\s*(?:no\.?\s*)?(?P<n>{_NUMBER_ALT})|(?P<code>SR|AFI)(?P<n2>\d{{1,2}}))"
    r"(?![\w.]*\d)\s*(?:[:.)\-–—|]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)

# A lead in brackets at the end of a heading: '(Lead: Dr Ann Lee)', '(JANE SMITH)'.
LEAD_PAREN_RE = re.compile(r"\((?:Leads?\s*(?:officer)?s?\s*:\s*)?(?P<lead>[^()]{2,80})\)[\s.\-—–_~]*$", re.I)
# A lead named on a line of its own: 'Recommendation Lead: NAME', 'Lead officer: NAME', 'Lead: NAME'
# (OCR makes the first 'pacommendation Lead:').
LEAD_LINE_RE = re.compile(
    r"^\W*(?:\w*commendation\s+|priority\s+|workstream\s+|area\s+|senior\s+|responsible\s+|accountable\s+)?"
    r"(?:Leads?|Lead\s+officers?|Lead\s+managers?|Lead\s+directors?|Responsible\s+officers?|Owners?|"
    r"Accountable\s+officers?|Sponsors?|Senior\s+responsible\s+officers?|SRO)\s*(?:\(s\))?\s*[:\-–]\s*"
    r"(?P<leads>.*)$",
    re.IGNORECASE,
)
# The label alone at the start of a line (for telling a lead line from an action row).
LEAD_LABEL_RE = re.compile(r"^\W*\w*commendation\s+Leads?\s*:?\s*(?P<leads>.*)$", re.IGNORECASE)

# A RAG rating carried by the heading itself: 'Recommendation 2: ... - RAG: Amber', '... [GREEN]',
# '... Status: Red', '... (Amber)'.
_COLOURS = "|".join(COLOUR_WORDS)
HEADING_RAG_RE = re.compile(
    rf"\s*(?:[-–—|]\s*)?(?:(?:RAG|BRAG|status|rating|RAG\s+(?:rating|status))\s*[:=\-–]?\s*"
    rf"(?P<a>{_COLOURS}|complete[d]?|[GARCB])\b|[\[(](?P<b>{_COLOURS}|complete[d]?)[\])])\s*\.?\s*$",
    re.IGNORECASE,
)

# A heading repeated over a detail block that runs onto another page: 'Recommendation 3 (continued)',
# '... (cont.)', '... - contd'. The marker (bracketed, after a dash, or alone) is neither title nor lead.
CONTINUED_RE = re.compile(
    r"(?:^|\s*[-–—:]\s*|\s*[(\[]\s*)(?:continued|cont['’]?d|contd|cont)\.?\s*[)\]]?\s*\.?\s*$", re.IGNORECASE
)

NO_PI_RE = re.compile(r"\bno\s+(?:related\s+)?(?:performance\s+)?(?:indicators|measures|KPIs|PIs)\b", re.I)


def section_number(match: re.Match[str]) -> int:
    """The number a SECTION_RE match gives its section ('One' -> 1)."""
    raw = match.group("n") or match.group("n2")
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw.lower()]


def split_heading_rag(title: str) -> tuple[str, str | None]:
    """A heading's title and the RAG token its text carries, if any ('Title - RAG: Amber' -> 'Amber')."""
    m = HEADING_RAG_RE.search(title)
    if m is None or m.start() == 0:
        return title, None
    return title[: m.start()].rstrip(" -–—|:"), m.group("a") or m.group("b")


def parse_heading(text: str) -> tuple[int, str, str | None, str | None] | None:
    """(number, title, lead as printed, RAG token) of a section heading in any form, or None.

    'Recommendation 1: Improve X. (LUCY FERNANDES) - RAG rating: YELLOW' -> (1, 'Improve X.',
    'LUCY FERNANDES', 'YELLOW'); the lead and the RAG may come in either order.
    """
    m = SECTION_RE.match(re.sub(r"\s+", " ", text).strip())
    if m is None:
        return None
    title, status = split_heading_rag(CONTINUED_RE.sub("", m.group("title")))
    title = CONTINUED_RE.sub("", title)
    lead = LEAD_PAREN_RE.search(title)
    leads_raw = lead.group("lead").strip() if lead else None
    if lead:
        title = title[: lead.start()].strip()
    if status is None:
        title, status = split_heading_rag(title)
    return section_number(m), title.rstrip(" :-–—"), leads_raw, status


def split_section_block(
    lines: list[str], bold: list[bool] | None = None
) -> tuple[str, str | None, list[str]]:
    """(heading text, lead named on a line of its own, narrative lines) of a heading block.

    A spanning section row of a long tracker (or a heading the layout read into the table above it)
    holds the heading, then 'Lead officer: NAME' on its own line, sometimes a line or two of
    progress. The heading ends at the lead line, after a line that closes with the heading's own
    bracketed lead or RAG ('... (TOM EVANS)', '... - RAG rating: GREEN'), or where bold type gives
    way to body type; neither the lead nor the narrative is read into the title. Without any of
    these the whole block is the heading.
    """
    end = len(lines)
    for k, line in enumerate(lines):
        if k and LEAD_LINE_RE.match(line.strip()):
            end = k
            break
        if k + 1 < len(lines) and (
            LEAD_PAREN_RE.search(line)
            or HEADING_RAG_RE.search(line)
            or (bold and bold[k] and not bold[k + 1])
        ):
            # the heading's RAG wrapped onto the next line after its bracketed lead ('... (DAVID
            # PRICE) -' / 'RAG rating: RED', or '(LUCY FERNANDES)' / '- RAG rating: RED') is the
            # heading's still
            rag_next = not HEADING_RAG_RE.search(line) and HEADING_RAG_RE.search(f"{line} {lines[k + 1]}")
            end = k + 2 if rag_next and HEADING_RAG_RE.match(lines[k + 1]) else k + 1
            break
    lead = None
    rest = lines[end:]
    rest_bold = (bold or [])[end:]
    if rest and (m := LEAD_LINE_RE.match(rest[0].strip())):
        lead, rest, rest_bold = m.group("leads").strip() or None, rest[1:], rest_bold[1:]
    if any(rest_bold):  # a bold caption after the narrative ('Performance indicators') ends it
        rest = rest[: rest_bold.index(True)]
    return " ".join(lines[:end]), lead, [ln.strip() for ln in rest if ln.strip()]
