"""Catalogue of issue codes: stable, greppable, each with a default severity and a meaning."""

from __future__ import annotations

from typing import Literal

from pipeline.models import Issue, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# Every code, as a type: mypy rejects a call site whose code is not one of these (a typo is a type
# error, not a KeyError at run time). Keep in step with CODES (tests/test_models.py checks both ways).
Code = Literal[
    "PT101",
    "PT102",
    "PT103",
    "PT104",
    "PT105",
    "PT106",
    "PT107",
    "PT201",
    "PT202",
    "PT203",
    "PT204",
    "PT205",
    "PT206",
    "PT207",
    "PT208",
    "PT209",
    "PT210",
    "PT211",
    "PT212",
    "PT213",
    "PT214",
    "PT215",
    "PT216",
    "PT217",
    "PT218",
    "PT219",
    "PT220",
    "PT221",
    "PT222",
    "PT301",
    "PT302",
    "PT303",
    "PT304",
    "PT305",
    "PT306",
    "PT307",
    "PT308",
    "PT401",
    "PT402",
    "PT500",
    "PT501",
    "PT502",
    "PT503",
    "PT504",
    "PT505",
]

# code: (default severity, meaning). Never renumber; add new codes at the end of their block.
CODES: dict[Code, tuple[Severity, str]] = {
    # PT1xx ingest
    "PT101": (W, "page has no usable text layer and OCR is off (--ocr never): page not read"),
    "PT102": (E, "OCR failed on a page: page not read, the rest of the document continues"),
    "PT103": (E, "OCR exceeded the per-page timeout: page not read"),
    "PT104": (W, "low mean OCR confidence on a page"),
    "PT105": (W, "page skipped: over a safety limit"),
    "PT106": (I, "text layer untrustworthy ((cid:N) glyphs or none): page read by OCR"),
    "PT107": (I, "page was scanned upside down or sideways: read turned upright"),
    # PT2xx layout and extraction
    "PT201": (E, "no improvement-plan structure found"),
    "PT202": (W, "table header not recognised: table not used"),
    "PT203": (I, "unknown column kept in 'extra'"),
    "PT204": (W, "text could not be paired with a record (plain-text or damaged layout)"),
    "PT205": (I, "no status legend in the document: default meanings used"),
    "PT206": (W, "status text and cell colour disagree"),
    "PT207": (W, "garbled status glyph resolved (by colour or default)"),
    "PT208": (W, "status missing"),
    "PT209": (W, "date could not be parsed"),
    "PT210": (I, "OCR-damaged name snapped to a name used elsewhere in the document"),
    "PT211": (W, "OCR-damaged number repaired"),
    "PT212": (W, "low-confidence field"),
    "PT213": (W, "edition date not found"),
    "PT214": (W, "recommendation lead differs between summary and detail"),
    "PT215": (W, "status token or colour needs a legend (e.g. blue) and none defines it"),
    "PT216": (W, "action reference missing"),
    "PT217": (W, "indicator value could not be parsed"),
    "PT218": (W, "recommendation summary and detail do not match (one is missing)"),
    "PT219": (I, "table continued across a page break and was stitched"),
    "PT220": (W, "row's recommendation not found: kept under recommendation 0"),
    "PT221": (W, "key wording and label disagree without saying so explicitly: the label's meaning kept"),
    "PT222": (W, "a key label naming no colour took the one status colour the key leaves unnamed"),
    # PT3xx validation
    "PT301": (W, "action marked complete but due after the edition date"),
    "PT302": (W, "start date after due date"),
    "PT303": (W, "duplicate reference within a recommendation"),
    "PT304": (W, "action has no lead"),
    "PT305": (E, "record failed validation"),
    "PT306": (W, "indicator code repeated within a recommendation"),
    "PT307": (I, "action has no due date"),
    "PT308": (W, "active recommendation has no actions"),
    # PT4xx reconciliation
    "PT401": (E, "stated total does not match the records"),
    "PT402": (I, "no stated totals found: nothing to reconcile"),
    # PT5xx coverage: what was not read
    "PT500": (I, "coverage: how many words and table rows were read (the figure in index.csv)"),
    "PT501": (W, "a table of several rows produced no records: not read"),
    "PT502": (W, "most of the table text on a page was not read into any record"),
    "PT503": (W, "records are thin for the document (table rows or whole pages not read)"),
    "PT504": (W, "a stated total says far more records than were read"),
    "PT505": (W, "most records lack a field the document gives (status, ref, date, lead, values)"),
}


def issue(
    code: Code,
    message: str,
    *,
    page: int | None = None,
    record: str | None = None,
    field: str | None = None,
    severity: Severity | None = None,
) -> Issue:
    """Build an Issue with the code's default severity."""
    default, _ = CODES[code]
    return Issue(
        code=code, severity=severity or default, message=message, page=page, record=record, field=field
    )
