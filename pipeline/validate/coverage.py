"""Coverage: what of every page and table ended up in the records, and loud warnings when it is thin.

Computed after extraction from what extraction left behind, without any counter inside the extractor:
the pages' words, the layout's tables (header text, rows, positions) and running headers, and the
edition (records carry their page and box; stated totals, legend, titles and metadata their text).
A word is *read* when it lies in a record's box and is one of that record's field words, or when it is
a word of a recognised legend, stated total, heading, objective, table header or running header.

Thresholds were calibrated on the samples (fully read: no warning) and on damaged variants of them
(tables removed or renamed so they cannot be read: at least one warning); see tests/test_coverage.py.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.codes import issue
from pipeline.extract.dates import parse_plan_date
from pipeline.models import (
    Action,
    Coverage,
    Document,
    Edition,
    Indicator,
    Issue,
    PageCoverage,
    PlanDate,
    Recommendation,
    Status,
    TableCoverage,
)
from pipeline.models.coverage import page_ranges
from pipeline.models.layout import Layout, Table
from pipeline.vocab.headers import classify_header
from pipeline.vocab.months import MONTH_ALTERNATION
from pipeline.vocab.status import leading_status, percent_meaning, status_phrase

TOKEN_RE = re.compile(r"[^\W_]+")
COUNT_ROW_RE = re.compile(r"^[^:|]+: \d+$")  # a stated total read from a table of counts ('Green: 18')

# Warning thresholds (calibrated: see the module docstring).
MIN_TABLE_ROWS = 2  # PT501: a table needs this many rows with text before "no records" is news
MIN_TABLE_WORDS = 12  # ... and this many words (a 2-row box of labels is not a table of records)
UNREAD_TABLE_SHARE = 0.5  # PT501: under this share of its words read, a table produced nothing usable
PAGE_TABLE_WORDS = 40  # PT502: table words on a page before its share is judged
PAGE_TABLE_SHARE = 0.6  # PT502: under this share of a page's table words read
THIN_ROWS = 6  # PT503: table rows in the document before "thin" is judged
THIN_SHARE = 0.75  # PT503: under this share of table rows read, the records are thin for the document
PAGE_WORDS = 80  # PT503: words on a page before its prose counts towards "thin"
PAGE_SHARE = 0.7  # PT503: a page from the first record page on reading under this share is left over
TOTAL_SHARE = 0.8  # PT504: fewer records than this share of a stated total
TOTAL_GAP = 2  # ... and at least this many missing
FIELD_RECORDS = 4  # PT505: records of a kind before their fields are judged
FIELD_SHARE = 0.5  # PT505: at least this share of them lacking a field the document gives
DATE_SHARE = 0.3  # PT505: date fields holding no date at all, per action
REC0_SHARE = 0.2  # PT505: actions whose recommendation was not found
ROW_READ = 0.5  # a row is read when at least half its words were


def tokens(text: str | None) -> list[str]:
    """Lower-case runs of letters or digits: how words are compared on both sides."""
    return TOKEN_RE.findall(text.lower()) if text else []


def _date(d: PlanDate | None) -> str | None:
    return d.raw if d else None


def _understood_extra(extra: dict[str, str]) -> Iterator[str]:
    """Cells kept in 'extra' count as read only under a header whose meaning is known ('Evidence',
    'Success measures'): a column whose header names nothing was kept, not understood, and a lead or
    status column renamed past recognition must show up as unread."""
    for header, text in extra.items():
        if classify_header(header) is not None:
            yield text


def record_texts(rec: Recommendation | Action | Indicator) -> Iterator[str | None]:
    """Every field of a record that holds text as printed."""
    yield rec.status_raw
    yield rec.leads_raw
    yield from rec.leads
    if isinstance(rec, Recommendation):
        yield str(rec.number)
        yield rec.title
        yield rec.progress
    elif isinstance(rec, Action):
        yield rec.ref
        yield rec.objective
        yield rec.text
        yield from rec.bullets
        for d in (rec.start, rec.due, rec.revised_due, rec.completed):
            yield _date(d)
        yield rec.progress
        yield from _understood_extra(rec.extra)
    else:
        yield rec.code
        yield rec.description
        yield rec.target.raw if rec.target else None
        if rec.actual:
            yield rec.actual.raw
            yield rec.actual.period
        yield from _understood_extra(rec.extra)


def _bag(texts: Iterable[str | None]) -> Counter[str]:
    bag: Counter[str] = Counter()
    for t in texts:
        bag.update(tokens(t))
    return bag


@dataclass
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    bag: Counter[str] = field(default_factory=Counter)

    def holds(self, x: float, y: float, pad: float = 1.5) -> bool:
        return self.x0 - pad <= x <= self.x1 + pad and self.top - pad <= y <= self.bottom + pad


@dataclass
class _Word:
    tokens: list[str]
    x: float
    y: float
    read: bool = False


def _records(edition: Edition) -> list[Recommendation | Action | Indicator]:
    return [*edition.recommendations, *edition.actions, *edition.indicators]


def _page_bag(edition: Edition, page: int, used_headers: list[str]) -> Counter[str]:
    """Words recognised outside record boxes on a page: totals, legend, titles, headings, metadata."""
    texts: list[str | None] = [edition.organisation, edition.plan_title, edition.plan_version]
    texts += [edition.edition_label, *used_headers]
    texts += [t.raw for t in edition.stated_totals if t.page in (page, None)]
    if edition.legend.source == "document" and edition.legend.page in (page, None):
        for e in edition.legend.entries:
            texts += [e.label, e.token, e.description]
    for r in edition.recommendations:  # headings of detail blocks repeat the number, title and lead
        texts += [f"recommendation {r.number}", r.title, r.leads_raw, *r.leads]
    texts += [a.objective for a in edition.actions if a.provenance.page == page]
    bag = _bag(texts)
    if not any(r.provenance.bbox for r in _records(edition)):  # plain text: no boxes, read by page
        bag.update(_bag(t for r in _records(edition) if r.provenance.page == page for t in record_texts(r)))
    return bag


def _take(bag: Counter[str], toks: list[str]) -> bool:
    if all(bag[t] > 0 for t in toks):
        bag.subtract(toks)
        return True
    return False


def _used(table: Table, edition: Edition, record_rows: int) -> bool:
    """A table counts as recognised when it produced records, is the legend, or held stated totals."""
    if record_rows:
        return True
    if (
        table.kind == "legend"
        and edition.legend.source == "document"
        and edition.legend.page == table.pages[0]
    ):
        return True
    return any(t.page in table.pages and COUNT_ROW_RE.match(t.raw) for t in edition.stated_totals)


@dataclass
class _TableInfo:
    table: Table
    rows: list[list[_Word]]
    records: int
    used: bool

    @property
    def words(self) -> int:
        return sum(len(r) for r in self.rows)

    @property
    def read(self) -> int:
        return sum(w.read for r in self.rows for w in r)

    @property
    def rows_read(self) -> int:
        return sum(bool(r) and sum(w.read for w in r) >= ROW_READ * len(r) for r in self.rows)


def _in_row(w: _Word, table: Table, top: float, bottom: float) -> bool:
    return top - 1 <= w.y <= bottom + 1 and table.columns[0].x0 - 2 <= w.x <= table.columns[-1].x1 + 2


def _box_of(rec: Recommendation | Action | Indicator) -> _Box | None:
    if rec.provenance.bbox is None:
        return None
    x0, top, x1, bottom = rec.provenance.bbox
    return _Box(x0, top, x1, bottom, _bag(record_texts(rec)))


def measure(edition: Edition, document: Document, layout: Layout | None) -> tuple[Coverage, list[_TableInfo]]:
    """Per page and per table: words, words read, rows that became records."""
    tables = [item.table for item in layout.flow if item.table is not None] if layout else []
    furniture = layout.furniture if layout else []
    boxes: dict[int, list[_Box]] = {}
    for rec in _records(edition):
        box = _box_of(rec)
        if box is not None:
            boxes.setdefault(rec.provenance.page, []).append(box)
    words: dict[int, list[_Word]] = {}
    for page in document.pages:
        if page.words:
            words[page.number] = [
                _Word(toks, (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)
                for w in page.words
                if (toks := tokens(w.text))
            ]
        else:
            words[page.number] = [_Word([t], 0.0, 0.0) for line in page.text_lines for t in tokens(line)]

    # Table rows: their words, and whether a record's box lies on them.
    infos: list[_TableInfo] = []
    in_tables: dict[int, dict[int, _Word]] = {}
    by_y = {n: sorted(range(len(ws)), key=[w.y for w in ws].__getitem__) for n, ws in words.items()}
    ys = {n: [words[n][k].y for k in order] for n, order in by_y.items()}

    def near(page: int, top: float, bottom: float) -> list[_Word]:
        # the page's words between top and bottom (1 pt slack), in page order
        if page not in ys:
            return []
        lo, hi = bisect.bisect_left(ys[page], top - 1), bisect.bisect_right(ys[page], bottom + 1)
        return [words[page][k] for k in sorted(by_y[page][lo:hi])]

    for table in tables:
        rows: list[list[_Word]] = []
        with_records = 0
        for row in table.rows:
            row_words = [
                w for w in near(row.page, row.top, row.bottom) if _in_row(w, table, row.top, row.bottom)
            ]
            if not row_words:
                continue
            rows.append(row_words)
            in_tables.setdefault(row.page, {}).update((id(w), w) for w in row_words)
            mid = [(b.top + b.bottom) / 2 for b in boxes.get(row.page, [])]
            with_records += any(row.top - 1 <= y <= row.bottom + 1 for y in mid)
        infos.append(_TableInfo(table, rows, with_records, False))
    for info in infos:
        info.used = _used(info.table, edition, info.records)

    pages: list[PageCoverage] = []
    for page in document.pages:
        page_words = words[page.number]
        used_headers = [i.table.header_text for i in infos if i.used and page.number in i.table.pages]
        bag = _page_bag(edition, page.number, used_headers)
        legend_tables = [i for i in infos if i.used and not i.records and page.number in i.table.pages]
        legend_words = {id(w) for i in legend_tables for r in i.rows for w in r}
        running = [_Box(ln.x0, ln.top, ln.x1, ln.bottom) for ln in furniture if ln.page == page.number]
        for w in page_words:
            if id(w) in legend_words or any(b.holds(w.x, w.y) for b in running):
                w.read = True
                continue
            holders = [b for b in boxes.get(page.number, []) if b.holds(w.x, w.y)]
            w.read = any(_take(b.bag, w.tokens) for b in holders) or _take(bag, w.tokens)
        total = len(page_words)
        read = sum(w.read for w in page_words)
        t_words = list(in_tables.get(page.number, {}).values())
        t_read = sum(w.read for w in t_words)
        pages.append(
            PageCoverage(
                number=page.number,
                words=total,
                read=read,
                left_over=total - read,
                table_words=len(t_words),
                table_left_over=len(t_words) - t_read,
            )
        )
    total = sum(p.words for p in pages)
    read = sum(p.read for p in pages)
    coverage = Coverage(
        words=total,
        read=read,
        share=round(read / total, 3) if total else 1.0,
        pages=pages,
        tables=[
            TableCoverage(
                pages=i.table.pages,
                header=i.table.header_text,
                kind=i.table.kind,
                rows=len(i.rows),
                records=i.records,
                words=i.words,
                read=i.read,
            )
            for i in infos
        ],
    )
    return coverage, infos


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _header(table: TableCoverage, first_row: str = "") -> str:
    if table.header:
        return f"the table headed '{_clip(table.header)}'"
    if first_row:
        return f"the table with no recognised header, first row '{_clip(first_row)}'"
    return "a table with no recognised header"


def first_row(table: Table) -> str:
    """The first body row's cells joined like a header (what a header-less table starts with)."""
    if not table.rows:
        return ""
    return " | ".join(c.flat for c in table.rows[0].cells if c.lines)


