"""PDF ingest: pdfplumber reads the text layer; pages without a usable one go to OCR (decided per page)."""

from __future__ import annotations

import contextlib
import io
import logging
import re
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF, PSSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.codes import issue
from pipeline.errors import InputError, LimitError, OcrUnavailableError, PasswordError, PlantrackError
from pipeline.ingest.colour import to_hex
from pipeline.models import FilledRect, Page, PageSource, RuleLine, Word
from pipeline.options import ExtractOptions, OcrMode

log = logging.getLogger(__name__)
# pdfminer logs a WARNING for every damaged operator of a broken content stream; with no logging
# configured Python prints those to stderr, burying the one-line error. Keep them unless asked for.
if logging.getLogger("pdfminer").level == logging.NOTSET:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Ruling lines are at most this thick (points); thicker filled rects are cell shading.
MAX_RULE_THICKNESS = 2.5
# A page is untrustworthy when this share of its words are undecodable (cid:N) glyphs (OCRmyPDF's test).
CID_SHARE = 0.3
# Page area limit (square points): 10,000 x 10,000 pt pages are refused as absurd (reliability issue).
MAX_PAGE_AREA = 14400.0 * 14400.0 / 4
DAMAGED = "the file is damaged or incomplete: download or export it again"
PAGES_REMEDY = "raise --max-pages if the document is genuine, or split it"


def _open(data: bytes, password: str | None) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        raise _translate(inner, password) from exc
    except Exception as exc:  # pdfminer raises many plain exceptions on corrupt files
        raise _translate(exc, password) from exc


def _translate(exc: BaseException, password: str | None = None) -> PlantrackError:
    """A pdfminer failure as a typed error whose message says what is wrong in the user's terms."""
    if isinstance(exc, PlantrackError):
        return exc
    if isinstance(exc, PDFPasswordIncorrect):
        if password:
            return PasswordError("is encrypted and the password given is wrong")
        return PasswordError("is encrypted: it needs a password")
    if isinstance(exc, PDFEncryptionError):
        return InputError(
            f"uses unsupported encryption ({exc})", remedy="decrypt it with qpdf --decrypt first"
        )
    if isinstance(exc, PSEOF):
        return InputError("is a truncated PDF (the file ends too early)", remedy=DAMAGED)
    if isinstance(exc, PDFSyntaxError | PSSyntaxError):
        return InputError("is not a readable PDF (its structure is damaged)", remedy=DAMAGED)
    if isinstance(exc, RecursionError | MemoryError):
        return LimitError(
            f"is too deeply nested or too large to read ({type(exc).__name__})",
            remedy="re-save it with a PDF tool (qpdf, Acrobat 'Save As') and try again",
        )
    return InputError(f"is not a readable PDF ({type(exc).__name__})", remedy=DAMAGED)


def page_count_hint(data: bytes, password: str | None) -> int | None:
    """The page count from pdfium, which reads it in C without walking the page tree in Python.

    Used only to refuse oversized documents before pdfminer spends seconds parsing every page; any
    failure returns None and pdfminer, the authority on errors, reports the problem.
    """
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data, password=password or None)
    except Exception:
        return None
    try:
        return len(doc)
    except Exception:
        return None
    finally:
        doc.close()


def read_pdf(data: bytes, options: ExtractOptions) -> list[Page]:
    """Every page of the PDF in the shared page model; OCR fills in pages that need it.

    Raises:
        InputError: not a readable PDF (truncated, damaged, no pages).
        PasswordError: encrypted and the password is missing or wrong.
        LimitError: more pages than options.max_pages, or an implausibly large page.
    """
    hint = page_count_hint(data, options.password)
    if hint is not None and hint > options.max_pages:
        raise LimitError(f"has {hint} pages, over the limit of {options.max_pages}", remedy=PAGES_REMEDY)
    pdf = _open(data, options.password)
    # Not `with pdf:`: its close() walks the page tree again, and on a damaged tree that raises a
    # second, untyped error over the typed one (found by scripts/fuzz.py, seed 7).
    try:
        try:
            n = len(pdf.pages)
        except Exception as exc:  # broken page tree
            raise _translate(exc, options.password) from exc
        if n > options.max_pages:
            raise LimitError(f"has {n} pages, over the limit of {options.max_pages}", remedy=PAGES_REMEDY)
        pages: list[Page] = []
        for number, pp in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(pp, number, options))
            except PlantrackError:
                raise
            except Exception:  # one damaged page must not sink the document
                log.debug("page %d unreadable", number, exc_info=True)
                pages.append(
                    Page(
                        number=number,
                        width=0,
                        height=0,
                        source=PageSource.TEXT_LAYER,
                        needs_ocr=True,
                        confidence=0.0,
                    )
                )
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    if not pages:
        raise InputError(
            "has no pages", remedy="the PDF is empty or its page tree is damaged: export it again"
        )
    want = [p.number for p in pages if p.needs_ocr or options.ocr is OcrMode.ALWAYS]
    if options.ocr is OcrMode.NEVER:
        for page in pages:
            if page.needs_ocr:
                page.issues.append(
                    issue(
                        "PT101",
                        f"page {page.number} has no usable text layer and OCR is off",
                        page=page.number,
                    )
                )
    elif want:
        _ocr_pages(data, pages, want, options)
    return pages


