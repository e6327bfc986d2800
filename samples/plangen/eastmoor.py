"""House style B: a cover with a BRAG key and stated totals, then one wide tracker without vertical rules."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from plangen.draw import MARGIN_X, PAGE_W, Cell, Flow, Para, Row, Table, decorate_page
from plangen.rendered import Rendered, Total, action_counts, render_twice, stated
from plangen.spec import EditionSpec

WIDTH = PAGE_W - 2 * MARGIN_X
HEADER_FILL = "#e7e6e6"
SECTION_FILL = "#f2f2f2"
COLUMNS = ["Ref", "Action", "Owner", "Due date", "Revised date", "Status", "Progress update", "Evidence"]
WIDTHS = [34.0, 196.0, 96.0, 60.0, 60.0, 40.0, 176.0, 108.0]


def render(spec: EditionSpec) -> Rendered:
    """Draw one Eastmoor edition."""
    return render_twice(lambda canvas, total: _draw(spec, canvas, total))


def _draw(spec: EditionSpec, canvas: Canvas, total: int) -> tuple[Flow, list[Total], int | None]:
    flow = Flow(canvas, decorate_page(spec.plan_title, spec.organisation, total))
    totals: list[Total] = []
    legend_page = _cover(flow, spec, totals)
    _tracker(flow, spec)
    return flow, totals, legend_page


def _cover(flow: Flow, spec: EditionSpec, totals: list[Total]) -> int:
    flow.new_page()
    page = flow.page
    flow.skip(30)
    flow.paragraph(Para(spec.organisation, bold=True, size=20), MARGIN_X, WIDTH)
    flow.skip(6)
    flow.paragraph(Para(spec.plan_title, bold=True, size=24), MARGIN_X, WIDTH)
    flow.skip(4)
    flow.paragraph(
        Para(f"Progress update: {spec.edition_label} (Version {spec.plan_version})", size=14), MARGIN_X, WIDTH
    )
    flow.skip(24)
    n_areas = stated(spec, "recommendation", "total", len(spec.recommendations))
    areas = (
        f"This update reports progress against the {n_areas} areas for improvement identified by the joint "
        "Ofsted and CQC inspection of the local area's arrangements for children and young people with "
        "special educational needs and disabilities."
    )
    counts = action_counts(spec)
    values = {
        cat: stated(spec, "action", cat, counts.get(code, 0))
        for cat, code in (("complete", "B"), ("green", "G"), ("amber", "A"), ("red", "R"))
    }
    n_actions = stated(spec, "action", "total", sum(counts.values()))
    actions = (
        f"Of the {n_actions} actions, {values['complete']} are complete, {values['green']} are on track "
        f"(green), {values['amber']} amber and {values['red']} red."
    )
    flow.paragraph(Para(f"{areas} {actions}", size=11), MARGIN_X, WIDTH * 0.8)
    totals.append(Total("recommendation", "total", n_areas, areas, page))
    totals.append(Total("action", "total", n_actions, actions, page))
    totals += [Total("action", cat, v, actions, page) for cat, v in values.items()]
    flow.skip(24)
    flow.paragraph(Para("BRAG key", bold=True, size=12), MARGIN_X, WIDTH)
    flow.skip(4)
    rows = [
        Row(
            [
                Cell([], fill=e.colour),
                Cell([Para(e.label, bold=True, size=10)]),
                Cell([Para(e.description, size=10)]),
            ],
            min_height=20,
        )
        for e in spec.legend
    ]
    flow.table(Table([28, 60, 220], None, rows, vertical_rules=False, horizontal_rules=False, pad=4), "key")
    return page


def _tracker(flow: Flow, spec: EditionSpec) -> None:
    flow.new_page()
    colour = {e.key: e.colour for e in spec.legend}
    header = Row([Cell([Para(c, bold=True, size=9.5)], fill=HEADER_FILL) for c in COLUMNS])
    rows: list[Row] = []
    for area in spec.recommendations:
        rows.append(
            Row(
                [
                    Cell(
                        [
                            Para(
                                f"Area for improvement {area.number}: {area.title} (Lead: {area.lead})",
                                bold=True,
                                size=9,
                            )
                        ],
                        span=len(COLUMNS),
                        fill=SECTION_FILL,
                    )
                ],
                tag=f"rec:{area.number}",
            )
        )
        for a in area.actions:
            rows.append(
                Row(
                    [
                        Cell([Para(a.ref or "", size=9.5)]),
                        Cell([Para(a.text, size=9.5)]),
                        Cell([Para(a.lead, size=9.5)]),
                        Cell([Para(a.due, size=9.5)]),
                        Cell([Para(a.revised, size=9.5)]),
                        Cell([], fill=colour[a.status]),
                        Cell([Para(a.progress or "", size=9.5)]),
                        Cell([Para(a.evidence or "", size=9.5)]),
                    ],
                    tag=f"act:{a.uid}",
                )
            )
    flow.table(Table(WIDTHS, header, rows, vertical_rules=False, pad=5.0), "tracker")
