"""Monospace type on scans: OCR word boxes rebuilt as the font's character advances.

Typewritten plans and those printed from fixed-width exports are set in Courier or a kin of it,
where every character, the space included, advances the same width. Layout relies on that
(pipeline/layout/lines.monospace_pitch): a one-character gap is a word space there, never a cell
boundary, so 'Progress December 2024' stays one header cell and 'by staff' one column of text. The
text layer gives boxes of exactly n characters' advance; an OCR box is the ink's, which starts and
ends inside the first and last glyph by that glyph's side bearing ('l' and 'm' differ by a third of
a character), so the widths per character of one line's words spread by 5-15% on 200 dpi scans and
the line no longer reads as monospace.

The page's own ink decides: on a line of four or more words the width of each word is its length
times one pitch, plus one constant, within a quarter of a character (a proportional font's words
miss that by half a character or more, a letter of 'ill' against one of 'mom'), and the pitch is
0.55-0.75 of the line's font size (monospace advances are 0.6 em; the OCR size estimate runs a few
per cent low; proportional text fits at 0.35-0.5 em). A page where at least two such lines fit and
they are at least half the lines that can be measured is set in monospace: each word there whose
width fits its length at the page's pitch gets a box of exactly its length in characters, centred
on its ink.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from pipeline.models import Word
from pipeline.models.words import group_lines

MIN_WORDS = 4  # words of two or more letters on a line to measure its font by
PITCH_EM = (0.55, 0.75)  # a fitted pitch, as a share of the font size, that monospace gives
FIT = 0.25  # largest miss of a word's width from the fit, in characters, on a monospace line
OFFSET = 0.5  # largest constant of the fit (ink inside the advances), in characters
WORD_FIT = 0.4  # a word on a monospace page fits its length within this many characters
SIZE_TOLERANCE = 0.15  # a word's font size within this share of the page's monospace size


def _worded(line: list[Word]) -> list[Word]:
    return [w for w in line if len(w.text) >= 2 and w.x1 > w.x0 and re.search(r"[A-Za-z]{2}", w.text)]


def _line_fit(line: list[Word]) -> tuple[float, float, float] | None:
    """(pitch, offset / pitch, size) of a line whose words fit one pitch (points); None otherwise."""
    worded = _worded(line)
    if len(worded) < MIN_WORDS:
        return None
    n = np.array([len(w.text) for w in worded], dtype=np.float64)
    if n.max() == n.min():
        return None  # words of one length cannot separate the pitch from the constant
    width = np.array([w.x1 - w.x0 for w in worded])
    a = np.vstack([n, np.ones_like(n)]).T
    (pitch, offset), *_ = np.linalg.lstsq(a, width, rcond=None)
    size = statistics.median(w.size for w in worded)
    if pitch <= 0 or size <= 0:
        return None
    miss = float(np.abs(width - a @ np.array([pitch, offset])).max())
    if miss > FIT * pitch or abs(offset) > OFFSET * pitch:
        return None
    if not PITCH_EM[0] <= pitch / size <= PITCH_EM[1]:
        return None
    return float(pitch), float(offset / pitch), float(size)


def monospace_advances(words: list[Word]) -> list[Word]:
    """The page's words, with boxes of whole character advances when the page is set in monospace.

    A line that fits a pitch of its own takes that one (a larger heading, prose in a larger size
    than the tables); a shorter line takes the page's body pitch when its words are of the body's
    size (the OCR size estimate of one cell's words differs from the next cell's by a few per cent).
    """
    lines = group_lines(words)
    measured = [line for line in lines if len(_worded(line)) >= MIN_WORDS]
    fitted = [(line, _line_fit(line)) for line in measured]
    fits = [f for _, f in fitted if f is not None]
    if len(fits) < 2 or 2 * len(fits) < len(measured):
        return words
    size = statistics.median_low(f[2] for f in fits)  # one line's size: that line is in the body
    body = [f for f in fits if abs(f[2] - size) <= SIZE_TOLERANCE * size]
    page_pitch = statistics.median(f[0] for f in body)
    offset = statistics.median(f[1] for f in body)
    own = {id(w): f for line, f in fitted if f is not None for w in line}
    out: list[Word] = []
    pitches: dict[int, float] = {}  # id of each word in monospace type (snapped or not) -> its pitch
    for w in words:
        line_fit = own.get(id(w))
        if line_fit is not None:
            pitch, shift = line_fit[0], line_fit[1]
        elif abs((w.size or size) - size) <= SIZE_TOLERANCE * size:
            pitch, shift = page_pitch, offset
        else:
            out.append(w)
            continue
        n = len(w.text)
        if n == 0 or abs((w.x1 - w.x0) - (n + shift) * pitch) > WORD_FIT * pitch:
            out.append(w)
        else:
            middle = (w.x0 + w.x1) / 2.0
            half = n * pitch / 2.0
            out.append(w.model_copy(update={"x0": round(middle - half, 2), "x1": round(middle + half, 2)}))
        pitches[id(out[-1])] = pitch
    return _join_split_words(out, pitches)


def _join_split_words(words: list[Word], pitches: dict[int, float]) -> list[Word]:
    """Two words of monospace type with less than half a character between them are one word.

    Every space in monospace type is a whole character wide, so words a space apart have a
    character's gap between their advances (less the bearing error of an unfitted box: under half
    a character). Tesseract splits a word at a narrow glyph, a stop or a '1' ('1.' '1.1' for the
    ref '1.1.1' in a Courier table at 300 dpi), leaving next to no gap.
    """
    merged: dict[int, Word] = {}  # id of a run's first word -> the run as one word
    gone: set[int] = set()
    for line in group_lines(words):
        first: Word | None = None
        run: Word | None = None
        for w in line:
            pitch = pitches.get(id(w))
            if (
                run is not None
                and first is not None
                and pitch is not None
                and pitches.get(id(first)) == pitch
                and -0.5 * pitch < w.x0 - run.x1 < 0.5 * pitch
            ):
                run = run.model_copy(
                    update={
                        "text": run.text + w.text,
                        "x1": w.x1,
                        "top": min(run.top, w.top),
                        "bottom": max(run.bottom, w.bottom),
                        "confidence": min(run.confidence, w.confidence),
                    }
                )
                merged[id(first)] = run
                gone.add(id(w))
            else:
                first = run = w
    return [merged.get(id(w), w) for w in words if id(w) not in gone]
