"""Labels of the dates stacked in one cell ('Start: Oct 24' / 'End: Mar 25' / 'Revised: Jun 25'):
the words that open each part and the date field each names. Shared by the layout (a stacked cell
split by a page break) and the readers (which part is which date)."""

from __future__ import annotations

import re

DATE_LABEL_WORDS = (
    r"start(?:ed)?|from|end|due|by|target|deadline|revised|new\s+date|new\s+target|"
    r"completed|date\s+completed|original"
)
# A label opens a cell's line ('Start - Oct 24') or, followed by a colon, runs on in the same line
# after another date ('Start: From Feb 24 End: by the end of September', wrapped anywhere).
DATE_LABEL = re.compile(
    rf"(?:^|(?<=\n))(?P<label>{DATE_LABEL_WORDS})\s*(?:date)?\s*[:\-–]\s*"
    rf"|(?<=\s)(?P<label2>{DATE_LABEL_WORDS})\s*(?:date)?\s*:\s*",
    re.IGNORECASE,
)
LABEL_ROLE = {
    "start": "start", "started": "start", "from": "start", "end": "due", "due": "due", "by": "due",
    "target": "due", "deadline": "due", "original": "due", "revised": "revised_due",
    "new date": "revised_due", "new target": "revised_due", "completed": "completed",
    "date completed": "completed",
}  # fmt: skip


def _label_words(*roles: str) -> str:
    return "|".join(label.replace(" ", r"\s+") for label, role in LABEL_ROLE.items() if role in roles)


# A cell's part that closes a stacked pair: an end (or revised) date after a start date.
END_LABEL = re.compile(rf"^\s*(?:{_label_words('due', 'revised_due')})\s*(?:date)?\s*[:\-–]", re.I)


def date_label_roles(text: str) -> set[str]:
    """The date fields a stacked cell's labels name ('Start: Jun 24' -> {'start'})."""
    return {
        LABEL_ROLE[re.sub(r"\s+", " ", (m.group("label") or m.group("label2")).lower())]
        for m in DATE_LABEL.finditer(text)
    }
