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
    CODE_RE,
    DATE_RE,
    Line,
    Tail,
    clean,
    drop_debris,
    header_roles,
    is_junk,
    split_action_tail,
    split_value_tail,
)
from pipeline.vocab.headers import classify_header, period_column, period_from_header
from pipeline.vocab.lines import PAGE_MARK_RE, PI_CAPTION_RE, STATUS_SENTENCE_RE, split_ref
from pipeline.vocab.refs import BULLET_RE, recommendation_of_ref
from pipeline.vocab.sections import (
    HEADING_RAG_RE,
    LEAD_LINE_RE,
    LEAD_PAREN_RE,
    NO_PI_RE,
    SECTION_RE,
    parse_heading,
)

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
    """One section block ('Recommendation N: ... (LEAD)', 'Priority 2 - ...', 'Workstream 1 – ...') and
    its rows, continuation pages included; `status_raw` is the RAG the heading carries, `narrative` the
    progress lines between the heading and the block's first table, `status_sentence` a line among them
    that states the status."""

    number: int
    title: str
    leads_raw: str | None
    page: int
    status_raw: str | None = None
    narrative: list[str] = field(default_factory=list)
    status_sentence: str | None = None  # 'Overall status: Amber' on a line of its own under the heading
    actions: list[DraftAction] = field(default_factory=list)
    indicators: list[DraftIndicator] = field(default_factory=list)
    table_period: str | None = None
    unpaired: list[tuple[str, str, int]] = field(default_factory=list)  # (column, value, page)


def _ends(text: str) -> bool:
    return text.rstrip().endswith((".", ":"))


def _quarter(text: str, *, whole: bool = False) -> str | None:
    """The quarter a line names ('Progress Qtr2' -> 'Qtr2'; with `whole`, only a line that is one)."""
    period = period_column(text) if whole else period_from_header(text)
    return period if period and period[:1].lower() == "q" else None


def _objective_like(text: str) -> bool:
    """Whether an unlettered line can open an objective row: a phrase of four or more words, not page
    furniture ('Page 3 of 5'). Text exported from a multi-column table leaves cell fragments on lines
    of their own ('End: TBC', 'Quarter 2 2026 to 2027', 'ber/Gree'); none of them is an objective."""
    if PAGE_MARK_RE.search(text):
        return False
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 4


