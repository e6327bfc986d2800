"""Words to text lines: cluster by vertical overlap, order left to right, split at wide gaps."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable

from pipeline.models import PageSource, Word
from pipeline.models.layout import TextLine
from pipeline.models.words import group_lines

OCR_SPECK = re.compile(r"^(?:[_~=|¦]+|[-—–_~=]*_[-—–_~=]*)$")
OCR_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def monospace_pitch(line: list[Word]) -> float:
    """The character width of a line set in a monospace font (Courier), or 0.0 for any other font.

    A monospace space is as wide as a letter (0.6 of the font size in Courier), wider than the gap
    that separates header cells in proportional type, so a gap of one character is a word space
    there, never a cell boundary. The font is monospace when the words of the line (four or more, of
    two or more letters) all have the same width per character.
    """
    worded = [w for w in line if len(w.text) >= 2 and w.x1 > w.x0 and re.search(r"[A-Za-z]{2}", w.text)]
    widths = [(w.x1 - w.x0) / len(w.text) for w in worded]  # words, not figures: digits share one width
    if len(widths) < 4:
        return 0.0
    mean = statistics.fmean(widths)
    return mean if max(widths) - min(widths) <= 0.04 * mean else 0.0


def split_at_gaps(
    line: list[Word], gap_factor: float = 3.0, pitch: float | None = None, spaces: float = 1.5
) -> list[list[Word]]:
    """Split one visual line where the gap between words exceeds `gap_factor` x the font height.

    `pitch` is the monospace character width when known from more words than the line's (a short
    header line, 'February 2024', has too few words to show its font); by default the line's own.
    In monospace type a gap must also exceed `spaces` characters.
    """
    if not line:
        return []
    pitch = monospace_pitch(line) if pitch is None else pitch
    parts = [[line[0]]]
    for prev, w in itertools.pairwise(line):
        height = max(prev.bottom - prev.top, w.bottom - w.top, 1.0)
        gap = w.x0 - prev.x1
        if gap > gap_factor * height and gap > spaces * pitch:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def to_text_line(words: list[Word], page: int, source: PageSource) -> TextLine:
    """Make a TextLine from words already on one line."""
    sizes = [w.size for w in words if w.size]
    text = " ".join(w.text for w in words)
    if source is PageSource.OCR:
        # specks and rule fragments read as '_', '—_', '~', '=' are never words (a lone '-' or '—' can be),
        # except a single '=' between two words: a written key's 'Blue = Complete; Green = On track';
        # tesseract picks curly or straight quotes at random, the text layer of the same page has one kind
        kept = [
            w.text
            for k, w in enumerate(words)
            if not OCR_SPECK.match(w.text) or (w.text == "=" and 0 < k < len(words) - 1)
        ]
        text = " ".join(kept).translate(OCR_QUOTES)
    return TextLine(
        text=text,
        page=page,
        x0=min(w.x0 for w in words),
        top=min(w.top for w in words),
        x1=max(w.x1 for w in words),
        bottom=max(w.bottom for w in words),
        size=statistics.median(sizes) if sizes else 0.0,
        bold=all(w.bold for w in words),
        confidence=min(w.confidence for w in words),
        source=source,
    )


def text_lines(
    words: Iterable[Word], page: int, source: PageSource, *, split_gaps: bool = True
) -> list[TextLine]:
    """Words to TextLines in reading order; with `split_gaps`, side-by-side phrases become separate lines."""
    out: list[TextLine] = []
    for line in group_lines(words):
        parts = split_at_gaps(line) if split_gaps else [line]
        out.extend(to_text_line(p, page, source) for p in parts)
    return out
