"""Extract stage: a Document to an Edition of records with provenance and issues.

Each reader returns what it found (a `Reading`: records and the issues met reading them);
`finish.assemble` makes record keys unique, resolves leads across the document and builds the Edition.
"""

from __future__ import annotations

from pipeline.models import Document, Edition
from pipeline.models.layout import Layout


def extract_edition(document: Document, layout: Layout | None = None) -> Edition:
    """Plain text goes to the line-structure reader; positioned pages (text layer, OCR) to the layout one.

    `layout` is the document's layout when the caller already has it (the coverage check reuses it).
    """
    from pipeline.extract.finish import assemble

    if document.kind == "text":
        from pipeline.extract.plaintext import read_plaintext

        return assemble(document, read_plaintext(document))
    from pipeline.extract.textlayer import read_layout
    from pipeline.layout import analyse

    return assemble(document, read_layout(document, layout if layout is not None else analyse(document)))
