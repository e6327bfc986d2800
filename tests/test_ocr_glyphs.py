"""Marks and refs read from the ink where tesseract's guess is wrong (ingest/ocr glyph_layout,
punctuation_from_ink; ingest/ocr_words dotted refs rebuilt in a column of refs)."""

from __future__ import annotations

import numpy as np

from pipeline.ingest.ocr import (
    _one_glyph_of_bars,
    case_from_ink,
    cases_from_ink,
    glyph_layout,
    punctuation_from_ink,
)
from pipeline.ingest.ocr_words import correct_words
from pipeline.ingest.tesseract import OcrWord
from pipeline.models import Word


def _page() -> np.ndarray:
    return np.full((60, 200), 255, dtype=np.uint8)


def _ink(img: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    img[y0:y1, x0:x1] = 0


def _word(text: str, img: np.ndarray) -> OcrWord:
    ys, xs = np.nonzero(img < 128)
    return OcrWord(
        text=text,
        left=int(xs.min()),
        top=int(ys.min()),
        width=int(xs.max() - xs.min() + 1),
        height=int(ys.max() - ys.min() + 1),
        conf=60.0,
        line=(1, 1, 1),
    )


def test_a_ref_of_strokes_and_stops_is_laid_out_from_its_ink() -> None:
    img = _page()
    for x in (10, 26, 42):  # three bare strokes 16px high (the flagless '1' at 200 dpi)
        _ink(img, x, 10, x + 4, 26)
    for x in (19, 35):  # two stops on the baseline
        _ink(img, x, 23, x + 3, 26)
    assert glyph_layout(img, _word("Fee", img)) == "1.1.1"
    _ink(img, 60, 10, 70, 26)  # a wide glyph of full height: a digit other than 1
    assert glyph_layout(img, _word("1.1.19", img)) == "1.1.19"


def test_a_letter_of_x_height_is_no_ref() -> None:
    img = _page()
    _ink(img, 10, 10, 14, 26)
    _ink(img, 18, 17, 27, 26)  # x-height glyph
    assert glyph_layout(img, _word("la", img)) is None


def _letter_then(img: np.ndarray, marks: list[tuple[int, int, int, int]]) -> OcrWord:
    _ink(img, 20, 18, 28, 28)  # an 'o'
    _ink(img, 36, 10, 40, 28)  # a 'd' whose stem reaches the baseline at row 28
    _ink(img, 30, 18, 40, 28)
    for m in marks:
        _ink(img, *m)
    return _word("good,", img)


def test_a_stop_read_as_a_comma_is_a_stop_by_its_ink() -> None:
    img = _page()
    w = _letter_then(img, [(43, 25, 46, 28), (44, 28, 45, 29)])  # a dot and a pixel of blur under it
    assert punctuation_from_ink(img, w) == "good."
    img = _page()
    w = _letter_then(img, [(43, 25, 46, 28), (44, 28, 46, 31)])  # a tail three pixels down: a comma
    assert punctuation_from_ink(img, w) == "good,"


def test_a_semicolon_read_as_a_colon_by_its_lower_mark() -> None:
    img = _page()
    w = _letter_then(img, [(43, 19, 46, 22), (43, 25, 46, 28), (44, 28, 46, 30)])
    w = OcrWord(**{**w.__dict__, "text": "absence:"})
    assert punctuation_from_ink(img, w) == "absence;"
    img = _page()
    w = _letter_then(img, [(43, 19, 46, 22), (43, 25, 46, 28)])  # two like dots: a colon
    w = OcrWord(**{**w.__dict__, "text": "absence:"})
    assert punctuation_from_ink(img, w) == "absence:"


def _w(text: str, top: float, x0: float = 40) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x0 + 20, bottom=top + 10, size=10, confidence=0.6)


def test_a_dotted_ref_misread_in_its_column_is_rebuilt_from_its_ink() -> None:
    words = [
        _w("Fee", 100),
        _w("1.1.2", 140),
        _w("2.414", 180),
        _w("2.1.2", 220),
        _w("412", 260),
        _w("Fee", 100, x0=300),  # not in the column
    ]
    words.append(_w("3.14", 300))
    inks = {0: "1.1.1", 2: "9.1.1", 4: "9.1.9", 5: "1.1.1", 6: "9.9.1"}
    out = [w.text for w in correct_words(words, inks.get)]
    assert out == ["1.1.1", "1.1.2", "2.1.1", "2.1.2", "4.1.2", "Fee", "3.1.1"]


