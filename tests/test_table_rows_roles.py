"""Rows that are no records (a heading's narrative, a key under the table) and columns typed from a
scorecard's cells; leads stacked in narrow cells."""

from __future__ import annotations

import datetime as dt

from pipeline.extract.tables import Context, read_actions
from pipeline.layout.content import infer_roles
from pipeline.models import Legend
from pipeline.models.layout import Cell, Column, Row, Table, TextLine

WIDTH = 60.0


def _cell(j0: int, j1: int, text: str, top: float) -> Cell:
    lines = [
        TextLine(
            text=t,
            page=1,
            x0=j0 * WIDTH + 2,
            top=top + 10 * k,
            x1=(j1 + 1) * WIDTH - 2,
            bottom=top + 10 * k + 8,
        )
        for k, t in enumerate(text.split("\n"))
        if t
    ]
    return Cell(
        lines=lines,
        page=1,
        x0=j0 * WIDTH,
        top=top,
        x1=(j1 + 1) * WIDTH,
        bottom=top + 40,
        col_start=j0,
        col_end=j1,
    )


def _row(cells: list[tuple[int, int, str]], i: int) -> Row:
    return Row(
        page=1,
        top=100 + 50 * i,
        bottom=140 + 50 * i,
        cells=[_cell(a, b, t, 100 + 50 * i) for a, b, t in cells],
    )


def _plain(texts: list[str], i: int) -> Row:
    return _row([(j, j, t) for j, t in enumerate(texts)], i)


ACTION_HEADERS = ["Ref", "Action", "Lead", "Due", "Status", "Progress"]
ACTION_ROLES = ["ref", "action", "lead", "due", "status", "progress"]


def _table(
    rows: list[Row], headers: list[str] = ACTION_HEADERS, roles: list[str | None] | None = None
) -> Table:
    columns = [
        Column(index=j, header=h, role=r, x0=j * WIDTH, x1=(j + 1) * WIDTH)
        for j, (h, r) in enumerate(zip(headers, roles or ACTION_ROLES, strict=True))
    ]
    return Table(pages=[1], columns=columns, rows=rows, kind="actions", top=90)


def _ctx() -> Context:
    return Context(legend=Legend(source="default"), source_of={}, edition_date=dt.date(2024, 6, 1))


def test_a_sentence_row_under_a_section_row_is_the_sections_progress() -> None:
    # long trackers print a recommendation's progress under its heading; a line of it wrapped into
    # a row of its own is no action, and its sentences are no leads
    table = _table(
        [
            _row([(0, 5, "Recommendation 5: Improve multi-agency working")], 0),
            _row(
                [(0, 5, "A draft has been shared.\nDelayed by staff absence; a recovery plan is agreed.")], 1
            ),
            _plain(["5.1", "Deliver monthly reporting.", "Rhys Morgan", "Mar 2025", "Green", "On track."], 2),
        ]
    )
    actions, sections, _ = read_actions(table, None, _ctx())
    assert [a.key for a in actions] == ["R5-5.1"]
    assert (
        sections[0].progress
        == "A draft has been shared.\nDelayed by staff absence; a recovery plan is agreed."
    )


def test_a_key_under_the_table_is_no_action() -> None:
    # one cell across the ref, action and lead columns holds no ref: not an action with leads made
    # of its phrases
    table = _table(
        [
            _plain(["5.1", "Deliver monthly reporting.", "Rhys Morgan", "Mar 2025", "Green", "On track."], 0),
            _row([(0, 2, "Key: Red = Off track; Amber = On track; Green = Complete")], 1),
        ]
    )
    actions, _, _ = read_actions(table, 5, _ctx())
    assert [a.key for a in actions] == ["R5-5.1"]


def test_sentences_opening_a_table_are_no_objective() -> None:
    # a heading's narrative carried over a page break into the table's first row: paired with no
    # record (PT204), never the objective of the actions under it
    table = _table(
        [
            _row([(0, 2, "Work has started and the first milestone has been met.")], 0),
            _plain(["4.1", "Deliver monthly reporting.", "Rhys Morgan", "Mar 2025", "Green", "On track."], 1),
        ]
    )
    actions, _, issues = read_actions(table, 4, _ctx())
    assert [(a.key, a.objective) for a in actions] == [("R4-4.1", None)]
    assert [i.code for i in issues] == ["PT204"]


def test_a_bold_title_row_is_still_an_objective() -> None:
    row = _row([(0, 2, "Make sure the audit programme informs workforce development")], 0)
    row.cells[0].lines[0].bold = True
    table = _table([row, _plain(["4.1", "Deliver reporting.", "Rhys Morgan", "Mar 2025", "Green", "Ok."], 1)])
    actions, _, _ = read_actions(table, 4, _ctx())
    assert actions[0].objective == "Make sure the audit programme informs workforce development"


