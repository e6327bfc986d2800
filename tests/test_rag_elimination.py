"""Tests for a key's colourless label paired with the one status colour the key does not name, and for
scanned fills reported as the key swatch they were printed in."""

from __future__ import annotations

from pipeline.extract.rag import default_legend, legend_from_rows, pair_by_elimination, read_status
from pipeline.models.common import DeliveryState, Rag, StatusSource

# A caption key naming three colours and one state: 'Key: Completed = The action is completed; Green =
# Progress is on schedule; Amber = ...; Red = ...'.
CAPTION_KEY = [
    ("Completed", None, "The action is completed"),
    ("Green", None, "Progress is on schedule"),
    ("Amber", None, "Behind schedule but recovery steps are in place"),
    ("Red", None, "Significantly behind schedule"),
]


def test_one_colourless_label_takes_the_one_unnamed_colour() -> None:
    legend = legend_from_rows(CAPTION_KEY, page=2)
    cells = [("", "#00b050"), ("", "#00b0f0"), (None, "#e03c31"), ("", "#00b0f0"), ("", "#ffc000")]
    paired, note = pair_by_elimination(legend, cells)
    assert note is not None and "Completed" in note and "#00b0f0" in note
    assert [e.colour for e in paired.entries] == ["#00b0f0", None, None, None]
    assert legend.entries[0].colour is None  # the legend given is not changed
    reading = read_status(None, "#00b0f0", paired)
    assert reading.delivery_state is DeliveryState.COMPLETE and reading.rag is Rag.NONE
    assert reading.status_source is StatusSource.CELL_COLOUR and reading.issue_codes == []
    # before pairing the same cell needs a legend
    assert read_status(None, "#00b0f0", legend).issue_codes == ["PT215"]


def test_a_shape_glyph_is_a_colour_only_cell() -> None:
    legend = legend_from_rows(CAPTION_KEY, page=2)
    paired, note = pair_by_elimination(legend, [("●", "#0070c0"), ("●", "#00b050")])
    assert note is not None and paired.entries[0].colour == "#0070c0"


def test_two_unnamed_colours_stay_unknown() -> None:
    legend = legend_from_rows(CAPTION_KEY, page=2)
    paired, note = pair_by_elimination(legend, [("", "#00b0f0"), ("", "#a6a6a6")])
    assert note is None and paired is legend


def test_cells_with_words_do_not_count() -> None:
    # a grey zebra band behind status words is no status colour
    legend = legend_from_rows(CAPTION_KEY, page=2)
    paired, note = pair_by_elimination(legend, [("Green", "#d9d9d9"), ("Amber", "#d9d9d9")])
    assert note is None and paired is legend


def test_two_colourless_labels_are_not_paired() -> None:
    rows = [("Completed", None, "Done"), ("Suspended", None, "On hold"), *CAPTION_KEY[1:]]
    legend = legend_from_rows(rows, page=2)
    paired, note = pair_by_elimination(legend, [("", "#00b0f0")])
    assert note is None and paired is legend


def test_no_pairing_without_a_document_key() -> None:
    legend = default_legend()
    paired, note = pair_by_elimination(legend, [("", "#00b0f0")])
    assert note is None and paired is legend


def test_every_colour_named_needs_no_pairing() -> None:
    legend = legend_from_rows(CAPTION_KEY, page=2)
    paired, note = pair_by_elimination(legend, [("", "#00b050"), ("", "#ff0000"), ("", "#ffffff")])
    assert note is None and paired is legend


def test_scanned_fill_reports_the_key_swatch() -> None:
    legend = legend_from_rows([("Red", "#e03c31", "Off track"), ("Green", "#00b050", "On track")], page=1)
    reading = read_status(None, "#e13c33", legend, ocr=True)
    assert reading.rag is Rag.RED and reading.status_raw == "#e03c31"
    # on the text layer the fill is what the PDF says
    assert read_status(None, "#e13c33", legend).status_raw == "#e13c33"
    # a fill far from every swatch is reported as measured
    far = read_status(None, "#f0a000", legend, ocr=True)
    assert far.status_raw == "#f0a000"


def test_scanned_fill_reports_the_office_colour_it_was_printed_in() -> None:
    # a scanned key's swatch is measured too: the standard colour within a scan's drift is the print
    legend = legend_from_rows([("Green", "#03b050", "On track"), ("Amber", "#fdbf04", "At risk")], page=1)
    assert read_status(None, "#01b14e", legend, ocr=True).status_raw == "#00b050"
    assert read_status(None, "#ffc102", legend, ocr=True).status_raw == "#ffc000"
    assert read_status(None, "#fe0203", default_legend(), ocr=True).status_raw == "#ff0000"
    # not on the text layer, and not for a colour near no standard one
    assert read_status(None, "#01b14e", legend).status_raw == "#01b14e"
    assert read_status(None, "#8a5a9e", default_legend(), ocr=True).status_raw == "#8a5a9e"
