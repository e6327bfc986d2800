"""A third house style, built in the test: an NHS-style legend where Amber means on track and Green
means complete, status words instead of letters, three-level refs and 'By dd/mm/yyyy' dates."""

from __future__ import annotations

from test_layout import table_page, words_at

from pipeline.extract.textlayer import from_layout
from pipeline.layout import analyse
from pipeline.models import DeliveryState, Document, FilledRect, Page, PageSource, Rag, RuleLine


def legend_page() -> Page:
    words = words_at("Key to progress ratings", 40, 60)
    lines, rects = [], []
    top = 100.0
    for label, meaning, colour in [
        ("Green", "Complete", "#00b050"),
        ("Amber", "On track", "#ffc000"),
        ("Red", "Off track: action needed", "#ff0000"),
    ]:
        words += words_at(label, 43, top + 5) + words_at(meaning, 143, top + 5)
        rects.append(FilledRect(x0=40, top=top, x1=140, bottom=top + 20, fill=colour))
        lines.append(RuleLine(x0=40, top=top, x1=500, bottom=top))
        top += 20
    lines.append(RuleLine(x0=40, top=top, x1=500, bottom=top))
    lines += [RuleLine(x0=x, top=100, x1=x, bottom=top) for x in (40, 140, 500)]
    return Page(
        number=1, width=842, height=595, source=PageSource.TEXT_LAYER, words=words, lines=lines, rects=rects
    )


def test_the_documents_own_legend_decides_what_amber_and_green_mean() -> None:
    tracker = table_page(
        [
            ["1.1.1 Recruit two ward managers.", "Dr Ann Lee", "By 31/12/2016", "Green"],
            ["1.1.2 Audit handover on every ward.", "Dr Ann Lee", "Q4 2016/17", "Amber"],
            ["1.1.3 Publish the safer staffing review.", "Tom Evans", "Ongoing", "Red"],
        ],
        number=2,
    )
    tracker.words += words_at("Recommendation 1: Improve safer staffing on all wards.", 40, 60)
    document = Document(name="trust.pdf", sha256="0" * 64, kind="pdf", pages=[legend_page(), tracker])
    edition = from_layout(document, analyse(document))
    assert edition.legend.source == "document"
    states = {a.ref: (a.delivery_state, a.rag) for a in edition.actions}
    assert states == {
        "1.1.1": (DeliveryState.COMPLETE, Rag.NONE),
        "1.1.2": (DeliveryState.IN_PROGRESS, Rag.GREEN),  # Amber = "On track" in this trust's key
        "1.1.3": (DeliveryState.IN_PROGRESS, Rag.RED),
    }
    due = {
        a.ref: (a.due.precision.value, a.due.end.isoformat() if a.due and a.due.end else None)
        for a in edition.actions
        if a.due
    }
    assert due == {
        "1.1.1": ("day", "2016-12-31"),
        "1.1.2": ("financial_quarter", "2017-03-31"),
        "1.1.3": ("open", None),
    }
    assert [a.leads for a in edition.actions] == [["Dr Ann Lee"], ["Dr Ann Lee"], ["Tom Evans"]]
