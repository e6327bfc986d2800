"""Column roles from what the cells hold, for headed columns whose header names no known role.

As pandas sniffs a column's dtype from its values, a column of refs is a ref column, a column of dates
a date column and a column of status words or percentages a status column, whatever its header says
('Line', 'Finish', 'Done', 'Rating'). Only columns the header left unknown are typed here; a decision
needs most of the filled cells to agree, so a weak one leaves the column in 'extra'.
"""

from __future__ import annotations

import itertools
import re

from pipeline.models.layout import Cell, Column, Row
from pipeline.vocab.headers import classify_header, period_column
from pipeline.vocab.months import MONTH_ALTERNATION, MONTHS
from pipeline.vocab.refs import REF_RE, VALID_REF
from pipeline.vocab.status import leading_status, percent_meaning, status_phrase

AGREE = 0.7  # share of filled cells that must hold the same kind of value

# Words a date cell may open with: 'by', 'from', 'by the end of', and the labels of a cell that
# holds several dates ('Start: From Feb 24 End: by the end of September').
_DATE_WORDS = (
    r"by|from|commencing|starting|beginning|end|due|start|revised|target|deadline|original|"
    r"completed|new\s+(?:date|target)|no\s+later\s+than|before|until|w/c|"
    r"(?:by\s+)?(?:the\s+)?end\s+of"
)
_DATE = re.compile(
    rf"^(?:(?:{_DATE_WORDS})(?:\s*date)?[:\s]+)*"
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH_ALTERNATION})\.?[\s-]*\d{{2,4}}|"
    rf"(?:q|qtr|quarter)\s*[1-4]\b.*|\d{{4}}\s*(?:/|-|\bto\b)\s*\d{{1,4}}|(?:autumn|spring|summer)(?:\s+term)?\s+\d{{4}}|"
    rf"ongoing|on-going|tbc|tba|tbd|to\s+be\s+confirmed)$",
    re.IGNORECASE,
)
# A month with no year ('by the end of May', 'End of March'), placed by the edition's date: a date
# when a word in front says so, or when the month is written in full ('September'; 'May' alone may
# be a name).
_BARE_MONTH = re.compile(
    rf"^(?:(?:(?:{_DATE_WORDS})(?:\s*date)?[:\s]+)+(?:{MONTH_ALTERNATION})|"
    rf"(?:january|february|march|april|june|july|august|september|october|november|december))\.?$",
    re.IGNORECASE,
)
# Where a cell holding several dates passes from one to the next: a label with a colon, or one of
# the date words after a date's figures ('Oct 24 End Mar 25').
_DATE_SPLIT = re.compile(
    r"\s+(?=(?:start|end|due|revised|from|target|deadline|new\s+date|completed)\s*(?:date\s*)?:)"
    r"|(?<=\d)\s+(?=(?:start|end|revised|from)\b)",
    re.IGNORECASE,
)


def is_date_text(text: str) -> bool:
    """The text is a plan date or several labelled ones, as printed in a date column."""
    text = re.sub(r"\s+", " ", text).strip()
    parts = [part.strip() for part in _DATE_SPLIT.split(text)]
    return bool(text) and all(_DATE.match(part) or _BARE_MONTH.match(part) for part in parts if part)


_CODE = re.compile(r"^(?:[A-Z]{2,6}[\s/-]?\d{1,4}[a-z]?|NEW)(?:\s*\([^)]*\))?$")


