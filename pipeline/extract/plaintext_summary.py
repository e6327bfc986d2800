"""The Summary of Progress table in plain OCR text: one row per recommendation, rebuilt from its lines.

A row is anchored by its status marker (a lead label, 'Recommendation Lead: NAME G', or 'BUSINESS AS USUAL'):
every row has exactly one. The row starts at its number ('4', '12 | Make sure ...'), or, when OCR
lost the number, at the block of short title lines just above the marker. Left-column (title) and
right-column (progress) text share lines; a ' | ' or the marker splits them, and a title known from
the detail heading is peeled off the front of a line where nothing does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.cells import norm
from pipeline.extract.plaintext_lines import RAG_TOKEN, Line, clean, is_junk
from pipeline.vocab.lines import LEAD_MARK_RE, STATUS_SENTENCE_RE
from pipeline.vocab.status import BAU_RE, status_phrase, token_key

TABLE_HEADER_RE = re.compile(
    r"^(?:Summary of Progress|Recommendation|Progress|Recommendation\s+Progress)$", re.I
)
NUMBER_RE = re.compile(r"^(?P<n>\d{1,2})(?:\s*\|\s*(?P<rest>.*)|\s*$|\s+(?P<rest2>[A-Z].*))$")
TRAILING_RAG_RE = re.compile(rf"\s+(?P<rag>{RAG_TOKEN})\s*$")
TITLE_WIDTH = 50  # characters: a summary's title column wraps at ~40-45; longer lines hold progress text too


@dataclass
class SummaryRow:
    """One summary row as read."""

    number: int | None
    page: int
    title: str = ""
    leads_raw: str | None = None
    rag_token: str | None = None
    bau: str | None = None
    narrative: list[str] = field(default_factory=list)
    rag_sentence: str | None = None
    title_uncertain: bool = False


def _key(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def _marker(text: str, numbered: bool | None = None) -> tuple[int, int, str] | None:
    """(start, end, kind) of the row's status marker on a line, kind 'lead', 'bau' or 'status'.

    `numbered` says whether the line starts a numbered row (its number already cut off); by default
    the line's own text says.
    """
    lead = LEAD_MARK_RE.search(text)
    if lead:
        return lead.start(), len(text), "lead"
    bau = BAU_RE.search(text)
    # A status cell, not prose ('... now business as usual.'): printed in capitals, starting its cell, or
    # ending the line capitalised with no full stop (text exports print the status column last:
    # '2 Improve multi-agency working ... Business as usual').
    if bau and (
        bau.group(0).isupper()
        or not text[: bau.start()].strip(" |")
        or (bau.group(0)[:1].isupper() and not text[bau.end() :].strip(" |"))
    ):
        return bau.start(), bau.end(), "bau"
    numbered = bool(NUMBER_RE.match(clean(text))) if numbered is None else numbered
    return _trailing_status(text) if numbered else None


def _trailing_status(text: str) -> tuple[int, int, str] | None:
    """A status cell ending the line of a numbered row ('3 Improve the local offer ... Omar Patel ... Red'):
    text exports of summary tables print the status column last, one to three words of the shared
    status vocabulary ('Amber', 'On track', 'Red - behind schedule' is read up to its dash)."""
    stripped = text.rstrip(" |")
    words = stripped.split(" ")
    for k in (3, 2, 1):
        if len(words) <= k + 1:
            continue
        tail = " ".join(words[-k:])
        if len(token_key(tail)) >= 3 and status_phrase(tail) is not None:
            start = len(stripped) - len(tail)
            return start, len(stripped), "status"
    return None


def _row_starts(lines: list[Line], markers: list[int]) -> list[tuple[int, int | None]]:
    """(line index, printed number or None) where each marker's row starts."""
    starts: list[tuple[int, int | None]] = []
    last_number = 0
    prev_marker = -1
    for m in markers:
        numbered = None
        for i in range(prev_marker + 1, m + 1):
            found = NUMBER_RE.match(clean(lines[i].text))
            if found and last_number < int(found.group("n")) <= 99:
                numbered = (i, int(found.group("n")))
        if numbered and (not starts or numbered[0] > starts[-1][0]):
            starts.append(numbered)
            last_number = numbered[1]
        else:
            # The short title lines just above the marker, back to a blank line.
            i = m - 1
            while i > prev_marker and not lines[i].text.strip():
                i -= 1
            while i > prev_marker and lines[i].text.strip() and len(lines[i].text.strip()) <= TITLE_WIDTH:
                i -= 1
            starts.append((i + 1 if i < m else m, None))
        prev_marker = m
    return starts


