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
- 'Pl', no word, is the 'PI' of an indicator header or code; a month name in lower case that is
  no other word ('From jan 25') is capitalised, as months always are;
- a stop read as a comma or a semicolon as a colon where the ink shows otherwise (ocr.punctuation_from_ink),
  and a dotted ref misread in a column of such refs, rebuilt from its ink's strokes and stops
  (ocr.glyph_layout: 'Fee' -> '1.1.1', '14' -> '1.1', '412' -> '4.1.2');
- an indicator code's letters in the case the column's other codes have ('csc' over 'CSC');
- a tilde alone in a cell, which plans never print, is the en dash that means "not set"; an em
  dash alone whose ink is half an em wide is an en dash (a dash bullet);
- a question or exclamation mark ending a word before a word in lower case on its line ('under
  way? two posts', 'under way! two') is the semicolon it was; tesseract's stop or comma split off
  its word ('comment .') is put back.

Words read with full confidence are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from pipeline.models import Word
from pipeline.vocab.months import MONTHS
from pipeline.vocab.refs import VALID_REF
from pipeline.vocab.words import correct_misread, frequency

# glyphs OCR reads for digits inside a ref (and a comma for the stop of '1.3')
_AS_DIGIT = {"l": "1", "I": "1", "i": "1", "|": "1", "!": "1", "O": "0", "o": "0", "§": "5", ",": "."}
_CODE = re.compile(r"^([A-Za-z]{2,5})(?:\d[\w]*)?$")  # an indicator code or its letters: 'CSC', 'CP15'
_CAPITAL_T = re.compile(r"^[A-Z]t$")
_SMALL_CODE = re.compile(r"^([cosvwxz]{2,5})([/\-]?\d{1,4}[a-z]?)$")
# Tesseract reads an en dash alone (a dash bullet, a 'not set' cell) as an em dash about as often
# as not on 200 dpi scans. The ink tells them apart: an en dash's box (ink and bearings) is 0.5-0.6
# of the font size, an em dash's 0.9-1.0 (Arial, Calibri, Times, DejaVu).
EM_DASH_MIN = 0.75
_QUARTER = re.compile(r"^(?P<q>[QO0a])(?P<d>[1-4lI|!i])(?P<tail>[.,;:]?)$")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/\d{2}(?:\d{2})?)?[.,;:)]?$")
_SHORT_YEAR = re.compile(r"^(?:(?:19|20)?\d\d(?:/\d{2}(?:\d{2})?)?)[.,;:)]?$")  # '23' after a month too
_J_MISREADS = set("fjTIld")
_WRAP_REACH = 6.0  # em: how far left of a month its wrapped year may start (a date cell's width)
# lower-case month names that are no other English word ('may', 'mar', 'march', 'august' are)
_LOWER_MONTHS = frozenset(MONTHS) - {"may", "mar", "march", "june", "august"}
_COLUMN_TOLERANCE = 0.6  # em: refs of one column start at one left edge, give or take skew and blur


def correct_words(words: list[Word], layout: Callable[[int], str | None] | None = None) -> list[Word]:
    """The page's OCR words with supported corrections applied (see the module docstring).

    `layout(i)`, when given, is the shape of word i's ink as ocr.glyph_layout reads it ('1.1.1',
    '9.1.9'), asked only of a word in a column of dotted refs that is no ref of the column's form.
    """
    refs: dict[str, list[Word]] = {}
    for w in words:
        if _is_ref(w.text):
            refs.setdefault(_shape(w.text), []).append(w)
    codes: dict[str, list[Word]] = {}
    for w in words:
        m = _CODE.match(w.text)
        if m and m.group(1).isupper():
            codes.setdefault(m.group(1), []).append(w)
    out = []
    for i, w in enumerate(words):
        text = w.text
        if w.confidence < 1.0:
            text = _corrected(w, words, refs)
            text = _code_case(text, w, codes)
            if layout is not None and text == w.text:
                text = _dotted_ref(w, refs, partial(layout, i)) or text
        out.append(w if text == w.text else w.model_copy(update={"text": text}))
    return _rejoin_lost_stops(_rejoin_punctuation(out))


_TAIL_NUMBER = re.compile(r"^\d{1,2}$")


