"""OCR misreads corrected where the page itself supports the correction (scans only, never the text layer).

Tesseract confuses thin strokes and round glyphs at 200-300 dpi: 'ltem #' for 'Item #' (and the
table's header is lost), 'Al' for the ref 'A1' (and the record is lost), 'Ql 2025/26' for a quarter.
A word is changed only when what it becomes is strongly supported and what was read is not:

- a run of letters that is no word, changed by one or two stroke glyphs into a common one
  (vocab/words.correct_misread: 'compiete' -> 'complete');
- a ref with a stroke or round glyph for a digit ('Al', '(la)', 'A1O') in a column whose other
  words are refs of the same form ('A2', '(1b)' at the same left edge);
- a quarter with a stroke for its digit, or a round glyph for its Q, before a year ('Ql 2025/26',
  'O4 2024/25', 'a4' over '2023/24' in a wrapped cell); 'Ql'/'QI' alone are no word: Q1 anywhere;
- a tilde alone in a cell, which plans never print, is the en dash that means "not set";
- a question mark ending a word before a word in lower case on its line ('under way? two posts') is
  the semicolon it was; tesseract's stop or comma split off its word ('comment .') is put back.

Words read with full confidence are left alone.
"""

from __future__ import annotations

import re

from pipeline.models import Word
from pipeline.vocab.refs import VALID_REF
from pipeline.vocab.words import correct_misread

# glyphs OCR reads for digits inside a ref
_AS_DIGIT = {"l": "1", "I": "1", "i": "1", "|": "1", "!": "1", "O": "0", "o": "0"}
_QUARTER = re.compile(r"^(?P<q>[QO0a])(?P<d>[1-4lI|!i])(?P<tail>[.,;:]?)$")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/\d{2}(?:\d{2})?)?[.,;:)]?$")
_COLUMN_TOLERANCE = 0.6  # em: refs of one column start at one left edge, give or take skew and blur


def correct_words(words: list[Word]) -> list[Word]:
    """The page's OCR words with supported corrections applied (see the module docstring)."""
    refs: dict[str, list[Word]] = {}
    for w in words:
        if _is_ref(w.text):
            refs.setdefault(_shape(w.text), []).append(w)
    out = []
    for w in words:
        text = w.text
        if w.confidence < 1.0:
            text = _corrected(w, words, refs)
        out.append(w if text == w.text else w.model_copy(update={"text": text}))
    return _rejoin_punctuation(out)


def _next_on_line(w: Word, words: list[Word], reach: float) -> Word | None:
    """The nearest word starting within `reach` em right of w's end, on w's line."""
    size = w.size or max(1.0, w.bottom - w.top)
    middle = (w.top + w.bottom) / 2
    after = [
        o
        for o in words
        if o is not w and o.top <= middle <= o.bottom and -0.2 * size <= o.x0 - w.x1 <= reach * size
    ]
    return min(after, key=lambda o: o.x0) if after else None


def _rejoin_punctuation(words: list[Word]) -> list[Word]:
    """A lone '.', ',', ';' or ':' just after a word on its line is that word's end ('comment .')."""
    lone = [w for w in words if w.text in {".", ",", ";", ":"} and w.confidence < 1.0]
    if not lone:
        return words
    gone: set[int] = set()
    grown: dict[int, Word] = {}
    for p in lone:
        size = p.size or max(1.0, p.bottom - p.top)
        middle = (p.top + p.bottom) / 2
        before = [
            (k, o)
            for k, o in enumerate(words)
            if o is not p
            and o.text not in {".", ",", ";", ":"}
            and o.top <= middle <= o.bottom + 0.3 * size
            and -0.2 * size <= p.x0 - o.x1 <= 0.4 * size
        ]
        if not before:
            continue
        k, o = max(before, key=lambda ko: ko[1].x1)
        o = grown.get(k, o)
        if o.text[-1:].isalnum() or o.text[-1:] in ")'’\"":
            grown[k] = o.model_copy(update={"text": o.text + p.text, "x1": max(o.x1, p.x1)})
            gone.add(id(p))
    return [grown.get(k, w) for k, w in enumerate(words) if id(w) not in gone]


def _corrected(w: Word, words: list[Word], refs: dict[str, list[Word]]) -> str:
    text = w.text
    if text == "~":
        return "–"
    q = _QUARTER.match(text)
    if q and not (q.group("q") == "Q" and q.group("d").isdigit()):
        if (q.group("q") == "Q" and q.group("d") in "lI|!") or _year_follows(w, words):
            return f"Q{_AS_DIGIT.get(q.group('d'), q.group('d'))}{q.group('tail')}"
        return text
    if text.endswith("?") and len(text) > 2 and text[-2].isalpha():
        after = _next_on_line(w, words, 1.0)
        if after is not None and after.text[:1].islower():
            return text[:-1] + ";"
    if len(text) <= 8 and any(c in _AS_DIGIT for c in text) and not _is_ref(text):
        ref = "".join(_AS_DIGIT.get(c, c) for c in text)
        if _is_ref(ref) and _in_ref_column(w, refs.get(_shape(ref), [])):
            return ref
    return correct_misread(text)


def _is_ref(text: str) -> bool:
    """A ref with a number in it ('A1', '(1a)', '2.3', 'R1.2.'): the kind a column of refs holds."""
    return any(c.isdigit() for c in text) and VALID_REF.match(text.rstrip(".:")) is not None


def _shape(text: str) -> str:
    """A ref's form: digits and lower-case letters generalised, capitals kept ('A2' and 'A1' alike)."""
    return re.sub(r"[a-z]", "a", re.sub(r"\d+", "9", text))


def _in_ref_column(w: Word, column: list[Word]) -> bool:
    size = w.size or max(1.0, w.bottom - w.top)
    return any(o is not w and abs(o.x0 - w.x0) <= _COLUMN_TOLERANCE * size for o in column)


def _year_follows(w: Word, words: list[Word]) -> bool:
    """Whether the next word after w is a year ('2025', '2024/25'): close after it on its line, or
    first under it when the cell wraps ('Q1' / '2024/25' in a narrow date column)."""
    size = w.size or max(1.0, w.bottom - w.top)
    middle = (w.top + w.bottom) / 2
    after = [o for o in words if o.top <= middle <= o.bottom and 0 <= o.x0 - w.x1 <= 1.5 * size]
    if after:
        return bool(_YEAR.match(min(after, key=lambda o: o.x0).text))
    below = [
        o
        for o in words
        if abs(o.x0 - w.x0) <= _COLUMN_TOLERANCE * size and 0 <= o.top - w.top <= 1.8 * size and o is not w
    ]
    return bool(below) and bool(_YEAR.match(min(below, key=lambda o: o.top).text))
