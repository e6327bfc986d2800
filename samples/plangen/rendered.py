"""What a drawn sample is: its bytes plus the layout facts the expected output is built from."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from plangen.draw import PAGE_H, PAGE_W, Flow, Placement
from plangen.spec import EditionSpec

NUMBER_WORDS = [
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@dataclass
class Total:
    """A count the sample states about itself, as printed."""

    entity: str
    category: str
    value: int
    raw: str
    page: int


@dataclass
class Rendered:
    """A drawn edition: PDF bytes, page count, where each record landed, what totals were printed."""

    pdf: bytes
    page_count: int
    placements: dict[str, Placement]
    totals: list[Total] = field(default_factory=list)
    legend_page: int | None = None
    breaks: list[tuple[str, bool]] = field(default_factory=list)


def render_twice(draw: Callable[[Canvas, int], tuple[Flow, list[Total], int | None]]) -> Rendered:
    """Draw once to count pages, then again with 'Page N of M' filled in; both passes must agree."""
    page_count = 0
    for _ in range(2):
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
        flow, totals, legend_page = draw(canvas, page_count)
        canvas.showPage()
        canvas.save()
        if page_count and flow.page != page_count:
            raise RuntimeError(f"page count changed between passes: {page_count} -> {flow.page}")
        page_count = flow.page
    return Rendered(buf.getvalue(), page_count, flow.placements, totals, legend_page, flow.breaks)


def rec_counts(spec: EditionSpec) -> dict[str, int]:
    """Recommendations by status token ('BAU', 'G', 'A', 'R')."""
    out: dict[str, int] = {}
    for rec in spec.recommendations:
        out[rec.status] = out.get(rec.status, 0) + 1
    return out


def action_counts(spec: EditionSpec) -> dict[str, int]:
    """Actions by status token ('C'/'B', 'G', 'A', 'R')."""
    out: dict[str, int] = {}
    for rec in spec.recommendations:
        for action in rec.actions:
            out[action.status] = out.get(action.status, 0) + 1
    return out


def stated(spec: EditionSpec, entity: str, category: str, true_value: int) -> int:
    """The number the document prints: the true count unless the spec plants a wrong one."""
    return spec.wrong_totals.get((entity, category), true_value)


def word(n: int) -> str:
    """A small count as an English word, the way the highlight report writes recommendation counts."""
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
