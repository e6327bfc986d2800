"""Status vocabulary: status words and phrases, colour words, and what a key's wording says a status means.

Every reader (legend, status cells, narrative, stated totals) takes its words from here.
"""

from __future__ import annotations

import re

from pipeline.models.common import DeliveryState, Rag

Meaning = tuple[Rag, DeliveryState | None]

# A token or colour the defaults cannot read: blue means "complete", "suspended" or "within target"
# depending on the organisation (DOMAIN.md "Colours are not portable").
NEEDS_LEGEND: Meaning = (Rag.NONE, None)

GREEN: Meaning = (Rag.GREEN, None)
AMBER: Meaning = (Rag.AMBER, None)
RED: Meaning = (Rag.RED, None)
AMBER_RED: Meaning = (Rag.AMBER_RED, None)
AMBER_GREEN: Meaning = (Rag.AMBER_GREEN, None)
COMPLETE: Meaning = (Rag.NONE, DeliveryState.COMPLETE)
COMPLETE_VERIFIED: Meaning = (Rag.NONE, DeliveryState.COMPLETE_VERIFIED)
BAU: Meaning = (Rag.NONE, DeliveryState.BUSINESS_AS_USUAL)
IN_PROGRESS: Meaning = (Rag.NONE, DeliveryState.IN_PROGRESS)
NOT_STARTED: Meaning = (Rag.NONE, DeliveryState.NOT_STARTED)
SUSPENDED: Meaning = (Rag.NONE, DeliveryState.SUSPENDED)
DEFERRED: Meaning = (Rag.NONE, DeliveryState.DEFERRED)
CANCELLED: Meaning = (Rag.NONE, DeliveryState.CANCELLED)
ONGOING: Meaning = (Rag.NONE, DeliveryState.ONGOING)