def _pages(pages: Iterable[int]) -> str:
    return page_ranges(list(pages))


def warnings(edition: Edition, coverage: Coverage, infos: list[_TableInfo]) -> list[Issue]:
    """The coverage warnings (PT501-PT505), each naming the page and what to check."""
    out: list[Issue] = []
    for info, tc in zip(infos, coverage.tables, strict=True):
        if tc.records or info.used or tc.rows < MIN_TABLE_ROWS or tc.words < MIN_TABLE_WORDS:
            continue
        if tc.read < UNREAD_TABLE_SHARE * tc.words:
            tc.unread = True
            out.append(
                issue(
                    "PT501",
                    f"{_header(tc, first_row(info.table))} on {_pages(tc.pages)} has {tc.rows} rows and "
                    "none became a record "
                    f"(taken for {tc.kind}): check its header names the columns (action, lead, due, "
                    "status) and that the rows are in issues.csv or the records",
                    page=tc.pages[0],
                )
            )
    flagged = {i.page for i in out}
    for p in coverage.pages:
        if p.number in flagged or p.table_words < PAGE_TABLE_WORDS:
            continue
        if p.table_left_over > (1 - PAGE_TABLE_SHARE) * p.table_words:
            on_page = [t for t in coverage.tables if p.number in t.pages and t.read < t.words]
            for t in on_page:
                t.unread = True
            heads = [_header(t) for t in on_page]
            out.append(
                issue(
                    "PT502",
                    f"{p.table_left_over} of the {p.table_words} words in tables on page {p.number} were "
                    f"not read into any record ({'; '.join(dict.fromkeys(heads))}): check its columns "
                    "and rows against the records",
                    page=p.number,
                )
            )
    out += _thin(edition, coverage, infos)
    out += _thin_fields(edition)
    out += _short_of_totals(edition, coverage, [i.page for i in out if i.page is not None])
    return out


