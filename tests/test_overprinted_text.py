"""Text drawn over other text in the text layer (a long word run into the next cell) is read as the
two texts it is, whether the second starts inside the first or their glyphs interleave."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.ingest import load_document


def _pdf(path: Path, draws: list[tuple[float, float, str]]) -> Path:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 9)
    for x, y, text in draws:
        c.drawString(x, y, text)
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def test_a_word_run_over_the_next_cell_is_two_words(tmp_path: Path) -> None:
    # 'Measurement' (about 52 pt wide at 9 pt) from x=40, 'Definition' from x=80: the second
    # text starts inside the first and their glyphs interleave where they overlap
    pdf = _pdf(
        tmp_path / "over.pdf", [(40, 800, "Measurement"), (80, 800, "Definition"), (40, 780, "Plain words")]
    )
    words = [w.text for w in load_document(pdf).pages[0].words]
    assert "Measurement" in words and "Definition" in words
    assert "Plain" in words and "words" in words


def test_a_heavier_weight_printed_twice_is_one_word(tmp_path: Path) -> None:
    # the same glyphs drawn twice a fraction of a point apart (a faux bold) are no collision
    pdf = _pdf(tmp_path / "bold.pdf", [(40, 800, "Recommendation"), (40.3, 800, "Recommendation")])
    words = [w.text for w in load_document(pdf).pages[0].words]
    assert words == ["Recommendation"]