def _header_like(text: str) -> bool:
    """A line most of whose words are column headers of the shared vocabulary ('Description Task Lead
    Start date Deadline RAG Progress update Evaluation of impact'), however it wraps."""
    if text.rstrip().endswith("."):
        return False  # a sentence ('All actions within this recommendation are completed.')
    words = text.split()
    known = sum(1 for w in words if classify_header(w, keywords=False))
    return known >= 3 and 5 * known >= 2 * len(words)


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
        self.started = False  # a table header, caption, indicator or action row has been seen

    # -- structure lines -------------------------------------------------------------------
    def header(self, roles: list[str], text: str) -> None:
        kinds = set(roles)
        action_cols = kinds & {"lead", "start", "due"}
        period = _quarter(text)
        if period and (self.area == "pi" or self.context == "target") and self.block.table_period is None:
            self.block.table_period = period  # 'Progress Qtr2' labels the whole column
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
        if PI_CAPTION_RE.match(text):
            self.area, self.context = "pi", None
            self._start()
            period = _quarter(text)
            if period:
                self.block.table_period = period
            return
        if NO_PI_RE.search(text):
            self._start()
            return
        period = _quarter(text, whole=True)
        if period and self.context == "target":
            self.pending_period = period  # 'Qtr 2' above the value it labels
            return
        roles = header_roles(text)
        if roles is not None:
            self._start()
            self.header(roles, text)
            return
        if _header_like(text):
            # a header (often repeated on each page) in words the line reader does not know: it is
            # not a row's text; it says which table follows when it names the action or indicator column
            self._start()
            found = {classify_header(w, keywords=False) for w in text.split()}
            measured = found & {"actual", "baseline", "polarity"} and not found & {
                "start",
                "due",
                "revised_due",
            }
            if "pi_code" in found or measured:  # 'PI tag', 'Code'; 'Baseline', 'Current' with no dates
                self.area, self.context = "pi", None
            elif "action" in found:
                self._flush_pi_text()
                self.area, self.context = "action", None
            return
        if self.context == "target" and self.area == "action" and split_ref(text):
            self.context = None  # a ref starts the next action row: the value block above it has ended
        if self.area == "pi" and self.context is None and not CODE_RE.match(text) and split_ref(text):
            # an action row straight after the heading: blocks without an indicator table or a header
            # line the text kept ('1.1 Recruit to ...', 'a. Embed ...')
            self._flush_pi_text()
            self.area = "action"
        if not self.started:
            if self.area == "pi" and not CODE_RE.match(text):
                if _header_like(text):
                    self._start()  # a table header in words the line reader does not know
                elif STATUS_SENTENCE_RE.match(text) and self.block.status_sentence is None:
                    self.block.status_sentence = text
                elif not is_junk(text):
                    self.block.narrative.append(text)  # progress printed under the heading
                return
            self._start()
        if self.area == "pi" and self.context is None:
            self.pi_line(text, line.page)
        elif self.context == "target":
            self.value_line(text, line.page)
        else:
            self.action_line(text, line.page)

    def _start(self) -> None:
        """The block's first table begins: the narrative under the heading ends with its last sentence
        (a caption between them, 'What we will do', 'Reported monthly', is not progress)."""
        if not self.started:
            self.started = True
            narrative = self.block.narrative
            while narrative and not narrative[-1].endswith((".", "!", "?")):
                narrative.pop()

    # -- indicators ------------------------------------------------------------------------
    def _flush_pi_text(self) -> None:
        if self.pending_pi_text and self.block.indicators:
            last = self.block.indicators[-1]
            last.description = _join(last.description, " ".join(self.pending_pi_text))
        self.pending_pi_text = []

    def pi_line(self, text: str, page: int) -> None:
        m = CODE_RE.match(text)
        if not m:
            if _quarter(text, whole=True):
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
        ref = split_ref(text)
        bullet = BULLET_RE.match(text) if not ref else None
        body = ref[1] if ref else bullet.group("text") if bullet else text
        tail = split_action_tail(body, self.known)
        words = drop_debris(re.sub(r"^[^\w(\\]+", "", tail.text))
        has_values = bool(tail.lead or tail.dates or tail.rag)
        if ref:
            self.order += 1
            action = DraftAction(ref=ref[0], page=page, order=self.order, text=words)
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
        if not _objective_like(words):
            return  # a cell's fragment ('End: TBC', '2026', 'een') or page furniture, not a row of the table
        objective = Objective(text=words)
        self.objectives.append(objective)
        self.pending_objective, self.current, self.in_bullet = objective, objective, False

    # -- pairing ---------------------------------------------------------------------------
    def finish(self) -> None:
        self._flush_pi_text()
        actions = self.block.actions
        _repair_refs(actions)
        actions.sort(key=lambda a: (a.ref is None, _ref_order(a.ref), a.order))
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


