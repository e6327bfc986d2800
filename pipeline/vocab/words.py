"""Is a run of letters an English word? Word frequencies from pyspellchecker's English dictionary.

Serves tables whose narrow header cells break a word across lines without a hyphen ('Bud' / 'get
impact', 'Resource Implic' / 'ation'): Word and Excel break a word that does not fit its cell, and
some generators break anywhere. A cell's lines are joined back into the header as meant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_LETTERS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _frequency() -> dict[str, int]:
    # loaded on first use (about 0.2 s): only documents with wrapped headers pay for it
    from spellchecker import SpellChecker  # type: ignore[import-untyped]

    return dict(SpellChecker(distance=1).word_frequency.dictionary)


def frequency(word: str) -> int:
    """How often `word` occurs in the dictionary's English text (0 when it is not a word)."""
    return _frequency().get(word.casefold(), 0)


# A joined word at least this common relative to its rarer half was one word broken across lines:
# 'percent' + 'age' (0.16), 'up' + 'date' (0.09), 'dead' + 'line' (0.03); two words that only make a
# rare compound when joined stay apart ('time' + 'scale' 0.005, 'kick' + 'off' 0.005).
_JOIN_RATIO = 0.01
_MIN_JOINED = 20  # rarer 'words' in the dictionary are mostly names and misspellings


def split_mid_word(left: str, right: str) -> bool:
    """Whether `left` (ending one line) and `right` (starting the next) are the halves of one word.

    `left` ends in letters and `right` starts with letters ('Red/Amber/G' + 'reen' breaks 'Green').
    They are halves when their concatenation is a word and is not much rarer than the rarer half:
    'Implic' + 'ation' (neither half is a word), 'Bud' + 'get'. A capital starting the next line
    starts a new word ('Resource' / 'Implication'); 'Lead' + 'officer' makes no word.
    """
    a = re.search(r"[A-Za-z]+$", left)
    b = re.match(r"[A-Za-z]+", right)
    if not a or not b:
        return False
    a_word, b_word = a.group(0), b.group(0)
    if b_word[0].isupper() and not a_word.isupper():
        return False  # a new word starts with a capital: 'Resource' / 'Implication'
    if a_word.isupper() and b_word.isupper() and len(a_word) > 1 and len(b_word) > 1:
        return False  # 'RAG' / 'STATUS': acronyms and capitalised words stay apart
    joined = frequency(a_word + b_word)
    return joined >= _MIN_JOINED and joined >= _JOIN_RATIO * min(frequency(a_word), frequency(b_word))