def test_names_wrapped_in_a_narrow_lead_cell_are_split_by_line() -> None:
    # 'Martin' / 'Graham' / 'Omar Patel': a first name over its surname, then a second lead
    table = _table(
        [
            _plain(
                ["1.1", "Deliver reporting.", "Martin\nGraham\nOmar Patel", "Mar 2025", "Green", "Ok."], 0
            ),
            _plain(
                ["1.2", "Deliver reporting.", "Rhys Morgan\nLucy\nFernandes", "Mar 2025", "Green", "Ok."], 1
            ),
            _plain(
                [
                    "1.3",
                    "Deliver reporting.",
                    "Director of\nChildren's\nServices",
                    "Mar 2025",
                    "Green",
                    "Ok.",
                ],
                2,
            ),
        ]
    )
    actions, _, _ = read_actions(table, 1, _ctx())
    assert [a.leads_raw for a in actions] == [
        "Martin Graham / Omar Patel",
        "Rhys Morgan / Lucy Fernandes",
        "Director of Children's Services",
    ]


def _columns(headers: list[str], roles: list[str | None]) -> list[Column]:
    return [
        Column(index=j, header=h, role=r, x0=j * WIDTH, x1=(j + 1) * WIDTH)
        for j, (h, r) in enumerate(zip(headers, roles, strict=True))
    ]


def test_a_scorecard_of_one_measure_is_typed_by_its_polarity_and_series() -> None:
    # 'PI tag | What we count | Data owner | Aim | Jul | Aug | Good is': no header names a code,
    # a description or a target, but a polarity column and a series of months say the rows are
    # measures, so the one row's code, phrase and lone figure are read as such
    columns = _columns(
        ["PI tag", "What we count", "Data owner", "Aim", "Jul", "Aug", "Good is", "Rating"],
        [None, None, "lead", None, None, None, "polarity", "status"],
    )
    rows = [
        _plain(
            [
                "CP11",
                "% of assessments completed within 45 working days",
                "Helen Wu",
                "80%",
                "89%",
                "62%",
                "Higher is better",
                "G",
            ],
            0,
        )
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == [
        "pi_code",
        "pi_description",
        "lead",
        "target",
        None,
        None,
        "polarity",
        "status",
    ]


def test_progress_in_a_table_the_cells_show_is_of_measures_is_the_value() -> None:
    columns = _columns(
        ["Rec", "PI tag", "What we count", "Aim", "Progress YTD", "Good is"],
        [None, None, None, None, "progress", "polarity"],
    )
    rows = [_plain(["4", "BVPI 52", "% of care leavers in education", "81%", "n/a", "Higher is better"], 0)]
    infer_roles(columns, rows)
    assert [c.role for c in columns][1:] == ["pi_code", "pi_description", "target", "actual", "polarity"]


def test_indicator_codes_a_scan_damaged_are_still_the_code_column() -> None:
    # 'PI' OCR'd as 'Pl': the header names nothing, the cells are codes ('BVP! 86' with a letter
    # read as a sign, two rows' codes run together), so the column is the code column
    columns = _columns(["Pl", "Indicator", "Target", "Actual"], [None, "pi_description", "target", "actual"])
    rows = [
        _plain(["BVPI 170", "% of agency social workers", "20%", "28%"], 0),
        _plain(["BVP! 86", "Number of foster carers recruited", "281", "267"], 1),
        _plain(["BVPI 125", "Number of children looked after", "1", "207"], 2),
        _plain(["BVPI 65 BVPI 87", "Number of children looked after", "370", "61"], 3),
    ]
    infer_roles(columns, rows)
    assert columns[0].role == "pi_code"


def test_a_commentary_header_over_dates_is_a_date_column() -> None:
    # the cells outrank the header's words: 'Update due' over dates is no commentary
    columns = _columns(
        ["Ref", "Action", "Lead", "Update due", "Comments"], ["ref", "action", "lead", "progress", None]
    )
    rows = [
        _plain(
            ["1.1", "Deliver a revised protocol.", "Amara Bell", "Mar 2025", "Work has started on it."], 0
        ),
        _plain(
            ["1.2", "Review the practice standard.", "Tom Evans", "Q3 2025", "A draft has been shared."], 1
        ),
        _plain(
            ["1.3", "Train all social workers.", "Helen Wu", "By end of Jun 26", "Delayed by staff absence."],
            2,
        ),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "lead", "due", "progress"]


def test_a_commentary_header_over_open_dates_only_keeps_its_role() -> None:
    columns = _columns(["Ref", "Action", "Update"], ["ref", "action", "progress"])
    rows = [_plain([f"1.{k}", "Deliver a revised protocol.", "TBC"], k) for k in range(1, 4)]
    infer_roles(columns, rows)
    assert columns[2].role == "progress"


def test_scanned_indicator_codes_are_put_back_as_printed() -> None:
    from pipeline.extract.tables import read_indicators

    headers = ["PI Number", "Indicator", "Target", "Actual"]
    roles: list[str | None] = ["pi_code", "pi_description", "target", "actual"]
    codes = ["BVP! 86", "CSC 29la", "cP15", "CSC 049b"]
    table = _table(
        [_plain([c, "% of agency social workers", "20%", "28%"], k) for k, c in enumerate(codes)],
        headers,
        roles,
    )
    ctx = Context(legend=Legend(source="default"), source_of={}, ocr_pages={1})
    found, issues = read_indicators(table, 1, ctx)
    assert [i.code for i in found] == ["BVPI 86", "CSC 291a", "CP15", "CSC 049b"]
    assert [i.code for i in issues if i.code == "PT211"] == ["PT211"] * 3
    # on a text layer the codes are as the document prints them
    assert [i.code for i in read_indicators(table, 1, _ctx())[0]] == codes
