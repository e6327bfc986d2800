"""Options that change what extraction produces (part of the cache key) and safety limits."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from pipeline.models.common import Model


class OcrMode(str, Enum):
    """When to OCR a page."""

    AUTO = "auto"  # only pages without a usable text layer
    ALWAYS = "always"
    NEVER = "never"


class ExtractOptions(Model):
    """Everything that affects one document's extraction."""

    password: str | None = Field(default=None, description="Password for encrypted PDFs.")
    ocr: OcrMode = Field(default=OcrMode.AUTO, description="When to OCR pages.")
    dpi: int = Field(default=300, ge=72, le=600, description="Render resolution for OCR.")
    ocr_lang: str = Field(default="eng", description="Tesseract language(s).")
    max_pages: int = Field(default=2000, ge=1, description="Refuse documents with more pages.")
    max_image_pixels: int = Field(
        default=120_000_000, ge=1, description="Refuse to render or load images larger than this."
    )
    page_timeout: float = Field(default=120.0, gt=0, description="Seconds allowed for OCR of one page.")
    max_text_bytes: int = Field(
        default=10_000_000,
        ge=1,
        description="Refuse text inputs larger than this (about 7,500 pages of OCR text).",
    )
    # How OCR runs, not what it reads: neither is part of the cache key.
    ocr_workers: int | None = Field(
        default=None,
        ge=1,
        description="Processes that OCR one document's pages (1 = in this process; None = one per core).",
    )
    ocr_on_cluster: bool = Field(
        default=False,
        description="OCR a scan's pages as tasks of the dask cluster its document task runs on.",
    )

    def cache_fields(self) -> dict[str, object]:
        """The options that change output (the password does not: the same bytes give the same text)."""
        return {
            "ocr": self.ocr.value,
            "dpi": self.dpi,
            "ocr_lang": self.ocr_lang,
            "max_pages": self.max_pages,
        }
