"""The page model: what ingest produces, the same for text-layer, OCR and plain-text pages."""

from __future__ import annotations

from pydantic import Field

from pipeline.models.common import Model, PageSource
from pipeline.models.records import Issue


class Word(Model):
    """A positioned word (PDF points, origin top-left)."""

    text: str = Field(description="The word's text.")
    x0: float = Field(description="Left edge.")
    top: float = Field(description="Top edge.")
    x1: float = Field(description="Right edge.")
    bottom: float = Field(description="Bottom edge.")
    size: float = Field(default=0.0, description="Font size in points (estimated from height for OCR).")
    bold: bool = Field(default=False, description="True when the font is bold.")
    confidence: float = Field(
        default=1.0, ge=0.0, le=1.0, description="1.0 for text layer; OCR confidence otherwise."
    )


class RuleLine(Model):
    """A ruling line: a stroked line or a thin filled rectangle (PDF), or a detected line (scan)."""

    x0: float = Field(description="Left.")
    top: float = Field(description="Top.")
    x1: float = Field(description="Right.")
    bottom: float = Field(description="Bottom.")

    @property
    def horizontal(self) -> bool:
        """True when wider than tall."""
        return (self.x1 - self.x0) >= (self.bottom - self.top)


class FilledRect(Model):
    """A filled area with its colour: a shaded cell on a PDF, or a sampled cell fill on a scan."""

    x0: float = Field(description="Left.")
    top: float = Field(description="Top.")
    x1: float = Field(description="Right.")
    bottom: float = Field(description="Bottom.")
    fill: str = Field(pattern=r"^#[0-9a-f]{6}$", description="Fill colour '#rrggbb'.")


class Page(Model):
    """One page of a document, however it was read."""

    number: int = Field(ge=1, description="1-based page number.")
    width: float = Field(ge=0, description="Page width in points.")
    height: float = Field(ge=0, description="Page height in points.")
    source: PageSource = Field(description="How the words were obtained.")
    words: list[Word] = Field(default_factory=list, description="Words in reading order (top, then left).")
    lines: list[RuleLine] = Field(default_factory=list, description="Ruling lines.")
    rects: list[FilledRect] = Field(default_factory=list, description="Filled non-white, non-black areas.")
    text_lines: list[str] = Field(
        default_factory=list, description="Plain-text input only: the page's lines, without positions."
    )
    needs_ocr: bool = Field(default=False, description="Text layer missing or untrustworthy (set by ingest).")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0, description="Mean word confidence on the page.")
    issues: list[Issue] = Field(
        default_factory=list, description="Ingest problems on this page (OCR failed, timed out, skipped)."
    )


class Document(Model):
    """An ingested input: its identity and its pages."""

    name: str = Field(description="File name.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    kind: str = Field(description="'pdf', 'image' or 'text'.")
    pages: list[Page] = Field(default_factory=list, description="Pages in order.")
