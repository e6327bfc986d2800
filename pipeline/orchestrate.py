"""The pipeline, top to bottom: ingest -> layout -> extract -> validate. Pure after ingest."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import load_document
from pipeline.models import Document, Edition
from pipeline.options import ExtractOptions


def extract(path: str | Path, options: ExtractOptions | None = None) -> Edition:
    """Extract one improvement-plan edition from a PDF, image or OCR text file.

    Raises a `pipeline.errors.PlantrackError` subclass (with exit code and remedy) on bad input.
    """
    document = load_document(Path(path), options or ExtractOptions())
    return extract_document(document)


def extract_document(document: Document) -> Edition:
    """Run every stage after ingest on an ingested document."""
    from pipeline.extract import extract_edition
    from pipeline.layout import analyse
    from pipeline.validate import validate_edition
    from pipeline.validate.coverage import add_coverage

    layout = None if document.kind == "text" else analyse(document)  # tables and prose in reading order
    edition = extract_edition(document, layout)  # records with provenance, and the issues met
    edition = add_coverage(edition, document, layout)  # what was read of each page and table
    return validate_edition(edition)  # record checks and stated totals reconciled
