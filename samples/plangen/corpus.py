"""One seed of the house-style corpus: style, content, drawn PDFs, expected editions and change list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.models import Edition, PageSource
from plangen import content, style_expected
from plangen.render_style import render
from plangen.scan import corpus_damage, scan
from plangen.styles import Style, style


@dataclass
class Document:
    """One drawn edition and what a careful reader records from it."""

    name: str
    pdf: bytes
    expected: Edition


@dataclass
class BuiltPlan:
    """Both editions of a seed and the changes between them."""

    style: Style
    documents: list[Document]
    changes: list[dict[str, Any]]


def build_document(seed: int, edition_index: int, scan_dpi: int | None = None) -> tuple[Style, Document]:
    """One edition of seed `seed`; with `scan_dpi`, its image-only scan (expected pages 'ocr')."""
    s = style(seed)
    plan = content.plan(seed, s)
    edition = plan.editions[edition_index]
    drawn = render(s, plan, edition)
    name = f"style-{seed}-e{edition_index + 1}"
    if scan_dpi is None:
        pdf, source = drawn.pdf, PageSource.TEXT_LAYER
    else:
        settings = corpus_damage(seed, scan_dpi, drawn.page_count)
        pdf, source, name = scan(drawn.pdf, settings, title=name), PageSource.OCR, f"{name}-scan"
    edition_out = style_expected.expected(s, plan, edition, drawn, f"{name}.pdf", source, pdf)
    return s, Document(f"{name}.pdf", pdf, edition_out)


def build_plan(seed: int) -> BuiltPlan:
    """Both editions of a seed as text-layer PDFs, their expected editions and the change list."""
    s = style(seed)
    plan = content.plan(seed, s)
    docs = []
    for index, edition in enumerate(plan.editions):
        drawn = render(s, plan, edition)
        name = f"style-{seed}-e{index + 1}.pdf"
        docs.append(
            Document(
                name,
                drawn.pdf,
                style_expected.expected(s, plan, edition, drawn, name, PageSource.TEXT_LAYER, drawn.pdf),
            )
        )
    diff = style_expected.change_list(plan.editions[0], docs[0].expected, plan.editions[1], docs[1].expected)
    return BuiltPlan(s, docs, diff)
