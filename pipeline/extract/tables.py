"""Table readers: summary rows to recommendations, detail tables to actions and indicators, legends."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.codes import issue
from pipeline.extract.cells import (
    block_lines,
    norm,
    paragraphs,
    provenance,
    split_ref,
    text_and_bullets,
    unglue_ref,
)
from pipeline.extract.dates import parse_plan_date
from pipeline.extract.numbers import (
    infer_polarity,
    parse_actual,
    parse_measure,
    repair_percent,
    stated_polarity,
)
from pipeline.extract.rag import KeyRow, key_row_from_cells, read_status, status_from_narrative
from pipeline.layout.content import is_names
from pipeline.models import (
    Action,
    DeliveryState,
    Indicator,
    Issue,
    Legend,
    PageSource,
    PlanDate,
    Polarity,
    Rag,
    Recommendation,
    StatusSource,
)
from pipeline.models.layout import Cell, Row, Table
from pipeline.vocab.dates import DATE_LABEL, LABEL_ROLE
from pipeline.vocab.headers import period_column, period_from_header
from pipeline.vocab.refs import VALID_REF, recommendation_of_ref
from pipeline.vocab.sections import LEAD_LINE_RE, NO_PI_RE, SECTION_RE, parse_heading, split_section_block
from pipeline.vocab.status import BAU_RE, RAG_SENTENCE_RE


@dataclass
class Context:
    """What the readers share while walking one document; read only: each reader returns the issues
    it met with what it found."""

    legend: Legend
    source_of: dict[int, PageSource]
    edition_date: dt.date | None = None
    ocr_pages: set[int] = field(default_factory=set)

    def source(self, page: int) -> PageSource:
        """Page source of a page."""
        return self.source_of.get(page, PageSource.TEXT_LAYER)


def _cell(row: Row, table: Table, role: str) -> Cell | None:
    j = table.role_index(role)
    return row.cell_for(j) if j is not None else None


def _text(cell: Cell | None) -> str:
    return norm(cell.flat) if cell is not None else ""


def _lead_text(cell: Cell | None) -> str:
    """A lead cell's text; leads stacked one per line ('Helen Wu' / 'Lucy Fernandes') are set apart.

    Dense trackers print two leads in one cell on lines of their own, with no separator; lines that
    are each a whole name (two or more capitalised words) are two leads, while a name or post
    wrapped in a narrow cell ('Director of Children's' / 'Services') stays one. A narrow cell also
    wraps a name itself, first name over surname ('Martin' / 'Graham' / 'Omar Patel'): two lines of
    one word each are one name.
    """
    if cell is None or len(cell.lines) < 2:
        return _text(cell)
    names: list[str] = []
    pending = ""  # a first name whose surname wrapped onto the next line ('Martin' / 'Graham')
    for line in (norm(ln.text) for ln in cell.lines):
        if pending and len(line.split()) == 1:
            names.append(f"{pending} {line}")
            pending = ""
        elif len(line.split()) == 1 and not pending:
            pending = line
        else:
            names.append(line)
    if pending:
        names.append(pending)
    if len(names) >= 2 and all(
        len(t.split()) >= 2 and is_names(t) and not _POST_WORD.search(t) for t in names
    ):
        return " / ".join(names)
    return _text(cell)


_POST_WORD = re.compile(r"\b(?:of|for|and|the|Head|Director|Manager|Officer|Lead|Team|Service|Services)\b")


def _status(
    ctx: Context, issues: list[Issue], cell: Cell | None, record: str
) -> tuple[DeliveryState, Rag, str | None, StatusSource, float]:
    if cell is None:
        return DeliveryState.UNKNOWN, Rag.NONE, None, StatusSource.MISSING, 1.0
    token = _text(cell) or None
    if token and " " in token and cell.page in ctx.ocr_pages:
        token = _without_specks(token)
    reading = read_status(token, cell.fill, ctx.legend, ocr=cell.page in ctx.ocr_pages)
    for code, message in reading.issues:
        issues.append(issue(code, message, page=cell.page, record=record, field="rag"))
    # a missing status is reported (PT208) but says nothing about how well the other fields were read
    conf = 1.0 if reading.status_source is StatusSource.MISSING else reading.confidence
    return reading.delivery_state, reading.rag, reading.status_raw, reading.status_source, conf


_DASHES = {"-", "–", "—"}


def _without_specks(token: str) -> str:
    """An OCR'd status cell's words with letters, less the specks beside them ('G —_—' is 'G').

    A lone dash between two words is the status's own punctuation, kept as printed: keys and
    status cells write the colour and its meaning as one phrase ('Red - behind schedule').
    """
    parts = token.split()
    lettered = [bool(re.search(r"[A-Za-z0-9]", t)) for t in parts]
    kept = [
        t
        for k, t in enumerate(parts)
        if lettered[k] or (t in _DASHES and any(lettered[:k]) and any(lettered[k + 1 :]))
    ]
    return " ".join(kept) or token


def _status_fields(state: DeliveryState, rag: Rag, raw: str | None, source: StatusSource) -> dict[str, Any]:
    """A record's four status fields, as every record model names them."""
    return {"delivery_state": state, "rag": rag, "status_raw": raw, "status_source": source}


def _date(
    ctx: Context, issues: list[Issue], cell: Cell | None, record: str, fieldname: str
) -> PlanDate | None:
    raw = _text(cell)
    if not raw:
        return None
    parsed = parse_plan_date(raw, edition_date=ctx.edition_date)
    if parsed is not None and parsed.precision.value == "unknown" and cell is not None:
        issues.append(
            issue("PT209", f"cannot read '{raw}' as a date", page=cell.page, record=record, field=fieldname)
        )
    return parsed


def read_summary(table: Table, ctx: Context) -> tuple[list[Recommendation], list[Issue]]:
    """One recommendation per summary row: number + text | lead line, narrative, RAG sentence | RAG cell.

    Returns the recommendations and the issues met reading them.
    """
    recs: list[Recommendation] = []
    issues: list[Issue] = []
    for row in table.rows:
        rec_cols = {c.index for c in table.columns if c.role == "recommendation"}
        first_rec = min(rec_cols) if rec_cols else 0
        # the number may sit in its own narrow column, headed or not, left of the text
        rec_cells = [c for c in row.cells if c.lines and (c.col_start in rec_cols or c.col_end < first_rec)]
        if not rec_cells:
            continue
        text = norm(" ".join(c.flat for c in rec_cells))
        m = re.match(r"^(\d{1,3})\s*[.:|)]?\s+(.*)$", text)
        if not m:
            continue
        number, title = int(m.group(1)), m.group(2)
        record = f"recommendation:{number}"
        progress_cell = _cell(row, table, "progress")
        lines = progress_cell.lines if progress_cell else []
        leads_raw = None
        body = []
        narrative_status = None
        for ln in lines:
            lm = LEAD_LINE_RE.match(ln.text)
            rm = RAG_SENTENCE_RE.match(ln.text.strip())
            if lm and leads_raw is None:
                leads_raw = norm(lm.group("leads")) or None
            elif rm:
                narrative_status = status_from_narrative(ln.text)
            else:
                body.append(ln)
        progress = "\n".join(paragraphs(body)) or None
        if leads_raw is None:
            leads_raw = _text(_cell(row, table, "lead")) or None  # a Lead column of its own
        bau = BAU_RE.search(progress or "")
        status_cell = _cell(row, table, "status")
        if bau and not _text(status_cell):
            state, rag, raw, source, conf = DeliveryState.UNKNOWN, Rag.NONE, None, StatusSource.MISSING, 1.0
        else:
            state, rag, raw, source, conf = _status(ctx, issues, status_cell, record)
        if bau:
            state, rag, raw, source = (
                DeliveryState.BUSINESS_AS_USUAL,
                Rag.NONE,
                norm(bau.group(0)),
                StatusSource.TEXT,
            )
            progress = norm(BAU_RE.sub("", progress or "", count=1)) or None
        elif source is StatusSource.MISSING and narrative_status is not None:
            state, rag = narrative_status.delivery_state, narrative_status.rag
            raw, source, conf = (
                narrative_status.status_raw,
                narrative_status.status_source,
                narrative_status.confidence,
            )
        elif narrative_status is not None and rag is not Rag.NONE and narrative_status.rag is not rag:
            issues.append(
                issue(
                    "PT206",
                    f"RAG cell says {rag.value} but the narrative says {narrative_status.rag.value}",
                    page=row.page,
                    record=record,
                    field="rag",
                )
            )
        if state is DeliveryState.UNKNOWN and rag is not Rag.NONE:
            state = DeliveryState.IN_PROGRESS
        prov = provenance([*rec_cells, progress_cell], ctx.source(row.page))
        prov.confidence = round(min(prov.confidence, conf), 3)
        recs.append(
            Recommendation(
                number=number,
                title=title,
                leads_raw=leads_raw,
                **_status_fields(state, rag, raw, source),
                progress=progress,
                provenance=prov,
            )
        )
    return recs, issues


def read_indicators(table: Table, rec: int, ctx: Context) -> tuple[list[Indicator], list[Issue]]:
    """Indicator rows of a detail block (PI code | description | lead | target | actual | RAG).

    Returns the indicators and the issues met reading them.
    """
    out: list[Indicator] = []
    issues: list[Issue] = []
    actual_col = table.role_index("actual")
    if actual_col is None:
        # 'Progress' in an indicator table holds the reported value (DOMAIN.md), whichever kind the
        # header was classified for
        actual_col = table.role_index("progress")
    period = period_from_header(table.columns[actual_col].header) if actual_col is not None else None
    if actual_col is not None and period is None:
        period = _split_off_period(table, actual_col)
    # Scorecards that print a value per quarter or month ('Q1 | Q2 | Q3') and no 'Actual' column:
    # the latest filled period column holds the actual (the first of the run may have been typed
    # the actual from its figures).
    period_cols = [
        (c.index, p) for c in table.columns if c.role in (None, "actual") and (p := period_column(c.header))
    ]
    if not (actual_col is None or (len(period_cols) >= 2 and actual_col in {j for j, _ in period_cols})):
        period_cols = []
    desc_col = table.role_index("pi_description")
    if desc_col is None:
        desc_col = _unheaded_description(table, {j for j, _ in period_cols})
    target_col = table.role_index("target")
    if target_col is None:
        skip = {j for j, _ in period_cols} | ({desc_col} if desc_col is not None else set())
        target_col = _unheaded_target(table, skip) if actual_col is not None or period_cols else None
    value_cols = [target_col, actual_col, table.role_index("baseline")]
    value_cols += [j for j, _ in period_cols]
    rec_col = _recommendation_column(table)
    block_rec = rec
    for row in table.rows:
        if row.spans_all and NO_PI_RE.search(" ".join(c.flat for c in row.cells)):
            continue
        code = _text(_cell(row, table, "pi_code"))
        if row.page in ctx.ocr_pages and (fixed := _scan_code(code)) != code:
            # a scan reads the I of an upper-case code as a sign ('BVP! 86', 'N| 117'), a 1 among its
            # figures as a letter ('CSC 29la', 'CP1l') and its first capital small ('cP15')
            issues.append(issue("PT211", f"OCR code '{code}' read as '{fixed}'", page=row.page, field="code"))
            code = fixed
        desc = _text(row.cell_for(desc_col) if desc_col is not None else None)
        if not code and not desc:
            continue
        if not _is_indicator_row(row, code, value_cols):
            continue
        rec = block_rec
        if rec_col is not None and (n := _rec_number(_text(row.cell_for(rec_col)))) is not None:
            rec = n  # a scorecard after a long tracker names each indicator's recommendation
        record = f"indicator:R{rec}-{code}"
        if "/9 of" in desc or desc.startswith("/9"):
            desc = desc.replace("/9 of", "% of")
            issues.append(
                issue(
                    "PT211",
                    "OCR '/9' read as '%' in a description",
                    page=row.page,
                    record=record,
                    field="description",
                )
            )
        target_raw = _text(row.cell_for(target_col) if target_col is not None else None)
        actual_raw = _text(row.cell_for(actual_col) if actual_col is not None else None)
        row_period, used_col = period, None
        for j, label in reversed(period_cols):
            cell = row.cell_for(j)
            if cell is not None and cell.col_start == cell.col_end == j and _text(cell):
                actual_raw, row_period, used_col = _text(cell), label, j
                break
        penalty = 0.0
        if actual_raw and (target_raw.endswith("%") or desc.startswith("%")) and row.page in ctx.ocr_pages:
            repaired, changed = repair_percent(actual_raw)
            if changed:
                issues.append(
                    issue(
                        "PT211",
                        f"OCR value '{actual_raw}' read as '{repaired}'",
                        page=row.page,
                        record=record,
                        field="actual",
                    )
                )
                actual_raw, penalty = repaired, 0.2
        state, rag, raw, source, conf = _status(ctx, issues, _cell(row, table, "status"), record)
        lead_cell = _cell(row, table, "lead")
        prov = provenance(list(row.cells), ctx.source(row.page), penalty=penalty)
        prov.confidence = round(min(prov.confidence, conf), 3)
        extra = _extra(row, table, INDICATOR_ROLES)
        for read_col in (used_col, actual_col, target_col):
            if read_col is not None and table.columns[read_col].role not in INDICATOR_ROLES:
                extra.pop(table.columns[read_col].header, None)  # read as the actual or the target
        polarity = infer_polarity(desc)
        stated = _text(_cell(row, table, "polarity"))
        if stated and (said := stated_polarity(stated)) is not Polarity.UNKNOWN:
            polarity = said  # the plan's own polarity column outranks the wording; '-' there says nothing
        out.append(
            Indicator(
                key=f"R{rec}-{code or '#'}",
                recommendation=rec,
                code=code,
                description=desc,
                leads_raw=_text(lead_cell) or None,
                target=parse_measure(target_raw) if target_raw else None,
                actual=parse_actual(actual_raw, row_period) if actual_raw else None,
                polarity=polarity,
                **_status_fields(state, rag, raw, source),
                extra=extra,
                provenance=prov,
            )
        )
    return out, issues


_SIGN_IN_CODE = re.compile(r"(?<=[A-Z])[!|](?=[A-Z]*[\s/-]?\d)")

_ONE_IN_FIGURES = re.compile(r"(?<=\d)[lI|](?=\d|[a-z]?$)")
_SMALL_FIRST = re.compile(r"^[a-z](?=[A-Z]+[\s/-]?\d)")


def _scan_code(code: str) -> str:
    """An indicator code as printed, from its OCR reading: signs and letters put back (see above)."""
    code = _SIGN_IN_CODE.sub("I", code)
    code = _ONE_IN_FIGURES.sub("1", code)
    return _SMALL_FIRST.sub(lambda m: m.group(0).upper(), code)


_REC_CELL = re.compile(r"(?:R|Rec\.?\s*|Recommendation\s*)?(\d{1,2})\.?", re.IGNORECASE)


def _rec_number(text: str) -> int | None:
    m = _REC_CELL.fullmatch(text.strip())
    if m:
        return int(m.group(1))
    # two rows' cells run together on a scan ('4 4'): one number, when they agree
    numbers = (
        {n for part in text.split() if (n := _rec_number(part)) is not None} if " " in text.strip() else set()
    )
    return numbers.pop() if len(numbers) == 1 and all(_REC_CELL.fullmatch(p) for p in text.split()) else None


def _recommendation_column(table: Table) -> int | None:
    """The column of a scorecard that gives each indicator's recommendation number ('Rec | Code | ...').

    A combined scorecard printed after one long tracker has no headings above its rows: a narrow
    column headed like a number or recommendation ('Rec', 'Ref', 'No.', 'Recommendation') whose cells
    are all small numbers ('1', 'R2') says which recommendation each indicator serves. The PI code
    column itself is never it (codes such as 'NI 159' are not bare numbers anyway).
    """
    for col in table.columns:
        # whole words: a month column ('Nov') is no 'No.' column
        if col.role not in ("ref", "recommendation", None) or not re.match(
            r"^\s*(?:rec(?:ommendation)?s?|ref(?:erence)?|no)\b", col.header, re.I
        ):
            continue
        texts = [_text(row.cell_for(col.index)) for row in table.rows]
        filled = [t for t in texts if t]
        if len(filled) >= 1 and all(_rec_number(t) is not None for t in filled):
            return col.index
    return None


_NOT_STATED = {
    "-",
    "–",
    "—",
    "n/a",
    "na",
    "n/k",
    "nk",
    "tbc",
    "tba",
    "nil",
    "none",
    "no data",
    "not available",
}


def _is_value(text: str) -> bool:
    """A figure ('53%', '£1.2m', '501 days', '1,234') or a mark that no figure is set ('-', 'n/a')."""
    measure = parse_measure(text) if text else None
    return text.casefold() in _NOT_STATED or (measure is not None and measure.value is not None)


def _is_indicator_row(row: Row, code: str, value_cols: list[int | None]) -> bool:
    """Whether a row of an indicator table is an indicator: it has a code, or a value of its own.

    A band of the table that follows (an action table's 'What we will do | ... | Reported monthly'
    header or objective row) can be read into an indicator table above it; it has neither a code
    ('NI 159', 'SCC/011b', 'NEW') nor a target or value cell holding a figure or a not-set mark.
    """
    if code and len(code) <= 14 and (any(ch.isdigit() for ch in code) or code.isupper()):
        return True
    for j in value_cols:
        cell = row.cell_for(j) if j is not None else None
        if cell is None or cell.col_start != cell.col_end:
            continue  # a cell spanning columns is a band's text, not a value
        if _is_value(_text(cell)):
            return True
    return False


def _own_cell_texts(table: Table, index: int) -> list[str]:
    """The non-empty texts of the cells that sit in column `index` alone (no spanning cells)."""
    texts = [
        _text(c)
        for row in table.rows
        if (c := row.cell_for(index)) is not None and c.col_start == c.col_end == index
    ]
    return [t for t in texts if t]


def _unheaded_target(table: Table, skip: set[int]) -> int | None:
    """The target column of an indicator table whose target header is on no list ('Aim', 'Goal').

    Every indicator table states a target. When no header names it and there is an actual (or
    period) column, the one unclassified column of figures ('53%', '-', '£1.2m') is the target;
    with two or more such columns which one is meant is a guess, so none is taken.
    """
    figures: list[int] = []
    for col in table.columns:
        if col.role is not None or col.index in skip:
            continue
        texts = _own_cell_texts(table, col.index)
        values = [t for t in texts if _is_value(t)]
        if (
            values
            and len(values) >= 0.8 * len(texts)
            and any(t.casefold() not in _NOT_STATED for t in values)
        ):
            figures.append(col.index)
    return figures[0] if len(figures) == 1 else None


def _split_off_period(table: Table, actual_col: int) -> str | None:
    """The period of a value column whose header wrapped into a column of its own ('Progress | YTD').

    An unruled header can be split at its word gap: the period lands over an empty neighbour column.
    """
    j = actual_col + 1
    if j >= len(table.columns) or table.columns[j].role is not None:
        return None
    label = period_column(table.columns[j].header)
    if label is None:
        return None
    cells = [row.cell_for(j) for row in table.rows]
    if any(c is not None and c.col_start == c.col_end == j and _text(c) for c in cells):
        return None  # a column with values of its own is a period column, not a wrapped header
    return label


def _unheaded_description(table: Table, skip: set[int]) -> int | None:
    """The column that holds the indicators' descriptions when no header names it.

    A description header can be lost (a narrow neighbour's header overflowing into it, an OCR-shredded
    header): then the one unclassified column whose cells read as wording (several words, mostly
    letters) in most rows is the description. None when no column, or more than one, reads so.
    """
    wordy: list[int] = []
    for col in table.columns:
        if col.role is not None or col.index in skip:
            continue
        texts = _own_cell_texts(table, col.index)
        prose = [t for t in texts if len(t.split()) >= 3 and sum(ch.isalpha() for ch in t) >= 0.6 * len(t)]
        if texts and len(prose) >= 0.6 * len(texts):
            wordy.append(col.index)
    return wordy[0] if len(wordy) == 1 else None


def _extra(row: Row, table: Table, known: set[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for col in table.columns:
        if col.role in known or col.role in ("ref", "action"):
            continue
        cell = row.cell_for(col.index)
        if cell is None or cell.col_start != col.index:
            continue
        text = norm(cell.flat)
        if text and col.header:
            extra[col.header] = text
    return extra


def _is_section_row(row: Row, table: Table, filled: list[Cell]) -> bool:
    """A section row ('Area for improvement 2: ...') spans the table: it has no date or status of its own.

    On a scan its text may be cut at column boundaries, so 'one spanning cell' is not required; a
    single-column date or status cell that reads as a date or has a fill says it is an action row.
    """
    if len(filled) == 1:
        return True
    for role in ("due", "start", "revised_due", "status"):
        j = table.role_index(role)
        cell = row.cell_for(j) if j is not None else None
        if cell is None or cell.col_start != cell.col_end:
            continue
        if role == "status" and cell.fill:
            return False
        parsed = parse_plan_date(_text(cell)) if _text(cell) else None
        if parsed is not None and parsed.precision.value != "unknown":
            return False
    return True


ACTION_ROLES = {"ref", "action", "lead", "start", "due", "revised_due", "completed", "status", "progress"}
INDICATOR_ROLES = {"pi_code", "pi_description", "lead", "target", "actual", "status", "polarity"}


def read_actions(
    table: Table, rec: int | None, ctx: Context
) -> tuple[list[Action], list[Recommendation], list[Issue]]:
    """Action rows; objective rows group the actions below them; section rows start a new recommendation.

    Returns the actions, the recommendations the section rows introduce, and the issues met.
    """
    out: list[Action] = []
    sections: list[Recommendation] = []
    issues: list[Issue] = []
    objective: str | None = None
    action_col = table.role_index("action")
    open_section = False  # a section row was the last row read: no action under it yet
    for row in table.rows:
        filled = [c for c in row.cells if c.lines]
        if not filled:
            continue
        action_cell = row.cell_for(action_col) if action_col is not None else filled[0]
        ref_cell = _cell(row, table, "ref")
        if ref_cell is not None and ref_cell is action_cell and ref_cell.col_start != ref_cell.col_end:
            ref_cell = None  # one cell across the ref and action columns: its ref, if any, leads its text
        others = [
            c
            for c in filled
            if c is not action_cell
            and c is not ref_cell
            and not (
                action_cell is not None
                and c.col_start >= action_cell.col_start
                and c.col_end <= action_cell.col_end
            )
        ]
        joined = norm(" ".join(c.flat for c in filled))
        section = SECTION_RE.match(joined)
        if open_section and not section and _narrative_row(row, table):
            # a section row's narrative wrapped into a row of its own, a spanning cell of sentences
            # with no ref (long trackers print a recommendation's progress under its heading): the
            # section's progress, not an action
            _add_narrative(sections[-1], [ln.text for ln in block_lines(filled)])
            continue
        if section and _is_section_row(row, table, filled):
            block = block_lines(filled)
            heading_text, line_lead, narrative = split_section_block(
                [ln.text for ln in block], [ln.bold for ln in block]
            )
            parsed = parse_heading(heading_text) or parse_heading(joined)
            assert parsed is not None
            rec, title, leads_raw, token = parsed
            objective = None
            section_rec = Recommendation(
                number=rec,
                title=norm(title),
                leads_raw=leads_raw or line_lead,
                progress="\n".join(narrative) or None,
                provenance=provenance(filled, ctx.source(row.page)),
            )
            if token:  # the section row carries the recommendation's own RAG
                reading = read_status(token, None, ctx.legend)
                section_rec.delivery_state, section_rec.rag = reading.delivery_state, reading.rag
                section_rec.status_raw, section_rec.status_source = reading.status_raw, reading.status_source
            sections.append(section_rec)
            open_section = True
            continue
        open_section = False
        text_lines = action_cell.lines if action_cell is not None else []
        ref_text, text_lines = unglue_ref(_text(ref_cell), text_lines)
        meaningful_ref = False
        if ref_text:
            ref: str | None = (
                ref_text.rstrip(".").strip("()") if VALID_REF.match(ref_text.rstrip(".")) else ref_text
            )
            if ref and not VALID_REF.match(ref):
                ref = None  # an OCR-damaged ref ('§.2'): its neighbours will tell (_infer_missing_refs)
                meaningful_ref = True
            text, bullets = text_and_bullets(text_lines)
        else:
            text, bullets = text_and_bullets(text_lines)
            ref, text = split_ref(text)
        meaningful = [c for c in others if c.col_start != table.role_index("status") or _text(c)]
        if ref is None and not meaningful and not bullets and not meaningful_ref:
            if _narrative_row(row, table, whole=False) and not any(ln.bold for ln in text_lines):
                # sentences in plain type across the columns ('Work has started and ...'): a heading's
                # narrative cut off by a page break, no objective (objectives are titles, set bold)
                issues.append(
                    issue(
                        "PT204",
                        f"text in a row of its own, paired with no record: '{text[:60]}'",
                        page=row.page,
                        record=f"recommendation:{rec}" if rec is not None else None,
                    )
                )
                continue
            objective = text or None  # an unlettered objective row groups the actions below it
            continue
        row_rec = rec
        if row_rec is None:
            # No heading above: a hierarchical ref ('3.2', '(3b)', 'R3.2') is the only link to its
            # recommendation (plans with one long table and no section headings).
            row_rec = recommendation_of_ref(ref) if ref else None
            if row_rec is None:
                row_rec = 0
                issues.append(
                    issue(
                        "PT220",
                        "action under no recommendation heading and its ref names none: kept under "
                        "recommendation 0",
                        page=row.page,
                        record=f"action:R0-{ref or '#'}",
                    )
                )
        key_ref = ref if ref else f"#{sum(1 for a in out if a.recommendation == row_rec) + 1}"
        record = f"action:R{row_rec}-{key_ref}"
        state, rag, raw, source, conf = _status(ctx, issues, _cell(row, table, "status"), record)
        if state is DeliveryState.UNKNOWN and rag is not Rag.NONE:
            state = DeliveryState.IN_PROGRESS
        prov = provenance([action_cell or filled[0], *others], ctx.source(row.page))
        prov.confidence = round(min(prov.confidence, conf), 3)
        lead_cell = _cell(row, table, "lead")
        dates = _dates_of_row(row, table)
        out.append(
            Action(
                key=f"R{row_rec}-{key_ref}",
                recommendation=row_rec,
                ref=ref,
                objective=objective,
                text=text,
                bullets=bullets,
                leads_raw=_lead_text(lead_cell) or None,
                start=_date(ctx, issues, dates.get("start"), record, "start"),
                due=_date(ctx, issues, dates.get("due"), record, "due"),
                revised_due=_date(ctx, issues, dates.get("revised_due"), record, "revised_due"),
                completed=_date(ctx, issues, dates.get("completed"), record, "completed"),
                progress=_text(_cell(row, table, "progress")) or None,
                **_status_fields(state, rag, raw, source),
                extra=_extra(row, table, ACTION_ROLES),
                provenance=prov,
            )
        )
    issues.extend(_infer_missing_refs(out))
    return out, sections, issues


def _narrative_row(row: Row, table: Table, *, whole: bool = True) -> bool:
    """One cell of whole sentences, led by no ref, across columns: the table's width (or all but its
    first column) when `whole`, else any two or more."""
    filled = [c for c in row.cells if c.lines]
    if len(filled) != 1 or filled[0].col_end <= filled[0].col_start:
        return False
    cell = filled[0]
    if whole and (cell.col_end < len(table.columns) - 1 or cell.col_start > 1):
        return False
    text = norm(cell.flat)
    ref, _ = split_ref(text)
    return (
        ref is None and not REF_LEAD.match(text) and text.endswith((".", "!", "?")) and len(text.split()) >= 4
    )


REF_LEAD = re.compile(r"^\(?(?:[A-Z]{0,3}\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?|[a-z])[.)]?\s")


def _add_narrative(rec: Recommendation, lines: list[str]) -> None:
    """Lines under a section row: its lead ('Lead officer: NAME') when it has none, else progress."""
    body = []
    for line in lines:
        lm = LEAD_LINE_RE.match(line.strip())
        if lm and rec.leads_raw is None:
            rec.leads_raw = norm(lm.group("leads")) or None
        else:
            body.append(norm(line))
    if body:
        rec.progress = "\n".join([*([rec.progress] if rec.progress else []), *body])


def labelled_dates(text: str, role: str) -> dict[str, str]:
    """A date cell's text by role: labelled parts ('Start: Oct 24 End: Mar 25', one line or several)
    go to the role their label names, unlabelled text to the column's own `role`."""
    parts: dict[str, list[str]] = {}
    current, at = role, 0
    for m in DATE_LABEL.finditer(text):
        if piece := norm(text[at : m.start()]):
            parts.setdefault(current, []).append(piece)
        label = m.group("label") or m.group("label2")
        current, at = LABEL_ROLE[re.sub(r"\s+", " ", label.lower())], m.end()
    if piece := norm(text[at:]):
        parts.setdefault(current, []).append(piece)
    return {r: " ".join(p) for r, p in parts.items()}


def _dates_of_row(row: Row, table: Table) -> dict[str, Cell]:
    """The row's date cells by role; a cell holding labelled dates ('Start: Oct 24' / 'End: Mar 25' /
    'Revised: Jun 25', dense cells seen in real trackers, the labels on lines of their own or run
    together) gives each labelled part to its own role."""
    out: dict[str, Cell] = {}
    for role in ("start", "due", "revised_due", "completed"):
        cell = _cell(row, table, role)
        if cell is None or not cell.lines:
            continue
        text = "\n".join(ln.text.strip() for ln in cell.lines)
        labelled = labelled_dates(text, role)
        if not DATE_LABEL.search(text):
            out.setdefault(role, cell)
            continue
        first = cell.lines[0]
        for r, part in labelled.items():
            if r not in out or r == role:
                out[r] = cell.model_copy(update={"lines": [first.model_copy(update={"text": part})]})
    return out


def _step(ref: str, by: int) -> str | None:
    """The reference `by` places after `ref` in its sequence: b -> c, 1.2 -> 1.3 (roman numerals: None)."""
    if len(ref) == 1 and ref.isalpha():
        n = ord(ref) + by
        return chr(n) if ord("a") <= n <= ord("z") else None
    head, _, last = ref.rpartition(".")
    if last.isdigit() and int(last) + by >= 1:
        return f"{head}.{int(last) + by}" if head else str(int(last) + by)
    return None


def _infer_missing_refs(actions: list[Action]) -> list[Issue]:
    """Give an action whose ref OCR lost the ref its neighbours imply (c, ?, e -> d); a PT216 for each."""
    issues: list[Issue] = []
    for i, a in enumerate(actions):
        if a.ref is not None:
            continue
        before = actions[i - 1] if i > 0 and actions[i - 1].recommendation == a.recommendation else None
        nxt = actions[i + 1] if i + 1 < len(actions) else None
        after = nxt if nxt is not None and nxt.recommendation == a.recommendation else None
        guess = None
        if before is not None and before.ref and after is not None and after.ref:
            guess = _step(before.ref, 1) if _step(before.ref, 2) == after.ref else None
        elif before is None and after is not None and after.ref:
            guess = _step(after.ref, -1)
        taken = {x.ref for x in actions if x.recommendation == a.recommendation}
        if guess and guess not in taken:
            a.ref, a.key = guess, f"R{a.recommendation}-{guess}"
            a.provenance.confidence = round(min(a.provenance.confidence, 0.7), 3)
            message = f"reference missing; read as '{guess}' from the actions either side"
        else:
            message = "action has no reference"
        issues.append(issue("PT216", message, page=a.provenance.page, record=f"action:{a.key}", field="ref"))
    return issues


def read_legend_table(table: Table) -> list[KeyRow]:
    """Legend rows as (label, swatch colour, description, token printed in the swatch)."""
    rows = []
    for row in table.rows:
        if not row.cells or not (row.cells[0].lines or row.cells[0].fill):
            continue  # the header row ("| Progress | Confidence") has an empty label cell
        fill = next((c.fill for c in row.cells if c.fill), None)
        key_row = key_row_from_cells([norm(c.flat) for c in row.cells], fill)
        if key_row is not None:
            rows.append(key_row)
    return rows
