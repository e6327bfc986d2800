"""Extract stage: a Document to an Edition of records with provenance and issues."""

from __future__ import annotations

from pipeline.models import Document, Edition
from pipeline.models.layout import Layout


def extract_edition(document: Document, layout: Layout | None = None) -> Edition:
    """Plain text goes to the line-structure reader; positioned pages (text layer, OCR) to the layout one.

    `layout` is the document's layout when the caller already has it (the coverage check reuses it).
    """
    if document.kind == "text":
        from pipeline.extract.plaintext import extract_plaintext

        return extract_plaintext(document)
    from pipeline.extract.textlayer import from_layout
    from pipeline.layout import analyse

    return from_layout(document, layout if layout is not None else analyse(document))
