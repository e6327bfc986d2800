"""House style A (the Darlington seed's layout): cover, highlight report, legend, summary, detail blocks."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from plangen.draw import (
    CONTENT_BOTTOM,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    Cell,
    Flow,
    Para,
    Row,
    Table,
    decorate_page,
)
from plangen.rendered import Rendered, Total, action_counts, rec_counts, render_twice, stated, word
from plangen.spec import ActionSpec, EditionSpec, RecommendationSpec

WIDTH = PAGE_W - 2 * MARGIN_X
HEADER_FILL = "#d9d9d9"
RAG_WORD = {"G": "GREEN", "A": "AMBER", "R": "RED"}
# A detail block starts a new page unless this much room is left (the seed starts every block on a new
# page; sharing pages keeps the samples near the 10-14 pages the brief asks for).
MIN_ROOM_FOR_BLOCK = 200.0


def ref_letter(index: int) -> str:
    """Action letters a, b, c... by position: removing an action re-letters the ones after it."""
    return "abcdefghijklmnopqrstuvwxyz"[index]


def render(spec: EditionSpec) -> Rendered:
    """Draw one Northbridge edition."""
    return render_twice(lambda canvas, total: _draw(spec, canvas, total))


def _draw(spec: EditionSpec, canvas: Canvas, total: int) -> tuple[Flow, list[Total], int | None]:
    colour = {e.token: e.colour for e in spec.legend}
    flow = Flow(canvas, decorate_page(spec.plan_title, f"{spec.organisation} - {spec.edition_label}", total))
    totals: list[Total] = []
    _cover(flow, spec)
    _highlight(flow, spec, totals)
    legend_page = _progress_report(flow, spec, totals, colour)
    _summary(flow, spec, colour)
    for rec in spec.recommendations:
        if rec.status != "BAU":
            _detail(flow, rec, colour)
    return flow, totals, legend_page


def _cover(flow: Flow, spec: EditionSpec) -> None:
    flow.new_page()
    flow.top = 170
    for text, size in [
        (spec.organisation.upper(), 22.0),
        ("", 10.0),
        (spec.plan_title, 26.0),
        (f"[{spec.edition_label}]", 18.0),
    ]:
        flow.text_line(text, PAGE_W / 2, flow.top, size, bold=size > 20, align="center")
        flow.top += size * 1.6


def _highlight(flow: Flow, spec: EditionSpec, totals: list[Total]) -> None:
    flow.new_page()
    page = flow.page
    flow.paragraph(
        Para(f"Improvement Plan Highlight Report - progress to {spec.edition_label}", bold=True, size=13),
        MARGIN_X,
        WIDTH,
    )
    recs, acts = rec_counts(spec), action_counts(spec)
    n = len(spec.recommendations)
    s_total = stated(spec, "recommendation", "total", n)
    s_bau = stated(spec, "recommendation", "business_as_usual", recs.get("BAU", 0))
    rated = [
        (cat, stated(spec, "recommendation", cat, recs.get(tok, 0)), tok)
        for cat, tok in (("green", "G"), ("amber", "A"), ("red", "R"))
    ]
    rated = [r for r in rated if r[1]]
    parts = [
        f"{word(v)} are rated {RAG_WORD[tok]}" if i == 0 else f"{word(v)} {RAG_WORD[tok]}"
        for i, (_cat, v, tok) in enumerate(rated)
    ]
    rec_sentence = (
        f"From the original {s_total} Recommendations overall RAG ratings demonstrate that "
        f"{word(s_bau)} are business as usual; of those remaining active recommendations "
        f"{_join(parts)}."
    )
    intro = (
        f"This is the {spec.update_ordinal} update of Version {spec.plan_version} of the Improvement Plan "
        "focusing on embedding improvement actions, for example the quality of social work practice and "
        "evidencing the voice of the child."
    )
    flow.skip(8)
    flow.paragraph(Para(f"{intro} {rec_sentence}", size=10), MARGIN_X, WIDTH)
    totals += [
        Total("recommendation", "total", s_total, rec_sentence, page),
        Total("recommendation", "business_as_usual", s_bau, rec_sentence, page),
    ]
    totals += [Total("recommendation", cat, v, rec_sentence, page) for cat, v, _tok in rated]

    a_total = stated(spec, "action", "total", sum(acts.values()))
    a_parts = [
        (cat, stated(spec, "action", cat, acts.get(tok, 0)), label)
        for cat, tok, label in (
            ("complete", "C", "complete"),
            ("green", "G", "GREEN"),
            ("amber", "A", "AMBER"),
            ("red", "R", "RED"),
        )
    ]
    a_parts = [p for p in a_parts if p[1]]
    act_sentence = (
        f"Within the individual action plans there are {a_total} individual actions; of these "
        f"{_join([f'{v} are {label}' for _c, v, label in a_parts])}."
    )
    flow.skip(8)
    flow.paragraph(Para(act_sentence, size=10), MARGIN_X, WIDTH)
    totals.append(Total("action", "total", a_total, act_sentence, page))
    totals += [Total("action", cat, v, act_sentence, page) for cat, v, _l in a_parts]
    for heading, items in (("Key Successes", spec.successes), ("Key challenges", spec.challenges)):
        flow.skip(14)
        flow.paragraph(Para(heading, bold=True, size=11), MARGIN_X, WIDTH)
        for item in items:
            flow.skip(3)
            flow.paragraph(Para(item, bullet=True, size=10), MARGIN_X + 6, WIDTH - 6)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _progress_report(
    flow: Flow, spec: EditionSpec, totals: list[Total], colour: dict[str | None, str]
) -> int:
    flow.new_page()
    page = flow.page
    flow.paragraph(
        Para(f"{spec.plan_title.rsplit(' ', 1)[0]} - Progress Report", bold=True, size=13), MARGIN_X, WIDTH
    )
    recs = rec_counts(spec)
    n = stated(spec, "recommendation", "total", len(spec.recommendations))
    opening = f"At the time of this update, progress on the {n} recommendations demonstrates that:"
    flow.skip(8)
    flow.paragraph(Para(opening, size=10), MARGIN_X, WIDTH)
    totals.append(Total("recommendation", "total", n, opening, page))
    for category, token, template in (
        (
            "business_as_usual",
            "BAU",
            "{} are completed and are now considered to be Business As Usual Activity",
        ),
        ("red", "R", "{} RAG rated as Red"),
        ("amber", "A", "{} RAG rated as AMBER"),
        ("green", "G", "{} RAG rated as GREEN"),
    ):
        value = stated(spec, "recommendation", category, recs.get(token, 0))
        line = template.format(value)
        flow.skip(4)
        flow.paragraph(Para(line, size=10), MARGIN_X + 20, WIDTH - 20)
        totals.append(Total("recommendation", category, value, line, page))
    flow.skip(14)
    header = Row([Cell([]), Cell([Para("Progress", bold=True)]), Cell([Para("Confidence", bold=True)])])
    rows = [
        Row(
            [
                Cell([Para(e.label, bold=True)], fill=e.colour),
                Cell([Para(e.description)]),
                Cell([Para(e.confidence)]),
            ]
        )
        for e in spec.legend
    ]
    flow.table(Table([110, 330, 330], header, rows), "legend")
    flow.skip(14)
    flow.paragraph(
        Para(
            "The tables below give a summary of progress for each of the recommendations with the RAG "
            "ratings, and "
            "then further detail on the individual performance measures (with performance data used as at "
            f"{spec.data_as_of_text}, in line with the performance report) and actions are shown in the more "
            "detailed tables on the succeeding pages.",
            size=10,
        ),
        MARGIN_X,
        WIDTH,
    )
    return page


def _summary(flow: Flow, spec: EditionSpec, colour: dict[str | None, str]) -> None:
    flow.new_page()
    flow.paragraph(Para("Summary of Progress", bold=True, size=13), MARGIN_X, WIDTH)
    flow.skip(6)
    header = Row(
        [
            Cell([Para("Recommendation", bold=True)], span=2, fill=HEADER_FILL),
            Cell([Para("Progress", bold=True)], fill=HEADER_FILL),
            Cell([Para("RAG", bold=True)], fill=HEADER_FILL, align="center"),
        ]
    )
    rows = [_summary_row(rec, colour) for rec in spec.recommendations]
    flow.table(Table([26, 214, 480, 50], header, rows), "summary")


def _summary_row(rec: RecommendationSpec, colour: dict[str | None, str]) -> Row:
    paras: list[Para] = []
    if rec.lead:
        paras.append(Para(f"Recommendation Lead: {rec.lead}", bold=True))
    if rec.status == "BAU":
        paras += [Para(rec.bau_label, bold=True), Para(rec.bau_note)]
        rag = Cell([])
    else:
        paras += [Para(p, gap_before=5) for p in rec.progress]
        paras.append(Para(f"The RAG rating is {RAG_WORD[rec.status]}.", gap_before=5))
        rag = Cell([Para(rec.status, bold=True, size=11)], fill=colour[rec.status], align="center")
    return Row(
        [Cell([Para(str(rec.number))]), Cell([Para(rec.title)]), Cell(paras), rag], tag=f"rec:{rec.number}"
    )


def _detail(flow: Flow, rec: RecommendationSpec, colour: dict[str | None, str]) -> None:
    if flow.room() < MIN_ROOM_FOR_BLOCK:
        flow.new_page()
    else:
        flow.skip(18)
    lead = rec.heading_lead or rec.lead
    flow.paragraph(
        Para(f"Recommendation {rec.number}: {rec.title} ({lead})", bold=True, size=10), MARGIN_X, WIDTH
    )
    flow.skip(6)
    flow.paragraph(
        Para(
            "Related Performance Indicators (reported on through the accompanying performance report)",
            bold=True,
        ),
        MARGIN_X,
        WIDTH,
    )
    flow.skip(3)
    pi_header = Row(
        [
            Cell([Para(t, bold=True)], fill=HEADER_FILL)
            for t in ("PI Number", "Description", "Lead Officer", "Year End Target", "Progress YTD", "RAG")
        ]
    )
    if rec.indicators:
        pi_rows = [
            Row(
                [
                    Cell([Para(i.code)]),
                    Cell([Para(i.description)]),
                    Cell([Para(i.lead)]),
                    Cell([Para(i.target)]),
                    Cell([Para(i.actual)]),
                    Cell([], fill=i.colour),
                ],
                tag=f"ind:{rec.number}:{i.code}",
            )
            for i in rec.indicators
        ]
    else:
        pi_rows = [
            Row(
                [
                    Cell(
                        [Para("There are no performance indicators associated with this recommendation")],
                        span=6,
                    )
                ]
            )
        ]
    flow.table(Table([64, 390, 116, 70, 80, 50], pi_header, pi_rows), f"pi:{rec.number}")
    flow.skip(10)
    act_header = Row(
        [
            Cell([Para(t, bold=True)], fill=HEADER_FILL)
            for t in ("Action", "Task Lead", "Start Date", "Completion Date", "RAG")
        ]
    )
    flow.table(
        Table(
            [390, 150, 75, 80, 75],
            act_header,
            _action_rows(rec.actions, colour),
            repeat_header=rec.repeat_actions_header,
        ),
        f"actions:{rec.number}",
    )
    if flow.top > CONTENT_BOTTOM:  # pragma: no cover - the flow never overruns, kept as a guard
        raise RuntimeError("overran the page")


def _action_rows(actions: list[ActionSpec], colour: dict[str | None, str]) -> list[Row]:
    rows: list[Row] = []
    objective: str | None = None
    for index, action in enumerate(actions):
        if action.objective and action.objective != objective:
            rows.append(
                Row(
                    [Cell([Para(action.objective, bold=True)]), Cell([]), Cell([]), Cell([]), Cell([])],
                    keep_with_next=True,
                )
            )
        objective = action.objective
        paras = [Para(f"{ref_letter(index)}. {action.text}")]
        paras += [Para(b, bullet=True, gap_before=1) for b in action.bullets]
        rows.append(
            Row(
                [
                    Cell(paras),
                    Cell([Para(action.lead)]),
                    Cell([Para(action.start)]),
                    Cell([Para(action.due)]),
                    Cell(
                        [Para(action.status, bold=True, size=10)], fill=colour[action.status], align="center"
                    ),
                ],
                tag=f"act:{action.uid}",
            )
        )
    return rows


__all__ = ["PAGE_H", "ref_letter", "render"]
