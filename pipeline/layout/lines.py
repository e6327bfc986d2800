"""Words to text lines: cluster by vertical overlap, order left to right, split at wide gaps."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable

from pipeline.models import PageSource, Word
from pipeline.models.layout import TextLine

# Words on one line overlap vertically by at least this share of the smaller word's height.
OVERLAP = 0.5
OCR_SPECK = re.compile(r"^(?:[_~=|¦]+|[-—–_~=]*_[-—–_~=]*)$")
OCR_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    inter = min(a_bottom, b_bottom) - max(a_top, b_top)
    smaller = max(min(a_bottom - a_top, b_bottom - b_top), 0.1)
    return inter / smaller


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Cluster words into lines by vertical overlap; each line sorted left to right, lines top to bottom."""
    lines: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for i in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            top, bottom = bounds[i]
            if _overlap(top, bottom, w.top, w.bottom) >= OVERLAP:
                lines[i].append(w)
                bounds[i] = (min(top, w.top), max(bottom, w.bottom))
                break
        else:
            lines.append([w])
            bounds.append((w.top, w.bottom))
    for line in lines:
        line.sort(key=lambda w: w.x0)
    order = sorted(range(len(lines)), key=lambda i: (bounds[i][0], lines[i][0].x0))
    return [lines[i] for i in order]


def split_at_gaps(line: list[Word], gap_factor: float = 3.0) -> list[list[Word]]:
    """Split one visual line where the gap between words exceeds `gap_factor` x the font height."""
    if not line:
        return []
    parts = [[line[0]]]
    for prev, w in itertools.pairwise(line):
        height = max(prev.bottom - prev.top, w.bottom - w.top, 1.0)
        if w.x0 - prev.x1 > gap_factor * height:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def to_text_line(words: list[Word], page: int, source: PageSource) -> TextLine:
    """Make a TextLine from words already on one line."""
    sizes = [w.size for w in words if w.size]
    text = " ".join(w.text for w in words)
    if source is PageSource.OCR:
        # specks and rule fragments read as '_', '—_', '~', '=' are never words (a lone '-' or '—' can be);
        # tesseract picks curly or straight quotes at random, the text layer of the same page has one kind
        text = " ".join(w.text for w in words if not OCR_SPECK.match(w.text)).translate(OCR_QUOTES)
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
