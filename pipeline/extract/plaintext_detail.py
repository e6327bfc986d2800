"""Per-recommendation detail blocks of plain OCR text: indicator rows and action rows, re-paired by order.

OCR of a table without positions (an OCR text export, where word boxes are gone) emits some
columns as separate blocks after the row texts: a recommendation's leads, start dates and
completion dates can follow all its action texts, and its indicator values its actions. Values
printed on a row's own line stay with that row; the others are queued per column and given, in row
order, to the rows that lack that column. Row order is the order of the refs, not of the text (OCR
can read a column of refs as d, f, g, e).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.cells import norm
from pipeline.extract.plaintext_lines import (
    BULLET_RE,
    CODE_RE,
    DATE_RE,
    HEADING_RE,
    PERIOD_RE,
    REF_RE,
    Line,
    Tail,
    clean,
    drop_debris,
    header_roles,
    is_junk,
    split_action_tail,
    split_value_tail,
)
from pipeline.vocab.sections import LEAD_PAREN_RE

NO_PI_RE = re.compile(r"no performance indicators", re.I)
PI_SECTION_RE = re.compile(r"^Related Performance Indicators", re.I)
FOOTER_RE = re.compile(r"^\d{1,3}\s*\|?$")  # a page number left at the foot of a page ('17 |')
# Words after which a wrapped bullet line goes on ("... involved in the" / "planning and").
CONTINUES_RE = re.compile(r"(?:,|\b(?:the|and|or|of|to|in|a|an|for|with|by|that|are|is|from|on|at))$", re.I)
# Letters OCR confuses in a ref column ('e.' read for a printed 'c.').
CONFUSABLE = {"c": "e", "e": "c"}


@dataclass
class DraftAction:
    """An action row as read: text parts and whatever cells were found for it."""

    ref: str | None
    page: int
    order: int
    text: str = ""
    bullets: list[str] = field(default_factory=list)
    glyph_bullet: bool = False
    objective: str | None = None
    lead: str | None = None
    start: str | None = None
    due: str | None = None
    rag: str | None = None
    paired: set[str] = field(default_factory=set)
    ref_repaired: str | None = None


@dataclass
class DraftIndicator:
    """An indicator row as read."""

    code: str
    page: int
    description: str = ""
    lead: str | None = None
    values: list[str] = field(default_factory=list)
    period: str | None = None
    lost_values: int = 0
    paired: bool = False


@dataclass
class Objective:
    """An unlettered row grouping the actions after it."""

    text: str
    first_ref: str | None = None


@dataclass
class DetailBlock:
    """One 'Recommendation N: ... (LEAD)' block and its rows (continuation pages included)."""

    number: int
    title: str
    leads_raw: str | None
    page: int
    actions: list[DraftAction] = field(default_factory=list)
    indicators: list[DraftIndicator] = field(default_factory=list)
    table_period: str | None = None
    unpaired: list[tuple[str, str, int]] = field(default_factory=list)  # (column, value, page)


def _ends(text: str) -> bool:
    return text.rstrip().endswith((".", ":"))


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if a.endswith("-") and a[-2:-1].isalpha():
        return a + b  # '17-year-' + 'olds'
    return f"{a} {b}"


class _BlockReader:
    """Walks one block's lines, keeping which column the orphan values belong to."""

    def __init__(self, block: DetailBlock, known: set[str]) -> None:
        self.block = block
        self.known = known
        self.area = "pi"
        self.context: str | None = None  # column of orphan values: lead, start, due, target
        self.current: DraftAction | Objective | None = None
        self.in_bullet = False
        self.pending_objective: Objective | None = None
        self.objectives: list[Objective] = []
        self.pending_pi_text: list[str] = []
        self.pending_period: str | None = None
        self.queues: dict[str, list[tuple[str, int]]] = {k: [] for k in ("lead", "start", "due", "rag")}
        self.pi_values: list[tuple[list[str], str | None, int]] = []
        self.order = 0

    # -- structure lines -------------------------------------------------------------------
    def header(self, roles: list[str], text: str) -> None:
        kinds = set(roles)
        action_cols = kinds & {"lead", "start", "due"}
        period = PERIOD_RE.search(text)
        if period and (self.area == "pi" or self.context == "target") and self.block.table_period is None:
            self.block.table_period = period.group("p")  # 'Progress Qtr2' labels the whole column
        if "action" in kinds or (self.area == "pi" and len(action_cols) >= 2 and "target" not in kinds):
            self._flush_pi_text()
            self.area, self.context = "action", None
            return
        if "target" in kinds or "progress" in kinds:
            if self.area == "action":
                self.context = "target"
            return
        if self.area == "action" and len(action_cols) == 1:
            self.context = action_cols.pop()
        elif self.area == "action" and len(action_cols) > 1:
            self.context = None

    def read(self, line: Line) -> None:
        text = clean(line.text)
        if not text or FOOTER_RE.match(text):
            return
        if PI_SECTION_RE.match(text):
            self.area, self.context = "pi", None
            period = PERIOD_RE.search(text)
            if period:
                self.block.table_period = period.group("p")
            return
        if NO_PI_RE.search(text):
            return
        period = PERIOD_RE.fullmatch(text)
        if period and self.context == "target":
            self.pending_period = period.group("p")  # 'Qtr 2' above the value it labels
            return
        roles = header_roles(text)
        if roles is not None:
            self.header(roles, text)
            return
        if self.area == "pi" and self.context is None:
            self.pi_line(text, line.page)
        elif self.context == "target":
            self.value_line(text, line.page)
        else:
            self.action_line(text, line.page)

    # -- indicators ------------------------------------------------------------------------
    def _flush_pi_text(self) -> None:
        if self.pending_pi_text and self.block.indicators:
            last = self.block.indicators[-1]
            last.description = _join(last.description, " ".join(self.pending_pi_text))
        self.pending_pi_text = []

    def pi_line(self, text: str, page: int) -> None:
        m = CODE_RE.match(text)
        if not m:
            if PERIOD_RE.fullmatch(text):
                self.block.table_period = self.block.table_period or text
            elif not is_junk(text):
                self.pending_pi_text.append(text)
            return
        tail = split_value_tail(m.group("rest"), self.known)
        row = DraftIndicator(
            code=norm(m.group("code")),
            page=page,
            description=tail.text,
            lead=tail.lead,
            values=tail.values,
            lost_values=tail.lost_values,
        )
        if self.pending_pi_text:
            if not row.description:  # description printed above its code (a wrapped, vertically centred cell)
                row.description = " ".join(self.pending_pi_text)
                self.pending_pi_text = []
            elif self.block.indicators:
                self._flush_pi_text()
            else:
                self.pending_pi_text = []  # header debris before the first row ('d gress', 'report .')
        self.block.indicators.append(row)

    def value_line(self, text: str, page: int) -> None:
        tail = split_value_tail(text, self.known)
        if tail.values and not tail.text:
            self.pi_values.append((tail.values, self.pending_period, page))
            self.pending_period = None
        elif DATE_RE.search(text):
            self.context = "due"  # a completion block whose header OCR lost
            self.action_line(text, page)

    # -- actions ---------------------------------------------------------------------------
    def _orphan(self, tail: Tail, page: int) -> None:
        if tail.lead:
            self.queues["lead"].append((tail.lead, page))
        dates = tail.dates
        if len(dates) >= 2:
            self.queues["start"].append((dates[0], page))
            self.queues["due"].append((dates[-1], page))
        elif dates:
            column = "start" if self.context == "start" and not tail.rag else "due"
            self.queues[column].append((dates[0], page))
        if tail.rag:
            self.queues["rag"].append((tail.rag, page))

    def _attach(self, action: DraftAction, tail: Tail) -> None:
        if tail.lead and action.lead is None:
            action.lead = tail.lead
        if len(tail.dates) >= 2:
            action.start, action.due = action.start or tail.dates[0], action.due or tail.dates[-1]
        elif tail.dates:
            if action.start is None and not tail.rag:
                action.start = tail.dates[0]
            else:
                action.due = action.due or tail.dates[0]
        if tail.rag and action.rag is None:
            action.rag = tail.rag

    def _place(self, tail: Tail, page: int, *, inside: bool) -> None:
        """Give a line's cells to the current row when they sit in it and it lacks them, else queue them."""
        row = self.current if isinstance(self.current, DraftAction) else None
        if self.context is None and inside and row is not None and row.lead is None and row.due is None:
            self._attach(row, tail)
        else:
            self._orphan(tail, page)

    def _last_action(self) -> DraftAction | None:
        return self.block.actions[-1] if self.block.actions else None

    def action_line(self, text: str, page: int) -> None:
        ref = REF_RE.match(text)
        bullet = BULLET_RE.match(text) if not ref else None
        body = ref.group("rest") if ref else bullet.group("text") if bullet else text
        tail = split_action_tail(body, self.known)
        words = drop_debris(re.sub(r"^[^\w(\\]+", "", tail.text))
        has_values = bool(tail.lead or tail.dates or tail.rag)
        if ref:
            self.order += 1
            action = DraftAction(ref=ref.group("ref").lower(), page=page, order=self.order, text=words)
            if self.pending_objective is not None:
                self.pending_objective.first_ref = action.ref
                self.pending_objective = None
            self.block.actions.append(action)
            self.current, self.in_bullet = action, False
            self._attach(action, tail)
            return
        if not words or is_junk(words):
            # A line of cells alone: inside a row's wrapped text it is that row's; otherwise a column block.
            if has_values:
                self._place(
                    tail, page, inside=isinstance(self.current, DraftAction) and not _ends(self.current.text)
                )
            return
        if has_values:
            self._place(tail, page, inside=True)
            if not bullet and isinstance(self.current, DraftAction) and not self.in_bullet:
                # a line carrying a row's cells is that row's text, never an objective row
                self.current.text = _join(self.current.text, words)
                return
        self._text(words, bool(bullet))

    def _text(self, words: str, glyph: bool) -> None:
        last = self._last_action()
        current = self.current
        if glyph and last is not None:
            last.bullets.append(words)
            last.glyph_bullet, self.in_bullet, self.current = True, True, last
            return
        if self.in_bullet and last is not None and last.bullets:
            ongoing = last.bullets[-1]
            if (last.glyph_bullet and not _ends(ongoing)) or (
                not last.glyph_bullet and CONTINUES_RE.search(ongoing)
            ):
                last.bullets[-1] = _join(ongoing, words)
                return
        if current is not None and not self.in_bullet and not _ends(current.text):
            current.text = _join(current.text, words)
            return
        if words[:1].islower():
            listing = next((a for a in reversed(self.block.actions) if a.text.endswith(":")), None)
            if listing is not None:
                listing.bullets.append(words)
                listing.glyph_bullet, self.in_bullet, self.current = False, True, listing
                # later lowercase lines continue this action's list (Rec 1's d bullets follow g)
                self.block.actions.remove(listing)
                self.block.actions.append(listing)
                return
            if current is not None:
                current.text = _join(current.text, words)
                return
        objective = Objective(text=words)
        self.objectives.append(objective)
        self.pending_objective, self.current, self.in_bullet = objective, objective, False

    # -- pairing ---------------------------------------------------------------------------
    def finish(self) -> None:
        self._flush_pi_text()
        actions = self.block.actions
        _repair_refs(actions)
        actions.sort(key=lambda a: (a.ref is None, a.ref or "", a.order))
        self._assign_objectives()
        for column in ("lead", "start", "due", "rag"):
            lacking = [a for a in actions if getattr(a, column) is None]
            queue = self.queues[column]
            for action, (value, _page) in zip(lacking, queue, strict=False):
                setattr(action, column, value)
                action.paired.add(column)
            for value, page in queue[len(lacking) :]:
                self.block.unpaired.append((column, value, page))
        lacking_pi = [i for i in self.block.indicators if not i.values and not i.lost_values]
        for indicator, (values, period, _page) in zip(lacking_pi, self.pi_values, strict=False):
            indicator.values, indicator.period, indicator.paired = values, period, True
        for values, _period, page in self.pi_values[len(lacking_pi) :]:
            self.block.unpaired.append(("indicator value", " ".join(values), page))

    def _assign_objectives(self) -> None:
        """Give each action the objective row above it in row (ref) order."""
        starts = {o.first_ref: o.text for o in self.objectives if o.first_ref}
        current: str | None = None
        for action in self.block.actions:
            if action.ref in starts:
                current = starts[action.ref]
            action.objective = current