def test_a_dotted_ref_is_not_rebuilt_against_its_ink_or_into_a_ref_already_there() -> None:
    words = [_w("14", 100), _w("1.2", 140), _w("1.1", 180), _w("Al", 220)]
    inks = {0: "1.1", 3: "99"}
    assert [w.text for w in correct_words(words, inks.get)] == ["14", "1.2", "1.1", "Al"]
    words = [_w("14", 100), _w("1.2", 140)]
    assert [w.text for w in correct_words(words, {0: "1.1"}.get)] == ["1.1", "1.2"]
    assert [w.text for w in correct_words(words, {0: "19"}.get)] == ["14", "1.2"]


def test_pl_and_lower_case_months_are_corrected() -> None:
    words = [_w("Pl", 100), _w("From", 140), _w("jan", 140, x0=80), _w("may", 180), _w("Pl.", 220)]
    assert [w.text for w in correct_words(words)] == ["PI", "From", "Jan", "may", "Pl."]


def test_a_stop_left_out_after_a_word_ending_its_line_is_put_back() -> None:
    from pipeline.ingest.ocr import stops_after

    img = _page()
    _ink(img, 20, 18, 28, 28)  # 'o'
    _ink(img, 30, 14, 34, 28)  # 't' ending the word at column 34
    w = _word("comment", img)
    _ink(img, 40, 25, 43, 28)  # a dot on the baseline, apart from the word
    assert stops_after(img, [w]) == ["comment."]
    after = OcrWord("next", 60, 14, 20, 14, 90.0, (1, 1, 1))
    assert stops_after(img, [w, after]) == ["comment", "next"]  # a word follows on its line: no end
    stop = OcrWord(".", 40, 25, 3, 3, 80.0, (1, 1, 2))
    assert stops_after(img, [w, stop]) == ["comment", "."]  # the stop was read, on its own
    img2 = _page()
    _ink(img2, 20, 18, 28, 28)
    _ink(img2, 30, 14, 34, 28)
    _ink(img2, 40, 18, 43, 28)  # a mark of x-height, no stop
    assert stops_after(img2, [_word("comment", img2)]) == ["comment"]


def test_a_capitals_ref_with_its_one_read_as_t_in_a_column_of_refs() -> None:
    words = [_w("At", 100), _w("A2", 140), _w("At", 100, x0=300), _w("to", 180)]
    assert [w.text for w in correct_words(words)] == ["A1", "A2", "At", "to"]


def test_a_comma_or_section_sign_in_a_dotted_ref_of_a_column_of_refs() -> None:
    words = [_w("1.2", 100), _w("1,3", 140), _w("§.2", 180), _w("1,234", 180, x0=300)]
    assert [w.text for w in correct_words(words)] == ["1.2", "1.3", "5.2", "1,234"]


def test_a_codes_letters_take_the_case_of_the_columns_codes() -> None:
    words = [_w("csc", 100), _w("CSC", 140), _w("CSC", 180), _w("cP15", 220), _w("CP12", 260), _w("CP3", 300)]
    words.append(_w("csc", 100, x0=300))  # no column of codes there
    assert [w.text for w in correct_words(words)] == ["CSC", "CSC", "CSC", "CP15", "CP12", "CP3", "csc"]


def test_a_word_of_letters_alike_in_both_cases_takes_its_case_from_its_ink_height() -> None:
    # the code 'CSC' read 'csc' on a Courier scan: its ink is cap height, the page's capitals' 17px
    def read(text: str, height: int) -> str:
        return case_from_ink(
            OcrWord(text=text, left=0, top=0, width=30, height=height, conf=80.0, line=(1, 1, 1)), 17.0
        )

    assert read("csc", 17) == "CSC"
    assert read("Sos", 16) == "SOS"
    assert read("so", 12) == "so"  # x-height: small letters
    assert read("SO", 12) == "so"
    assert read("so,", 17) == "so,"  # a comma's tail makes the ink taller: as read
    assert read("cos", 14) == "cos"  # between the heights: as read
    assert read("sea", 17) == "sea"  # a letter of another shape: the LSTM saw it


def test_a_headings_small_letters_are_measured_against_its_own_lines_capitals() -> None:
    # a heading in larger type: its 'so' is as tall as the body's capitals (17px) but small against
    # the heading's own (24px); the body line's 'csc' code still reaches its line's cap height
    def word(text: str, height: int, line: int, left: int) -> OcrWord:
        return OcrWord(text=text, left=left, top=line * 40, width=30, height=height, conf=80.0,
                       line=(1, 1, line))  # fmt: skip

    heading = [word("Improve", 24, 1, 0), word("care,", 18, 1, 60), word("so", 17, 1, 120)]
    heading.append(word("that", 24, 1, 160))
    body = [word("csc", 17, 2, 0), word("Number", 17, 2, 60), word("looked", 17, 2, 120)]
    assert cases_from_ink(heading + body) == ["Improve", "care,", "so", "that", "CSC", "Number", "looked"]
    # a code's letters alone on a line of their own: the page's cap height measures them
    alone = word("csc", 17, 3, 0)
    assert cases_from_ink([*heading, *body, alone])[-1] == "CSC"