def _kind_of_value(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None
    if is_date_text(text):
        return "date"
    if percent_meaning(text) is not None or status_phrase(text) is not None or leading_status(text):
        return "status"
    if VALID_REF.match(text.rstrip(".")) and len(text) <= 10:
        return "ref"
    if _CODE.match(text):
        return "code"
    if is_names(text):
        return "name"
    if len(text) >= 30 or len(text.split()) >= 4:
        return "text"  # a sentence or phrase: an action, a description, a comment
    return None


_NAME_PART = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:(?:of|for|and|the|&)\s+)?[A-Z(][\w'’.()-]*){1,4}$")


def kind_of_value(text: str) -> str | None:
    """What a cell holds: 'date', 'status', 'ref', 'code', 'name', 'text', or None (a short label)."""
    return _kind_of_value(text)


def is_names(text: str) -> bool:
    """People or posts, one or several ('Amara Bell', 'Rhys Morgan / Lucy Fernandes', 'Head of SEND')."""
    if len(text) > 60 or re.search(r"\d", text) or text.endswith("."):
        return False
    parts = [p.strip() for p in re.split(r"\s*(?:/|,|;|&|\band\b)\s*", text) if p.strip()]
    return bool(parts) and all(_NAME_PART.match(p) for p in parts)


_AMOUNT = re.compile(r"^[£$€]?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:%|[kmb]n?|days?|weeks?|months?|hours?)?$", re.I)
_LABEL_WORDS = 6  # a header label is a few words; a cell of this many or more is content
_LABEL_CHARS = 40
TYPED = ("date", "status", "ref", "code", "text")


def _ref_led(text: str) -> bool:
    """Text led by a punctuated ref ('d. Establish', '(1a) Publish', '1.2 Review'): an action's
    text with its ref, which no header label is; a bare letter or figure ('a Target') is not enough."""
    m = REF_RE.match(text)
    if m is None or not m.group("rest"):
        return False
    dotted = "." in (m.group("ref") or "")
    return bool(m.group("pref")) or dotted or re.match(r"^\S+[.):]\s", text) is not None


def label_row(head: list[str]) -> bool:
    """Three or more short labels, none a value (date, status, ref, code, figure), one a known role."""
    filled = [t for t in head if t.strip()]
    if len(filled) < 3:
        return False
    statuses = 0
    for text in filled:
        flat = re.sub(r"\s+", " ", text).strip()
        kind = _kind_of_value(flat)  # title-case labels read as names: names are no values here
        if len(flat) > _LABEL_CHARS or len(flat.split()) >= _LABEL_WORDS or _AMOUNT.match(flat):
            return False
        if period_column(flat):
            continue  # a period heading one of a run of value columns ('Q1 | Q2 | Q3'): a label
        if kind in ("date", "ref", "code") or (flat.endswith(".") and len(flat) > 4):
            return False  # a value, or the end of a sentence ('carer forum.'); 'No.' is a label
        if _ref_led(flat):
            return False  # a record's text after its ref ('d. Establish a dashboard of'): a row's cell
        statuses += kind == "status"
    # one label may be a status word too ('Done' over 'Done so far'); a row of them is a key's
    if statuses > (1 if len(filled) >= 4 else 0):
        return False
    return any(classify_header(t) for t in filled)


def row_texts(row: Row, ncols: int) -> list[str]:
    """A row's text per column: a spanning cell's text under its first column, '' elsewhere."""
    out = [""] * ncols
    for cell in row.cells:
        if 0 <= cell.col_start < ncols:
            out[cell.col_start] = cell.flat
    return out


def header_over_rows(rows: list[Row], ncols: int) -> bool:
    """The first of `rows` reads as short labels over the typed values of the rows under it."""
    if len(rows) < 2:
        return False
    return labels_over_values(row_texts(rows[0], ncols), [row_texts(r, ncols) for r in rows[1:7]])


def labels_over_values(head: list[str], below: list[list[str]]) -> bool:
    """A row of short labels over rows of typed values is a header row, whatever its words say.

    Plans name their columns in words on no list ('Kick-off', 'Finish', 'How are we doing'), so
    the vocabulary cannot be the only test. The row must have three or more filled cells, each a
    short label that is no value itself (no date, status word, ref or code), with at least one
    naming a known role by its key words; and the rows under it must hold typed values (dates,
    statuses, refs, codes or long text) in at least two of its columns.
    """
    if not below or not label_row(head):
        return False
    typed = 0
    for j, text in enumerate(head):
        if not text.strip():
            continue
        values = [row[j] for row in below[:6] if j < len(row) and row[j].strip()]
        kinds = [_kind_of_value(v) for v in values]
        if kinds and sum(k in TYPED for k in kinds) >= AGREE * len(kinds):
            typed += 1
    return typed >= 2


_PERIOD_HEADER = re.compile(
    rf"^(?:(?:{MONTH_ALTERNATION})\.?|q[1-4]|qtr\s*[1-4]|quarter\s*[1-4])(?:\s*\d{{2,4}}(?:/\d{{2,4}})?)?$",
    re.I,
)
_MEASURES = {"pi_code", "pi_description", "target", "actual", "baseline"}
_NO_VALUE = {"-", "–", "—", "n/a", "na", "tbc", "nil"}


def infer_roles(columns: list[Column], rows: list[Row]) -> None:
    """Give each unknown headed column the role its cells' values agree on (in place, on the columns).

    In an indicator table (a measure's code, description, target or value is known and no action)
    figures ('53%', '£1.2m', '501 days') are the measure's target or value, not a percentage
    complete, and refs are the measures' codes.
    """
    for col in columns:
        # the cells outrank the header's words when they plainly disagree: a column the header
        # called commentary or evidence whose cells are dates is a date column ('Update due',
        # 'Review'), and a date column whose cells are sentences is commentary; such columns
        # are typed from their cells below like any unknown one
        dated_text = col.role in ("progress", "evidence") and _mostly_dated(rows, col)
        if dated_text or (col.role in _DATE_ROLES and _mostly_sentences(rows, col)):
            col.role = None
    two_dates = not {c.role for c in columns} & {"pi_code", "target"} and _date_columns(columns, rows) >= 2
    for col in columns:
        # a start and a due date: the records are actions, and a header that read as a measured
        # value ('Latest position') is commentary, for its cells to say; so is a 'value' column
        # that holds sentences
        if col.role in ("actual", "baseline") and (two_dates or _mostly(columns, rows, col, "text")):
            col.role = None
    known = {c.role for c in columns if c.role}
    if "action" in known and "progress" not in known:
        for col in columns:
            # an action has no measured value: a 'position' header over sentences ('Position this
            # period', 'Current position', 'Latest position') is the progress commentary, and its
            # header outranks a column of sentences whose header names nothing ('Resource
            # implication', 'Risks') for that role
            position = col.role is None and classify_header(col.header) == "actual"
            if position and _mostly(columns, rows, col, "text"):
                col.role = "progress"
                known.add("progress")
                break
    if "action" not in known and not _date_columns(columns, rows):
        for col in columns:
            # 'Ref' over indicator codes ('BVPI 96', 'NI 161') in a table with no action and no
            # dates: the table is of measures and the column holds their codes
            if col.role == "ref" and _mostly_codes(col, rows):
                col.role = "pi_code"
    taken = {c.role for c in columns if c.role}
    # a 'Description' column alone does not make an indicator table: beside dates it describes actions
    strong = taken & (_MEASURES - {"pi_description"} | {"polarity"})
    # a run of period columns ('Jul | Aug | Oct', 'Q1 | Q2') is a scorecard's series of values:
    # measures are reported by period, actions are not
    series_headers = sum(bool(c.role in (None, "actual") and period_column(c.header)) for c in columns)
    # a first column of codes ('CSC 093b', 'NI 145') in a table with no dates: the rows are
    # measures, even when a table of one row gives too few cells to type its other columns by
    coded = _first_column_codes(columns, rows) and not _date_columns(columns, rows)
    measures = "action" not in taken and bool(
        strong
        or series_headers >= 2
        or coded
        or ("pi_description" in taken and not _date_columns(columns, rows))
    )
    date_columns: list[Column] = []
    amount_columns: list[Column] = []
    for col in columns:
        if col.role is not None:
            continue
        texts = []
        swatches = 0
        for row in rows:
            cell = row.cell_for(col.index)
            if cell is not None and cell.col_start == cell.col_end == col.index and cell.lines:
                texts.append(cell.flat)
            elif cell is not None and cell.col_start == cell.col_end and _own_fill(row, cell):
                swatches += 1
        if swatches >= 2 and swatches >= AGREE * (swatches + len(texts)) and "status" not in taken:
            # coloured cells with no text, coloured unlike the rest of their row (a zebra or
            # header band colours the whole row): a RAG column drawn in colour only
            col.role = "status"
            taken.add("status")
            continue
        kinds = [_kind_in_table(t, measures) for t in texts]
        if "code" in kinds or measures or col.index != min(c.index for c in columns):
            # a ref led by letters beside codes, in an indicator table, or in any column but the
            # first (where refs are printed) is a code (NI 49, CP02)
            kinds = [
                "code" if k == "ref" and re.match(r"\s*[A-Za-z]{2,}", t) else k
                for k, t in zip(kinds, texts, strict=True)
            ]
        kinds = [k for k in kinds if k != "blank"]
        if not kinds or (len(texts) < 2 and not (measures and kinds[0] in ("code", "text", "amount"))):
            # one cell (or only dashes) is too little to go on; but in an indicator table of one
            # measure the cell that reads as a code ('CP21', 'NI 161') is the measure's code, a
            # phrase its description and a lone figure beside the period series its target
            continue
        if col.index == min(c.index for c in columns) and ref_sequence(texts):
            kinds = ["ref"] * len(kinds)  # '1.01.01', '1.01.02': numbered refs that also read as dates
        best = max(set(kinds), key=kinds.count)
        if best is None or kinds.count(best) < AGREE * len(kinds):
            continue
        if best == "date" and "start" not in taken and _start_marked(texts):
            col.role = "start"  # 'From Mar 23', 'Commencing May 2024': dates that say they begin
        elif best == "date":
            date_columns.append(col)
        elif best == "amount":
            amount_columns.append(col)
        elif best == "status" and "status" not in taken:
            col.role = "status"
        elif best == "ref" and "ref" not in taken and col.index == min(c.index for c in columns):
            col.role = "ref"
        elif best == "name" and "lead" not in taken:
            col.role = "lead"
        elif best == "code" and "pi_code" not in taken and "action" not in taken:
            col.role = "pi_code"
        elif best == "text" and "action" not in taken and "pi_description" not in taken:
            col.role = "pi_description" if taken & _MEASURES else "action"
        elif best == "text" and "progress" not in taken:
            col.role = "progress"  # a second column of sentences beside the action: commentary
        if col.role:
            taken.add(col.role)
    # Date columns in order: the due date first when there is one; with two, the earlier is the start.
    free = [r for r in ("start", "due", "revised_due") if r not in taken]
    due_at = next((c.index for c in columns if c.role == "due"), None)
    if len(date_columns) == 1 and "due" in free:
        date_columns[0].role = "due"
    elif len(date_columns) == 1 and "start" in free and due_at is not None and date_columns[0].index < due_at:
        date_columns[0].role = "start"  # a date printed before the due date is the start
    elif (
        len(date_columns) == 1
        and due_at is not None
        and "start" in free
        and _earlier(rows, date_columns[0], columns[due_at])
    ):
        date_columns[0].role = "start"  # after the due date in print, but its dates come first
    elif (
        len(date_columns) == 1
        and due_at is not None
        and "revised_due" in free
        and _earlier(rows, columns[due_at], date_columns[0])
    ):
        date_columns[0].role = "revised_due"  # dates after the due date's, where both are given
    elif len(date_columns) == 1 and free == ["start"]:
        date_columns[0].role = "start"  # beside a known due and revised date, in any order
    elif len(date_columns) >= 2:
        if free[:2] == ["start", "due"] and _earlier(rows, date_columns[1], date_columns[0]):
            # columns in a house order ('Finish' before 'Kick-off'): the dates say which is the start
            date_columns[:2] = date_columns[1::-1]
        for col, role in zip(date_columns, free, strict=False):
            col.role = role
    # One column of figures beside a known target is the value, beside a known value the target;
    # two unknown columns of figures (baseline? target? value?) stay unknown.
    # Columns headed by a period ('Apr', 'Q2', 'Oct 2024') are a series of values: the indicator
    # reader takes the latest, so they keep no role here.
    series = [c for c in amount_columns if _PERIOD_HEADER.match(c.header.strip())]
    amount_columns = [c for c in amount_columns if c not in series]
    if "pi_code" in taken and "action" not in taken and "actual" not in taken:
        for col in columns:
            if col.role == "progress":
                # the cells showed the records are measures (their codes): 'Progress' there is the
                # reported value, as the header reads in an indicator table (vocab/headers)
                col.role = "actual"
                taken.add("actual")
                break
    # a series of period columns gives the measure's value (its latest), so a figure beside it
    # ('Aim') is the target
    open_measures = [r for r in ("target", "actual") if r not in taken and not (r == "actual" and series)]
    if len(amount_columns) == 1 and len(open_measures) == 1:
        amount_columns[0].role = open_measures[0]


_START_MARK = re.compile(r"\s*(?:from|starting|commencing|beginning|begins|starts)\b", re.IGNORECASE)


_DOTTED = re.compile(r"^\(?(\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?$")


def ref_sequence(texts: list[str]) -> bool:
    """The cells number their rows: dotted refs whose last part counts up ('1.01.01', '1.01.02', '2.01.01').

    Padded and dotted refs ('4.01.01', '1.2.3') also read as d.m.yy dates. Dates in a column rarely
    run in steps of one, refs in a Ref column do: each ref is the one before with its last part one
    higher, or starts a new group at 1 (or 01). Most steps must follow the rule.
    """
    parts: list[list[int]] = []
    for text in texts:
        m = _DOTTED.match(re.sub(r"\s+", "", text))
        if not m:
            return False
        parts.append([int(p) for p in m.group(1).split(".")])
    if len(parts) < 2:
        return False
    steps = 0
    for a, b in itertools.pairwise(parts):
        same_group = len(a) == len(b) and a[:-1] == b[:-1]
        steps += (same_group and b[-1] == a[-1] + 1) or (not same_group and b[-1] == 1)
    return steps >= AGREE * (len(parts) - 1)


def _start_marked(texts: list[str]) -> bool:
    """Most of a date column's cells open with a word that makes the date a start ('From Mar 23')."""
    return sum(bool(_START_MARK.match(t)) for t in texts) >= AGREE * len(texts)


_QUARTER_KEY = re.compile(r"\b(?:q|qtr|quarter)\s*([1-4])\s+(\d{4})(?:\s*(?:/|-|to)\s*(\d{2,4}))?\b", re.I)
_FY_KEY = re.compile(r"\b(\d{4})\s*(?:/|-|to)\s*(\d{2}|\d{4})\b")


def _month_key(text: str) -> tuple[int, int] | None:
    """(year, month) of a date cell ('Nov 2024', '01/11/2024', 'From Feb 24', 'Q3 2024', '2024/25'),
    the first month of a quarter or financial year; None when unsure."""
    if m := re.search(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\b", text):
        year = int(m.group(3))
        return (year + 2000 if year < 100 else year, int(m.group(2)))
    if m := _QUARTER_KEY.search(text):
        q, year = int(m.group(1)), int(m.group(2))
        if m.group(3):  # a financial year's quarter: Q1 is April
            return (year + (q == 4), (3 * q + 1) % 12 or 12)
        return (year, 3 * q - 2)
    if m := _FY_KEY.search(text):
        return (int(m.group(1)), 4)
    m = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})\b", text)
    if m and m.group(1).lower() in MONTHS:
        year = int(m.group(2))
        return (year + 2000 if year < 100 else year, MONTHS[m.group(1).lower()])
    return None


def _earlier(rows: list[Row], a: Column, b: Column) -> bool:
    """Column a's dates come before column b's in most rows that date both (a is the start)."""
    before = after = 0
    for row in rows:
        ca, cb = row.cell_for(a.index), row.cell_for(b.index)
        ka = _month_key(ca.flat) if ca is not None and ca.col_start == ca.col_end else None
        kb = _month_key(cb.flat) if cb is not None and cb.col_start == cb.col_end else None
        if ka and kb:
            before += ka < kb
            after += ka > kb
    return before >= 2 and after == 0


def _own_fill(row: Row, cell: Cell) -> bool:
    """The cell is filled in a colour the other cells of its row do not share."""
    if cell.fill is None:
        return False
    others = [c.fill for c in row.cells if c is not cell]
    return bool(others) and others.count(cell.fill) < len(others) / 2


def _mostly_codes(col: Column, rows: list[Row]) -> bool:
    texts = [c.flat.strip() for c in (row.cell_for(col.index) for row in rows) if c is not None and c.lines]
    codes = [t for t in texts if _CODE.match(t) and re.match(r"[A-Za-z]{2,}", t) and t != "NEW"]
    return bool(texts) and len(codes) >= AGREE * len(texts)


_DATE_ROLES = ("start", "due", "revised_due", "completed")
_OPEN_DATE = re.compile(r"^(?:ongoing|on-going|tbc|tba|tbd|to be confirmed)$", re.IGNORECASE)


def _own_texts(rows: list[Row], col: Column) -> list[str]:
    """The texts of the cells that sit in the column alone (no section rows or other spanning cells)."""
    return [
        re.sub(r"\s+", " ", c.flat).strip()
        for c in (row.cell_for(col.index) for row in rows)
        if c is not None and c.col_start == c.col_end == col.index and c.lines
    ]


def _mostly_sentences(rows: list[Row], col: Column) -> bool:
    """Three or more of the column's own cells, nearly all sentences and none a date."""
    kinds = [_kind_of_value(t) for t in _own_texts(rows, col)]
    return len(kinds) >= 3 and "date" not in kinds and kinds.count("text") >= 0.9 * len(kinds)


def _mostly_dated(rows: list[Row], col: Column) -> bool:
    """Nearly all of the column's own cells (three or more) are dates, most of them with a month or year
    (not only 'TBC' or 'Ongoing')."""
    texts = _own_texts(rows, col)
    dated = [t for t in texts if is_date_text(t)]
    real = [t for t in dated if not _OPEN_DATE.match(t)]
    return len(texts) >= 3 and len(dated) >= 0.9 * len(texts) and len(real) >= AGREE * len(texts)


def _first_column_codes(columns: list[Column], rows: list[Row]) -> bool:
    """Every filled cell of the first column is an indicator code ('NI 145', 'CSC 093b')."""
    if not columns or columns[0].role not in (None, "ref", "pi_code"):
        return False
    texts = [c.flat for c in (row.cell_for(columns[0].index) for row in rows) if c is not None and c.lines]
    return bool(texts) and all(_kind_of_value(t) == "code" for t in texts)


def _mostly(columns: list[Column], rows: list[Row], col: Column, kind: str) -> bool:
    texts = [c.flat for c in (row.cell_for(col.index) for row in rows) if c is not None and c.lines]
    kinds = [_kind_of_value(t) for t in texts]
    return len(kinds) >= 2 and kinds.count(kind) >= AGREE * len(kinds)


def _date_columns(columns: list[Column], rows: list[Row]) -> int:
    """How many columns (known as dates or not yet typed) hold dates in most of their cells."""
    count = 0
    for col in columns:
        if col.role not in (None, "start", "due", "revised_due", "completed"):
            continue
        texts = [c.flat for c in (row.cell_for(col.index) for row in rows) if c is not None and c.lines]
        kinds = [_kind_of_value(t) for t in texts]
        if ref_sequence(texts):
            continue
        count += bool(kinds) and kinds.count("date") >= AGREE * len(kinds)
    return count


# An indicator code as a scan prints it: a letter read as a sign ('BVP! 86', 'N| 117'); two codes
# when two rows' cells ran together ('BVPI 65 BVPI 87').
_ONE_SCAN_CODE = r"[A-Z][A-Z!|]{1,5}[\s/-]?\d{1,4}[a-z]?"
_SCAN_CODE = re.compile(rf"^{_ONE_SCAN_CODE}(?:\s+{_ONE_SCAN_CODE})*$")


def _kind_in_table(text: str, measures: bool) -> str | None:
    """A cell's kind of value; in an indicator table, figures and 'n/a' are amounts ('blank' for 'n/a')
    and code-shaped tokens codes, though OCR read a letter as a sign."""
    if measures:
        flat = re.sub(r"\s+", " ", text).strip()
        if _SCAN_CODE.match(flat) and _kind_of_value(flat) not in ("date", "status"):
            return "code"
        if flat.casefold() in _NO_VALUE:
            return "blank"
        if _AMOUNT.match(flat) and not re.fullmatch(r"\d{1,2}", flat):
            return "amount"  # a bare small number is a ref ('2': the recommendation), not a figure
        if len(flat.split()) >= 4 and _kind_of_value(flat) is None:
            return "text"  # a measure's definition is a phrase ('% of agency social workers')
    return _kind_of_value(text)
