"""A shaded header band ends where its shading ends (layout/unruled._header_band)."""

from __future__ import annotations

from pipeline.layout.unruled import _header_band
from pipeline.models import FilledRect, Word
from pipeline.models.words import group_lines


def _line(texts: list[tuple[str, float]], top: float, size: float) -> list[Word]:
    return [Word(text=t, x0=x, top=top, x1=x + 5.5 * len(t), bottom=top + size, size=size) for t, x in texts]


def test_a_heading_close_over_a_shaded_header_is_no_part_of_it() -> None:
    # a scan's boxes run a little taller than the text layer's, so the heading sits closer to the
    # header than a paragraph gap: the header's shading, not the gap, says where the header begins
    heading = _line([("Performance", 36), ("indicators", 100)], 101.0, 11.3)
    header = _line([("PI", 40), ("tag", 52), ("Measure", 110), ("Owner", 343), ("Target", 400)], 118.6, 11.0)
    lines = group_lines([*heading, *header])
    shade = [FilledRect(x0=35, top=113, x1=807, bottom=134, fill="#d9e2f2")]
    assert _header_band(lines, 0) != []  # by the gap alone the heading reads as the header's first line
    assert _header_band(lines, 0, shade) == []


def test_a_wrapped_header_inside_its_shading_is_one_band() -> None:
    first = _line([("Perce", 200), ("Ref", 40), ("Status", 300)], 100, 9)
    second = _line([("ntage", 200)], 110, 9)
    lines = group_lines([*first, *second])
    shade = [FilledRect(x0=35, top=97, x1=400, bottom=122, fill="#d9e2f2")]
    assert [c[2] for c in _header_band(lines, 0, shade)] == ["Ref", "Perce ntage", "Status"]
