"""Status keys, status marks and stated totals in the house styles that print them differently.

Each case renders one plain house style varied in one dimension (scripts/ablate_styles.py's base) and
checks the fields that dimension is about: the legend, the stated totals and the action statuses.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "samples"), str(ROOT)]
_spec = importlib.util.spec_from_file_location("ablate_styles", ROOT / "scripts" / "ablate_styles.py")
assert _spec is not None and _spec.loader is not None
ablate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ablate)

from plangen.score import compare  # noqa: E402

from pipeline import extract_plan  # noqa: E402

FIELDS = ("legend", "totals", "action.rag", "action.delivery_state", "action.status_source")


@pytest.mark.parametrize(
    ("dim", "value"),
    [
        (None, None),  # a key table 'B | Blue | Complete': the label is Blue, B its token
        ("status_form", "shape"),  # coloured squares in the key and the status column
        ("status_form", "fill_only"),  # empty coloured swatches
        ("key_scheme", "nhs"),  # Amber = On track, Green = Complete: totals follow the key
        ("key_scheme", "four"),  # Red, Amber, Yellow, Green, Blue: yellow is amber/green
        ("key_scheme", "grey_bau"),
        ("key_form", "swatches"),  # a line of swatches labelled by their wording
        ("totals", "x_of_y"),  # '2 of 12 (17%) actions are rated Blue' as bullets
        ("totals", "bullets_pct"),  # 'Blue = 2 (17%)' bullets under 'There are 12 actions in total:'
        ("totals", "table"),  # 'Blue | Green | Amber | Red | Total' over its counts
        ("totals", "two_level"),
    ],
)
def test_key_and_totals_styles_read_fully(dim: str | None, value: str | None) -> None:
    pdf, expected = ablate._render(11, dim, value, "key.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "key.pdf"
        path.write_bytes(pdf)
        score = compare(extract_plan(path), expected)
    for name in FIELDS:
        if name in score.fields:
            assert score.fields[name].f1 == 1.0, [
                m for m in score.mismatches if "legend" in m or "total" in m
            ]


def test_a_coloured_mark_inside_a_banded_cell_gives_the_cell_its_colour() -> None:
    """A row's pale banding covers the whole status cell; the red ■ drawn inside it is what it shows."""
    from pipeline.layout.grid import _fill_for
    from pipeline.models import FilledRect

    band = FilledRect(x0=0, top=0, x1=500, bottom=30, fill="#f2f2f2")
    mark = FilledRect(x0=210, top=8, x1=220, bottom=18, fill="#e03c31")
    assert _fill_for([band, mark], 200, 0, 260, 30) == "#e03c31"
    assert _fill_for([band], 200, 0, 260, 30) == "#f2f2f2"


def test_shape_status_marks_are_distinct_glyphs_each_carrying_its_colour() -> None:
    """A shape-form plan prints ● ◆ ▲ ★ (not one fallback square); each mark, including one the PDF's
    standard symbol font gives no width, colours its cell, so every status reads through the key."""
    import pdfplumber

    pdf, expected = ablate._render(11, "status_form", "shape", "shape.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shape.pdf"
        path.write_bytes(pdf)
        with pdfplumber.open(path) as doc:
            codes = {c["text"] for p in doc.pages for c in p.chars if "Dingbats" in c["fontname"]}
        assert {"l", "s", "u", "H"} <= codes  # ZapfDingbats codes of ● ▲ ◆ ★
        from pipeline.ingest import load_document
        from pipeline.options import ExtractOptions

        document = load_document(path, ExtractOptions())
        marks = [w for p in document.pages for w in p.words if w.text in "●▲◆★"]
        assert {w.text for w in marks} == {"●", "▲", "◆", "★"}
        for page in document.pages:
            for w in (w for w in page.words if w.text == "▲"):
                assert any(
                    r.x0 <= w.x0 + 1 and r.x1 - r.x0 > 3 and r.fill for r in page.rects if r.top <= w.top + 1
                )
        score = compare(extract_plan(path), expected)
    assert score.fields["action.rag"].f1 == 1.0, score.mismatches[:10]
