"""Column headers to column roles: a synonym table matched fuzzily, so OCR-shredded headers still classify."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from rapidfuzz import fuzz, process

# Role -> header wordings seen across organisations (DOMAIN.md "Variation across organisations").
SYNONYMS: dict[str, list[str]] = {
    "ref": ["Ref", "Ref No", "Reference", "No.", "No", "Action No", "Action Ref", "Item", "NOS", "Ref no.",
            "Action number", "ID"],
    "action": ["Action", "Actions", "Task", "Key actions", "Action required", "Activity", "What", "What?",
               "Actions Required", "Planned Action", "Specific Actions", "Specific Actions (dated)",
               "Key future actions", "What we will do", "Action / milestone", "Milestone", "Milestones"],
    "lead": [
        "Task Lead", "Lead Officer", "Owner", "Responsible Officer", "Who?", "Who", "Champion", "Lead Agency",
        "Lead", "Leads", "Responsible", "Accountable Officer", "Action Owner", "Lead Officers",
        "Lead Officer(s)", "Led by", "Person/s Responsible", "Persons Responsible", "Responsible person",
        "Lead person", "Officer", "By whom",
    ],
    "start": ["Start Date", "Start", "Date started", "Start date (planned)", "Commences", "Commencing",
              "Commencement date", "Start by", "From"],
    "due": [
        "Completion Date", "Due date", "Target date", "Deadline", "By when", "By when?", "When?", "When",
        "Timescale", "Timescales", "End date", "Target completion date", "Due", "Completion",
        "Target value or date", "Date due", "Completion by", "Original due date", "Original date",
    ],
    "revised_due": ["Revised date", "Revised due date", "Revised completion date", "Revised target date",
                    "Revised timescale", "New target date", "New date", "Revised deadline",
                    "Revised end date", "Amended date"],
    "completed": ["Date completed", "Completed date", "Actual completion date", "Date achieved"],
    "status": ["RAG", "Status", "BRAG", "Current Status", "Progress indicator", "RAG status", "RAG rating",
               "R/A/G", "Rating", "Red/Amber/Green", "Stage", "Percentage complete",
               "% complete", "Status / Corrective Action", "Progress RAG", "RAG Rating", "Delivery status",
               "Overall status", "How are we doing", "How are we doing?"],
    "progress": ["Progress", "Progress update", "Update on progress", "Commentary", "Comments", "Update",
                 "Progress to date", "Progress made", "Progress achieved", "Status update",
                 "Update / commentary", "Narrative", "Director Commentary", "Analysis", "Notes"],
    "pi_code": ["PI Number", "PI", "Indicator ref", "PI ref", "PI No", "Indicator code", "KPI", "Measure ref",
                "PI code", "Measurement code", "Code", "KPI ref", "Measure code",
                "Indicator no"],
    "pi_description": ["Description", "Indicator", "Performance indicator", "Indicator description",
                       "PI description", "Measure", "Definition",
                       "Agreed measures of progress", "Measurement", "Performance measure",
                       "Measure description",
                       "KPI description"],
    "target": ["Year End Target", "Target", "Year-end target", "Annual target", "Target value",
               "Target 2024/25", "Year end target"],
    "actual": ["Actual", "Current performance", "Performance", "Outturn", "Latest", "Latest performance",
               "Current", "Value", "Latest position",
               "Current position", "Est. Outturn", "Latest data", "Latest figure", "Actual to date"],
    "baseline": ["Baseline", "Baseline position", "Previous Outturn", "Starting point", "Base line"],
    # Indicator tables that print which way is better ('Higher is better' / 'Lower is better').
    "polarity": ["Polarity", "Good is", "Good performance is", "Better if", "Higher or lower better"],
    "recommendation": ["Recommendation", "Recommendations", "Area for improvement", "Inspection finding",
                       "Must do", "Should do"],
    "evidence": ["Evidence", "Success measures", "Success criteria", "Measures of success",
                 "Evidence of impact", "How will we know", "Outcome", "Outcomes", "Impact"],
}  # fmt: skip

# The same word means another column in another kind of table. In indicator tables and scorecards
# 'Progress' holds the reported value ('98%', 'Qtr2 41%') and 'Ref' is the indicator's code; in action
# tables 'Description' is the action and 'Target' (or 'Target date') is when it is due.
_BY_TABLE_KIND: dict[str, dict[str, str]] = {
    "indicator": {"progress": "actual", "ref": "pi_code"},
    "action": {"pi_description": "action", "target": "due"},
}

# Key words that give a header its role when no synonym matches, tried in order: the most specific
# first, so 'Revised target date' is a revised due date before 'target' or 'date' say anything, and
# 'Status update' is progress text before 'status' makes it a status column.
_KEYWORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), role)
    for p, role in [
        (r"\b(?:status|progress)\s+(?:update|report|narrative|commentary)|\bupdate\b|\bcomment", "progress"),
        (
            r"\b(?:revised|new|amended|re-?profiled)\b.*\b(?:date|deadline|timescale|target|due|finish|end|completion)",
            "revised_due",
        ),
        (r"\bdate\s+(?:completed|achieved|closed)|\b(?:actual|date\s+of)\s+complet", "completed"),
        (r"\bbaseline\b|\bprevious\s+outturn", "baseline"),
        (
            r"\bpolarity\b|^good\s+(?:is|performance)\b|\bbetter\s+(?:if|when)\b|\bhigher\s+or\s+lower\b",
            "polarity",
        ),
        (r"\brag\b|\bbrag\b|\bstatus\b|\brating\b|red\s*/\s*amber|\bcomplete\s*%|%\s*complete", "status"),
        (r"\bstart", "start"),
        (r"\b(?:due|deadline|timescales?|by\s+when|when\b|completion|end\s+date|target\s+date)", "due"),
        (r"\blead|\bowner|\bresponsib|\bled\s+by|\bofficer|\bwho\b|\bchampion|\baccountab", "lead"),
        (r"\b(?:measure|indicator|kpi|pi)\s*(?:ref|code|no|number|id)\b|\bcode\b", "pi_code"),
        (r"\bindicator|\bmeasure\b|\bdefinition|\bkpi\b", "pi_description"),
        (r"\btarget", "target"),
        (r"\b(?:latest|current|actual|outturn|performance|position)\b", "actual"),
        (r"\bactions?\b|\btasks?\b|\bmilestones?\b|\bactivit", "action"),
        (r"\bprogress\b|\bnarrative\b", "progress"),
        (r"\bevidence|\bsuccess|\bimpact|\boutcome|\bmeasures\s+of", "evidence"),
        (r"\brecommendation|\barea\s+for\s+improvement|\bpriority\b", "recommendation"),
        (r"^\s*(?:ref|no|#|id)\b", "ref"),
        (r"\bdone\s+by\b|\bdate\b", "due"),
    ]
]


# The same key words for headers split mid-word by a narrow cell ('Accounta ble manager', 'Delive ry
# by', 'Percent age complete'): matched on the letters alone, spaces removed.
_COMPACT_KEYWORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), role)
    for p, role in [
        (r"(?:status|progress)(?:update|report)|update|comment", "progress"),
        (
            r"revised|new(?:date|target|deadline|finish|end|completion)|amended|reprofiled|rescheduled",
            "revised_due",
        ),
        (r"datecompleted|actualcompletion|dateachieved", "completed"),
        (r"baseline|previousoutturn", "baseline"),
        (r"polarity", "polarity"),
        (
            r"^rag|brag|status|rating|percentagecomplete|percentcomplete|complete%|%complete|redamber",
            "status",
        ),
        (r"start|commenc", "start"),
        (r"due|deadline|timescale|bywhen|deliver(?:y|ed)?by|completion|enddate|targetdate|when", "due"),
        (r"lead|owner|responsib|ledby|officer|who|champion|accountab|manager", "lead"),
        (r"indicator|measure|definition|kpi", "pi_description"),
        (r"target", "target"),
        (r"latest|current|actual|outturn", "actual"),
        (r"action|task|milestone|whatwewilldo|activit", "action"),
        (r"progress|narrative", "progress"),
        (r"evidence|success|impact|outcome", "evidence"),
    ]
]


def _keyword_role(text: str) -> str | None:
    """The role a header's key words give it ('Date this will be done by' -> due); None when none do."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) > 45 or len(flat.split(" ")) > 6:
        return None  # a caption or sentence, not a column header
    for pattern, role in _KEYWORDS:
        if pattern.search(flat):
            return role
    compact = _compact(flat)
    for pattern, role in _COMPACT_KEYWORDS:
        if pattern.search(compact):
            return role
    return None


