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
