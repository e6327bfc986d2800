"""Table recovery where rules are missing or headers are unfamiliar: synthetic pages that once failed.

Each test builds the words and rules of a page the way a PDF text layer gives them, so the failure
it guards against is a layout one: tables that rule rows but not columns stacked on one page,
headings read as table rows, a repeated header taken for body rows.
"""

from __future__ import annotations

from test_layout import doc, tables_of, words_at

from pipeline.layout import analyse
from pipeline.models import Page, PageSource, RuleLine, Word

IND_HEADER = ["Code", "Definition", "Owner", "Target", "RAG"]
IND_X = [40.0, 110.0, 330.0, 420.0, 480.0, 540.0]
ACT_HEADER = ["Description", "Owner", "Start date", "Due date", "Commentary"]
ACT_X = [40.0, 210.0, 330.0, 390.0, 450.0, 540.0]  # shares two column edges with IND_X


def _row_words(cells: list[str], xs: list[float], top: float) -> list[Word]:
    out: list[Word] = []
    for text, x in zip(cells, xs, strict=False):
        out += words_at(text, x + 3, top)
    return out


def _stacked_page(*, horizontal_rules: bool) -> Page:
    """An indicator table, an action table, a recommendation heading with prose, and another pair."""
    words: list[Word] = []
    rules: list[float] = []
    top = 60.0
    for rec in (1, 2):
        words += words_at(f"Recommendation {rec}: Improve the timeliness of assessments, so that", 36, top)
        words += words_at("assessment tracking is consistently good.", 36, top + 13)
        words += words_at("Staff briefings are complete; audits continue monthly.", 36, top + 28)
        top += 48
        for header, xs, body in (
            (
                IND_HEADER,
                IND_X,
                [[f"NI {rec}59", "% of children seen in time", "Lucy Fernandes", "53%", "G"]],
            ),
            (
                ACT_HEADER,
                ACT_X,
                [
                    ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Work is under way."],
                    ["b. Train staff.", "Sarah Connolly", "Nov 2023", "Aug 2024", "Delayed by absence."],
                ],
            ),
        ):
            rules.append(top)
            words += _row_words(header, xs, top + 4)
            top += 20
            for cells in body:
                rules.append(top)
                words += _row_words(cells, xs, top + 4)
                top += 20
            rules.append(top)
            top += 8
    lines = [RuleLine(x0=36, top=y, x1=559, bottom=y) for y in rules] if horizontal_rules else []
    return Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def test_stacked_tables_with_horizontal_rules_only_are_read_one_by_one() -> None:
    # the tables' rules all span the same width: one stack of bands holding four tables and the
    # headings and prose between them
    tables = tables_of(doc(_stacked_page(horizontal_rules=True)))
    assert [t.kind for t in tables] == ["indicators", "actions", "indicators", "actions"]
    assert [len(t.rows) for t in tables] == [1, 2, 1, 2]
    assert [c.role for c in tables[1].columns] == ["action", "lead", "start", "due", "progress"]
    assert tables[3].rows[1].cell_for(0).flat == "b. Train staff."  # type: ignore[union-attr]


def test_recommendation_heading_after_an_unruled_table_is_prose() -> None:
    # the heading's second line ('assessment tracking is consistently good.') reaches past the
    # first column's boundary, but it starts at the page margin and runs across the boundary
    layout = analyse(doc(_stacked_page(horizontal_rules=False)))
    tables = [i.table for i in layout.flow if i.table is not None]
    assert [len(t.rows) for t in tables] == [1, 2, 1, 2]
    prose = [i.line.text for i in layout.flow if i.line is not None]
    assert "assessment tracking is consistently good." in prose


