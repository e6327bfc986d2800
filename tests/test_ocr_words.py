"""OCR misreads are corrected only where the page supports the correction (pipeline/ingest/ocr_words)."""

from __future__ import annotations

import pytest

from pipeline.ingest.ocr_words import correct_words
from pipeline.models import Word
from pipeline.vocab.words import correct_misread


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("ltem", "Item"),  # a header word: its table was lost
        ("pian.", "plan."),
        ("compiete;", "complete;"),
        ("empioyment", "employment"),
        ("Statf", "Staff"),
        ("tmprove", "Improve"),
        ("socia!", "social"),
        ("Janvary", "January"),
        ("compteted", "completed"),  # two strokes misread
        ("Post-lnspection", "Post-Inspection"),  # each part of a compound on its own
    ],
)
def test_a_misread_that_is_no_word_becomes_the_common_word_it_was(read: str, meant: str) -> None:
    assert correct_misread(read) == meant


@pytest.mark.parametrize(
    "read",
    [
        "Al",  # a word (and maybe a ref): only a column of refs can say
        "Connelly",  # a name read for another name: no stroke change makes a common word
        "AESEA",  # codes
        "CSC",
        "Great!",
        "Fernandes",
        "improvement",
    ],
)
def test_words_names_and_codes_stay_as_read(read: str) -> None:
    assert correct_misread(read) == read


def _w(text: str, x0: float, top: float, confidence: float = 0.9) -> Word:
    return Word(
        text=text,
        x0=x0,
        top=top,
        x1=x0 + 6 * len(text),
        bottom=top + 10,
        size=10,
        confidence=confidence,
    )


def _texts(words: list[Word]) -> list[str]:
    return [w.text for w in correct_words(words)]


def test_a_ref_misread_in_a_column_of_refs_is_corrected() -> None:
    words = [_w("Al", 40, 100), _w("A2", 41, 140), _w("A3", 40, 180), _w("Al", 300, 100)]
    # the one at the column's edge is a ref; 'Al' elsewhere on the page (a name) is not
    assert _texts(words) == ["A1", "A2", "A3", "Al"]


def test_a_numbered_ref_misread_in_its_column_is_corrected() -> None:
    words = [_w("(la)", 40, 100), _w("(1b)", 40, 140), _w("(2a)", 41, 180), _w("(la)", 300, 100)]
    assert _texts(words) == ["(1a)", "(1b)", "(2a)", "(la)"]


def test_a_ref_alone_is_not_guessed() -> None:
    assert _texts([_w("Al", 40, 100), _w("Smith", 80, 100)]) == ["Al", "Smith"]


def test_a_quarter_before_a_year_is_corrected() -> None:
    words = [
        _w("O4", 40, 100),
        _w("2024/25", 57, 100),
        _w("Ql", 40, 140),
        _w("Qi", 40, 180),
        _w("team", 57, 180),
    ]
    # 'Ql' is no word anywhere; 'Qi' is one, so only a year after it makes it a quarter
    assert _texts(words) == ["Q4", "2024/25", "Q1", "Qi", "team"]


def test_words_read_with_full_confidence_stay() -> None:
    assert _texts([_w("ltem", 40, 100, confidence=1.0), _w("~", 80, 100, confidence=1.0)]) == ["ltem", "~"]


def test_a_lone_tilde_is_the_dash_for_not_set() -> None:
    assert _texts([_w("~", 40, 100)]) == ["–"]


def test_a_quarter_over_its_year_in_a_wrapped_cell_is_corrected() -> None:
    words = [_w("a4", 40, 100), _w("2023/24", 40, 111), _w("Qi", 200, 100), _w("Within", 260, 100)]
    assert _texts(words) == ["Q4", "2023/24", "Qi", "Within"]


def test_a_semicolon_misread_mid_sentence_is_put_back() -> None:
    words = [
        _w("under", 40, 100),
        _w("way?", 80, 100),
        _w("two", 110, 100),
        _w("Done?", 40, 140),
        _w("Yes", 80, 140),
    ]
    assert _texts(words) == ["under", "way;", "two", "Done?", "Yes"]
    assert correct_misread("absencei") == "absence;"
    assert correct_misread("Delhi") == "Delhi"


def test_a_stop_split_off_its_word_is_put_back() -> None:
    words = [_w("comment", 40, 100), _w(".", 83, 100), _w("-", 200, 100), _w(".", 300, 100)]
    out = correct_words(words)
    assert [w.text for w in out] == ["comment.", "-", "."]
    assert out[0].x1 == words[1].x1


