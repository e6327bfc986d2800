"""OCR ingest: scanned PDF pages and images to the shared page model, pages in parallel processes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

import cv2
import numpy as np

from pipeline.codes import issue
from pipeline.errors import InputError, LimitError, PlantrackError
from pipeline.ingest import ocr_mono, ocr_words, raster, render, tesseract
from pipeline.ingest.render import OverPixelLimit, RenderedPage
from pipeline.models import FilledRect, Issue, Page, PageSource, RuleLine, Word
from pipeline.options import ExtractOptions

log = logging.getLogger(__name__)

# Page segmentation: 11 (sparse text) finds the short words of table cells that 3 (automatic
# layout) drops or merges across columns; measured on the ruled-table samples (see scripts/bench_ocr.py).
PSM = 11
LOW_CONFIDENCE = 0.6
MAX_RECOVERED_CLUSTERS = 400  # bounds the second pass on a page of speckle
# Pages read upright score 0.85-0.95 mean confidence even on poor scans; upside down or sideways
# they score 0.4-0.5 (measured on corpus scans at 200 dpi). Below this, orientation is checked.
TURN_BELOW = 0.7
BOLD_RATIO = 1.16  # stroke width / font size against the page's median (see bold_words)
BOLD_MIN_CHARS = 3
BOLD_LINE_RATIO = 1.08  # a tesseract line's median stroke ratio against the page's: a bold line
BOLD_IN_LINE_RATIO = 1.04  # a word on a bold line at least this heavy is bold with it
BOLD_LINE_MIN_WORDS = 3
TURN_MIN_OSD_CONFIDENCE = 2.0  # OSD scored 10-13 on turned corpus pages, under 2 on unsure ones

# Glyph-height classes for estimating the font size from an ink box: the ink of a word spans cap
# height, x-height, and descender in proportions typical of Arial/Calibri/Helvetica.
_ASCENDING = set("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhiklt0123456789%&?!/()[]{}#@$£|'\"")
_DESCENDING = set("gjpqy()[]{}|,;")


@dataclass
class PageSourceData:
    """What a worker needs to render pages: the file's bytes, opened lazily once per process."""

    kind: str  # 'pdf' or 'image'
    data: bytes
    password: str | None = None

    def __post_init__(self) -> None:
        self._pdf: object | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"kind": self.kind, "data": self.data, "password": self.password}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._pdf = None

    def render(self, number: int, options: ExtractOptions) -> RenderedPage:
        """Page `number` (1-based) as an RGB image; raises OverPixelLimit over the pixel limit."""
        if self.kind == "image":
            return render.load_image_frame(self.data, number - 1, options.max_image_pixels)
        if self._pdf is None:
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(self.data, password=self.password)
        return render.render_pdf_page(self._pdf, number, float(options.dpi), options.max_image_pixels)

    def close(self) -> None:
        """Release the open PDF, if any."""
        if self._pdf is not None:
            self._pdf.close()  # type: ignore[attr-defined]
            self._pdf = None


# ---------------------------------------------------------------- public entry points


def ocr_pdf_pages(data: bytes, page_numbers: list[int], options: ExtractOptions) -> list[Page]:
    """OCR the given 1-based pages of a PDF; one Page per number, in the order given.

    Raises OcrUnavailableError when tesseract or the language is missing (only called when a
    page needs OCR). A page that times out, crashes tesseract or is over the pixel limit gets
    an issue and no words; the other pages are unaffected.
    """
    if not page_numbers:
        return []
    tesseract.require(options.ocr_lang)
    source = PageSourceData("pdf", data, options.password)
    try:
        return _run_pages(source, page_numbers, options)
    finally:
        source.close()


def read_image(data: bytes, options: ExtractOptions) -> list[Page]:
    """OCR an image file (PNG, JPEG, TIFF including multi-page TIFF): one Page per frame.

    Raises LimitError when a frame is over options.max_image_pixels, InputError when Pillow
    cannot decode it, OcrUnavailableError when tesseract is missing.
    """
    try:
        frames = render.image_frame_count(data, options.max_image_pixels)
    except OverPixelLimit as exc:
        raise LimitError(f"image is too large: {exc}") from exc
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's ways of saying "not an image I can read"
        raise InputError(
            f"is not a readable image ({type(exc).__name__}: {exc})",
            remedy="export the scan again as PNG, JPEG or TIFF",
        ) from exc
    if frames > options.max_pages:
        raise LimitError(f"has {frames} pages, over the limit of {options.max_pages}")
    tesseract.require(options.ocr_lang)
    return _run_pages(PageSourceData("image", data), list(range(1, frames + 1)), options)


