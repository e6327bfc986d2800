"""Column roles from what the cells hold, for headed columns whose header names no known role.

As pandas sniffs a column's dtype from its values, a column of refs is a ref column, a column of dates
a date column and a column of status words or percentages a status column, whatever its header says
('Line', 'Finish', 'Done', 'Rating'). Only columns the header left unknown are typed here; a decision
needs most of the filled cells to agree, so a weak one leaves the column in 'extra'.
"""

from __future__ import annotations

import re

from pipeline.models.layout import Column, Row
from pipeline.vocab.months import MONTH_ALTERNATION
from pipeline.vocab.refs import VALID_REF
from pipeline.vocab.status import leading_status, percent_meaning, status_phrase

AGREE = 0.7  # share of filled cells that must hold the same kind of value

_DATE = re.compile(
    rf"^(?:(?:by|from|end|due|start|revised|by\s+end\s+of|by\s+the\s+end\s+of)[:\s]+)?"
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH_ALTERNATION})\.?[\s-]*\d{{2,4}}|"
    rf"(?:q|qtr|quarter)\s*[1-4]\b.*|\d{{4}}\s*/\s*\d{{1,4}}|(?:autumn|spring|summer)(?:\s+term)?\s+\d{{4}}|"
    rf"ongoing|tbc|tba)$",
    re.IGNORECASE,
)
_CODE = re.compile(r"^(?:[A-Z]{2,6}[\s/-]?\d{1,4}[a-z]?|NEW)(?:\s*\([^)]*\))?$")


def _kind_of_value(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None
    lines_date = all(
        _DATE.match(part.strip())
        for part in re.split(r"(?<=\d)\s+(?=(?:start|end|revised|from)\b)", text, flags=re.I)
    )
    if lines_date:
        return "date"
    if percent_meaning(text) is not None or status_phrase(text) is not None or leading_status(text):
        return "status"
    if VALID_REF.match(text.rstrip(".")) and len(text) <= 10:
        return "ref"
    if _CODE.match(text):
        return "code"
    if len(text) >= 30:
        return "text"
    return None


def infer_roles(columns: list[Column], rows: list[Row]) -> None:
    """Give each unknown headed column the role its cells' values agree on (in place, on the columns)."""
    taken = {c.role for c in columns if c.role}
    date_columns: list[Column] = []
    for col in columns:
        if col.role is not None:
            continue
        texts = []
        for row in rows:
            cell = row.cell_for(col.index)
            if cell is not None and cell.col_start == cell.col_end == col.index and cell.lines:
                texts.append(cell.flat)
        kinds = [_kind_of_value(t) for t in texts]
        if len(kinds) < 2:
            continue
        best = max(set(kinds), key=kinds.count)
        if best is None or kinds.count(best) < AGREE * len(kinds):
            continue
        if best == "date":
            date_columns.append(col)
        elif best == "status" and "status" not in taken:
            col.role = "status"
        elif best == "ref" and "ref" not in taken and col.index == min(c.index for c in columns):
            col.role = "ref"
        elif best == "code" and "pi_code" not in taken and "action" not in taken:
            col.role = "pi_code"
        elif best == "text" and "action" not in taken and "pi_description" not in taken:
            col.role = "pi_description" if "pi_code" in taken or "target" in taken else "action"
        if col.role:
            taken.add(col.role)
    # Date columns in order: the due date first when there is one; with two, the earlier is the start.
    free = [r for r in ("start", "due", "revised_due") if r not in taken]
    if len(date_columns) == 1 and "due" in free:
        date_columns[0].role = "due"
    elif len(date_columns) >= 2:
        for col, role in zip(date_columns, free, strict=False):
            col.role = role
