"""Edition metadata from prose: organisation, plan title, version, edition label and date, data-as-of."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.models.layout import TextLine
from pipeline.vocab.cover import BLANK_PAGE_RE, MEMO_FIELD_RE, ORG_RE, TITLE_RE, VERSION_RE
from pipeline.vocab.months import MONTH_WORD, month_number

MONTH_RE = f"({MONTH_WORD})"
BRACKETED_RE = re.compile(rf"\[\s*{MONTH_RE}\s+(\d{{4}})\s*\]", re.I)
PROGRESS_TO_RE = re.compile(
    rf"(?:progress|update)\s+(?:to|as at|for)\s+(?:the\s+end\s+of\s+)?{MONTH_RE}\s+(\d{{4}})", re.I
)
MONTH_YEAR_RE = re.compile(rf"\b{MONTH_RE}\s+(\d{{4}})\b", re.I)
TRAILING_EDITION_RE = re.compile(rf"\s*[-–—|]?\s*\[?\s*{MONTH_RE}\s+\d{{4}}\s*\]?\s*$", re.I)
MEMO_MIN_FIELDS = 3
AS_AT_RE = re.compile(rf"as at (?:the )?end of {MONTH_RE}(?:\s+(\d{{4}}))?", re.I)


@dataclass
class EditionMeta:
    """What the prose says about the edition: the Edition fields of the same names."""

    organisation: str | None = None
    plan_title: str | None = None
    plan_version: str | None = None
    edition_label: str | None = None
    edition_date: dt.date | None = None
    data_as_of: dt.date | None = None


def _month(name: str) -> int:
    return month_number(name)


def _label(month: str, year: str) -> tuple[str, dt.date]:
    m = _month(month)
    return f"{calendar.month_name[m]} {year}", dt.date(int(year), m, 1)


def _best(candidates: list[TextLine], pattern: re.Pattern[str], reject: re.Pattern[str] | None) -> str | None:
    """The most confidently read line matching `pattern` (ties: the earliest, i.e. the cover)."""
    best: tuple[float, int] | None = None
    choice = None
    for order, ln in enumerate(candidates):
        text = TRAILING_EDITION_RE.sub("", ln.text.strip()).strip(" -–—|")
        if (
            not pattern.search(text)
            or len(text) > 110
            or text.endswith(".")
            or (reject and reject.search(text))
        ):
            continue
        score = (ln.confidence, -order)
        if best is None or score > best:
            best, choice = score, text
    return choice


def _memo_pages(lines: list[TextLine]) -> set[int]:
    """Pages that are a board paper's cover sheet: three or more memo fields ('Report to:', 'Subject:')."""
    fields: dict[int, set[str]] = {}
    for ln in lines:
        m = MEMO_FIELD_RE.match(ln.text)
        if m:
            fields.setdefault(ln.page, set()).add(m.group(0).casefold())
    return {page for page, found in fields.items() if len(found) >= MEMO_MIN_FIELDS}


def read_meta(lines: list[TextLine], running: list[TextLine] | None = None) -> EditionMeta:
    """Read edition metadata from the prose lines (cover and highlight pages first) and running headers.

    On a scan the cover's large type is often the worst-read text on the page; the running header
    repeats the organisation and title in body type, so every candidate competes on OCR confidence.
    """
    meta = EditionMeta()
    # The cover is the first page with content: 'This page is intentionally blank' is not a cover, and
    # neither is a board paper's cover sheet ('Report to: ... Board', 'Subject: Improvement plan:
    # progress update'): the memo names the meeting, the plan's own title page follows it.
    memo = _memo_pages(lines)
    if memo and any(ln.page not in memo for ln in lines):
        lines = [ln for ln in lines if ln.page not in memo]
    content = [ln for ln in lines if not BLANK_PAGE_RE.search(ln.text)]
    first_page = min((ln.page for ln in content), default=1)
    first_pages = [ln for ln in lines if ln.page <= first_page + 2]
    cover = [ln for ln in lines if ln.page == first_page]
    texts = [ln.text.strip() for ln in cover]
    joined: list[TextLine] = []
    for i, ln in enumerate(cover):
        # a name set in capitals over two lines ("NORTHSHIRE" / "COUNTY COUNCIL"): a short capitalised
        # line completes the organisation below it
        if (
            i > 0
            and ORG_RE.search(texts[i])
            and texts[i - 1].isupper()
            and len(texts[i - 1]) < 40
            and not ORG_RE.search(texts[i - 1])
        ):
            joined.append(
                ln.model_copy(
                    update={
                        "text": f"{texts[i - 1]} {texts[i]}",
                        "confidence": min(ln.confidence, cover[i - 1].confidence),
                    }
                )
            )
        else:
            joined.append(ln)
    candidates = joined + (running or [])
    org = _best(candidates, ORG_RE, TITLE_RE)
    if org:
        meta.organisation = org.title() if org.isupper() else org
    title = _best(candidates, TITLE_RE, re.compile(r"highlight", re.I))
    if title:
        meta.plan_title = re.sub(r"\s*[-–—]\s*(progress|highlight).*$", "", title, flags=re.I).strip()
    # a title set large wraps its edition onto the next line ('... progress update December' / '2023')
    wrapped = [
        ln.model_copy(update={"text": f"{ln.text} {nxt.text}"})
        if nxt is not ln and nxt.page == ln.page and nxt.bold == ln.bold and abs(nxt.size - ln.size) < 0.5
        else ln
        for ln, nxt in zip(first_pages, [*first_pages[1:], *first_pages[-1:]], strict=True)
    ]
    for finder in (BRACKETED_RE, PROGRESS_TO_RE, MONTH_YEAR_RE):
        for ln in wrapped:
            m = finder.search(ln.text)
            if m:
                meta.edition_label, meta.edition_date = _label(m.group(1), m.group(2))
                break
        if meta.edition_label:
            break
    alltext = " ".join(ln.text for ln in lines[:400])
    v = VERSION_RE.search(alltext)
    if v:
        meta.plan_version = v.group(1)
    a = AS_AT_RE.search(alltext)
    if a:
        month = _month(a.group(1))
        if a.group(2):
            year = int(a.group(2))
        elif meta.edition_date:
            # the most recent such month on or before the edition month ("as at end of October" in December)
            year = meta.edition_date.year if month <= meta.edition_date.month else meta.edition_date.year - 1
        else:
            year = 0
        if year:
            meta.data_as_of = dt.date(year, month, calendar.monthrange(year, month)[1])
    return meta