def join_lines(lines: Sequence[str]) -> str:
    """A cell's lines as one text: joined by spaces, except where a word was broken across lines."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out:
            tail = out.rsplit(" ", 1)[-1]
            head = line.split(" ", 1)[0]
            if tail.endswith("-") and tail[:-1] and split_mid_word(tail[:-1], head):
                # a soft hyphen at a line break ('Imple-' / 'mentation'), unless both halves are
                # words of a hyphenated compound ('Kick-' / 'off' stays 'Kick-off')
                both = frequency(tail[:-1].rsplit("-", 1)[-1]) and frequency(head.split("-")[0])
                out = out + line if both else out[:-1] + line
            elif tail.endswith(("-", "/")):
                out += line  # 'Kick-' / 'off', 'Red/' / 'Amber'
            else:
                out += line if split_mid_word(tail, head) else " " + line
        else:
            out = line
    return out


# ---------------------------------------------------------------- OCR misreads of thin letters

# What OCR reads a thin glyph as, and what the glyph may have been. Tesseract confuses the vertical
# strokes l / I / i / t / 1 / | / ! and the pair u / v at 200-300 dpi ('ltem' for 'Item', 'pian' for
# 'plan', 'Statf' for 'Staff', 'socia!' for 'social', 'Janvary'). A word's first glyph read as a
# tall stroke was tall: 'I' or 'l', never a dotted 'i'.
_FIRST_MISREAD: dict[str, str] = {"l": "I", "t": "Il", "|": "Il", "!": "Il", "1": "Il", "I": "l", "i": "l"}
_INNER_MISREAD: dict[str, str] = {
    "l": "i",
    "i": "l",
    "t": "lf",
    "f": "t",
    "!": "li",
    "|": "l",
    "1": "l",
    "I": "l",
    "v": "u",
}
_CAPS_MISREAD: dict[str, str] = {"l": "I", "|": "I", "!": "I", "1": "I"}  # inside an all-capitals word
_MISREAD_PART = re.compile(r"[A-Za-z|!1]+")
MIN_CORRECTED = 100  # the corrected word is a common word ('pl' 50 and 'csc' 50 are abbreviations)
_CORRECTION_MARGIN = 10  # ... and far commoner than any other correction of the same read


def _misread_candidates(part: str) -> set[str]:
    caps = part.isupper() and len(part) > 1
    options: list[str] = []
    for k, c in enumerate(part):
        table = _CAPS_MISREAD if caps else (_FIRST_MISREAD if k == 0 else _INNER_MISREAD)
        options.append(table.get(c, ""))
    out: set[str] = set()
    spots = [k for k, o in enumerate(options) if o]
    for i, a in enumerate(spots):
        for ca in options[a]:
            one = part[:a] + ca + part[a + 1 :]
            out.add(one)
            for b in spots[i + 1 :]:
                out.update(one[:b] + cb + one[b + 1 :] for cb in options[b])
    return out


def _case_consistent(word: str) -> bool:
    letters = word.replace("'", "")
    return letters.islower() or letters.isupper() or (letters[0].isupper() and letters[1:].islower())


def misread_fix(part: str) -> str | None:
    """The word OCR meant by `part`, a run of letters and stroke glyphs it read, or None.

    Only a read that is no word ('ltem', 'compiete', 'al!') is corrected, and only to a common word
    that one or two stroke-glyph changes make, far commoner than any other such change: 'Item',
    'complete', 'all'. A read that is a word ('Al', 'pi') and names and codes that no stroke change
    makes into a common word stay as read.
    """
    if len(part) < 3 or sum(c.isalpha() for c in part) < 2 or frequency(part) > 0:
        return None
    scored: dict[str, tuple[int, str]] = {}
    for cand in _misread_candidates(part):
        if not cand.isalpha() or not _case_consistent(cand):
            continue
        f = frequency(cand)
        key = cand.casefold()
        if f and (key not in scored or _prefer(cand, scored[key][1], part)):
            scored[key] = (f, cand)
    if not scored:
        return None
    ranked = sorted(scored.values(), reverse=True)
    best_f, best = ranked[0]
    if best_f < MIN_CORRECTED or (len(ranked) > 1 and best_f < _CORRECTION_MARGIN * ranked[1][0]):
        return None
    return best


def _prefer(cand: str, other: str, read: str) -> bool:
    """Of two spellings of one word, the one whose case follows the read's ('ltem' -> 'Item')."""
    return (cand[0].isupper()) == (read[0] in "lt|!1I" and read[1:2].islower()) and cand != other


def correct_misread(text: str) -> str:
    """`text` with each run of letters that is an OCR misread of a common word corrected (misread_fix)."""

    def fix(m: re.Match[str]) -> str:
        part = m.group(0)
        # a trailing '1' or '!' on a word is the word's own digit or punctuation far more often
        core = part.rstrip("1") if part.rstrip("1") != part and frequency(part.rstrip("1")) else part
        return (misread_fix(core) or core) + part[len(core) :]

    # a semicolon read as 'i' run into its word ('absencei', 'wayi'): its dot over a stroke
    m = re.fullmatch(r"(?P<word>[A-Za-z]{2,})i", text)
    if m and not frequency(text) and frequency(m.group("word")) >= MIN_CORRECTED:
        return m.group("word") + ";"
    return _MISREAD_PART.sub(fix, text)
