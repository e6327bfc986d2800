"""Words to lines by geometry alone: the one line grouping ingest (OCR clean-up) and layout share."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.models.page import Word

# Words on one line overlap vertically by at least this share of the smaller word's height.
OVERLAP = 0.5


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
