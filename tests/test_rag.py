"""Tests for status reading: colour names, default and document legends, tokens, glyphs, narratives."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.codes import CODES
from pipeline.extract.rag import (
    GLYPH_CONFUSIONS,
    colour_name,
    default_legend,
    legend_from_rows,
    read_status,
    status_from_narrative,
)
from pipeline.models.common import DeliveryState, Rag, StatusSource

DS = DeliveryState


@pytest.mark.parametrize(
    ("hex_colour", "name"),
    [
        ("#ff0000", "red"),
        ("#c00000", "red"),
        ("#ffc000", "amber"),
        ("#ffbf00", "amber"),
        ("#ffff00", "yellow"),
        ("#00b050", "green"),
        ("#92d050", "green"),
        ("#00ff00", "green"),
        ("#5b9bd5", "blue"),
        ("#0070c0", "blue"),
        ("#a6a6a6", "grey"),
        ("#7030a0", "purple"),
        ("#ffffff", "white"),
        ("#000000", "black"),
        ("#FF0000", "red"),
        # Noisy scan colours.
        ("#e8423a", "red"),
        ("#f5b82e", "amber"),
        ("#3fae5a", "green"),
        ("#6a9fd6", "blue"),
        ("#f4f4f2", "white"),
    ],
)
def test_colour_name(hex_colour: str, name: str) -> None:
    assert colour_name(hex_colour) == name


@given(st.from_regex(r"\A#[0-9a-fA-F]{6}\Z"))
def test_colour_name_never_raises(hex_colour: str) -> None:
    assert colour_name(hex_colour) in {
        "red", "amber", "yellow", "green", "blue", "purple", "grey", "white", "black",
    }  # fmt: skip


def test_colour_name_of_junk_is_unknown() -> None:
    assert colour_name("not a colour") == "unknown"


DARLINGTON_ROWS: list[tuple[str, str | None, str | None]] = [
    (
        "Completed",
        None,
        "Actions completed or PI targets achieved Completed/target achieved/outcomes delivered",
    ),
    (
        "Red",
        None,
        "Actions/PIs not on track and remedial action Limited confidence that progress will be delivered",
    ),
    (
        "Amber",
        None,
        "Actions/ PI.S not on track but actions in hand to address slippage Reasonable confidence",
    ),
    (
        "Green",
        None,
        "Actions/PIs on track and will be delivered on time Confident that progress will be delivered",
    ),
]


def test_darlington_legend_meanings_and_tokens() -> None:
    legend = legend_from_rows(DARLINGTON_ROWS, page=3)
    assert legend.source == "document" and legend.page == 3
    got = [(e.token, e.rag, e.delivery_state) for e in legend.entries]
    assert got == [
        ("C", Rag.NONE, DS.COMPLETE),
        ("R", Rag.RED, None),
        ("A", Rag.AMBER, None),
        ("G", Rag.GREEN, None),
    ]


def test_nhs_legend_meaning_comes_from_description() -> None:
    legend = legend_from_rows([("Amber", "#ffc000", "On track"), ("Green", "#00b050", "Complete")], page=2)
    amber = read_status("A", None, legend)
    assert amber.rag is Rag.GREEN
    green = read_status("Green", None, legend)
    assert green.delivery_state is DS.COMPLETE and green.rag is Rag.NONE
    by_colour = read_status(None, "#00b050", legend)
    assert by_colour.delivery_state is DS.COMPLETE and by_colour.status_source is StatusSource.CELL_COLOUR


@pytest.mark.parametrize(
    ("description", "delivery"),
    [("Complete", DS.COMPLETE), ("Complete and verified", DS.COMPLETE_VERIFIED), ("Suspended", DS.SUSPENDED)],
)
def test_blue_takes_its_meaning_from_the_legend(description: str, delivery: DS) -> None:
    legend = legend_from_rows([("Blue", "#0070c0", description), ("Green", "#00b050", "On track")], page=1)
    assert legend.entries[0].token == "B"
    assert read_status("B", None, legend).delivery_state is delivery
    assert read_status(None, "#5b9bd5", legend).delivery_state is delivery  # same family, other shade


def test_a_lone_letter_is_the_initial_of_the_one_key_label_it_starts() -> None:
    rows = [
        ("Programmed, not yet started", "#a6a6a6", None),
        ("On target", "#00b050", None),
        ("Off track", "#e03c31", None),
    ]
    legend = legend_from_rows(rows, page=4)
    reading = read_status("P", "#a6a6a6", legend)
    assert reading.delivery_state is DS.NOT_STARTED and reading.status_source is StatusSource.TEXT
    # two labels start with O: the letter alone says nothing, the fill decides
    ambiguous = read_status("O", "#e03c31", legend)
    assert ambiguous.rag is Rag.RED and ambiguous.status_source is StatusSource.CELL_COLOUR


def test_blue_without_legend_entry_needs_a_legend() -> None:
    for reading in (read_status("B", None, default_legend()), read_status(None, "#0070c0", default_legend())):
        assert reading.rag is Rag.NONE and reading.delivery_state is DS.UNKNOWN
        assert reading.issue_codes == ["PT215"]


def test_default_legend() -> None:
    legend = default_legend()
    assert legend.source == "default"
    assert not any(e.label.casefold() == "blue" for e in legend.entries)


@pytest.mark.parametrize(
    ("token", "rag", "delivery"),
    [
        ("G", Rag.GREEN, DS.IN_PROGRESS),
        ("green", Rag.GREEN, DS.IN_PROGRESS),
        ("On track", Rag.GREEN, DS.IN_PROGRESS),
        ("A", Rag.AMBER, DS.IN_PROGRESS),
        ("Yellow", Rag.AMBER, DS.IN_PROGRESS),
        ("Some slippage", Rag.AMBER, DS.IN_PROGRESS),
        ("R.", Rag.RED, DS.IN_PROGRESS),
        ("Behind schedule", Rag.RED, DS.IN_PROGRESS),
        ("A/R", Rag.AMBER_RED, DS.IN_PROGRESS),
        ("Amber/Red", Rag.AMBER_RED, DS.IN_PROGRESS),
        ("AG", Rag.AMBER_GREEN, DS.IN_PROGRESS),
        ("C", Rag.NONE, DS.COMPLETE),
        ("Completed", Rag.NONE, DS.COMPLETE),
        ("Achieved", Rag.NONE, DS.COMPLETE),
        ("BUSINESS AS USUAL ACTIVITY", Rag.NONE, DS.BUSINESS_AS_USUAL),
        ("BUSINESS AS USUAL", Rag.NONE, DS.BUSINESS_AS_USUAL),
        ("BAU", Rag.NONE, DS.BUSINESS_AS_USUAL),
    ],
)
def test_default_tokens(token: str, rag: Rag, delivery: DS) -> None:
    reading = read_status(token, None, default_legend())
    assert (reading.rag, reading.delivery_state, reading.status_source) == (rag, delivery, StatusSource.TEXT)
    assert reading.status_raw == token and reading.issue_codes == []


@pytest.mark.parametrize("sep", [" - ", " – ", ": ", " "])
@pytest.mark.parametrize(
    ("colour", "words", "rag", "delivery"),
    [
        ("Amber", "on track", Rag.GREEN, DS.IN_PROGRESS),
        ("Green", "completed", Rag.NONE, DS.COMPLETE),
        ("Red", "behind schedule", Rag.RED, DS.IN_PROGRESS),
        ("Blue", "complete and verified", Rag.NONE, DS.COMPLETE_VERIFIED),
    ],
)
def test_a_colour_with_its_meaning_reads_the_same_with_or_without_the_dash(
    sep: str, colour: str, words: str, rag: Rag, delivery: DS
) -> None:
    # a scan loses the thin dash of 'Amber - on track'; the words still say what the status is
    reading = read_status(f"{colour}{sep}{words}", None, default_legend(), ocr=sep == " ")
    assert (reading.rag, reading.delivery_state) == (rag, delivery)


def test_a_colour_before_words_that_are_no_status_is_not_split() -> None:
    from pipeline.vocab.status import leading_status

    assert leading_status("Amber Smith") is None
    assert leading_status("Green Lane depot") is None


def test_scanned_fill_matches_legend_swatch() -> None:
    legend = legend_from_rows([("Amber", "#ffc000", None), ("Red", "#ff0000", None)], page=1)
    reading = read_status(None, "#f5b82e", legend)
    assert reading.rag is Rag.AMBER and reading.status_raw == "#f5b82e"
    assert reading.status_source is StatusSource.CELL_COLOUR


def test_text_and_colour_disagree_keeps_text() -> None:
    reading = read_status("G", "#ff0000", default_legend())
    assert reading.rag is Rag.GREEN and reading.issue_codes == ["PT206"]
    agreeing = read_status("G", "#00b050", default_legend())
    assert agreeing.issue_codes == [] and agreeing.confidence > reading.confidence


@pytest.mark.parametrize("glyph", ["<", "S", "©", "@", "e", "6"])
def test_garbled_glyph_with_fill_uses_colour(glyph: str) -> None:
    reading = read_status(glyph, "#e8423a", default_legend())
    assert reading.rag is Rag.RED and reading.status_source is StatusSource.CELL_COLOUR
    assert reading.issue_codes == ["PT207"]


def test_garbled_glyph_without_fill_is_unread() -> None:
    reading = read_status("<", None, default_legend())
    assert reading.rag is Rag.NONE and reading.delivery_state is DS.UNKNOWN
    assert reading.issue_codes == ["PT207"] and reading.confidence < 0.5


@pytest.mark.parametrize(("glyph", "expected"), sorted(GLYPH_CONFUSIONS.items()))
def test_ocr_glyph_confusions(glyph: str, expected: str) -> None:
    # The seed's RAG column reads '<' and 'S' where the page shows G (DOMAIN.md).
    reading = read_status(glyph, None, legend_from_rows(DARLINGTON_ROWS, page=3), ocr=True)
    want = read_status(expected, None, legend_from_rows(DARLINGTON_ROWS, page=3))
    assert (reading.rag, reading.delivery_state) == (want.rag, want.delivery_state)
    assert reading.issue_codes == ["PT207"] and reading.confidence == 0.6
    assert reading.status_raw == glyph


def test_missing_status() -> None:
    reading = read_status(None, None, default_legend())
    assert reading.status_source is StatusSource.MISSING and reading.issue_codes == ["PT208"]
    white = read_status("  ", "#ffffff", default_legend())
    assert white.status_source is StatusSource.MISSING


@given(
    st.one_of(st.none(), st.text(max_size=30)),
    st.one_of(st.none(), st.from_regex(r"\A#[0-9a-f]{6}\Z")),
    st.booleans(),
)
def test_read_status_never_raises(token: str | None, fill: str | None, ocr: bool) -> None:
    reading = read_status(token, fill, default_legend(), ocr=ocr)
    assert 0.0 <= reading.confidence <= 1.0
    assert all(code in CODES for code in reading.issue_codes)
    assert (reading.rag is Rag.NONE) or reading.delivery_state is DS.IN_PROGRESS


@given(st.text(max_size=8))
@example("0%")  # a percentage followed by a full stop ('0%.') once lost its meaning
def test_case_and_punctuation_do_not_change_a_reading(token: str) -> None:
    legend = default_legend()
    a, b = read_status(token, None, legend), read_status(f" {token.upper()}. ", None, legend)
    if token.upper().casefold() == token.casefold():
        assert (a.rag, a.delivery_state) == (b.rag, b.delivery_state)


def test_status_from_narrative() -> None:
    reading = status_from_narrative("Attendance continues.\nThe RAG rating is GREEN.")
    assert reading is not None and reading.rag is Rag.GREEN
    assert reading.status_source is StatusSource.NARRATIVE and reading.status_raw == "GREEN"
    amber_red = status_from_narrative("Overall status: Amber/Red")
    assert amber_red is not None and amber_red.rag is Rag.AMBER_RED
    assert status_from_narrative("The tracker is green-lit for roll out.") is None


def test_written_key_in_prose_is_a_key() -> None:
    """A line pairing status labels with meanings is a key wherever it sits (here: the last page)."""
    from pipeline.extract.textlayer import _written_key
    from pipeline.models.layout import TextLine

    line = "Key: Blue = Complete; Green = On track; Amber = Some slippage; Grey = Business as usual"
    rows, page = _written_key([TextLine(text=line, x0=0, x1=1, top=0, bottom=1, page=9)])
    legend = legend_from_rows(rows, page)
    meanings = {e.label: (e.rag.value, e.delivery_state and e.delivery_state.value) for e in legend.entries}
    assert meanings == {
        "Blue": ("none", "complete"),
        "Green": ("green", None),
        "Amber": ("amber", None),
        "Grey": ("none", "business_as_usual"),
    }
    assert page == 9


def test_a_sentence_with_one_colour_is_not_a_key() -> None:
    from pipeline.extract.textlayer import _written_key
    from pipeline.models.layout import TextLine

    line = "Green: the board agreed the plan; progress is reviewed monthly"
    assert _written_key([TextLine(text=line, x0=0, x1=1, top=0, bottom=1, page=1)]) == ([], None)


@pytest.mark.parametrize(
    ("label", "description", "rag", "state"),
    [
        ("Amber", "behind schedule but recovery steps are in place", "amber", None),  # describes: label kept
        ("Amber", "On track", "green", None),  # says outright: wording wins
        ("Green", "Complete", "none", "complete"),
        ("Blue", "Suspended", "none", "suspended"),
        ("Grey", "Not started", "none", "not_started"),
    ],
)
def test_key_label_first_unless_wording_is_explicit(
    label: str, description: str, rag: str, state: str | None
) -> None:
    entry = legend_from_rows([(label, None, description)], 1).entries[0]
    assert (entry.rag.value, entry.delivery_state.value if entry.delivery_state else None) == (rag, state)


@pytest.mark.parametrize(
    ("token", "rag", "state"),
    [
        ("Amber - on track", "green", "in_progress"),
        ("Green - completed", "none", "complete"),
        ("60%", "none", "in_progress"),
        ("100%", "none", "complete"),
        ("On hold", "none", "suspended"),
        ("REPROGRAMMED", "none", "deferred"),
        ("Not started", "none", "not_started"),
        ("Behind schedule", "red", "in_progress"),
    ],
)
def test_status_words_beyond_colours(token: str, rag: str, state: str) -> None:
    reading = read_status(token, None, default_legend())
    assert (reading.rag.value, reading.delivery_state.value) == (rag, state)


@pytest.mark.parametrize(
    ("cells", "fill", "expected"),
    [
        # swatch holding the cells' letter, then the key's word and its wording
        (["B", "Blue", "Complete"], "#0070c0", ("Blue", "#0070c0", "Complete", "B")),
        (["BAU", "Grey", "Business as usual"], "#a6a6a6", ("Grey", "#a6a6a6", "Business as usual", "BAU")),
        # an empty swatch (fill only) or a shape glyph before the label: no token
        (["", "Amber", "Some slippage"], "#ffc000", ("Amber", "#ffc000", "Some slippage", None)),
        (["\u25a0", "Red", "Off track"], "#e03c31", ("Red", "#e03c31", "Off track", None)),
        # label first: the row is read as printed
        (["Green", "On track"], "#00b050", ("Green", "#00b050", "On track")),
        (["G", "On track"], None, ("G", None, "On track")),
        (["Completed", "The action is completed", "Verified by the board"], None,
         ("Completed", None, "The action is completed Verified by the board")),
    ],
)  # fmt: skip
def test_key_row_label_is_the_word_not_the_swatch_letter(
    cells: list[str], fill: str | None, expected: tuple[str | None, ...]
) -> None:
    from pipeline.extract.rag import key_row_from_cells

    assert key_row_from_cells(cells, fill) == expected


def test_swatch_first_key_keeps_its_letters_as_tokens() -> None:
    """A key printed 'B | Blue | Complete': label 'Blue', token 'B'; a cell 'B' reads as complete."""
    from pipeline.extract.rag import key_row_from_cells

    printed = [
        (["B", "Blue", "Complete"], "#0070c0"),
        (["G", "Green", "On track"], "#00b050"),
        (["P", "Grey", "Programmed, not yet started"], "#a6a6a6"),
        (["A", "Amber", "Some slippage, recovery steps in place"], "#ffc000"),
    ]
    rows = [r for cells, fill in printed if (r := key_row_from_cells(cells, fill)) is not None]
    legend = legend_from_rows(rows, 1)
    assert [(e.label, e.token) for e in legend.entries] == [
        ("Blue", "B"),
        ("Green", "G"),
        ("Grey", "P"),
        ("Amber", "A"),
    ]
    assert read_status("B", None, legend).delivery_state is DS.COMPLETE
    assert read_status("P", None, legend).delivery_state is DS.NOT_STARTED
    assert read_status("A", None, legend).rag is Rag.AMBER


def test_yellow_beside_amber_is_the_step_between_amber_and_green() -> None:
    """A five-step key (Red, Amber, Yellow, Green, Blue): yellow is amber/green; alone it is amber."""
    five = legend_from_rows(
        [
            ("Red", "#ff0000", "Off track"),
            ("Amber", "#ffc000", "At risk"),
            ("Yellow", "#ffff00", "Minor slippage"),
            ("Green", "#00b050", "On track"),
            ("Blue", "#0070c0", "Complete"),
        ],
        1,
    )
    assert {e.label: e.rag for e in five.entries}["Yellow"] is Rag.AMBER_GREEN
    assert read_status("Y", "#ffff00", five).rag is Rag.AMBER_GREEN
    assert read_status(None, "#ffff00", five).rag is Rag.AMBER_GREEN
    three = legend_from_rows([("Red", None, "Off track"), ("Yellow", None, None), ("Green", None, None)], 1)
    assert {e.label: e.rag for e in three.entries}["Yellow"] is Rag.AMBER


def test_a_coloured_shape_or_colour_letter_reads_through_the_swatch_key() -> None:
    """'■' drawn in blue, or 'B' in a blue cell, under a key of swatches labelled 'Complete'."""
    key = legend_from_rows([("Complete", "#0070c0", None), ("On track", "#00b050", None)], 1)
    shape = read_status("\u25a0", "#0070c0", key)
    assert (shape.delivery_state, shape.status_source, shape.issue_codes) == (
        DS.COMPLETE,
        StatusSource.TEXT,
        [],
    )
    letter = read_status("B", "#0070c0", key)
    assert (letter.delivery_state, letter.status_source, letter.issue_codes) == (
        DS.COMPLETE,
        StatusSource.TEXT,
        [],
    )
    green = read_status("\u25cf", "#00b050", key)
    assert (green.rag, green.delivery_state) == (Rag.GREEN, DS.IN_PROGRESS)
    # a shape with no colour the key defines says nothing
    assert read_status("\u25a0", None, key).issue_codes == ["PT207"]


def test_a_written_key_that_wraps_onto_the_next_line_keeps_its_last_entry() -> None:
    from pipeline.extract.textlayer import _written_key
    from pipeline.models.layout import TextLine

    lines = [
        TextLine(
            text="Key: Red = Off track; Amber = At risk; Green = On track; Blue =",
            x0=0,
            x1=1,
            top=0,
            bottom=9,
            page=3,
        ),
        TextLine(text="Complete.", x0=0, x1=1, top=11, bottom=20, page=3),
    ]
    rows, _ = _written_key(lines)
    assert rows[-1] == ("Blue", None, "Complete")


@pytest.mark.parametrize(
    ("wording", "colour", "rag", "state"),
    [
        # a swatch labelled by its wording: the swatch's colour unless the wording says otherwise
        ("Behind schedule but recovery steps are in place", "#ffc000", "amber", None),
        ("More than one month behind", "#e03c31", "red", None),
        ("Up to one month behind", "#ffc000", "amber", None),
        ("On track", "#ffc000", "green", None),
        ("Complete", "#00b050", "none", "complete"),
        ("Programmed, not yet started", "#a6a6a6", "none", "not_started"),
    ],
)
def test_swatch_wording_reads_against_its_colour(
    wording: str, colour: str, rag: str, state: str | None
) -> None:
    entry = legend_from_rows([(wording, colour, None)], 1).entries[0]
    assert (entry.rag.value, entry.delivery_state.value if entry.delivery_state else None) == (rag, state)
    assert entry.token is None or len(wording.split()) == 1  # wording is printed whole, not as an initial


def test_minor_slippage_is_amber_green_but_does_not_regrade_an_amber_key_row() -> None:
    assert read_status("Minor slippage", None, default_legend()).rag is Rag.AMBER_GREEN
    entry = legend_from_rows([("Amber", "#ffc000", "Minor slippage")], 1).entries[0]
    assert entry.rag is Rag.AMBER


def test_colour_words_and_letters_read_through_a_key_of_worded_swatches() -> None:
    """An NHS-style key drawn as swatches labelled 'Off track', 'On track', 'Complete': a cell
    printing 'Amber', or 'A' on amber, means on track; 'Green' means complete."""
    key = legend_from_rows(
        [("Off track", "#e03c31", None), ("On track", "#ffc000", None), ("Complete", "#00b050", None)], 1
    )
    assert read_status("Amber", None, key).rag is Rag.GREEN
    assert read_status("Green", None, key).delivery_state is DS.COMPLETE
    assert read_status("A", "#ffc000", key).rag is Rag.GREEN
    assert read_status("Red", None, key).rag is Rag.RED
    # without a swatch of its colour a colour word keeps its default meaning
    assert read_status("Blue", None, key).issue_codes == ["PT215"]


def test_a_status_word_run_into_the_next_cell_is_still_read() -> None:
    """'CompletedDavid': a word too wide for its status column overlaps the lead beside it."""
    reading = read_status("CompletedDavid", None, default_legend())
    assert reading.delivery_state is DS.COMPLETE and reading.confidence < 0.9
    assert read_status("GREENSarah", None, default_legend()).rag is Rag.GREEN
    assert read_status("McDonald", None, default_legend()).delivery_state is DS.UNKNOWN


def test_a_key_listing_grey_before_green_gives_green_the_letter_g() -> None:
    # status cells print the RAG colours' initials; Grey, sharing Green's, is matched by its label only
    from pipeline.extract.rag import legend_from_rows

    legend = legend_from_rows(
        [
            ("Grey", None, "Programmed, not yet started"),
            ("Green", None, "On target"),
            ("Amber", None, "Up to one month behind"),
        ],
        page=1,
    )
    assert {e.label: e.token for e in legend.entries} == {"Grey": None, "Green": "G", "Amber": "A"}
