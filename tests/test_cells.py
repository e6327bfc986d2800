"""Cell text: references, bullets (with glyphs, or glyphs lost to OCR), paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.cells import paragraphs, split_ref, text_and_bullets
from pipeline.models.layout import TextLine


def line(text: str, x0: float, top: float, x1: float | None = None) -> TextLine:
    return TextLine(text=text, page=1, x0=x0, top=top, x1=x1 or x0 + 4.5 * len(text), bottom=top + 9)


def test_glyph_bullets_and_their_wrapped_lines() -> None:
    lines = [
        line("a. Embed care planning so that:", 40, 0),
        line("• strengths are identified and", 44, 11),
        line("recorded", 52, 22),
        line("• actions are SMART", 44, 33),
    ]
    ref, rest = split_ref(text_and_bullets(lines)[0])
    assert (ref, rest) == ("a", "Embed care planning so that:")
    assert text_and_bullets(lines)[1] == ["strengths are identified and recorded", "actions are SMART"]


def test_bullets_whose_glyphs_ocr_dropped_are_found_by_indentation() -> None:
    lines = [
        line("c. Enhance practice so that:", 40, 0, 400),
        line("the right information is gathered", 49, 11),
        line("the right people are included", 49, 22),
    ]
    assert text_and_bullets(lines) == (
        "c. Enhance practice so that:",
        ["the right information is gathered", "the right people are included"],
    )


def test_a_first_bullet_whose_glyph_was_lost_before_glyph_bullets() -> None:
    lines = [
        line("Embed effective care planning so that:", 50, 0),
        line("strengths are identified", 50, 11),
        line("° actions are SMART", 41, 22),
        line("e decisions are recorded", 41, 33),
    ]
    text, bullets = text_and_bullets(lines)
    assert text == "Embed effective care planning so that:"
    assert bullets == ["strengths are identified", "actions are SMART", "decisions are recorded"]


def test_paragraphs_break_at_vertical_gaps() -> None:
    lines = [line("First paragraph", 40, 0), line("continues here.", 40, 11), line("Second one.", 40, 35)]
    assert paragraphs(lines) == ["First paragraph continues here.", "Second one."]


@given(st.sampled_from(["a", "b", "1.2", "3.1.4", "iv", "A1"]), st.text(alphabet="abcdefgh ", min_size=1))
def test_split_ref_takes_the_reference_and_keeps_the_text(ref: str, tail: str) -> None:
    text = f"{ref}. Review {tail}".strip()
    got_ref, rest = split_ref(text)
    assert got_ref == ref and rest.startswith("Review")