def ocr_page_image(rendered: RenderedPage, number: int, options: ExtractOptions) -> Page:
    """Prepare one page image, OCR it and express everything in points (the text-layer page's frame).

    A page fed into the scanner upside down or sideways reads as low-confidence garbage; only then
    (so upright pages pay nothing) tesseract's orientation detection is asked, and the page is read
    again turned upright, in the upright page's frame (a sideways page's width and height swap).
    """
    started = time.perf_counter()
    prepared = raster.prepare_page(rendered.rgb, rendered.dpi)
    page = _read_prepared(rendered, prepared, number, options)
    if not page.words or page.confidence >= TURN_BELOW:
        return page
    left = options.page_timeout - (time.perf_counter() - started)
    if left < 2.0:
        return page
    turn = tesseract.orientation(prepared.ocr_image, dpi=rendered.dpi, timeout=left / 2)
    if turn is None or turn[0] == 0 or turn[1] < TURN_MIN_OSD_CONFIDENCE:
        return page
    upright = turned(rendered, turn[0])
    remaining = options.page_timeout - (time.perf_counter() - started)
    again = _read_prepared(
        upright,
        raster.prepare_page(upright.rgb, upright.dpi),
        number,
        options.model_copy(update={"page_timeout": max(1.0, remaining)}),
    )
    log.debug(
        "page %d: confidence %.2f as scanned, %.2f turned %d deg clockwise (OSD confidence %.1f)",
        number,
        page.confidence,
        again.confidence,
        turn[0],
        turn[1],
    )
    if again.confidence <= page.confidence:
        return page
    note = issue(
        "PT107",
        f"page {number} was scanned turned {_TURN_NAMES.get(turn[0], f'{turn[0]} degrees')}: "
        f"read turned upright (OCR confidence {page.confidence:.2f} as scanned, "
        f"{again.confidence:.2f} turned)",
        page=number,
    )
    return again.model_copy(update={"issues": [*again.issues, note]})


_TURN_NAMES = {180: "upside down", 90: "sideways", 270: "sideways"}