FUZZY_CUTOFF = 82.0
# Long headers survive more OCR damage and are less likely to collide, so they get a lower cutoff
# (a shredded scan header such as 'Conl1)|;lte:ion Date' scores 76 against 'Completion Date'). The
# winner must also clear the best other role by a margin, so an ambiguous header stays unknown.
LONG_CUTOFF, LONG_FROM, MARGIN = 74.0, 12, 8.0
_SHORT = 5  # compact synonyms shorter than this ('rag', 'pi', 'who') must match exactly or by wildcard

_PERIOD = re.compile(
    r"\b(?P<p>(?:qtr|quarter)\s*[1-4]|q[1-4]|ytd|year\s+to\s+date|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s*(?:\d{4}|\d{2}))\b",
    re.IGNORECASE,
)


_YEAR = re.compile(r"\b(?:19|20)\d{2}(?:\s*[/-]\s*(?:\d{2}|\d{4}))?\b")


def period_from_header(text: str) -> str | None:
    """The period label in a header, as printed: 'Progress Qtr2' -> 'Qtr2', 'Qtr 2' -> 'Qtr 2'."""
    m = _PERIOD.search(text)
    return m.group("p") if m else None


# A header that is nothing but a period: one of a run of value columns ('Q1 | Q2 | Q3', 'Jan | Feb |
# Mar', 'Qtr 2 2024/25', 'Sept 24') in indicator tables that print a value per quarter or month.
_PERIOD_ONLY = re.compile(
    r"(?:(?:q|qtr|quarter)\s*[1-4]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)"
    r"(?:\s*'?(?:\d{4}\s*[/\-]\s*\d{2,4}|\d{4}|\d{2}))?|ytd|year\s+to\s+date",
    re.IGNORECASE,
)


