"""The status legend in plain OCR text: label-led rows ('Amber Actions/PIs not on track ...')."""

from __future__ import annotations

import re

from pipeline.extract.plaintext_detail import CONTINUES_RE
from pipeline.extract.plaintext_lines import Line, clean, is_junk
from pipeline.extract.rag import DEFAULT_TOKENS, default_legend, meaning_of_description, token_key

MAX_GAP = 4  # lines between two legend rows (wrapped descriptions, blank lines)
# The second column starts at a capitalised word after a lower-case one: '... on time Confident that'.
COLUMN_BREAK_RE = re.compile(r"(?<=[a-z])\s+(?=[A-Z][a-z])")

LegendRow = tuple[str, str | None, str | None]


def _label(text: str) -> str | None:
    """The legend label a line starts with ('Completed', 'Amber'), or None."""
    first = text.split(" ", 1)[0]
    meaning = DEFAULT_TOKENS.get(token_key(first))
    if meaning is None or len(token_key(first)) < 3 or len(text.split()) < 4:
        return None
    return first


def _label_for_meaning(description: str) -> str | None:
    """Recover a damaged label from what its description says (' f:(;fi?:ems not on track ...' -> Red)."""
    meaning = meaning_of_description(description)
    for entry in default_legend().entries:
        if meaning is not None and (entry.rag, entry.delivery_state) == meaning:
            return entry.label
    return None


def _describe(parts: list[str], columns: list[str]) -> str:
    text = " ".join(parts)
    if len(columns) == 2:
        split = COLUMN_BREAK_RE.split(parts[0], maxsplit=1)
        if len(split) == 2:
            first, second = split
            for extra in parts[1:]:  # a wrapped first column ('... in hand to' / 'address slippage')
                if CONTINUES_RE.search(first):
                    first = f"{first} {extra}"
                else:
                    second = f"{second} {extra}"
            return f"{columns[0]}: {first}. {columns[1]}: {second}"
    return text


def read_legend(lines: list[Line]) -> tuple[list[LegendRow], int | None, list[str]]:
    """Legend rows (label, None, description), the page, and labels recovered from their wording.

    A legend is two or more lines starting with a status word close together; a line between them
    whose first word is damaged is a row too, labelled by what its description means.
    """
    texts = [clean(ln.text) for ln in lines]
    rows_at = [i for i, t in enumerate(texts) if _label(t)]
    groups: list[list[int]] = []
    for i in rows_at:
        if groups and i - groups[-1][-1] <= MAX_GAP and lines[i].page == lines[groups[-1][-1]].page:
            groups[-1].append(i)
        else:
            groups.append([i])
    best = max((g for g in groups if len(g) >= 2), key=len, default=None)
    if best is None:
        return [], None, []
    header = next((texts[k] for k in range(best[0] - 1, max(best[0] - 4, -1), -1) if texts[k]), "")
    columns = header.split() if 1 < len(header.split()) <= 3 else []
    rows: list[tuple[str, list[str]]] = []
    recovered: list[str] = []
    end = best[-1] + 1
    while end < len(texts) and texts[end] and texts[end][:1].islower():
        end += 1  # the last row's wrapped lines
    for i in range(best[0], end):
        text = texts[i]
        if not text or is_junk(text):
            continue
        label = _label(text)
        if label:
            rows.append((label, [text[len(label) :].strip()]))
        elif text[:1].islower() and rows:
            rows[-1][1].append(text)
        else:
            words = text.split(" ")
            # drop the damaged label: debris and the garbled word carrying non-letters
            while words and (is_junk(words[0]) or re.search(r"[^A-Za-z/’'.]", words[0])):
                words.pop(0)
            description = " ".join(words)
            guess = _label_for_meaning(description)
            if guess:
                rows.append((guess, [description]))
                recovered.append(guess)
    out: list[LegendRow] = [(label, None, _describe(parts, columns)) for label, parts in rows]
    return out, lines[best[0]].page, recovered