def test_a_stop_whose_box_takes_in_the_end_of_its_word_is_put_back() -> None:
    # 200 dpi Courier: tesseract's box for the stop it read apart starts inside the word's last glyph
    word = Word(text="comment", x0=394.4, top=408.1, x1=433.5, bottom=415.1, size=7.0, confidence=0.92)
    stop = Word(text=".", x0=430.0, top=408.1, x1=435.6, bottom=415.1, size=7.0, confidence=0.79)
    out = correct_words([word, stop])
    assert [w.text for w in out] == ["comment."]
    assert out[0].x1 == stop.x1
    # a mark inside the word's first half is not its end
    early = stop.model_copy(update={"x0": 400.0, "x1": 404.0})
    assert [w.text for w in correct_words([word, early])] == ["comment", "."]


def test_a_lone_em_dash_half_an_em_wide_is_the_en_dash_of_a_bullet() -> None:
    # a dash bullet, '– agree the scope', read '— agree the scope' on a 200 dpi scan
    en = Word(text="—", x0=70.4, top=337.9, x1=74.9, bottom=346.0, size=8.0, confidence=0.6)
    em = Word(text="—", x0=70.4, top=357.9, x1=77.6, bottom=366.0, size=8.0, confidence=0.6)
    assert [w.text for w in correct_words([en, em])] == ["–", "—"]


def test_a_scanned_status_keeps_its_dash_and_loses_the_specks_beside_it() -> None:
    from pipeline.extract.tables import _without_specks

    assert _without_specks("Red - behind schedule") == "Red - behind schedule"
    assert _without_specks("G —_—") == "G"
    assert _without_specks("- Amber ~") == "Amber"  # a dash at either end is a speck or a rule's rim


def test_a_month_whose_capital_j_lost_its_hook_before_a_year_is_that_month() -> None:
    # 'From Jul 23' read 'From ful 23' on a 300 dpi scan of DejaVu
    words = [_w("From", 40, 100), _w("ful", 70, 100), _w("23", 92, 100)]
    assert _texts(words) == ["From", "Jul", "23"]
    # a word ('fun'), or no year after it, stays as read
    assert _texts([_w("fun", 40, 100), _w("23", 62, 100)]) == ["fun", "23"]
    assert _texts([_w("ful", 40, 100), _w("track", 62, 100)]) == ["ful", "track"]
    # the year wrapped under the cell's first word
    wrapped = [_w("From", 40, 100), _w("ful", 70, 100), _w("23", 40, 112)]
    assert _texts(wrapped) == ["From", "Jul", "23"]


def test_a_codes_last_digit_read_as_a_capital_in_a_column_of_codes() -> None:
    # 'AESE4' read 'AESEA' under 'AESE8' and over 'AESE2'
    column = [_w("AESE8", 40, 100), _w("AESEA", 40, 130), _w("AESE2", 40, 160)]
    assert _texts(column) == ["AESE8", "AESE4", "AESE2"]
    assert _texts(column[:2]) == ["AESE8", "AESE4"]
    # alone, or a word of capitals in another column, it stays as read
    assert _texts([_w("AESEA", 40, 100)]) == ["AESEA"]
    assert _texts([*column[::2], _w("AESEA", 300, 130)])[-1] == "AESEA"


def test_an_exclamation_mark_before_a_word_in_lower_case_is_a_semicolon() -> None:
    words = [
        _w("under", 40, 100),
        _w("way!", 80, 100),
        _w("two", 110, 100),
        _w("Done!", 40, 140),
        _w("Yes", 80, 140),
    ]
    assert _texts(words) == ["under", "way;", "two", "Done!", "Yes"]


def test_dotted_refs_broken_at_a_lost_stop_are_joined_only_where_the_column_repeats_them() -> None:
    # a Courier scan read '1.01.01' as '1.01' '01' on every row: one column repeats '1.01' with a
    # different short number a character after it on each row
    rows = [("1.01", "01"), ("1.01", "02"), ("2.01", "01"), ("2.01", "02")]
    words = [
        w
        for k, (ref, tail) in enumerate(rows)
        for w in (_w(ref, 40, 100 + 30 * k), _w(tail, 65, 100 + 30 * k))
    ]
    words += [_w("Embed", 120, 100)]
    assert _texts(words) == ["1.01.01", "1.01.02", "2.01.01", "2.01.02", "Embed"]
    # a ref read once beside a figure (a scorecard's '1.2 | 45') stays as read
    assert _texts([_w("1.2", 40, 100), _w("45", 60, 100), _w("2.3", 40, 130), _w("12", 60, 130)]) == [
        "1.2",
        "45",
        "2.3",
        "12",
    ]


def test_a_code_in_letters_alike_in_both_cases_and_a_closed_j_month_are_read_as_printed() -> None:
    assert _texts([_w("scc/011b", 40, 100), _w("scc/003", 40, 130)]) == ["SCC/011b", "SCC/003"]
    assert _texts([_w("sea", 40, 100), _w("cos", 80, 100)]) == ["sea", "cos"]
    # 'Start: dul 2025': the J's hook closed into a 'd'; a year follows
    assert _texts([_w("Start:", 40, 100), _w("dul", 80, 100), _w("2025", 102, 100)]) == [
        "Start:",
        "Jul",
        "2025",
    ]