def period_column(text: str) -> str | None:
    """The period a value column's header is ('Q3', 'Mar', 'Qtr 2 2024/25'), or None for other headers."""
    flat = re.sub(r"\s+", " ", text).strip().strip("()")
    if not _PERIOD_ONLY.fullmatch(flat):
        return None
    word = re.match(r"[a-z]+", flat, re.IGNORECASE)
    if word and word.group(0).lower() not in _PERIOD_WORDS:
        return None  # 'Marketing', 'Maybe': a word that merely starts like a month
    return flat


_PERIOD_WORDS = (
    {"q", "qtr", "quarter", "ytd", "year"}
    | {m.lower() for m in calendar.month_name[1:] + calendar.month_abbr[1:]}
    | {"sept"}
)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@lru_cache(maxsize=1)
def _choices() -> dict[str, str]:
    """Compact synonym -> role."""
    return {_compact(s): role for role, synonyms in SYNONYMS.items() for s in synonyms}


def _wildcard_match(text: str, choices: dict[str, str]) -> str | None:
    """Treat each OCR junk character as one lost letter: 'R%G' is 'RAG'."""
    pieces = re.findall(r"[0-9a-z]+|[^0-9a-z\s]", text.casefold())
    if not any(len(p) == 1 and not p.isalnum() for p in pieces):
        return None
    pattern = re.compile("".join(re.escape(p) if p[0].isalnum() else "[a-z]?" for p in pieces))
    hits = {role for compact, role in choices.items() if pattern.fullmatch(compact)}
    return hits.pop() if len(hits) == 1 else None


def classify_header(text: str, *, table_kind: str | None = None, keywords: bool = True) -> str | None:
    """The role of a header cell, or None when it is not a known column.

    Args:
        text: The header cell's text, possibly OCR-shredded ('PIpNu)mber', 'Year En d Target').
        table_kind: 'indicator' or 'action' when known: some words mean different columns in each.
        keywords: Also try key words ('Date this will be done by' -> due) when no synonym matches;
            off when deciding whether a row is a header at all, where body text must not count.

    Returns:
        One of ref, action, lead, start, due, revised_due, completed, status, progress, pi_code,
        pi_description, target, actual, baseline, polarity, recommendation, evidence; or None.
    """
    if text.strip() == "#":
        return _kind(table_kind, "ref")
    period = _PERIOD.search(text)
    stripped = (text[: period.start()] + " " + text[period.end() :]) if period else text
    # a year or financial year names the period too ('Baseline 2022/23', '2009/10 Target')
    stripped = _YEAR.sub(" ", stripped)
    compact = _compact(stripped)
    if not compact:
        return None
    choices = _choices()
    role = choices.get(compact) or _wildcard_match(stripped, choices)
    if role is None and len(compact) >= _SHORT - 1:
        role = _fuzzy_role(compact, choices)
    if role is None and keywords:
        role = _keyword_role(stripped)
    return _kind(table_kind, role) if role else None


def _fuzzy_role(compact: str, choices: dict[str, str]) -> str | None:
    """Best role by fuzz.ratio over the longer synonyms, when it is good enough and unambiguous."""
    long_choices = [c for c in choices if len(c) >= _SHORT]
    best_by_role: dict[str, float] = {}
    for choice, score, _ in process.extract(compact, long_choices, scorer=fuzz.ratio, limit=None):
        role = choices[choice]
        best_by_role[role] = max(best_by_role.get(role, 0.0), score)
    ranked = sorted(best_by_role.items(), key=lambda kv: -kv[1])
    if not ranked:
        return None
    role, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    cutoff = LONG_CUTOFF if len(compact) >= LONG_FROM else FUZZY_CUTOFF
    return role if score >= cutoff and score - runner_up >= MARGIN else None


def _kind(table_kind: str | None, role: str) -> str:
    return _BY_TABLE_KIND.get(table_kind or "", {}).get(role, role)