def _thin(edition: Edition, coverage: Coverage, infos: list[_TableInfo]) -> list[Issue]:
    """PT503: fewer rows read than the tables hold, or pages past the first record left mostly unread."""
    rows = sum(len(i.rows) for i in infos if not (i.used and not i.records))
    read = sum(i.rows_read for i in infos if not (i.used and not i.records))
    out = []
    if rows >= THIN_ROWS and read < THIN_SHARE * rows:
        unread = [p for i in infos if i.rows_read < len(i.rows) for p in i.table.pages]
        out.append(
            issue(
                "PT503",
                f"records are thin for the document: {read} of {rows} table rows were read "
                f"({len(edition.actions)} actions, {len(edition.indicators)} indicators); "
                f"check the tables on {_pages(unread)}",
                page=min(unread),
            )
        )
    first = min((r.provenance.page for r in _records(edition)), default=None)
    if first is None:
        return out
    for p in coverage.pages:
        if p.number >= first and p.words >= PAGE_WORDS and p.read < PAGE_SHARE * p.words:
            out.append(
                issue(
                    "PT503",
                    f"page {p.number} holds {p.words} words and only {p.read} ({p.read / p.words:.0%}) were "
                    "read into records: "
                    "check it for a table or list that was not recognised",
                    page=p.number,
                )
            )
    return out


