"""Extract stage: a Document to an Edition of records with provenance and issues."""

from __future__ import annotations

from pipeline.models import Document, Edition


def extract_edition(document: Document) -> Edition:
    """Plain text goes to the line-structure reader; positioned pages (text layer, OCR) to the layout one."""
    if document.kind == "text":
        from pipeline.extract.plaintext import extract_plaintext

        return extract_plaintext(document)
    from pipeline.extract.textlayer import from_layout
    from pipeline.layout import analyse

    return from_layout(document, analyse(document))