def _rejoin_lost_stops(words: list[Word]) -> list[Word]:
    """Dotted refs whose last stop OCR lost ('1.01' '01' for '1.01.01'), joined again.

    A column's refs are unique per row, so the same dotted ref read on two or more rows of one
    column, each followed within a character or so by a short number that differs from row to
    row, is one ref per row broken at a stop (in monospace type a stop is a whole character wide,
    as a space is). Only OCR words are joined; a ref that appears once is left as read.
    """
    ocr = [
        w for w in words if w.confidence < 1.0 and "." in w.text and _is_ref(w.text) and w.text[-1].isdigit()
    ]
    pairs: dict[int, Word] = {}
    for w in ocr:
        size = w.size or max(1.0, w.bottom - w.top)
        after = _next_on_line(w, words, 1.2)
        if after is not None and _TAIL_NUMBER.match(after.text) and after.x0 - w.x1 <= 1.2 * size:
            pairs[id(w)] = after
    groups: dict[str, list[Word]] = {}
    for w in ocr:
        if id(w) in pairs:
            groups.setdefault(w.text, []).append(w)
    joined: dict[int, Word] = {}
    gone: set[int] = set()
    for text, ws in groups.items():
        same_column = [w for w in ws if _in_ref_column(w, ws)]
        tails = [pairs[id(w)].text for w in same_column]
        repeated = sum(o.text == text and _in_ref_column(o, same_column) for o in ocr) >= 2
        if len(same_column) < 2 or not repeated or len(set(tails)) != len(tails):
            continue
        for w in same_column:
            tail = pairs[id(w)]
            joined[id(w)] = w.model_copy(update={"text": f"{w.text}.{tail.text}", "x1": tail.x1})
            gone.add(id(tail))
    if not joined:
        return words
    return [joined.get(id(w), w) for w in words if id(w) not in gone]


# Capitals tesseract reads for a code's last digit when the language model prefers a letter
_DIGIT_AS_CAPITAL = {"A": "4", "S": "5", "B": "8", "O": "0", "I": "1", "Z": "2", "G": "6", "T": "7"}


def _code_case(text: str, w: Word, codes: dict[str, list[Word]]) -> str:
    """An indicator code's letters in the case of the column's codes: 'csc 168b', 'cP15' under
    'CSC 291a', 'CP12' (tesseract guesses the case of c, o, s, p, v, w, x, z from their shape).

    A code of letters only whose last letter stands for a digit ('AESEA'), in a column with a code
    of its other letters and a number ('AESE8'), is that code with the digit ('AESE4').
    """
    if len(text) >= 3 and text.isalpha() and text.isupper() and text[-1] in _DIGIT_AS_CAPITAL:
        column = [o for o in codes.get(text[:-1], []) if o is not w]  # its letters, then a digit
        if column and _in_ref_column(w, column):
            return text[:-1] + _DIGIT_AS_CAPITAL[text[-1]]
    m = _CODE.match(text)
    if not m or m.group(1).isupper():
        return text
    prefix = m.group(1).upper()
    column = [o for o in codes.get(prefix, []) if o is not w]
    if len(column) >= 2 and _in_ref_column(w, column):
        return prefix + text[len(prefix) :]
    return text