_DATE_LIKE = re.compile(rf"\b(?:(?:19|20)\d\d|{MONTH_ALTERNATION})\b", re.IGNORECASE)
NAME_RE = re.compile(r"^(?:[A-Z][a-z'’-]+ (?:[A-Z][a-z'’-]+ ?){1,2}(?:[,/&;] ?|and |$))+$")


def _pages_of(records: Iterable[Action | Indicator]) -> str:
    return _pages(sorted({r.provenance.page for r in records}))


def _has_status(rec: Status) -> bool:
    return rec.rag.value != "none" or rec.delivery_state.value != "unknown"


def _quoted(message: str) -> str:
    """The printed text an issue message quotes ("cannot read 'Summer term 2024' as a date")."""
    m = re.search(r"'(.*)'", message)
    return m.group(1) if m else message


def _kind_of(text: str) -> str | None:
    """What a kept cell plainly holds: a date, a status or people's names (None when unsure)."""
    text = " ".join(text.split())
    if not text:
        return None
    if status_phrase(text) or leading_status(text) or percent_meaning(text):
        return "status"
    parsed = parse_plan_date(text)
    if parsed is not None and parsed.precision.value != "unknown":
        return "date"
    if NAME_RE.match(text):
        return "names"
    return None


def _lacks(action: Action, kind: str) -> bool:
    if kind == "status":
        return not _has_status(action)
    if kind == "date":
        return action.start is None or action.due is None
    return not action.leads


