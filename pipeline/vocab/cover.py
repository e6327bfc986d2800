"""Cover vocabulary: how a plan names its council, its own title and version, and which pages are
not its cover (blank pages, a board paper's cover sheet before the plan).

Forms seen in real plans (REAL-WORLD-LAYOUTS.md "Layout"): '... Borough Council', 'NHS ...
Integrated Care Board', 'Children's Services Improvement Plan', 'SEND Written Statement of Action',
'Version 3'; "This page is intentionally blank"; board-paper cover sheets ('Report to:', 'Subject:').
"""

from __future__ import annotations

import re

# A blank page's note: 'This page is intentionally blank', 'Page intentionally left blank'.
BLANK_PAGE_RE = re.compile(r"\bintentionally\s+(?:left\s+)?blank\b", re.I)
# The kinds of body that publish a plan: councils, NHS bodies and their partnerships.
ORG_RE = re.compile(
    r"\b(Council|NHS|Trust|Borough|County|Authority|Partnership|ICB|Integrated Care Board|"
    r"Combined Authority|Metropolitan|District)\b",
    re.I,
)
# What a plan calls itself.
TITLE_RE = re.compile(
    r"\b(Improvement Plan|Action Plan|Statement of Action|Recovery Plan|Development Plan|"
    r"Improvement Programme)\b",
    re.I,
)
# A plan's version as printed on its cover or in page furniture: 'Version 3', 'Version 1.2'.
VERSION_RE = re.compile(r"\bVersion\s+(\d+(?:\.\d+)?)\b", re.I)
# The fields of a board paper's cover sheet: the memo that takes the plan to a meeting ('Report to:',
# 'Date of meeting:', 'Report of:', 'Subject:', 'Purpose:', 'Recommendation(s):').
MEMO_FIELD_RE = re.compile(
    r"^\s*(?:report\s+(?:to|of|by|from|author)|date\s+of\s+(?:the\s+)?(?:meeting|report)|meeting(?:\s+date)?|"
    r"subject|title\s+of\s+(?:the\s+)?report|purpose(?:\s+of\s+(?:the\s+)?report)?|recommendations?|"
    r"contact\s+officer|wards?\s+affected|key\s+decision|classification|author|"
    r"lead\s+(?:member|officer)|portfolio\s+holder|exempt\s+information)\s*:",
    re.I,
)