def turned(rendered: RenderedPage, clockwise: int) -> RenderedPage:
    """The page image turned `clockwise` degrees (a multiple of 90), with its size in points to match."""
    rgb = np.ascontiguousarray(np.rot90(rendered.rgb, -(clockwise // 90)))  # rot90 turns anticlockwise
    sideways = clockwise % 180 == 90
    width, height = (
        (rendered.height_pt, rendered.width_pt) if sideways else (rendered.width_pt, rendered.height_pt)
    )
    return RenderedPage(rgb=rgb, width_pt=width, height_pt=height, dpi=rendered.dpi)


def _read_prepared(
    rendered: RenderedPage, prepared: raster.PreparedPage, number: int, options: ExtractOptions
) -> Page:
    height_px, width_px = rendered.rgb.shape[:2]
    sx, sy = rendered.width_pt / width_px, rendered.height_pt / height_px
    result = tesseract.recognise(
        prepared.ocr_image, lang=options.ocr_lang, dpi=rendered.dpi, psm=PSM, timeout=options.page_timeout
    )
    issues: list[Issue] = []
    words: list[Word] = []
    if result.status is tesseract.OcrStatus.TIMEOUT:
        issues.append(
            issue(
                "PT103",
                f"OCR of page {number} exceeded {options.page_timeout:g} s: page not read",
                page=number,
            )
        )
    elif result.status is tesseract.OcrStatus.FAILED:
        issues.append(
            issue("PT102", f"OCR of page {number} failed ({result.message}): page not read", page=number)
        )
    else:
        found = result.words + _recover_unread(prepared.ocr_image, result, rendered.dpi, options)
        found = [w for w in found if not _rule_residue(w, prepared.lines, rendered.dpi / 72.0)]
        found = _one_glyph_of_bars(found)
        bold = bold_words(prepared.ocr_image, found, sy)
        metrics = line_metrics(found)
        found = [replace(w, text=punctuation_from_ink(prepared.ocr_image, w)) for w in found]
        found = [replace(w, text=one_stroke_once(prepared.ocr_image, w)) for w in found]
        found = [replace(w, text=t) for w, t in zip(found, cases_from_ink(found), strict=True)]
        found = [
            replace(w, text=t) for w, t in zip(found, stops_after(prepared.ocr_image, found), strict=True)
        ]
        words = [_word(w, sx, sy, b, m) for w, b, m in zip(found, bold, metrics, strict=True)]
        words = ocr_words.correct_words(words, lambda i: glyph_layout(prepared.ocr_image, found[i]))
        words = ocr_mono.monospace_advances(words)
        words += _mark_words(prepared.fills, sx, sy)
        words.sort(key=lambda w: (round(w.top), w.x0))
    if words:
        confidence = float(np.mean([w.confidence for w in words]))
    else:  # a blank page read fine has nothing doubtful on it; a failed one has nothing trustworthy
        confidence = 1.0 if result.status is tesseract.OcrStatus.OK else 0.0
    if words and confidence < LOW_CONFIDENCE:
        issues.append(
            issue(
                "PT104",
                f"page {number}: mean OCR confidence {confidence:.2f} is below "
                f"{LOW_CONFIDENCE:g}; check its values by eye",
                page=number,
            )
        )
    lines = [
        RuleLine(x0=_r(b.x0 * sx), top=_r(b.y0 * sy), x1=_r(b.x1 * sx), bottom=_r(b.y1 * sy))
        for b in prepared.lines
    ]
    rects = [
        FilledRect(
            x0=_r(f.box.x0 * sx),
            top=_r(f.box.y0 * sy),
            x1=_r(f.box.x1 * sx),
            bottom=_r(f.box.y1 * sy),
            fill=f.hex,
        )
        for f in prepared.fills
    ]
    log.debug(
        "page %d: skew %.2f deg, %d words, %d lines, %d fills, OCR %.2f s",
        number,
        prepared.skew,
        len(words),
        len(lines),
        len(rects),
        result.seconds,
    )
    return Page(
        number=number,
        width=rendered.width_pt,
        height=rendered.height_pt,
        source=PageSource.OCR,
        words=words,
        lines=lines,
        rects=rects,
        confidence=confidence,
        issues=issues,
    )


MARK_CONFIDENCE = 0.8  # a shape read from its outline: sure of its kind, not of its exact glyph


def _mark_words(fills: list[raster.ColourFill], sx: float, sy: float) -> list[Word]:
    """Status marks as the glyphs the text layer gives them ('▲' over its coloured swatch).

    The prepared image leaves coloured marks out (tesseract reads a red ▲ as 'A'); each one whose
    outline names its glyph is a word of that glyph where it lies, and its colour stays a fill, so
    the cell reads as on the text layer: a shape printed as the status, meaning what its colour
    means through the key.
    """
    return [
        Word(
            text=f.shape,
            x0=_r(f.box.x0 * sx),
            top=_r(f.box.y0 * sy),
            x1=_r(f.box.x1 * sx),
            bottom=_r(f.box.y1 * sy),
            size=round((f.box.y1 - f.box.y0) * sy, 1),
            confidence=MARK_CONFIDENCE,
        )
        for f in fills
        if f.shape is not None
    ]


def worker_count(pages: int, wanted: int | None = None) -> int:
    """Processes to OCR `pages` pages with: `wanted` (options.ocr_workers; 1 = in-process), else the
    number of cores, never more than the pages."""
    n = wanted if wanted is not None else (os.cpu_count() or 1)
    return max(1, min(n, pages))


# ---------------------------------------------------------------- second pass over ink left unread


def _recover_unread(
    image: np.ndarray, first: tesseract.OcrResult, dpi: float, options: ExtractOptions
) -> list[tesseract.OcrWord]:
    """Read the ink the first pass skipped (isolated RAG letters, 'a.', '-') in one extra tesseract run.

    Best effort: if it fails or runs out of the page's time, the first pass stands alone.
    """
    ppp = dpi / 72.0
    covered = [raster.PixelBox(w.left, w.top, w.left + w.width, w.top + w.height) for w in first.words]
    clusters = raster.unread_ink(image, covered, ppp)[:MAX_RECOVERED_CLUSTERS]
    remaining = options.page_timeout - first.seconds
    if not clusters or remaining < 1.0:
        return []
    sheet, offsets = raster.stack_clusters(clusters, ppp)
    # psm 6 (one block): the sheet is a column of short lines, which sparse mode would drop again.
    second = tesseract.recognise(sheet, lang=options.ocr_lang, dpi=dpi, psm=6, timeout=remaining)
    if second.status is not tesseract.OcrStatus.OK:
        log.debug("second OCR pass %s: %s", second.status.value, second.message)
        return []
    cap_height = _cap_height(first.words)
    recovered: list[tesseract.OcrWord] = []
    read: set[int] = set()  # clusters the second pass read something in
    for w in second.words:
        middle = w.top + w.height / 2
        for k, (cluster, (ox, oy)) in enumerate(zip(clusters, offsets, strict=True)):
            h = cluster.box.y1 - cluster.box.y0
            if oy <= middle < oy + h:
                text = _undouble(w.text, cluster, cap_height)
                recovered.append(
                    replace(
                        w,
                        text=text,
                        left=cluster.box.x0 + w.left - ox,
                        top=cluster.box.y0 + w.top - oy,
                        line=(-1 - k, 0, 0),  # the sheet's lines are not the page's: each cluster its own
                    )
                )
                read.add(k)
                break
    for k, cluster in enumerate(clusters):
        if k not in read and is_equals_sign(cluster.mask):
            b = cluster.box
            recovered.append(
                tesseract.OcrWord(
                    "=", b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, EQUALS_CONFIDENCE, (-1 - k, 0, 0)
                )
            )
    return recovered


EQUALS_CONFIDENCE = 60.0  # an '=' known by its two bars: sure of the glyph, not of what the LSTM saw


def is_equals_sign(mask: np.ndarray) -> bool:
    """Ink of two bars one over the other, alike in length: an '=' (a key's 'Red = Off track').

    Alone between two words, an '=' is ink the second pass reads as nothing at all as often as not.
    Each bar is at least 2.5 times as long as it is thick, both span the same columns, and the
    gap between them is no more than twice a bar's thickness.
    """
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n != 3:
        return False
    (x1, y1, w1, h1, _), (x2, y2, w2, h2, _) = sorted(
        (tuple(int(v) for v in stats[i]) for i in (1, 2)), key=lambda t: t[1]
    )
    if (
        min(w1, w2) < 2.5 * max(h1, h2)
        or abs(w1 - w2) > 0.2 * max(w1, w2)
        or abs(x1 - x2) > 0.2 * max(w1, w2)
    ):
        return False
    return 0 < y2 - (y1 + h1) <= 2 * max(h1, h2)


def _one_glyph_of_bars(words: list[tesseract.OcrWord]) -> list[tesseract.OcrWord]:
    """An '=' read once per bar, as one '=' over both bars.

    Sparse page segmentation takes each bar of a small '=' for a line of its own and reads each as
    '=' (a key's 'Red = Off track' came out with two '=' one over the other). Two words of the same
    bars ('=', '-', '_'), spanning the same columns, one right under the other (closer than their
    height), are one glyph.
    """
    words = list(words)
    gone: set[int] = set()
    for i, a in enumerate(words):
        if i in gone or not a.text or any(c not in "=-_" for c in a.text):
            continue
        for j in range(i + 1, len(words)):
            b = words[j]
            if j in gone or b.text != a.text:
                continue
            upper, lower = (a, b) if a.top <= b.top else (b, a)
            overlap = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
            gap = lower.top - (upper.top + upper.height)
            if overlap >= 0.8 * max(a.width, b.width) and 0 <= gap <= max(a.height, b.height):
                top = upper.top
                words[i] = a = replace(
                    a,
                    left=min(a.left, b.left),
                    top=top,
                    width=max(a.left + a.width, b.left + b.width) - min(a.left, b.left),
                    height=lower.top + lower.height - top,
                    conf=max(a.conf, b.conf),
                )
                gone.add(j)
                break
    return [w for k, w in enumerate(words) if k not in gone]


def _rule_residue(w: tesseract.OcrWord, rules: list[raster.PixelBox], ppp: float) -> bool:
    """A 'word' of dashes and dots lying along a found rule: what is left of the rule's rim.

    A dash that means "not set" sits inside its cell, clear of the cell's rules; marks with no
    letter or digit that lie on a rule (within 1.5pt of its centre line, along its length) are the
    rule's ragged edge read as '—', '_' or '-.' (ruled tables whose header bands meet at a rule).
    """
    if any(c.isalnum() for c in w.text):
        return False
    near = 1.5 * ppp
    mid_x, mid_y = w.left + w.width / 2.0, w.top + w.height / 2.0
    for r in rules:
        if r.x1 - r.x0 >= r.y1 - r.y0:  # horizontal
            if r.x0 <= mid_x <= r.x1 and abs(mid_y - (r.y0 + r.y1) / 2.0) <= near and w.height <= 2 * near:
                return True
        elif r.y0 <= mid_y <= r.y1 and abs(mid_x - (r.x0 + r.x1) / 2.0) <= near and w.width <= 2 * near:
            return True
    return False


def _cap_height(words: list[tesseract.OcrWord]) -> float | None:
    """Median ink height of words reaching cap height but not descending: the page's cap height."""
    heights = [
        w.height
        for w in words
        if any(c in _ASCENDING for c in w.text) and not any(c in _DESCENDING for c in w.text)
    ]
    return float(np.median(heights)) if heights else None


# Letters whose capital is their small letter enlarged: the LSTM reads their case from the
# language model, not the ink ('csc' for the indicator code 'CSC', 'Sos' for 'SOS').
_SAME_SHAPE = set("cosvwxzCOSVWXZ")
CAPITAL_SHARE = 0.85  # ink at least this share of its line's cap height is capitals
SMALL_SHARE = 0.78  # ink at most this share is small letters (x-height is 0.66-0.75 of cap height)


def cases_from_ink(words: list[tesseract.OcrWord]) -> list[str]:
    """Each word's text in the case its ink shows (case_from_ink), against the cap height of the
    word's own line: a heading's small letters in a larger type reach the body's cap height ('so'
    in a bold heading is no 'SO'); a line with no word that shows its cap height (a code's letters
    alone, 'csc') takes the page's."""
    by_line: dict[tuple[int, int, int], list[tesseract.OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    page = _cap_height(words)
    caps = {key: _cap_height(line) or page for key, line in by_line.items()}
    return [case_from_ink(w, caps[w.line]) for w in words]


def case_from_ink(w: tesseract.OcrWord, cap_height: float | None) -> str:
    """A word made only of letters whose two cases differ in size alone, in the case its ink's
    height shows: all capitals when it reaches cap height, all small letters when it stays at
    x-height; as read otherwise (a word of mixed heights, or a page with no cap height measured).
    """
    text = w.text  # a mark after the letters (a comma's tail) would change the ink's height
    if len(text) < 2 or not all(c in _SAME_SHAPE for c in text) or cap_height is None:
        return text
    if w.height >= CAPITAL_SHARE * cap_height:
        return text.upper()
    if w.height <= SMALL_SHARE * cap_height:
        return text.lower()
    return text


def _undouble(text: str, cluster: raster.InkCluster, cap_height: float | None) -> str:
    """'Cc' read from one glyph: the LSTM cannot tell the case of a lone c/o/s/v/w/x/z, so it emits both.

    When the text has one more letter than the cluster has letter-sized glyphs and contains such a
    case pair, the pair is one glyph; its height against the page's cap height decides the case.
    """
    pair = next(
        (
            k
            for k in range(len(text) - 1)
            if text[k] != text[k + 1] and text[k].lower() == text[k + 1].lower()
        ),
        None,
    )
    if pair is None:
        return text
    n, _, stats, _ = cv2.connectedComponentsWithStats(cluster.mask.astype(np.uint8))
    heights = stats[1:n, cv2.CC_STAT_HEIGHT]
    letters = int((heights > 0.4 * heights.max()).sum()) if len(heights) else 0
    if sum(c.isalnum() for c in text) != letters + 1:
        return text
    upper = cap_height is None or float(heights.max()) >= 0.85 * cap_height
    glyph = text[pair].upper() if upper else text[pair].lower()
    return text[:pair] + glyph + text[pair + 2 :]


# ---------------------------------------------------------------- glyphs read from the ink


def _glyphs(image: np.ndarray, w: tesseract.OcrWord) -> list[tuple[int, int, int, int]]:
    """The word's ink as glyph boxes (x0, y0, x1, y1, in the word box's frame), left to right.

    Pieces overlapping in x by most of the narrower one's width are one glyph (a broken stroke);
    the two dots of a colon stay apart only in height, so they are one glyph here too.
    """
    crop = image[w.top : w.top + w.height, w.left : w.left + w.width]
    if crop.size == 0:
        return []
    ink = (crop < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    boxes = sorted(
        (int(x), int(y), int(x + bw), int(y + bh))
        for x, y, bw, bh, area in (stats[k] for k in range(1, n))
        if area >= 2
    )
    glyphs: list[tuple[int, int, int, int]] = []
    for b in boxes:
        if glyphs:
            g = glyphs[-1]
            overlap = min(g[2], b[2]) - max(g[0], b[0])
            if overlap > 0.5 * min(g[2] - g[0], b[2] - b[0]):
                glyphs[-1] = (min(g[0], b[0]), min(g[1], b[1]), max(g[2], b[2]), max(g[3], b[3]))
                continue
        glyphs.append(b)
    return glyphs


ONE_MAX_WIDTH = 0.42  # a '1' glyph's width as a share of its height, with or without its flag


def glyph_layout(image: np.ndarray, w: tesseract.OcrWord) -> str | None:
    """The shape of a short word's ink as a ref would be printed: '1' for a bare upright stroke,
    '9' for another glyph of full height, '.' for a stop on the baseline ('1.1.1' whatever was read).

    At 200 dpi a sans-serif '1' loses its flag and the stop between digits is two or three pixels:
    tesseract reads '1.1.1' as 'Fee' or 'LL', '1.1' as '14', '4.1.2' as '412'. The ink still shows
    which glyphs are strokes and where the stops sit. None when a glyph is neither (a letter of
    x-height, a descender, a mark higher than a stop), so the word is no ref of digits and stops.
    """
    glyphs = _glyphs(image, w)
    if not glyphs:
        return None
    full = max(g[3] - g[1] for g in glyphs)
    bottom = max(g[3] for g in glyphs)
    if full < 6:
        return None
    out = []
    for x0, y0, x1, y1 in glyphs:
        gw, gh = x1 - x0, y1 - y0
        if gh >= 0.8 * full and y1 >= bottom - 0.15 * full:
            # a '1' keeps its flag in some faces (DejaVu at 200 dpi: 6 px wide, 17 high, 0.35);
            # every other digit is 0.55 of its height wide or more
            out.append("1" if gw <= ONE_MAX_WIDTH * gh else "9")
        elif gh <= 0.35 * full and gw <= 0.45 * full and y1 >= bottom - 0.2 * full:
            out.append(".")
        else:
            return None
    return "".join(out)


def punctuation_from_ink(image: np.ndarray, w: tesseract.OcrWord) -> str:
    """A word's last mark as its ink shows it, where tesseract's language model guessed otherwise.

    The stop ending a sentence is read as a comma ('consistently good,') and a semicolon as a colon
    or a question mark ('absence: a recovery plan', 'under way?') on 200 dpi scans. A comma is
    taller than wide and its tail reaches below the baseline (two or three pixels at 200 dpi) where
    a stop is about square and its blur reaches one pixel down; a
    semicolon's lower mark is that comma, taller than the dot above it, where a colon's two dots are
    alike and a question mark's upper mark is a hook half the letters' height. Only the last mark
    after a letter is judged; the comma only when the letter before it sits on the baseline.
    """
    text = w.text
    if len(text) < 3 or text[-1] not in ",:?" or not text[-2].isalpha():
        return text
    glyphs = _glyphs(image, w)
    if len(glyphs) < 3:
        return text
    *letters, before, mark = glyphs
    tall = max(g[3] - g[1] for g in [*letters, before])
    if tall < 5 or mark[0] < before[2] - 1:
        return text
    if text[-1] == ",":
        height, width = mark[3] - mark[1], mark[2] - mark[0]
        if text[-2] in "gjpqy" or height > 0.5 * tall or width > 0.5 * tall:
            return text
        below = mark[3] - before[3]
        if height <= 1.4 * width and below <= max(1, round(0.06 * (before[3] - before[1]))):
            return text[:-1] + "."
        return text
    # ':' or '?': the two marks of the last glyph, one over the other
    crop = image[w.top + mark[1] : w.top + mark[3], w.left + mark[0] : w.left + mark[2]] < 128
    widths = crop.sum(axis=1)
    rows = np.nonzero(widths)[0]
    gaps = np.nonzero(np.diff(rows) > 1)[0]
    if len(gaps) != 1:
        return text
    upper = int(rows[gaps[0]] - rows[0] + 1)
    lower_rows = rows[gaps[0] + 1 :]
    while len(lower_rows) > 1 and widths[lower_rows[0]] <= 1:  # a speck on the dot, never a comma's head
        lower_rows = lower_rows[1:]
    lower = int(lower_rows[-1] - lower_rows[0] + 1)
    if upper <= 0.3 * tall and lower >= upper + max(2, round(0.5 * upper)):
        return text[:-1] + ";"
    return text


_STROKES = set("1lI|")


def one_stroke_once(image: np.ndarray, w: tesseract.OcrWord) -> str:
    """A bare upright stroke the LSTM emitted twice ('291la' for the code '291a'), as one glyph.

    A '1' and an 'l' or 'I' side by side are two strokes; when the word's ink has one glyph fewer
    than its text has characters and the text holds one such pair of different stroke glyphs, the
    pair is one stroke: '1' between digits, else the text's other stroke glyph is dropped.
    """
    text = w.text
    pairs = [
        k
        for k in range(len(text) - 1)
        if text[k] in _STROKES and text[k + 1] in _STROKES and text[k] != text[k + 1]
    ]
    if len(pairs) != 1 or len(text) < 3:
        return text
    glyphs = _glyphs(image, w)
    if len(glyphs) != len(text) - 1:
        return text
    k = pairs[0]
    keep = (
        "1"
        if "1" in text[k : k + 2] and (text[k - 1 : k].isdigit() or text[k + 2 : k + 3].isdigit())
        else text[k]
    )
    return text[:k] + keep + text[k + 2 :]


def stops_after(image: np.ndarray, words: list[tesseract.OcrWord]) -> list[str]:
    """Each word's text, with the stop tesseract left out after it where the ink shows one.

    At 200 dpi a stop is three or four pixels square: a little apart from the word's last letter
    ('comment .' in a justified cell), tesseract drops it and the second pass takes it for speckle,
    so a sentence ending a cell loses its stop. A word ending in a letter on the baseline, with no
    word after it on its line, gets a '.' when the only ink just right of it is one dot of a stop's
    size on the baseline.
    """
    texts = [w.text for w in words]
    left = np.array([w.left for w in words], dtype=np.float64)
    top = np.array([w.top for w in words], dtype=np.float64)
    bottom = top + np.array([w.height for w in words], dtype=np.float64)
    last: dict[tuple[int, int, int], int] = {}  # the last word of each of tesseract's lines
    for i, w in enumerate(words):
        if w.line not in last or w.left > words[last[w.line]].left:
            last[w.line] = i
    for i in last.values():
        w = words[i]
        if len(w.text) < 2 or not w.text[-1].isalpha() or w.text[-1] in "gjpqy":
            continue
        em = estimate_size(w.text, float(w.height))
        if em < 8:
            continue
        right = w.left + w.width
        x1 = min(image.shape[1], right + round(0.6 * em))
        y1 = min(image.shape[0], w.top + w.height + round(0.3 * em))
        window = image[w.top : y1, right:x1] < 128
        if not window.any() or window[:, 0].any():
            continue  # nothing after the word, or ink running on from it
        # any word (a stop read on its own too) starting in the 1.5 em after it, level with it
        gap = left - right
        follows = (top < w.top + w.height) & (bottom > w.top) & (gap >= -1) & (gap <= 1.5 * em)
        follows[i] = False
        if follows.any():
            continue
        if _stop_right_of(image, w, em):
            texts[i] = w.text + "."
    return texts


def _stop_right_of(image: np.ndarray, w: tesseract.OcrWord, em: float) -> bool:
    glyphs = _glyphs(image, w)
    if not glyphs:
        return False
    right = w.left + w.width
    baseline = w.top + glyphs[-1][3]
    x0, x1 = right, min(image.shape[1], right + round(0.6 * em))
    y0, y1 = max(0, baseline - round(0.6 * em)), min(image.shape[0], baseline + round(0.3 * em))
    window = (image[y0:y1, x0:x1] < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(window, connectivity=8)
    if n != 2:
        return False
    x, y, dw, dh, _ = (int(v) for v in stats[1])
    if x == 0 or not (0.06 * em <= dw <= 0.22 * em and 0.06 * em <= dh <= 0.22 * em):
        return False
    return abs(y0 + y + dh - baseline) <= max(1, round(0.06 * em))


# ---------------------------------------------------------------- conversion


def _r(value: float) -> float:
    return round(value, 2)


def estimate_size(text: str, ink_height_pt: float) -> float:
    """Font size (points) from a word's ink height, allowing for which glyph zones the word reaches."""
    up = any(c in _ASCENDING for c in text)
    down = any(c in _DESCENDING for c in text)
    # Proportions of the em covered: x-height ~0.52, ascender/cap ~0.72, descender ~0.21.
    share = 0.52 + (0.2 if up else 0.0) + (0.21 if down else 0.0)
    return round(ink_height_pt / share, 1)


def bold_words(image: np.ndarray, words: list[tesseract.OcrWord], sy: float) -> list[bool]:
    """Which words are set in bold, from their stroke width against the page's usual one.

    A stroke of width s and length L has ink area sL and 2L boundary pixels, so 2 x ink / boundary
    is the mean stroke width; divided by the word's font size it came to 0.09-0.11 em for regular
    and 0.115-0.155 em for bold type on corpus scans at 200 dpi. Scanner blur and binarisation
    thicken every stroke alike, so a word is bold when its ratio is BOLD_RATIO times the page's
    median (most of a page is regular text); words of fewer than BOLD_MIN_CHARS letters are
    too short to measure and follow their line.
    """
    if not words:
        return []
    ink = (image < 128).astype(np.uint8)
    boundary = ink - cv2.erode(ink, np.ones((3, 3), np.uint8))
    ink_sum, edge_sum = cv2.integral(ink), cv2.integral(boundary)

    def box_sum(table: np.ndarray, w: tesseract.OcrWord) -> float:
        x0, y0, x1, y1 = w.left, w.top, w.left + w.width, w.top + w.height
        return float(table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0])

    ratios: list[float | None] = []
    for w in words:
        edges = box_sum(edge_sum, w)
        size_px = estimate_size(w.text, w.height * sy) / sy
        letters = sum(c.isalnum() for c in w.text)
        if edges <= 0 or size_px <= 0 or letters < BOLD_MIN_CHARS:
            ratios.append(None)
            continue
        ratios.append(2.0 * box_sum(ink_sum, w) / edges / size_px)
    measured = [r for r in ratios if r is not None]
    if len(measured) < 5:
        return [False] * len(words)
    usual = float(np.median(measured))
    flags = [r is not None and r >= BOLD_RATIO * usual for r in ratios]
    # A heading in Times bold measures only 1.07-1.22 times the page's usual word by word (the
    # face's thin strokes thicken less than a sans serif's), against 0.89-0.97 for the regular
    # lines round it: a line's median tells bold apart where its words alone do not. On a line
    # whose median is bold, each word near it is bold; a word at the regular weight (the name after a
    # bold 'Lead officer:') stays regular.
    measured_by_line: dict[tuple[int, int, int], list[float]] = {}
    for w, r in zip(words, ratios, strict=True):
        if r is not None:
            measured_by_line.setdefault(w.line, []).append(r)
    bold_lines = {
        line
        for line, rs in measured_by_line.items()
        if len(rs) >= BOLD_LINE_MIN_WORDS and float(np.median(rs)) >= BOLD_LINE_RATIO * usual
    }
    flags = [
        f or (r is not None and w.line in bold_lines and r >= BOLD_IN_LINE_RATIO * usual)
        for w, r, f in zip(words, ratios, flags, strict=True)
    ]
    # short words ('1:', 'a.') take the majority of the measured words on their tesseract line
    by_line: dict[tuple[int, int, int], list[bool]] = {}
    for w, r, f in zip(words, ratios, flags, strict=True):
        if r is not None:
            by_line.setdefault(w.line, []).append(f)
    return [
        f if r is not None else sum(by_line.get(w.line, [])) * 2 > len(by_line.get(w.line, [])) > 0
        for w, r, f in zip(words, ratios, flags, strict=True)
    ]


@dataclass(frozen=True)
class LineMetrics:
    """A word's font size and baseline in pixels, shared by the words of one printed line."""

    size: float
    baseline: float


def _own_metrics(w: tesseract.OcrWord) -> LineMetrics:
    size = estimate_size(w.text, float(w.height))
    down = any(c in _DESCENDING for c in w.text)
    return LineMetrics(size, w.top + w.height - (DESCENDER * size if down else 0.0))


def line_metrics(words: list[tesseract.OcrWord]) -> list[LineMetrics | None]:
    """Each word's font size and baseline, agreed across its tesseract line; None for a word of
    fewer than two letters or digits on a line of none ('-', 'a', 'R' alone), whose ink box stays.

    A word's ink height says its size only through which glyph zones it reaches, and a pixel or
    two of blur moves that by a point at 200 dpi ('we' and 'What' set alike measure 8.3 and 8.5pt).
    The words of one printed line share size and baseline, as the text layer's words do, so the
    line's median (long words weigh more) stands for each word that sits on the line's baseline.
    """
    own = [_own_metrics(w) if any(c.isalnum() for c in w.text) else None for w in words]
    # A lone letter ('a', 'R') measures its size worst (one glyph, often with a speck or a stroke of
    # a neighbour in its box): off a line of longer words it keeps its ink box.
    alone = [sum(c.isalnum() for c in w.text) < 2 for w in words]
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    out: list[LineMetrics | None] = [None if a else m for m, a in zip(own, alone, strict=True)]
    for members in by_line.values():
        sized = [i for i in members if own[i] is not None and sum(c.isalnum() for c in words[i].text) >= 2]
        if not sized:
            continue
        weights = np.array([sum(c.isalnum() for c in words[i].text) for i in sized], dtype=np.float64)
        sizes = np.array([own[i].size for i in sized])  # type: ignore[union-attr]
        order = np.argsort(sizes)
        cumulative = np.cumsum(weights[order])
        size = float(sizes[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])
        baselines = []
        for i in sized:
            w = words[i]
            down = any(c in _DESCENDING for c in w.text)
            baselines.append(w.top + w.height - (DESCENDER * size if down else 0.0))
        baseline = float(np.median(baselines))
        for i in members:
            m = own[i]
            # a word whose own baseline is off the line's (a superscript, a mis-grouped word) keeps its own
            if m is not None and abs(m.baseline - baseline) > 0.25 * size:
                continue
            if m is None and not (baseline - size <= words[i].top + words[i].height <= baseline + size):
                continue
            out[i] = LineMetrics(size, baseline)
    return out


# Text-layer boxes are the font's: from ascent to descent, and from the glyphs' advance (ink plus
# side bearings), not the ink. Measured on corpus text layers against their 200 dpi scans (Arial,
# Calibri, Helvetica at 8-14pt): the box's bottom lies 0.16 em under the baseline and its top one
# em above that; the ink starts 0.04 em right of the box and ends 0.04 em left of it, 0.14-0.2 em
# after trailing '.,;:' (whose advance is wider than their dot). Tables without rules are split
# into columns by the gaps between words, so ink boxes (wider gaps) would split phrases.
DESCENDER = 0.21
BOX_BELOW_BASELINE = 0.16
SIDE_BEARING = 0.04
_PUNCT_BEARING = {".": 0.14, ",": 0.13, ";": 0.14, ":": 0.2}


def _word(
    w: tesseract.OcrWord, sx: float, sy: float, bold: bool = False, metrics: LineMetrics | None = None
) -> Word:
    if metrics is None:  # no letters to measure: the ink box as it is
        return Word(
            text=w.text,
            x0=_r(w.left * sx),
            top=_r(w.top * sy),
            x1=_r((w.left + w.width) * sx),
            bottom=_r((w.top + w.height) * sy),
            size=estimate_size(w.text, w.height * sy),
            bold=bold,
            confidence=min(1.0, max(0.0, w.conf / 100.0)),
        )
    size = metrics.size
    bottom = metrics.baseline + BOX_BELOW_BASELINE * size
    right = _PUNCT_BEARING.get(w.text[-1], SIDE_BEARING)
    return Word(
        text=w.text,
        x0=_r(max(0.0, w.left - SIDE_BEARING * size) * sx),
        top=_r(max(0.0, bottom - size) * sy),
        x1=_r((w.left + w.width + right * size) * sx),
        bottom=_r(bottom * sy),
        size=round(size * sy, 1),
        bold=bold,
        confidence=min(1.0, max(0.0, w.conf / 100.0)),
    )


# ---------------------------------------------------------------- running pages

_WORKER_SOURCE: PageSourceData | None = None
_WORKER_OPTIONS: ExtractOptions | None = None


def _init_worker(source: PageSourceData, options: ExtractOptions, tesseract_cmd: str) -> None:
    global _WORKER_SOURCE, _WORKER_OPTIONS
    _WORKER_SOURCE, _WORKER_OPTIONS = source, options
    tesseract.set_command(tesseract_cmd)
    tesseract.limit_threads()
    cv2.setNumThreads(1)  # one process per core already; OpenCV's pool would oversubscribe


def _worker_page(number: int) -> Page:
    assert _WORKER_SOURCE is not None and _WORKER_OPTIONS is not None, "worker not initialised"
    return _one_page(_WORKER_SOURCE, number, _WORKER_OPTIONS)


def _one_page(source: PageSourceData, number: int, options: ExtractOptions) -> Page:
    try:
        rendered = source.render(number, options)
    except OverPixelLimit as exc:
        return _unread(number, issue("PT105", f"page {number} not OCR'd: {exc}", page=number))
    except Exception as exc:  # a page pdfium or Pillow cannot render must not sink the document
        log.debug("page %d could not be rendered", number, exc_info=True)
        return _unread(
            number,
            issue(
                "PT102",
                f"page {number} could not be rendered for OCR ({type(exc).__name__}: {exc})",
                page=number,
            ),
        )
    try:
        return ocr_page_image(rendered, number, options)
    except PlantrackError:
        raise
    except Exception as exc:
        log.debug("page %d OCR crashed", number, exc_info=True)
        return _unread(
            number,
            issue("PT102", f"OCR of page {number} failed ({type(exc).__name__}: {exc})", page=number),
            rendered,
        )


def _unread(number: int, problem: Issue, rendered: RenderedPage | None = None) -> Page:
    width = rendered.width_pt if rendered else 0.0
    height = rendered.height_pt if rendered else 0.0
    return Page(
        number=number, width=width, height=height, source=PageSource.OCR, confidence=0.0, issues=[problem]
    )


def _cluster_page(source: PageSourceData, number: int, options: ExtractOptions) -> Page:
    """One page OCR'd as a dask task (on whichever worker the scheduler picks)."""
    tesseract.limit_threads()
    cv2.setNumThreads(1)
    return _one_page(source, number, options)


def _run_pages_on_cluster(
    source: PageSourceData, numbers: list[int], options: ExtractOptions
) -> list[Page] | None:
    """Pages as tasks of the dask cluster this document task runs on; None when not on a cluster.

    The document task secedes from its worker's thread pool while it waits (worker_client), so
    page tasks can run anywhere on the cluster, including on its own worker: one large scan is
    spread over every worker, not just one machine's cores.
    """
    if not options.ocr_on_cluster or len(numbers) < 2:
        return None
    try:
        from distributed import get_worker, worker_client

        get_worker()
    except (ImportError, ValueError):
        return None
    with worker_client() as client:
        shared = client.scatter(source, broadcast=False)
        futures = [client.submit(_cluster_page, shared, n, options, pure=False) for n in numbers]
        return [_collect(n, f.result) for n, f in zip(numbers, futures, strict=True)]


def _run_pages(source: PageSourceData, numbers: list[int], options: ExtractOptions) -> list[Page]:
    on_cluster = _run_pages_on_cluster(source, numbers, options)
    if on_cluster is not None:
        return on_cluster
    workers = worker_count(len(numbers), options.ocr_workers)
    if workers == 1:
        return [_one_page(source, n, options) for n in numbers]
    # forkserver: workers fork from a clean server process, safe even when the caller runs threads,
    # and far cheaper than spawn once the server has imported this module.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.ingest.ocr"])
    pages: list[Page] = []
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(source, options, tesseract.command()),
    ) as pool:
        futures: list[Future[Page]] = [pool.submit(_worker_page, n) for n in numbers]
        for number, future in zip(numbers, futures, strict=True):
            pages.append(_collect(number, future.result))
    return pages


def _collect(number: int, result: Callable[[], Page]) -> Page:
    try:
        return result()
    except PlantrackError:
        raise
    except Exception as exc:  # the worker process died (BrokenProcessPool) or the result was unpicklable
        log.debug("page %d worker failed", number, exc_info=True)
        return _unread(
            number,
            issue(
                "PT102",
                f"OCR of page {number} failed: worker process {type(exc).__name__}: {exc}",
                page=number,
            ),
        )