def _dotted_ref(w: Word, refs: dict[str, list[Word]], layout: Callable[[], str | None]) -> str | None:
    """A dotted ref ('1.1.1', '4.1.2') misread in a column of refs of its form, rebuilt from its ink.

    The column (refs of one dotted form at w's left edge) says which form; the ink's layout says
    where the stops are and which digits are bare strokes ('1'). When tesseract read as many digits
    as the ink has, they stand, each bare stroke a 1 ('3.14' over '9.9.1' ink is 3.1.1); else the
    other glyphs take the digits tesseract read other than '1', in order, when there are as many;
    when it read more (a stop and stroke read as '4': '2.414', '14'), only a lone leading digit it
    read first is taken, or none when the ink shows strokes only. Never a ref the column holds.
    """
    text = w.text.rstrip(".:")
    if not text or len(text) > 8 or " " in text:
        return None
    shape = _shape(text) if _is_ref(text) else None
    dotted = [c for s, c in refs.items() if "." in s]
    if not any(_in_ref_column(w, c) for c in dotted):
        return None
    # the column's dotted form: the one most of the refs at w's left edge have (misreads have others)
    column = sorted(
        ((sum(_in_ref_column(w, [m]) for m in c), s, c) for s, c in refs.items() if "." in s),
        key=lambda t: -t[0],
    )
    column = [t for t in column if t[0] > 0]
    if not column or (len(column) > 1 and column[1][0] == column[0][0]) or column[0][1] == shape:
        return None
    _, form, members = column[0]
    ink = layout()
    if ink is None or re.sub(r"\d", "9", ink).rstrip(".") != form.rstrip("."):
        return None
    slots = [c for c in ink.rstrip(".") if c != "."]
    digits = [c for c in text if c.isdigit()]
    if len(digits) == len(slots):  # tesseract read every digit: the bare strokes are 1s whatever it read
        read = ["1" if slot == "1" else d for d, slot in zip(digits, slots, strict=True)]
    else:  # the other digits from those it read other than 1 ('2.414': the stop and stroke read as '4')
        others = [c for c in digits if c != "1"]
        wide = slots.count("9")
        if len(others) > wide and (wide == 0 or (wide == 1 and text[0] == others[0])):
            others = others[:wide]
        if len(others) != wide:
            return None
        it = iter(others)
        read = [next(it) if slot == "9" else "1" for slot in slots]
    it = iter(read)
    ref = "".join(next(it) if c != "." else c for c in ink.rstrip("."))
    if any(m.text.rstrip(".:") == ref for m in members):
        return None
    return ref + w.text[len(text) :]


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
            # tesseract's box for a stop it read apart can take in the end of the word's last
            # glyph (half an em of it on 200 dpi Courier): a mark ending right of the word and
            # starting inside it, past its first half, is its end as well as one just after it
            and (o.x0 + o.x1) / 2 < p.x0
            and o.x1 < p.x1
            and p.x0 - o.x1 <= 0.4 * size
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
    if text == "—" and w.size > 0 and w.x1 - w.x0 < EM_DASH_MIN * w.size:
        return "–"  # its ink is half an em: an en dash (a dash bullet, a 'not set' dash)
    q = _QUARTER.match(text)
    if q and not (q.group("q") == "Q" and q.group("d").isdigit()):
        if (q.group("q") == "Q" and q.group("d") in "lI|!") or _year_follows(w, words):
            return f"Q{_AS_DIGIT.get(q.group('d'), q.group('d'))}{q.group('tail')}"
        return text
    # '?' and '!' end a sentence, so the next word is never in lower case: the semicolon they were
    if text[-1:] in "?!" and len(text) > 2 and text[-2].isalpha():
        after = _next_on_line(w, words, 1.0)
        if after is not None and after.text[:1].islower():
            return text[:-1] + ";"
    if text == "Pl":  # no word: the 'PI' (performance indicator) of an indicator table's header or code
        return "PI"
    small_code = _SMALL_CODE.match(text)
    if small_code:
        # an indicator code's capitals whose small letters look the same ('scc/011b' for
        # 'SCC/011b'): codes are printed in capitals, and these letters give the LSTM no shape to
        # tell the case by
        return small_code.group(1).upper() + small_code.group(2)
    bare = text.rstrip(".,;:")
    month = _j_month(bare)
    if month is not None and _year_follows(w, words, short=True):
        return month + text[len(bare) :]
    if bare in _LOWER_MONTHS:  # months are always capitalised; these are no other word
        return bare.capitalize() + text[len(bare) :]
    if (len(text) <= 8 and any(c in _AS_DIGIT for c in text) and not _is_ref(text)) or _CAPITAL_T.match(text):
        # a capital's ref with its '1' read as 't' ('At' over 'A2'): only after the capital
        ref = text[0] + "1" if _CAPITAL_T.match(text) else "".join(_AS_DIGIT.get(c, c) for c in text)
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


def _j_month(text: str) -> str | None:
    """The month a word that is no word would be with its first glyph a 'J' ('ful' -> 'Jul'): the
    capital J's hook is lost on 200-300 dpi scans and it reads as 'f', 'j', 'T', 'I', 'l' or, closed, 'd'.
    None when it is a word ('fun', 'fan') or no such month."""
    if len(text) < 3 or text[0] not in _J_MISREADS or frequency(text) > 0:
        return None
    candidate = "J" + text[1:].lower()
    return candidate if candidate.lower() in MONTHS else None


def _year_follows(w: Word, words: list[Word], short: bool = False) -> bool:
    """Whether the next word after w is a year ('2025', '2024/25'; with `short`, '23' too): close
    after it on its line, or first under it when the cell wraps ('Q1' / '2024/25' in a narrow date
    column)."""
    year = _SHORT_YEAR if short else _YEAR
    size = w.size or max(1.0, w.bottom - w.top)
    middle = (w.top + w.bottom) / 2
    after = [o for o in words if o.top <= middle <= o.bottom and 0 <= o.x0 - w.x1 <= 1.5 * size]
    if after:
        return bool(year.match(min(after, key=lambda o: o.x0).text))
    # the year of 'From Jul' / '23' wraps to the cell's left edge, left of the month
    reach = _WRAP_REACH * size if short else _COLUMN_TOLERANCE * size
    below = [
        o
        for o in words
        if -reach <= o.x0 - w.x0 <= _COLUMN_TOLERANCE * size
        and 0 < o.top - w.top <= 1.8 * size
        and o is not w
    ]
    return bool(below) and bool(year.match(min(below, key=lambda o: o.top).text))