def token_key(text: str) -> str:
    """Compare status words by letters and digits only: 'A/R', 'a r' and 'AR.' are the same token."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


# Status words and phrases printed in status cells and keys, by meaning (DOMAIN.md "Default token
# mapping", REAL-WORLD-LAYOUTS.md "Status and legends"). A document's own key overrides them.
STATUS_WORDS: list[tuple[tuple[str, ...], Meaning]] = [
    (("G", "Green", "On track", "On target", "On schedule", "Achieved or on target", "Under control",
      "Green+"), GREEN),
    (("A", "Amber", "Yellow", "Y", "At risk", "Some slippage", "Slippage", "Orange", "Delayed",
      "May fall behind", "Slightly behind"), AMBER),
    (("R", "Red", "Off track", "Behind schedule", "Not on track", "Overdue", "Significant slippage",
      "Significantly behind"), RED),
    (("A/R", "AR", "Amber/Red", "Red/Amber", "RA", "Amber-Red", "Red-Amber"), AMBER_RED),
    # 'Minor slippage' is the step between amber and green in five-step scales
    (("A/G", "AG", "Amber/Green", "Green/Amber", "GA", "Amber-Green", "Green-Amber", "Minor slippage"),
     AMBER_GREEN),
    (("C", "Complete", "Completed", "Achieved", "Done", "Closed", "Action completed", "Delivered",
      "Finished"), COMPLETE),
    (("Complete and verified", "Complete & verified", "Completed and verified", "Verified", "CV",
      "Signed off"), COMPLETE_VERIFIED),
    (("BAU", "Business as usual", "Business as usual activity", "Business-as-usual", "Mainstreamed",
      "Embedded"), BAU),
    (("In progress", "Underway", "Under way", "Started", "Extended", "Ongoing work"), IN_PROGRESS),
    (("Not started", "Not yet started", "Programmed", "Planned", "Not due", "Not yet due",
      "Scheduled"), NOT_STARTED),
    (("Suspended", "On hold", "Paused"), SUSPENDED),
    (("Deferred", "Postponed", "Reprogrammed", "Rescheduled"), DEFERRED),
    (("Cancelled", "Canceled", "Withdrawn", "No longer applicable", "No longer required",
      "Superseded"), CANCELLED),
    (("Ongoing",), ONGOING),
    (("B", "Blue", "Purple", "Grey", "Gray", "Black", "White", "Pink"), NEEDS_LEGEND),
]  # fmt: skip

DEFAULT_TOKENS: dict[str, Meaning] = {token_key(k): v for keys, v in STATUS_WORDS for k in keys}

COLOUR_WORDS = (
    "red",
    "amber",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "grey",
    "gray",
    "black",
    "white",
    "pink",
)
# Colour families the defaults can read; blue, purple, grey and black need a legend.
DEFAULT_COLOURS: dict[str, Meaning] = {"red": RED, "amber": AMBER, "yellow": AMBER, "green": GREEN}

# Word's and Excel's "Standard Colors" row and Excel's conditional-formatting fills: the colours most
# RAG cells are printed in. A scanned fill within a scan's drift of one was printed in it.
OFFICE_COLOURS = (
    "#c00000",
    "#ff0000",
    "#ffc000",
    "#ffff00",
    "#92d050",
    "#00b050",
    "#00b0f0",
    "#0070c0",
    "#002060",
    "#7030a0",
    "#c6efce",
    "#ffc7ce",
    "#ffeb9c",
)

# Key wording to meaning, most specific first. Used for what a key's description says about a status
# whose label has no meaning of its own (Blue = "Complete & verified", Grey = "programmed").
DESCRIPTION_MEANINGS: list[tuple[re.Pattern[str], Meaning]] = [
    (re.compile(p, re.IGNORECASE), m)
    for p, m in [
        (r"\bbusiness[\s-]+as[\s-]+usual\b|\bbau\b|\bmainstreamed\b|\bembedded\b", BAU),
        (r"\bverified\b|\bsigned[\s-]off\b|\bevidenced\s+as\s+complete", COMPLETE_VERIFIED),
        (r"\bsuspended\b|\bon\s+hold\b|\bpaused\b", SUSPENDED),
        (r"\bdeferred\b|\bpostponed\b|\breprogrammed\b|\brescheduled\b", DEFERRED),
        (r"\bcancell?ed\b|\bwithdrawn\b|\bno\s+longer\s+(?:required|applicable)\b|\bsuperseded\b", CANCELLED),
        (r"\bnot\s+(?:yet\s+)?started\b|\bprogrammed\b|\bnot\s+yet\s+due\b|\bnot\s+due\b", NOT_STARTED),
        (r"\bnot\s+(?:yet\s+)?(?:complete|completed|achieved)\b", NEEDS_LEGEND),
        # 'will be delivered on time' is a promise, not a completion.
        (r"(?<!\bbe )\b(?:complete[ds]?|achieved|finished|delivered|closed)\b", COMPLETE),
        (r"\bsignificant(?:ly)?\s+(?:slippage|behind|delay)", RED),
        (r"\b(?:more\s+than|over)\s+(?:one|a|1)\s+months?\s+behind\b", RED),
        (r"\bnot\s+on\s+track\s+but\b|\bslippage\b|\bat\s+risk\b|\bminor\b|\bbehind\s+by\b", AMBER),
        (r"\bone\s+month\s+behind\b|\breasonable\s+confidence\b|\bmay\s+fall\s+behind\b", AMBER),
        (r"\bnot\s+on\s+track\b|\boff\s+track\b|\bbehind\s+schedule\b|\bremedial\b|\boverdue\b", RED),
        (r"\blimited\s+confidence\b|\bwill\s+not\s+be\b|\bunlikely\b|\bserious\b", RED),
        (r"\bin\s+progress\b|\bunder\s*way\b", IN_PROGRESS),
        (r"\bon\s+track\b|\bon\s+target\b|\bwithin\s+target\b|\bconfident\b|\bon\s+schedule\b", GREEN),
    ]
]

# 'BUSINESS AS USUAL', 'Business as usual activity', 'BAU' in narrative or status cells.
BAU_RE = re.compile(r"\bBUSINESS[\s-]+AS[\s-]+USUAL(?:\s+ACTIVITY)?\b", re.IGNORECASE)

# A progress narrative stating the status: 'The RAG rating is GREEN.', 'Overall status: Amber'.
RAG_SENTENCE_RE = re.compile(r"^The RAG rating is\s+(?P<rag>[A-Za-z/ ]+?)\.?\s*$", re.IGNORECASE)
NARRATIVE_STATUS_RE = re.compile(
    r"\b(?:RAG(?:\s+(?:rating|status))?|(?:overall\s+)?status)\s*(?:is|was|remains|of|:|=|-)\s*"
    r"(?:currently\s+|now\s+|rated\s+)?"
    r"(amber\s*[/-]\s*(?:red|green)|red\s*[/-]\s*amber|green\s*[/-]\s*amber|red|amber|green|yellow|"
    r"blue|complete[d]?|business\s+as\s+usual)\b",
    re.IGNORECASE,
)

# Glyphs that mark a status by their colour (or shape) rather than a word: circles, squares,
# triangles, diamonds, stars (Unicode geometric shapes, black stars, large circles).
SHAPE_GLYPH_RE = re.compile(r"[\u25a0-\u25ff\u2605\u2606\u2b1b-\u2b1e\u2b24\u2b55\u2b58\u26ab\u26aa]")

# A percentage complete in a status cell ('60%', '100 % complete').
PERCENT_COMPLETE_RE = re.compile(r"^(?P<p>\d{1,3})\s*%(?:\s*(?:complete[d]?|done))?$", re.IGNORECASE)


def percent_meaning(text: str) -> Meaning | None:
    """A status cell holding a percentage complete: 100% is complete, 0% not started, else in progress."""
    m = PERCENT_COMPLETE_RE.match(text.strip().rstrip(".,;:").strip())  # '60%.' as printed in a cell
    if m is None or int(m.group("p")) > 100:
        return None
    p = int(m.group("p"))
    return COMPLETE if p == 100 else NOT_STARTED if p == 0 else IN_PROGRESS


def status_phrase(text: str) -> Meaning | None:
    """The meaning of a text that is a status word or phrase, whole ('On track', 'SUSPENDED'), else None."""
    key = token_key(text)
    return DEFAULT_TOKENS.get(key) if key else None


def leading_status(text: str) -> tuple[str, Meaning] | None:
    """A status word at the start of a cell followed by its meaning: 'Green - on track' -> ('Green', G).

    The text before the first dash, colon, comma or bracket must be a status word on its own.
    """
    m = re.match(r"^\s*(?P<head>[^-–—:,(\[]{1,30}?)\s*(?:[-–—:,(\[]|$)", text)
    if m is None:
        return None
    head = m.group("head")
    meaning = status_phrase(head)
    if meaning is None and head.strip() == text.strip():
        # no separator at all: a colour word followed by a status phrase ('Amber on track'), as a
        # scan reads 'Amber - on track' when the thin dash is lost, is the same colour and meaning
        first, _, rest = text.strip().partition(" ")
        if first.casefold() in COLOUR_WORDS and rest and status_phrase(rest) is not None:
            own = status_phrase(first)
            return (first, own) if own is not None else None
    return (head, meaning) if meaning is not None else None


# The first word of a key's label: a colour, a status letter or the first word of a status phrase
# ('On track', 'Business as usual', 'G'). A key is recognised by its rows starting with these.
KEY_LABEL_WORDS = frozenset(
    {w for w in COLOUR_WORDS}
    | {k.split(" ")[0].casefold().strip("/") for keys, _ in STATUS_WORDS for k in keys}
) - {"action", "may", "some", "under", "signed", "significant", "significantly", "slightly", "minor", "no"}
