"""Plain-text input (already-OCR'd text): pages split on form feeds, lines kept, no positions."""

from __future__ import annotations

from pipeline.models import Page, PageSource


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252/Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", errors="replace")  # pragma: no cover - latin-1 always decodes


def read_text(data: bytes) -> list[Page]:
    """Split text into pages at form feeds (as pdftotext and tesseract write them)."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks = chunks[:-1]
    return [
        Page(number=i, width=0, height=0, source=PageSource.PLAIN_TEXT, text_lines=chunk.split("\n"))
        for i, chunk in enumerate(chunks, start=1)
    ]