def _typed_extra_columns(actions: list[Action]) -> list[Issue]:
    """A column kept in 'extra' whose cells are plainly dates, statuses or names the records lack."""
    out = []
    headers = dict.fromkeys(h for a in actions for h in a.extra)
    for header in headers:
        held = [(a, _kind_of(a.extra[header])) for a in actions if header in a.extra]
        kinds = [k for _, k in held if k]
        if not kinds:
            continue
        kind = max(set(kinds), key=kinds.count)
        lacking = [a for a, k in held if k == kind and _lacks(a, kind)]
        if len(lacking) >= max(FIELD_RECORDS, FIELD_SHARE * len(actions)):
            out.append(
                issue(
                    "PT505",
                    f"the column '{_clip(header, 40)}' holds {kind} in {len(lacking)} of {len(actions)} "
                    f"actions that have none, but was kept as unknown: check its header on "
                    f"{_pages_of(lacking)}",
                    page=lacking[0].provenance.page,
                    field=header,
                )
            )
    return out


def _thin_fields(edition: Edition) -> list[Issue]:
    """PT505: every word landed in some record, yet the records lack what the document plainly gives.

    Words read into the wrong field are invisible to word coverage (a status column taken for
    commentary, a lead column kept in 'extra', refs glued to the action text). Plans of every house
    style give each action a status, a reference and parseable dates once they show them at all, so
    most actions lacking one, while the document shows that kind of value elsewhere, is a reading
    failure to check, not a property of the plan.
    """
    out: list[Issue] = []
    actions, indicators = edition.actions, edition.indicators
    if len(actions) >= FIELD_RECORDS:
        n = len(actions)
        shows_status = edition.legend.source == "document" or any(
            _has_status(r) for r in [*edition.recommendations, *indicators, *actions]
        )
        unrated = [a for a in actions if not _has_status(a)]
        if shows_status and len(unrated) >= FIELD_SHARE * n:
            out.append(
                issue(
                    "PT505",
                    f"{len(unrated)} of {n} actions have no status although the plan shows statuses "
                    "(a key or rated records): check the status column of the tables on "
                    f"{_pages_of(unrated)}",
                    page=unrated[0].provenance.page,
                    field="rag",
                )
            )
        unnumbered = [a for a in actions if not a.ref]
        if len(unnumbered) >= FIELD_SHARE * n:
            out.append(
                issue(
                    "PT505",
                    f"{len(unnumbered)} of {n} actions have no reference: check the first column of the "
                    f"tables on {_pages_of(unnumbered)} (editions are then matched by text alone)",
                    page=unnumbered[0].provenance.page,
                    field="ref",
                )
            )
        # A date phrase with a year ('Summer term 2024') is a date plantrack cannot place, said by PT209
        # itself; text with no year or month in a date field is a column read into the wrong field.
        unparsed = [i for i in edition.issues if i.code == "PT209"]
        undated = [i for i in unparsed if not _DATE_LIKE.search(_quoted(i.message))]
        if len(undated) >= max(FIELD_RECORDS, DATE_SHARE * n):
            out.append(
                issue(
                    "PT505",
                    f"{len(undated)} dates could not be parsed in {n} actions: check the date columns on "
                    f"{_pages(sorted({i.page for i in undated if i.page}))}",
                    page=undated[0].page,
                    field="due",
                )
            )
        orphans = [a for a in actions if a.recommendation == 0]
        if len(orphans) >= REC0_SHARE * n and len(orphans) >= 2:
            out.append(
                issue(
                    "PT505",
                    f"{len(orphans)} of {n} actions could not be placed under a recommendation: check the "
                    f"headings and refs on {_pages_of(orphans)}",
                    page=orphans[0].provenance.page,
                    field="recommendation",
                )
            )
        out += _typed_extra_columns(actions)
    empty = [i for i in indicators if i.target is None and i.actual is None]
    if len(indicators) >= 3 and len(empty) >= FIELD_SHARE * len(indicators):
        out.append(
            issue(
                "PT505",
                f"{len(empty)} of {len(indicators)} indicators have neither a target nor an actual value: "
                f"check the value columns of the tables on {_pages_of(empty)}",
                page=empty[0].provenance.page,
                field="actual",
            )
        )
    return out


