"""Plain-text input (already-OCR'd text): pages split on form feeds, lines kept, no positions."""

from __future__ import annotations

import re

from pipeline.models import Page, PageSource

# When a text export lost its form feeds, two marks of a page break survive (both common in OCR
# exports of long PDFs): the form feed itself turned into a single
# space, so a page's first line starts with exactly one space (" Summary of Progress"), and a run
# of three or more blank lines where the OCR engine met an empty page foot.
_SPACE_MARK = re.compile(r"^ (?=\S)")
_BLANK_RUN = 3


_BOMS = [  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
# Control characters other than tab, newline, CR and form feed (a page break): dropped at ingest, so
# NULs and escapes never reach a record and JSON, CSV and XLSX all show the same text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, falling back to Windows-1252/Latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", errors="replace")  # pragma: no cover - latin-1 always decodes


def split_pages(text: str) -> list[list[str]]:
    """Split text into pages of lines: at form feeds when there are any, else at the marks they leave.

    Without form feeds a page starts at a line beginning with exactly one space (its space is
    removed) or after a run of three or more blank lines. Trailing whitespace-only pages are dropped.
    """
    if "\f" in text:
        chunks = [chunk.split("\n") for chunk in text.split("\f")]
    else:
        chunks = [[]]
        blanks = 0
        for line in text.split("\n"):
            if not line.strip():
                blanks += 1
                chunks[-1].append(line)
                continue
            starts_page = bool(_SPACE_MARK.match(line)) or blanks >= _BLANK_RUN
            blanks = 0
            if starts_page and any(s.strip() for s in chunks[-1]):
                chunks.append([])
            chunks[-1].append(line[1:] if _SPACE_MARK.match(line) else line)
    while len(chunks) > 1 and not any(s.strip() for s in chunks[-1]):
        chunks.pop()
    return chunks


def read_text(data: bytes) -> list[Page]:
    """Read OCR text into plain-text pages (see `split_pages` for where pages break)."""
    text = _CONTROL.sub("", decode(data).replace("\r\n", "\n").replace("\r", "\n"))
    return [
        Page(number=i, width=0, height=0, source=PageSource.PLAIN_TEXT, text_lines=lines)
        for i, lines in enumerate(split_pages(text), start=1)
    ]