def test_a_repeated_header_high_on_the_page_is_a_header_not_a_continuation() -> None:
    # page 1 ends with an indicator table; page 2 starts a new action table whose header sits in
    # the top band (where running headers usually are): it must not be read as the indicator
    # table's continuation rows
    words = _row_words(IND_HEADER, IND_X, 700) + _row_words(
        ["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "G"], IND_X, 720
    )
    words += _row_words(["NI 160", "% of plans on time", "Omar Patel", "60%", "A"], IND_X, 740)
    p1 = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    words = _row_words(ACT_HEADER, ACT_X, 50)
    words += _row_words(
        ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Under way."], ACT_X, 75
    )
    words += _row_words(["b. Train staff.", "Sarah Connolly", "Nov 2023", "Aug 2024", "Delayed."], ACT_X, 95)
    p2 = Page(number=2, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    tables = tables_of(doc(p1, p2))
    assert [(t.kind, t.pages, len(t.rows)) for t in tables] == [("indicators", [1], 2), ("actions", [2], 2)]


def _grid_page(
    tables: list[tuple[list[str], list[list[str]]]], xs: list[float], *, merged_lead: int | None = None
) -> Page:
    """Fully ruled tables one under another; with `merged_lead`, column 1's cells of body rows 0 and 1
    are one merged cell (its text in row 0, no rule between the rows in that column)."""
    words: list[Word] = []
    lines: list[RuleLine] = []
    top = 60.0
    for header, body in tables:
        words += words_at("Recommendation: improve the service.", 36, top)
        top += 25
        ys = [top + 24 * k for k in range(len(body) + 2)]
        words += _row_words(header, xs, ys[0] + 4)
        for k, cells in enumerate(body):
            words += _row_words(cells, xs, ys[k + 1] + 4)
        for k, y in enumerate(ys):
            if merged_lead is not None and k == 2:
                lines.append(RuleLine(x0=xs[0], top=y, x1=xs[merged_lead], bottom=y))
                lines.append(RuleLine(x0=xs[merged_lead + 1], top=y, x1=xs[-1], bottom=y))
            else:
                lines.append(RuleLine(x0=xs[0], top=y, x1=xs[-1], bottom=y))
        lines += [RuleLine(x0=x, top=ys[0], x1=x, bottom=ys[-1]) for x in xs]
        top = ys[-1] + 20
    return Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def test_a_cell_merged_down_over_two_rows_gives_both_rows_its_text() -> None:
    body = [
        ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Under way."],
        ["b. Train staff.", "", "Nov 2023", "Aug 2024", "Delayed."],
        ["c. Audit cases.", "Omar Patel", "Jan 2024", "Mar 2025", "Started."],
    ]
    # two such tables on a page: the pieces of their broken rules line up with each other
    tables = tables_of(doc(_grid_page([(ACT_HEADER, body), (ACT_HEADER, body)], ACT_X, merged_lead=1)))
    assert len(tables) == 2
    for table in tables:
        assert [r.cell_for(1).flat for r in table.rows] == ["Kevin Walsh", "Kevin Walsh", "Omar Patel"]  # type: ignore[union-attr]


def test_an_empty_cell_under_a_printed_rule_stays_empty() -> None:
    body = [
        ["a. Embed a framework.", "Kevin Walsh", "Dec 2023", "Nov 2024", "Under way."],
        ["b. Train staff.", "", "Nov 2023", "Aug 2024", "Delayed."],
    ]
    [table] = tables_of(doc(_grid_page([(ACT_HEADER, body)], ACT_X)))
    assert [r.cell_for(1).flat for r in table.rows] == ["Kevin Walsh", ""]  # type: ignore[union-attr]


def test_a_header_in_words_on_no_list_is_found_and_its_columns_typed_by_content() -> None:
    header = ["Intervention", "Responsible manager", "Begins", "Finish", "Done so far", "Latest position"]
    xs = [40.0, 190.0, 290.0, 340.0, 390.0, 440.0, 555.0]
    body = [
        [
            "1.1 Recruit two team managers.",
            "Kevin Walsh",
            "Dec 2023",
            "Nov 2024",
            "40%",
            "Two posts are filled now.",
        ],
        [
            "1.2 Audit the front door.",
            "Omar Patel",
            "Jan 2024",
            "Mar 2025",
            "100%",
            "The audit has been reported.",
        ],
    ]
    [table] = tables_of(doc(_grid_page([(header, body)], xs)))
    assert table.kind == "actions" and len(table.rows) == 2
    assert [c.role for c in table.columns] == ["action", "lead", "start", "due", "status", "progress"]


def test_tables_under_one_header_pool_their_cells_to_type_columns() -> None:
    # one indicator per table: one cell per column is too little alone, four together are enough
    header = ["Tag", "What we count", "Data owner", "Aim", "Latest", "Rating"]
    rows = [
        ["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "65%", "Green"],
        ["CP 12", "Average days to adoption", "Omar Patel", "501 days", "322 days", "Red"],
        ["NI 49", "% of plans issued on time", "Kevin Walsh", "-", "44%", "Amber"],
        ["NI 74", "Spend on external placements", "Amara Bell", "£1.2m", "£1.7m", "Green"],
    ]
    tables = tables_of(doc(_grid_page([(header, [r]) for r in rows], [*IND_X, 560.0])))
    assert len(tables) == 4
    for table in tables:
        assert table.kind == "indicators"
        assert [c.role for c in table.columns] == [
            "pi_code", "pi_description", "lead", "target", "actual", "status"
        ]  # fmt: skip


def _unruled_page(
    header: list[str], blocks: list[tuple[list[str], list[list[str]]]], xs: list[float]
) -> Page:
    """An unruled table: a header line, then per block section lines spanning the table and rows."""
    words = _row_words(header, xs, 80)
    top = 100.0
    for section, rows in blocks:
        for line in section:
            words += words_at(line, xs[0] + 3, top)
            top += 11
        top += 8
        for cells in rows:
            words += _row_words(cells, xs, top)
            top += 22
    words += words_at("Performance scorecard", 36, top + 14, size=12)
    return Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)


def test_section_rows_that_wrap_or_carry_a_lead_line_stay_inside_an_unruled_table() -> None:
    header = ["Ref", "Action", "Lead", "Due date", "Commentary"]
    xs = [40.0, 80.0, 250.0, 340.0, 400.0, 555.0]
    blocks = [
        (
            [
                "Priority 1: Improve management oversight of frontline work, so that it is good.",
                "Lead officer: Omar Patel",
            ],
            [["1.1", "Embed a framework.", "Kevin Walsh", "Nov 2024", "Under way."]],
        ),
        (
            ["Priority 2: Improve the workforce and caseloads, so that staffing is - RAG rating:", "AMBER"],
            [
                ["2.1", "Train staff.", "Sarah Connolly", "Aug 2024", "Delayed."],
                ["2.2", "Audit cases.", "Omar Patel", "Mar 2025", "Started."],
            ],
        ),
    ]
    layout = analyse(doc(_unruled_page(header, blocks, xs)))
    [table] = [i.table for i in layout.flow if i.table is not None]
    refs = [r.cell_for(0).flat for r in table.rows if not r.spans_all]  # type: ignore[union-attr]
    assert refs == ["1.1", "2.1", "2.2"]
    # the heading in larger type after the table is prose, not a row
    assert [i.line.text for i in layout.flow if i.line is not None] == ["Performance scorecard"]


def test_an_unruled_table_under_a_header_in_words_on_no_list_is_found() -> None:
    header = ["Line", "Intervention", "Accountable person", "Begins", "Finish"]
    xs = [40.0, 80.0, 250.0, 350.0, 410.0, 555.0]
    rows = [
        ["1.1", "Embed a quality framework.", "Kevin Walsh", "Dec 2023", "Nov 2024"],
        ["1.2", "Train staff in the new model.", "Sarah Connolly", "Nov 2023", "Aug 2024"],
    ]
    [table] = tables_of(doc(_unruled_page(header, [([], rows)], xs)))
    assert table.kind == "actions" and not table.ruled
    assert [c.role for c in table.columns] == ["ref", "action", "lead", "start", "due"]


def test_a_header_whose_second_line_reads_as_a_header_too_is_one_header() -> None:
    # 'Ref | Actions | Current | Start | End' over 'Required | Status | date | due date': the
    # second line alone names roles, but it is the first one wrapped
    xs = [40.0, 80.0, 250.0, 310.0, 370.0, 555.0]
    words = _row_words(["Ref", "Actions", "Current", "Start", "End"], xs, 80)
    words += _row_words(["", "Required", "Status", "date", "due date"], xs, 90)
    top = 110.0
    for ref, action, status, start, due in [
        ("1.1", "Train staff on escalation.", "R", "From Jun 24", "Q3 2025"),
        ("1.2", "Audit the front door.", "G", "From Jul 24", "Q4 2025"),
    ]:
        words += _row_words([ref, action, status, start, due], xs, top)
        top += 22
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)
    [table] = tables_of(doc(page))
    assert [c.role for c in table.columns] == ["ref", "action", "status", "start", "due"]
    assert [r.cell_for(0).flat for r in table.rows] == ["1.1", "1.2"]  # type: ignore[union-attr]


def test_a_description_column_beside_dates_is_an_action_table_with_refs() -> None:
    header = ["Line", "Description", "Owner", "Finish", "Notes"]
    xs = [40.0, 80.0, 200.0, 290.0, 455.0, 555.0]
    body = [
        [
            "1.1",
            "Introduce monthly reporting.",
            "Grace Okafor",
            "Start: From Dec 24 End: Q1 2025",
            "Under way.",
        ],
        [
            "1.2",
            "Train staff on a dashboard.",
            "Fiona Campbell",
            "Start: From Jan 25 End: 28.7.25",
            "Delayed.",
        ],
    ]
    [table] = tables_of(doc(_grid_page([(header, body)], xs)))
    assert table.kind == "actions"
    assert [c.role for c in table.columns][:4] == ["ref", "action", "lead", "due"]


def test_a_ref_overflowing_its_narrow_column_in_every_row_does_not_merge_the_columns() -> None:
    # unruled: '1.01.01Audit' runs across the ref column's edge in every row; a cell spanning two
    # columns in every row is overflow, not a merged cell
    xs = [40.0, 66.0, 250.0, 340.0, 555.0]
    words = _row_words(["Ref", "Action", "Lead", "Position this period"], xs, 80)
    top = 100.0
    for ref, action, lead in [
        ("1.01.01", "Audit a protocol.", "Omar Patel"),
        ("1.01.02", "Train staff.", "Amara Bell"),
    ]:
        words += words_at(ref + action.split()[0], xs[0] + 3, top)
        words += words_at(
            " ".join(action.split()[1:]), xs[0] + 3 + 4.5 * len(ref + action.split()[0]) + 2.25, top
        )
        words += _row_words(["", "", lead, "Work has started and the first milestone is met."], xs, top)
        top += 22
    [table] = tables_of(doc(Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words)))
    assert all(len(r.cells) == 4 for r in table.rows)
    # 'Position this period' read as a measured value, but its cells are sentences: commentary
    assert [c.role for c in table.columns] == ["ref", "action", "lead", "progress"]