def _ocr_pages(data: bytes, pages: list[Page], want: list[int], options: ExtractOptions) -> None:
    """OCR the wanted pages in place; without tesseract, flag them unless no page has text at all."""
    from pipeline.ingest.ocr import ocr_pdf_pages

    try:
        for page in ocr_pdf_pages(data, want, options):
            if pages[page.number - 1].needs_ocr and not page.issues:
                page.issues.append(
                    issue("PT106", "no usable text layer: page read by OCR", page=page.number, severity=None)
                )
            pages[page.number - 1] = page
    except OcrUnavailableError as exc:
        # A text-layer plan with one scanned appendix page is still worth reading; a scan is not.
        if not any(p.words and not p.needs_ocr for p in pages):
            raise
        for number in want:
            if pages[number - 1].needs_ocr:
                pages[number - 1].issues.append(
                    issue(
                        "PT102", f"page {number} needs OCR, which is unavailable: {exc.message}", page=number
                    )
                )


def _rule_edges(pp: Any) -> list[dict[str, Any]]:
    """Edges that are drawn rules: stroked lines and rectangles, and thin filled bars.

    A filled cell background is not a rule: its edges would make an unruled table look ruled
    (trackers shade section rows of tables that have no vertical rules).
    """
    import pdfplumber.utils as pu

    edges: list[dict[str, Any]] = []
    for obj in pp.lines:
        edges.extend(pu.obj_to_edges(obj))
    for r in pp.rects:
        thin = min(float(r["width"]), float(r["height"])) <= MAX_RULE_THICKNESS
        if r.get("stroke") or (thin and r.get("fill")):
            edges.extend(pu.obj_to_edges(r))
    for c in pp.curves:
        if c.get("stroke"):
            edges.extend(pu.obj_to_edges(c))
    return edges


# ZapfDingbats, one of the standard 14 PDF fonts, has no Unicode map in the file: its glyphs come out of
# the text layer as the letters that select them ('n' for a black square, 'l' for a black circle).
# Word's and reportlab's bullets and the shape marks of status columns are drawn in it, so its codes
# are put back to the glyphs they draw (Adobe's ZapfDingbats table, the marks plans use).
_DINGBATS = str.maketrans({
    "l": "\u25cf", "m": "\u274d", "n": "\u25a0", "o": "\u274f", "p": "\u2750", "q": "\u2751",
    "r": "\u2752", "s": "\u25b2", "t": "\u25bc", "u": "\u25c6", "v": "\u2756", "w": "\u25d7",
    "H": "\u2605", "3": "\u2713", "4": "\u2714", "7": "\u2717", "8": "\u2718",
})  # fmt: skip


def _dingbats(text: str) -> str:
    return text.translate(_DINGBATS)


def _split_overprinted(word: dict[str, Any]) -> list[dict[str, Any]]:
    """A word split where a glyph starts well inside the one before it: two pieces of text collide.

    Text too wide for its cell in a table without rules runs into the next cell ('Measurement'
    over 'Definition' in a wide font): the two cells' text touch or overlap, and the text layer
    reads them as one word ('MeasurementDefinition'). Glyphs of one word never overlap by more
    than a kerning pair's fraction of a point; the same glyph printed twice for a heavier weight,
    a fraction of a point apart, is no collision but one glyph.
    """
    chars = word.get("chars") or []
    # a faux bold draws each glyph twice a fraction of a point apart ('RReeccoo...'): one of each
    doubled = [
        k
        for k in range(1, len(chars))
        if chars[k]["text"] == chars[k - 1]["text"]
        and float(chars[k]["x0"]) - float(chars[k - 1]["x0"]) < 1.0
    ]
    if doubled:
        drop = set(doubled)
        chars = [c for k, c in enumerate(chars) if k not in drop]
        word = {**word, "chars": chars, "text": "".join(c["text"] for c in chars)}
    cuts = [
        k
        for k in range(1, len(chars))
        if chars[k]["x0"] < chars[k - 1]["x1"] - max(1.0, 0.12 * float(chars[k]["size"] or 0.0))
    ]
    if not cuts:
        return [word]
    parts = []
    for piece in _runs(chars):
        parts.append(
            {
                **word,
                "text": "".join(c["text"] for c in piece),
                "x0": min(c["x0"] for c in piece),
                "x1": max(c["x1"] for c in piece),
                "top": min(c["top"] for c in piece),
                "bottom": max(c["bottom"] for c in piece),
            }
        )
    return parts


