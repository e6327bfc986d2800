"""Reference and bullet vocabulary: action refs ('a.', '1.2', '(3b)', 'R1.2', '4.01.01'), bullets.

Ref forms seen in real plans (REAL-WORLD-LAYOUTS.md "Numbering and sections"): `a.`, `1` / `1.1` /
`1.1.1`, `(1a) (1b)`, `R1`, `A1`, `4.01.01`, `2 (i)`, `SR1`.
"""

from __future__ import annotations

import re

# The ref itself, without its punctuation.
_REF_BODY = (
    r"[a-hj-z]|[ivx]{1,4}"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?"  # 1, 1.2, 1.2.3, 4.01.01, 1.2a
    r"|\d{1,2}[a-z]"  # 1a, 3b
    r"|\d{1,2}\s*\([ivx]{1,4}\)"  # 2 (i)
    r"|[A-Z]{1,3}\s?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?"  # A1, R1.2, SR1, AFI 2.1
)
# A ref at the start of an action cell: 'a. text', 'a) text', '(a) text', '1.2 Text', '(3b) text'.
REF_RE = re.compile(
    rf"^(?:\((?P<pref>{_REF_BODY})\)\s+|(?P<ref>{_REF_BODY})(?:[.):]\s+|\.?\s+(?=[A-Z])))(?P<rest>.*)$"
)
# A numbered ref run into the first word of the action: a long ref ('1.01.01', 'R2.03') printed in a
# narrow Ref column overflows its cell and touches the description, so the text layer gives one word
# '1.01.01Embed'. The ref part can never end in a capital, so the split is unambiguous.
GLUED_REF_RE = re.compile(
    r"^(?P<ref>(?:[A-Z]{1,3})?\d{1,2}(?:\.\d{1,2}){1,3})(?P<word>[A-Z][a-z]\S*)(?P<rest>.*)$"
)
# A whole cell that is a ref (a 'Ref' column): 'a', 'a.', '(1a)', '1.2.', 'R1.2', '4.01.01'.
VALID_REF = re.compile(rf"^\(?(?:{_REF_BODY})\)?$")

# Bullet glyphs, and what the text layer or OCR makes of them: Word's Symbol bullet decodes as
# '(cid:127)' or a private-use code point (U+F0B7, U+F0A7, U+F076, U+F0D8); OCR reads '•' as 'e', '«',
# '°', '©', '*', '¢', '@'.
_SOFT = r"•●▪◦‣∙·\-–oe«»°©*¢@"  # need a space after them: 'o' and 'e' are also letters
_HARD = r"•●▪◦‣∙➢►▶■□✓✔❖➤→\uf000-\uf8ff"  # always bullets, even with no space after them
BULLET_RE = re.compile(rf"^\s*(?:\(cid:\d+\)\s*|[{_HARD}]\s*|[{_SOFT}]\s+)(?P<text>\S.*)$")


def recommendation_of_ref(ref: str) -> int | None:
    """The recommendation a hierarchical ref places its action under: '3.2' -> 3, '(3b)' -> 3,
    'R3.2' -> 3, '4.01.01' -> 4. None for refs that do not say ('a', 'A1', '12')."""
    text = ref.strip().strip("()").strip()
    m = re.fullmatch(r"(?:R|SR|AFI|P|W|WS)?\s?(\d{1,2})(?:\.\d{1,2}){1,3}[a-z]?", text, re.IGNORECASE)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"(\d{1,2})[a-z]", text)
    return int(m.group(1)) if m else None