def test_two_leads_stacked_in_one_cell_are_two_leads_and_a_wrapped_post_is_one() -> None:
    from test_layout import table_page

    from pipeline.extract.textlayer import from_layout

    page = table_page(
        [
            ["1.1 Recruit two managers.", ["Helen Wu", "Lucy Fernandes"], "Mar 2024", "G"],
            ["1.2 Audit the front door.", ["Director of Children's", "Services"], "Jun 2024", "A"],
        ]
    )
    page.words += words_at("Recommendation 1: Improve the front door.", 40, 60)
    document = doc(page)
    edition = from_layout(document, analyse(document))
    leads = {a.ref: a.leads for a in edition.actions}
    assert leads["1.1"] == ["Helen Wu", "Lucy Fernandes"]
    assert len(leads["1.2"]) == 1


def test_horizontally_ruled_tables_under_unlisted_headers_and_a_group_header_are_told_apart() -> None:
    # an indicator table, then an action table whose header is in words on no list and has a
    # group row above it ('What we will do | Reported monthly'); all rules span one width
    words: list[Word] = []
    rules: list[float] = []
    top = 60.0
    ind = (["Tag", "What we count", "Data owner", "Aim", "Rating"], IND_X)
    act = (
        ["Line", "Intervention", "Accountable person", "Begins", "Finish"],
        [40.0, 80.0, 250.0, 350.0, 410.0, 555.0],
    )
    blocks = [
        (
            ind,
            [
                ["NI 159", "% of children seen in time", "Lucy Fernandes", "53%", "G"],
                ["NI 160", "% of plans issued on time", "Omar Patel", "60%", "A"],
            ],
            None,
        ),
        (
            act,
            [
                ["1.1", "Embed a quality framework.", "Kevin Walsh", "Dec 2023", "Nov 2024"],
                ["1.2", "Train staff in the new model.", "Sarah Connolly", "Nov 2023", "Aug 2024"],
            ],
            ["What we will do", "Reported monthly"],
        ),
    ]
    for (header, xs), body, group in blocks:
        if group:
            rules.append(top)
            words += words_at(group[0], xs[0] + 3, top + 4) + words_at(group[1], xs[3] + 3, top + 4)
            top += 20
        rules.append(top)
        words += _row_words(header, xs, top + 4)
        top += 20
        for cells in body:
            rules.append(top)
            words += _row_words(cells, xs, top + 4)
            top += 20
        rules.append(top)
        top += 8
    lines = [RuleLine(x0=36, top=y, x1=559, bottom=y) for y in rules]
    page = Page(number=1, width=595, height=842, source=PageSource.TEXT_LAYER, words=words, lines=lines)
    tables = tables_of(doc(page))
    assert [(t.kind, len(t.rows)) for t in tables] == [("indicators", 2), ("actions", 2)]
    assert [c.role for c in tables[1].columns] == ["ref", "action", "lead", "start", "due"]
