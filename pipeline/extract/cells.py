"""Cell text helpers shared by the table readers: refs, bullets, paragraphs, leads lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import PageSource, Provenance
from pipeline.models.layout import Cell, TextLine
from pipeline.vocab.refs import BULLET_RE, GLUED_REF_RE, REF_RE

SPACES_RE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Collapse whitespace."""
    return SPACES_RE.sub(" ", text).strip()


def split_ref(text: str) -> tuple[str | None, str]:
    """('a', 'rest of text') when the text starts with an action reference."""
    m = REF_RE.match(text.strip())
    if not m:
        return None, text.strip()
    ref = m.group("ref") or m.group("pref")
    return ref.replace(" ", ""), m.group("rest").strip()


def unglue_ref(ref_text: str, lines: list[TextLine]) -> tuple[str, list[TextLine]]:
    """(ref, action lines) with a ref run into the action's first word taken apart.

    The overflowing ref lands in the Ref cell with that word ('1.01.02Train' | 'staff on ...') or in
    the action cell ('' | '1.01.01Embed a ...'): either way the ref is the ref and the word goes back
    to the front of the action text.
    """
    m = GLUED_REF_RE.match(ref_text.strip())
    if m:
        word = (m.group("word") + m.group("rest")).strip()
        if lines:
            first = lines[0].model_copy(update={"text": f"{word} {lines[0].text}".strip()})
            return m.group("ref"), [first, *lines[1:]]
        return m.group("ref"), lines
    if not ref_text.strip() and lines:
        m = GLUED_REF_RE.match(lines[0].text.strip())
        if m:
            first = lines[0].model_copy(update={"text": (m.group("word") + m.group("rest")).strip()})
            return m.group("ref"), [first, *lines[1:]]
    return ref_text, lines


def block_lines(cells: Sequence[Cell]) -> list[TextLine]:
    """The lines of a block of cells read as one text, top to bottom: a heading row that the table's
    column rules cut into pieces ('Standard 2 - Improve support ... pathway' | 'plans is consistently
    good.') is one line again where its pieces share a baseline."""
    lines = sorted((ln for c in cells for ln in c.lines), key=lambda ln: (ln.page, ln.top, ln.x0))
    out: list[TextLine] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == ln.page
            and abs(prev.top - ln.top) < 0.5 * max(ln.bottom - ln.top, 1.0)
        ):
            out[-1] = prev.model_copy(
                update={
                    "text": f"{prev.text} {ln.text}",
                    "x1": max(prev.x1, ln.x1),
                    "bold": prev.bold and ln.bold,
                }
            )
        else:
            out.append(ln)
    return out


def paragraphs(lines: list[TextLine]) -> list[str]:
    """Join a cell's lines into paragraphs, breaking where the vertical gap exceeds ~0.8 line heights."""
    paras: list[list[str]] = []
    prev: TextLine | None = None
    for ln in lines:
        height = max(ln.bottom - ln.top, 1.0)
        if prev is None or ln.top - prev.bottom > 0.8 * height:
            paras.append([ln.text])
        else:
            paras[-1].append(ln.text)
        prev = ln
    return [norm(" ".join(p)) for p in paras if norm(" ".join(p))]


def text_and_bullets(lines: list[TextLine]) -> tuple[str, list[str]]:
    """Main text and the bullet items of an action cell.

    A bullet is a line starting with a bullet glyph, or (OCR often drops the glyph) a line indented
    past the cell's first line after text ending with ':'. A wrapped bullet continues on lines that
    are indented past the glyph, or, when glyphs were lost, after a line that ran to the cell's edge.
    """
    main: list[str] = []
    bullets: list[str] = []
    in_bullets = False
    bullet_x = 0.0
    glyphless = False
    left = lines[0].x0 if lines else 0.0
    right = max((ln.x1 for ln in lines), default=0.0)
    # Lines between an intro ending in ':' and the first glyph bullet are bullets whose glyph OCR lost
    # (they sit where bullet text sits, not where the action text starts).
    first_glyph = next((k for k, ln in enumerate(lines) if BULLET_RE.match(ln.text)), None)
    glyph_lost: set[int] = set()
    if first_glyph:
        intro_at = max((k for k in range(first_glyph) if lines[k].text.rstrip().endswith(":")), default=None)
        if intro_at is not None:
            glyph_lost = set(range(intro_at + 1, first_glyph))
    prev: TextLine | None = None
    for k, ln in enumerate(lines):
        m = BULLET_RE.match(ln.text)
        indented = ln.x0 > left + 5 or k in glyph_lost
        intro = bool(main) and main[-1].rstrip().endswith(":")
        if m:
            bullets.append(m.group("text"))
            in_bullets, bullet_x, glyphless = True, ln.x0, False
        elif in_bullets and not glyphless and ln.x0 > bullet_x + 1:
            bullets[-1] = f"{bullets[-1]} {ln.text}"  # wrapped bullet: indented past the bullet glyph
        elif indented and ((intro and not in_bullets) or (in_bullets and glyphless)):
            full = prev is not None and prev.x1 > right - 0.15 * max(right - left, 1.0)
            if in_bullets and full:
                bullets[-1] = f"{bullets[-1]} {ln.text}"
            else:
                bullets.append(ln.text)
            in_bullets, glyphless = True, True
        else:
            in_bullets = False
            main.append(ln.text)
        prev = ln
    return norm(" ".join(main)), [norm(b) for b in bullets]


def provenance(cells: Sequence[Cell | None], source: PageSource, *, penalty: float = 0.0) -> Provenance:
    """Provenance of a record read from a row's cells: first page, union bbox, lowest confidence."""
    real = [c for c in cells if c is not None]
    page = min(c.page for c in real)
    on_page = [c for c in real if c.page == page]
    lines = [ln for c in on_page for ln in c.lines]
    if lines:
        bbox = (
            min(ln.x0 for ln in lines),
            min(ln.top for ln in lines),
            max(ln.x1 for ln in lines),
            max(ln.bottom for ln in lines),
        )
    else:
        bbox = (
            min(c.x0 for c in on_page),
            min(c.top for c in on_page),
            max(c.x1 for c in on_page),
            max(c.bottom for c in on_page),
        )
    conf = min((c.confidence for c in real), default=1.0)
    return Provenance(
        page=page,
        bbox=tuple(round(v, 1) for v in bbox),
        source=source,  # type: ignore[arg-type]
        confidence=round(max(0.0, min(1.0, conf - penalty)), 3),
    )
