"""Header cells in monospace type: a word space is one character, as wide as a cell gap."""

from __future__ import annotations

from pipeline.layout.grid import header_cells
from pipeline.models import Word

PITCH = 5.0  # Courier at 8.3 pt: every character, the space too, is 0.6 em wide


def _line(top: float, *cells: tuple[int, str]) -> list[Word]:
    """Words of one line set in monospace: (column in characters, text) per run of words."""
    words = []
    for col, text in cells:
        x = 40 + col * PITCH
        for word in text.split(" "):
            words.append(Word(text=word, x0=x, top=top, x1=x + len(word) * PITCH, bottom=top + 8, size=8.3))
            x += (len(word) + 1) * PITCH
    return words


def test_a_two_word_header_line_is_one_cell_when_the_band_is_monospace() -> None:
    # 'February 2024' alone has too few words to show its font; the band's other lines do
    band = [
        *_line(90, (0, "Line"), (7, "Actions"), (49, "Target"), (62, "Status"), (74, "Progress")),
        *_line(100, (7, "Required"), (49, "date"), (74, "February 2024")),
    ]
    texts = [text for _x0, _x1, text in header_cells(band)]
    assert texts == ["Line", "Actions Required", "Target date", "Status", "Progress February 2024"]


def test_proportional_header_cells_still_split_at_wide_gaps() -> None:
    words = [
        Word(text="Ref", x0=40, top=90, x1=55, bottom=98, size=8),
        Word(text="Action", x0=80, top=90, x1=108, bottom=98, size=8),
        Word(text="Lead", x0=300, top=90, x1=318, bottom=98, size=8),
    ]
    assert [t for _a, _b, t in header_cells(words)] == ["Ref", "Action", "Lead"]


def test_monospace_header_cells_a_padding_apart_are_two_cells() -> None:
    # a word space is exactly one character; the cells' padding makes a gap of one and a half
    by_when = _line(90, (45, "By when"))
    revised = [Word(text="Revised", x0=by_when[-1].x1 + 1.6 * PITCH, top=90, x1=0, bottom=98, size=8.3)]
    revised[0] = revised[0].model_copy(update={"x1": revised[0].x0 + 7 * PITCH})
    band = [*_line(90, (0, "Ref"), (6, "Action"), (30, "Lead")), *by_when, *revised]
    texts = [text for _x0, _x1, text in header_cells(band)]
    assert texts == ["Ref", "Action", "Lead", "By when", "Revised"]