def _repair_refs(actions: list[DraftAction]) -> None:
    """Undo OCR letter confusions that break the a, b, c sequence ('a', 'b', 'e' -> 'a', 'b', 'c')."""
    used: set[str] = set()
    expected = "a"
    for action in actions:
        ref = action.ref
        if ref is not None and ref != expected and CONFUSABLE.get(expected) == ref and expected not in used:
            action.ref_repaired, action.ref = ref, expected
        if action.ref is not None:
            used.add(action.ref)
            expected = chr(max(ord(r) for r in used) + 1)


def read_blocks(lines: list[Line], known: set[str]) -> list[DetailBlock]:
    """Every detail block from its heading to the next heading, with its rows read and paired."""
    blocks: list[DetailBlock] = []
    reader: _BlockReader | None = None
    i = 0
    while i < len(lines):
        m = HEADING_RE.match(clean(lines[i].text))
        if not m:
            if reader is not None:
                reader.read(lines[i])
            i += 1
            continue
        if reader is not None:
            reader.finish()
        heading = m.group("title")
        j = i + 1
        # The heading wraps until its '(LEAD NAME)' (at most three lines in practice).
        while not LEAD_PAREN_RE.search(heading) and j < len(lines) and j - i < 4 and clean(lines[j].text):
            heading = _join(heading, clean(lines[j].text))
            j += 1
        lead = LEAD_PAREN_RE.search(heading)
        title = heading[: lead.start()].strip() if lead else heading.strip()
        block = DetailBlock(
            number=int(m.group("n")),
            title=norm(title),
            leads_raw=lead.group("lead").strip() if lead else None,
            page=lines[i].page,
        )
        blocks.append(block)
        reader = _BlockReader(block, known)
        i = j if lead else i + 1
    if reader is not None:
        reader.finish()
    return blocks
