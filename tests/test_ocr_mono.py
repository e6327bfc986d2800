"""Monospace type on scans gets boxes of whole character advances (pipeline/ingest/ocr_mono)."""

from __future__ import annotations

import random

from pipeline.ingest.ocr_mono import monospace_advances
from pipeline.layout.grid import header_cells
from pipeline.layout.lines import monospace_pitch
from pipeline.models import Word
from pipeline.models.words import group_lines

PITCH = 5.4  # Courier at 9pt


def _line(
    texts: list[str], top: float, rng: random.Random, pitch: float = PITCH, proportional: bool = False
) -> list[Word]:
    """Words one space apart as OCR boxes them: the advances, less a side bearing that depends on the
    glyph at each end (up to a fifth of a character each side)."""
    words, col = [], 6
    for t in texts:
        if proportional:  # a proportional face: each glyph its own width
            width = (
                sum({"i": 0.45, "l": 0.45, "m": 1.5, "w": 1.4, "t": 0.6}.get(c, 1.0) for c in t) * pitch * 0.8
            )
            x0 = col * pitch
            col += int(width / pitch) + 2
        else:
            width = len(t) * pitch
            x0 = col * pitch
            col += len(t) + (3 if t in CELL_ENDS else 1)
        left, right = rng.uniform(0, 0.2) * pitch, rng.uniform(0, 0.2) * pitch
        words.append(
            Word(
                text=t, x0=x0 + left, top=top, x1=x0 + width - right, bottom=top + 9, size=8.6, confidence=0.9
            )
        )
    return words


CELL_ENDS = {"Item", "do", "person", "2024"}  # the header's cells: three characters apart
PAGE = [
    ["Item", "What", "we", "will", "do", "Named", "person", "Progress", "December", "2024", "Evidence"],
    ["1.1.1", "Audit", "monthly", "reporting", "Helen", "Wu", "Start:", "Delayed", "by", "staff", "Feedback"],
    ["on", "assessment", "tracking.", "01/10/24", "absence;", "a", "from", "young"],
    ["End:", "track", "recovery", "plan", "is", "people", "agreed."],
]


def test_a_monospace_scan_gets_boxes_of_whole_characters_and_reads_as_monospace() -> None:
    rng = random.Random(4)
    words = [w for k, texts in enumerate(PAGE) for w in _line(texts, 100 + 12 * k, rng)]
    assert not all(monospace_pitch(line) for line in group_lines(words))  # ink boxes: not seen as monospace
    out = monospace_advances(words)
    lines = group_lines(out)
    assert all(abs(monospace_pitch(line) - PITCH) < 0.3 for line in lines)
    # a one-character gap is a word space: 'Progress December 2024' stays one header cell
    cells = [text for _, _, text in header_cells(lines[0])]
    assert cells == ["Item", "What we will do", "Named person", "Progress December 2024", "Evidence"]


def test_a_proportional_scan_keeps_its_ink_boxes() -> None:
    rng = random.Random(4)
    words = [w for k, texts in enumerate(PAGE) for w in _line(texts, 100 + 12 * k, rng, proportional=True)]
    assert monospace_advances(words) == words


def test_a_word_split_at_a_narrow_glyph_in_monospace_type_is_joined() -> None:
    # tesseract read the ref '1.1.1' of a Courier table as '1.' and '1.1', next to no gap between them
    rng = random.Random(4)
    words = [w for k, texts in enumerate(PAGE) for w in _line(texts, 100 + 12 * k, rng)]
    ref = next(w for w in words if w.text == "1.1.1")
    first = ref.model_copy(update={"text": "1.", "x1": ref.x0 + 1.6 * PITCH})
    rest = ref.model_copy(update={"text": "1.1", "x0": ref.x0 + 2.2 * PITCH})
    split = [w for w in words if w is not ref] + [first, rest]
    out = monospace_advances(split)
    assert "1.1.1" in [w.text for w in out] and "1." not in [w.text for w in out]
    # words a space apart stay apart
    assert {"by", "staff", "Delayed"} <= {w.text for w in out}