def test_an_equals_sign_read_once_per_bar_is_one_equals_sign() -> None:
    # 300 dpi key line 'Amber = At risk': sparse segmentation gave each bar of the '=' as a line of its own
    def ocr(text: str, left: int, top: int, width: int, height: int) -> OcrWord:
        return OcrWord(text=text, left=left, top=top, width=width, height=height, conf=90.0, line=(1, 1, top))

    upper, lower = ocr("=", 783, 1092, 17, 4), ocr("=", 783, 1099, 17, 4)
    word, dash = ocr("Amber", 645, 1083, 111, 26), ocr("-", 900, 1095, 17, 4)
    out = _one_glyph_of_bars([word, lower, upper, dash])
    assert [w.text for w in out] == ["Amber", "=", "-"]
    assert (out[1].top, out[1].height) == (1092, 11)
    # two dashes a line apart in a column of 'not set' cells stay two
    far = ocr("-", 900, 1140, 17, 4)
    assert len(_one_glyph_of_bars([dash, far])) == 2


def test_a_stroke_read_twice_is_one_stroke_when_the_ink_has_one_glyph_fewer() -> None:
    from pipeline.ingest.ocr import one_stroke_once

    img = _page()
    for x in (10, 24, 38):  # '2', '9', '1' as glyphs of full height; 'a' of x-height
        _ink(img, x, 10, x + (4 if x == 38 else 9), 26)
    _ink(img, 48, 16, 56, 26)
    assert one_stroke_once(img, _word("291la", img)) == "291a"
    assert one_stroke_once(img, _word("291a", img)) == "291a"
    _ink(img, 62, 10, 66, 26)  # a fifth glyph: 'l' after the 'a'
    assert one_stroke_once(img, _word("291al", img)) == "291al"  # no pair of strokes side by side


def test_a_line_in_a_light_bold_face_is_bold_though_its_words_alone_are_not() -> None:
    from pipeline.ingest.ocr import bold_words

    img = np.full((900, 900), 255, dtype=np.uint8)
    words: list[OcrWord] = []

    def line(k: int, strokes: list[int]) -> None:  # one word of three bars per stroke width
        top = 20 + 60 * k
        for n, s in enumerate(strokes):
            left = 20 + 200 * n
            for b in range(3):
                img[top : top + 40, left + 40 * b : left + 40 * b + s] = 0
            words.append(
                OcrWord(text="mum", left=left, top=top, width=80 + s, height=40, conf=90.0, line=(k, 1, 1))
            )

    for k in range(6):
        line(k, [10, 10, 10, 10])  # regular text
    line(
        6, [11, 12, 12, 12]
    )  # a heading in a bold face 1.08-1.15 times as heavy: under BOLD_RATIO word by word
    line(7, [13, 13, 10, 10])  # 'Lead officer:' in a heavy bold, then a name in regular
    flags = bold_words(img, words, 1.0)
    assert flags[:24] == [False] * 24
    assert flags[24:28] == [True] * 4
    assert flags[28:32] == [True, True, False, False]


def test_an_equals_sign_the_second_pass_left_unread_is_known_by_its_two_bars() -> None:
    from pipeline.ingest.ocr import is_equals_sign

    mask = np.zeros((11, 17), dtype=bool)
    mask[0:4, :] = True
    mask[7:11, :] = True
    assert is_equals_sign(mask)
    assert not is_equals_sign(mask[0:4])  # one bar: a dash
    colon = np.zeros((11, 4), dtype=bool)
    colon[0:4], colon[7:11] = True, True
    assert not is_equals_sign(colon)  # two dots: a colon
    uneven = mask.copy()
    uneven[7:11, 9:] = False
    assert not is_equals_sign(uneven)


_FLAGGED_ONE_ONE = """
....##.................###
...###.................###
..####...............#####
.#####..............######
######..............######
##.###..............##.###
....##.................###
....##.................###
....##.................###
....##.................###
....##.................###
....##.................###
....##.................###
....##.................###
...###.......##........###
....##......###........###
....##.......##.........#.
"""


def test_a_ref_of_ones_that_keep_their_flags_is_laid_out_as_ones() -> None:
    # '1.1' in DejaVu on a 200 dpi scan, read '14': each '1' keeps its flag, 6 px wide and 17 high
    img = _page()
    for y, row in enumerate(_FLAGGED_ONE_ONE.strip().splitlines()):
        for x, c in enumerate(row):
            if c == "#":
                img[10 + y, 10 + x] = 0
    assert glyph_layout(img, _word("14", img)) == "1.1"