def _ref_order(ref: str | None) -> tuple[tuple[int, str], ...]:
    """Refs in the order a plan numbers them: 'a' < 'b', '1.2' < '1.10', 'R1.9' < 'R1.10'."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.findall(r"\d+|[^\d.\s()]+", ref or ""))


def _repair_refs(actions: list[DraftAction]) -> None:
    """Undo OCR letter confusions that break the a, b, c sequence ('a', 'b', 'e' -> 'a', 'b', 'c').

    Only single-letter refs take part: numbered refs ('1.2', '(3b)', 'R1.2') carry no such sequence.
    """
    used: set[str] = set()
    expected = "a"
    for action in actions:
        ref = action.ref
        if ref is None or not re.fullmatch(r"[a-z]", ref):
            continue
        if ref != expected and CONFUSABLE.get(expected) == ref and expected not in used:
            action.ref_repaired, action.ref = ref, expected
        used.add(action.ref or ref)
        expected = chr(max(ord(r) for r in used) + 1)


def heading_number(text: str) -> int | None:
    """The section number of a line that is a section heading ('Recommendation 3: ...', 'Priority 2 -
    ...', 'Area for improvement 4', 'Workstream 1 – ...', 'Must do 2: ...'), or None.

    Plain text has no type size or weight to tell a heading from a sentence that happens to start
    with a section word, so the line must start with a capital and the title after the number must
    start with a delimiter, a capital, a bracket or nothing ('Priority 1 actions were delayed' is prose).
    """
    m = SECTION_RE.match(text)
    if m is None or not text[:1].isupper():
        return None
    title = m.group("title")
    between = text[max(m.end("n"), m.end("n2")) : m.start("title")]
    if title and not (title[:1].isupper() or title[:1] in "([" or re.search(r"[:.)\-–—|]", between)):
        return None
    parsed = parse_heading(text)
    return parsed[0] if parsed else None


def recommendation_of_line(text: str) -> int | None:
    """The recommendation a line's leading ref names ('3.2 Train', '(3b) Report' -> 3), or None."""
    ref = split_ref(text)
    return recommendation_of_ref(ref[0]) if ref else None


def _closed(heading: str) -> bool:
    """Whether a heading's text is complete: it ends with its bracketed lead or its own RAG."""
    rag = HEADING_RAG_RE.search(heading)
    return bool(LEAD_PAREN_RE.search(heading) or (rag and rag.start() > 0))


def _heading_block(lines: list[Line], i: int) -> tuple[str, str | None, int]:
    """(heading text, lead named on the line under it, index of the first line after) of the heading at i.

    The heading wraps over at most three more lines, until it closes with its '(LEAD NAME)' or
    '- RAG rating: X', or a line starts something else: a lead line ('Lead officer: NAME'), a table
    header, a ref, a caption, another heading, or a sentence (after a full stop, or a capitalised line).
    """
    heading = clean(lines[i].text)
    j = i + 1
    while j < len(lines) and j - i < 4 and not _closed(heading):
        nxt = clean(lines[j].text)
        if (
            not nxt
            or lines[j].page != lines[i].page
            or LEAD_LINE_RE.match(nxt)
            or header_roles(nxt) is not None
            or split_ref(nxt)
            or PI_CAPTION_RE.match(nxt)
            or heading_number(nxt) is not None
        ):
            break
        tail_of_heading = nxt[:1] in "([-–—" or re.match(r"(?:RAG|BRAG|status|rating)\b", nxt, re.I)
        if heading.rstrip().endswith(".") and not tail_of_heading:
            break
        # a capitalised line after a heading that could end there starts the text under it, unless
        # the heading's bracket is still open ('(SARAH' / 'CONNOLLY)'), a label waits for its value
        # ('- RAG rating:' / 'GREEN') or it ends mid-phrase ('... of the')
        open_bracket = heading.count("(") > heading.count(")")
        waiting = open_bracket or heading.rstrip().endswith(":") or CONTINUES_RE.search(heading)
        if nxt[:1].isupper() and not (tail_of_heading or waiting):
            break
        heading = _join(heading, nxt)
        j += 1
    lead = None
    if j < len(lines) and (m := LEAD_LINE_RE.match(clean(lines[j].text))):
        lead = m.group("leads").strip() or None
        j += 1
    return heading, lead, j


def read_blocks(lines: list[Line], known: set[str]) -> list[DetailBlock]:
    """Every detail block from its heading to the next heading, with its rows read and paired.

    A heading that repeats a number already read (a block continued on the next page under its
    heading again) goes on reading into that block. A plan with no section headings at all (one
    tracker table for the whole plan) is split by its refs: a ref that names its recommendation ('3.2',
    '(3b)', 'R3.2') starts or resumes that recommendation's block, which then has no title of its own.
    """
    readers: dict[int, _BlockReader] = {}
    reader: _BlockReader | None = None
    by_refs = not any(heading_number(clean(ln.text)) is not None for ln in lines)
    i = 0
    while i < len(lines):
        text = clean(lines[i].text)
        number = heading_number(text)
        if number is None:
            placed = recommendation_of_line(text) if by_refs else None
            if placed is not None and (reader is None or reader.block.number != placed):
                # no headings: the ref places its action ('3.2', '(3b)', 'R3.2' -> recommendation 3)
                if placed not in readers:
                    block = DetailBlock(number=placed, title="", leads_raw=None, page=lines[i].page)
                    readers[placed] = _BlockReader(block, known)
                reader = readers[placed]
            if reader is not None:
                reader.read(lines[i])
            i += 1
            continue
        heading, lead_line, j = _heading_block(lines, i)
        parsed = parse_heading(heading)
        assert parsed is not None  # heading_number matched its first line
        _, title, leads_raw, status = parsed
        if number in readers:
            reader = readers[number]
        else:
            block = DetailBlock(
                number=number,
                title=norm(title),
                leads_raw=leads_raw or lead_line,
                page=lines[i].page,
                status_raw=status,
            )
            reader = readers[number] = _BlockReader(block, known)
        i = j
    for r in readers.values():
        r.finish()
    return [r.block for r in readers.values()]