def _peel(text: str, title_words: list[str]) -> tuple[str, str]:
    """Split a line into the known title words it starts with and the rest."""
    words = text.split(" ")
    taken = 0
    for w in words:
        k = _key(w)
        if not k:
            taken += 1
            continue
        if title_words and k == title_words[0]:
            title_words.pop(0)
            taken += 1
        else:
            break
    return " ".join(words[:taken]), " ".join(words[taken:])


def _read_row(lines: list[Line], number: int | None, known_title: str | None) -> SummaryRow:
    row = SummaryRow(number=number, page=lines[0].page)
    title: list[str] = []
    title_done = False
    remaining = [_key(w) for w in (known_title or "").split() if _key(w)]
    paragraph: list[str] = []

    def add_title(part: str) -> None:
        nonlocal title_done
        part = " ".join(w for w in part.split(" ") if re.search(r"[A-Za-z0-9]", w))
        if part:
            title.append(part)
            title_done = part.rstrip().endswith(".")

    def add_text(part: str) -> None:
        if part and not is_junk(part):
            paragraph.append(part)

    def end_paragraph() -> None:
        if paragraph:
            row.narrative.append(norm(" ".join(paragraph)))
            paragraph.clear()

    for idx, line in enumerate(lines):
        raw = line.text
        if idx == 0 and number is not None:
            raw = re.sub(r"^\s*\d{1,2}\s*\|?", "", raw)  # the row number cell
        text = clean(raw)
        if not text:
            end_paragraph()
            continue
        if STATUS_SENTENCE_RE.match(text):
            row.rag_sentence = text
            continue
        marker = _marker(raw, numbered=idx == 0 and number is not None)
        if marker is not None:
            start, end, kind = marker
            left, right = clean(raw[:start].replace("|", " ")), clean(raw[end:].replace("|", " "))
            if kind == "lead":
                leads = LEAD_MARK_RE.search(raw).group("leads").strip()  # type: ignore[union-attr]
                rag = TRAILING_RAG_RE.search(leads)
                if rag and len(leads.split()) > 2:
                    row.rag_token, leads = rag.group("rag"), leads[: rag.start()].strip()
                row.leads_raw, right = leads, ""
            elif kind == "status":
                row.rag_token, right = raw[start:end].strip(), ""
                row.title_uncertain = "|" not in raw  # the title shares the line with lead and progress
            else:
                row.bau = norm(BAU_RE.search(raw).group(0)).upper()  # type: ignore[union-attr]
        elif "|" in raw:
            left, _, right = (clean(part) for part in raw.partition("|"))
        elif title_done:
            left, right = "", text
        elif remaining:
            left, right = _peel(text, list(remaining))
            if not left and len(text) <= TITLE_WIDTH:
                left, right = text, ""
        elif len(text) <= TITLE_WIDTH:
            left, right = text, ""
        elif 0 < text.find(". ") < TITLE_WIDTH:
            stop = text.find(". ")
            left, right = text[: stop + 1], text[stop + 2 :]
        else:
            left, right = "", text
        if left and not title_done:
            if remaining:
                _peel(left, remaining)
            add_title(left)
        elif left:
            add_text(left)
        add_text(right)
    end_paragraph()
    row.title = norm(" ".join(_dehyphenate(title)))
    return row


def _dehyphenate(parts: list[str]) -> list[str]:
    """Join a line ending in 'word-' to the next without a space ('17-year-' + 'olds')."""
    out: list[str] = []
    for part in parts:
        if out and re.search(r"[A-Za-z0-9]-$", out[-1]):
            out[-1] += part
        else:
            out.append(part)
    return out


def read_summary(lines: list[Line], known_titles: dict[int, str]) -> list[SummaryRow]:
    """Every summary row, in order, with its number as printed (None where OCR lost it)."""
    body = [ln for ln in lines if not TABLE_HEADER_RE.match(clean(ln.text))]
    markers = [i for i, ln in enumerate(body) if _marker(ln.text) is not None]
    starts = _row_starts(body, markers)
    rows: list[SummaryRow] = []
    guess = 0
    for k, (start, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(body)
        guess = number if number is not None else guess + 1  # only to find a known title to peel off
        rows.append(_read_row(body[start:end], number, known_titles.get(guess)))
    return rows