def _runs(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The colliding texts' glyphs, each text's glyphs in reading order.

    Glyphs arrive sorted by position, so where one text is drawn over another their glyphs
    interleave ('Measurement' over 'Agreed' reads 'MeasureAmgerenetd'). Each glyph of a text starts
    where the one before it ended, so a glyph joins the run whose last glyph ends nearest its
    start, within a kerning pair's tolerance; one that continues no run starts a new one.
    """
    runs: list[list[dict[str, Any]]] = []
    for c in chars:
        tol = max(1.0, 0.12 * float(c["size"] or 0.0))
        near = [
            (abs(float(c["x0"]) - float(r[-1]["x1"])), n)
            for n, r in enumerate(runs)
            if abs(float(c["x0"]) - float(r[-1]["x1"])) <= tol and float(c["x0"]) > float(r[-1]["x0"])
        ]
        if near:
            runs[min(near)[1]].append(c)
        else:
            runs.append([c])
    return runs


def _read_page(pp: Any, number: int, options: ExtractOptions) -> Page:
    width, height = float(pp.width), float(pp.height)
    if width * height > MAX_PAGE_AREA:
        raise LimitError(
            f"page {number} is {width:.0f} x {height:.0f} points, too large to be a document page",
            remedy="re-export the PDF at a normal page size (A4, A3 or Letter)",
        )
    raw_words = [
        part
        for w in pp.extract_words(
            keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname", "size"], return_chars=True
        )
        for part in _split_overprinted(w)
    ]
    words = [
        Word(
            text=_dingbats(w["text"]) if "dingbats" in str(w.get("fontname", "")).lower() else w["text"],
            x0=round(float(w["x0"]), 2),
            top=round(float(w["top"]), 2),
            x1=round(float(w["x1"]), 2),
            bottom=round(float(w["bottom"]), 2),
            size=round(float(w.get("size") or 0.0), 2),
            bold="bold" in str(w.get("fontname", "")).lower(),
        )
        for w in raw_words
    ]
    cid = sum("(cid:" in w.text for w in words)
    needs_ocr = not words or cid / max(len(words), 1) > CID_SHARE
    lines: list[RuleLine] = []
    for e in _rule_edges(pp):
        x0, top, x1, bottom = float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"])
        if min(x1 - x0, bottom - top) <= MAX_RULE_THICKNESS and max(x1 - x0, bottom - top) > 3:
            lines.append(
                RuleLine(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))
            )
    rects: list[FilledRect] = []
    for r in pp.rects:
        if not r.get("fill"):
            continue
        w, h = float(r["x1"]) - float(r["x0"]), float(r["bottom"]) - float(r["top"])
        if min(w, h) <= MAX_RULE_THICKNESS:
            continue  # a rule drawn as a thin filled rectangle
        colour = to_hex(r.get("non_stroking_color"))
        if colour is None or colour == "#ffffff":
            continue
        rects.append(
            FilledRect(
                x0=round(float(r["x0"]), 2),
                top=round(float(r["top"]), 2),
                x1=round(float(r["x1"]), 2),
                bottom=round(float(r["bottom"]), 2),
                fill=colour,
            )
        )
    rects.extend(_glyph_swatches(pp))
    words.sort(key=lambda w: (round(w.top), w.x0))
    return Page(
        number=number,
        width=width,
        height=height,
        source=PageSource.TEXT_LAYER,
        words=words,
        lines=lines,
        rects=rects,
        needs_ocr=needs_ocr,
    )


# Fonts whose glyphs are marks, not letters; and Unicode shapes (squares, circles, triangles,
# diamonds, stars) in any font.
_SYMBOL_FONT = ("dingbats", "wingding", "webding", "symbol")
_SHAPE_CHARS = re.compile(r"[\u25a0-\u25ff\u2605\u2606\u2b1b-\u2b1e\u2b24\u2b55\u26aa\u26ab]")


# Channel mean of a grey mark: darker is black text, lighter is a white or near-white glyph.
_MID_GREY = (64, 216)


def _glyph_swatches(pp: Any) -> list[FilledRect]:
    """Coloured status marks drawn as glyphs (a green ● or a red ▲ in a status column or a key).

    The colour of such a mark is what it says, as a cell's fill is: each becomes a filled area the
    size of the glyph, so the layout gives its cell that colour. Black and white glyphs are bullets
    and text, not status marks; a mid-grey shape is a mark (keys give grey its own state, 'Grey =
    not yet started', and print it as a grey ■ like the coloured ones): its colour means something
    only where the document's key names grey.
    """
    out: list[FilledRect] = []
    for ch in pp.chars:
        font = str(ch.get("fontname", "")).lower()
        if not (any(f in font for f in _SYMBOL_FONT) or _SHAPE_CHARS.fullmatch(ch.get("text", ""))):
            continue
        colour = to_hex(ch.get("non_stroking_color"))
        if colour is None:
            continue
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        if max(r, g, b) - min(r, g, b) < 40 and not _MID_GREY[0] <= (r + g + b) / 3 <= _MID_GREY[1]:
            continue  # black or white: no hue to read
        x0, top, bottom = float(ch["x0"]), float(ch["top"]), float(ch["bottom"])
        # A standard-14 symbol font's glyph the PDF gives no width for comes out zero wide; marks are
        # about as wide as they are tall.
        x1 = max(float(ch["x1"]), x0 + 0.8 * (bottom - top))
        out.append(
            FilledRect(
                x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2), fill=colour
            )
        )
    return out
