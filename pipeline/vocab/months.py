"""Month names and abbreviations as printed in plans ('Sept 2017', 'Mar 26', 'January')."""

from __future__ import annotations

import calendar

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9  # the common British abbreviation ('Sept 2017')

# Longest first, so 'september' is tried before 'sep'.
MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
# The same, capitalised spellings only (for patterns matched case-sensitively).
MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ('Sept' -> 9); KeyError when it is not one."""
    return MONTHS[name.lower().rstrip(".")]