def _short_of_totals(edition: Edition, coverage: Coverage, named: list[int]) -> list[Issue]:
    """PT504: the document says it has N actions (or recommendations) and far fewer were read."""
    out = []
    found = {"action": len(edition.actions), "recommendation": len(edition.recommendations)}
    unread = [t for t in coverage.tables if t.rows > t.records and t.read < t.words]
    if not named:
        named = [p for t in unread for p in t.pages]
    where = _pages(named) if named else "the detail pages"
    for t in edition.stated_totals:
        if t.category != "total" or t.entity not in found:
            continue
        n = found[t.entity]
        if n < TOTAL_SHARE * t.value and t.value - n >= TOTAL_GAP:
            out.append(
                issue(
                    "PT504",
                    f"the document states {t.value} {t.entity}s and only {n} were read: "
                    f"the rest are probably in tables that were not read (check {where})",
                    page=t.page,
                    record=f"totals:{t.entity}:total",
                )
            )
    return out


def summary(coverage: Coverage) -> Issue:
    """PT500: the coverage figure, one line for issues.csv."""
    rows = sum(t.rows for t in coverage.tables)
    records = sum(t.records for t in coverage.tables)
    tables = f"; {len(coverage.tables)} tables, {records} of {rows} rows became records" if rows else ""
    state = f"partly read ({coverage.pages_to_check})" if coverage.partly_read else "fully read"
    return issue(
        "PT500",
        f"{state}: {coverage.read} of {coverage.words} words read ({coverage.share:.0%}){tables}",
    )


WARNING_CODES = ("PT501", "PT502", "PT503", "PT504", "PT505")
PAGE_NOT_READ = ("PT101", "PT102", "PT103", "PT105")  # ingest's 'page not read' codes


def add_coverage(edition: Edition, document: Document, layout: Layout | None) -> Edition:
    """The edition with `coverage` set and its coverage issues (PT500 summary, PT501-PT505) added."""
    coverage, infos = measure(edition, document, layout)
    found = warnings(edition, coverage, infos)
    # A page ingest could not read at all (no text layer with OCR off, OCR failed or timed out, over a
    # safety limit) is the plainest case of a partly read document.
    unread = {i.page for i in edition.issues if i.code in PAGE_NOT_READ and i.page is not None}
    coverage.partly_read = sorted({i.page for i in found if i.page is not None} | unread)
    if found and not coverage.partly_read:
        coverage.partly_read = [1]
    return edition.model_copy(
        update={"coverage": coverage, "issues": [*edition.issues, *found, summary(coverage)]}
    )
