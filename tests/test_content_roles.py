"""Column roles from cell content: headers on no list are typed by what their cells hold."""

from __future__ import annotations

from pipeline.layout.content import infer_roles
from pipeline.models.layout import Cell, Column, Row, TextLine


def _row(texts: list[str], top: float) -> Row:
    cells = []
    for j, text in enumerate(texts):
        line = TextLine(text=text, x0=j * 100.0, x1=j * 100.0 + 90, top=top, bottom=top + 10, page=1)
        cells.append(
            Cell(lines=[line] if text else [], col_start=j, col_end=j, x0=j * 100.0, x1=j * 100.0 + 95,
                 top=top, bottom=top + 12, page=1)
        )  # fmt: skip
    return Row(cells=cells, page=1, top=top, bottom=top + 12)


def _columns(headers: list[str], roles: list[str | None]) -> list[Column]:
    return [
        Column(index=j, header=h, role=r, x0=j * 100.0, x1=j * 100.0 + 95)
        for j, (h, r) in enumerate(zip(headers, roles, strict=True))
    ]


def test_unlisted_headers_typed_by_content() -> None:
    columns = _columns(["Line", "What", "Begins", "Finish", "Done"], [None, "action", None, None, None])
    rows = [
        _row(["1.1", "Deliver a revised protocol for the virtual school.", "Oct 2024", "Mar 2025", "60%"], 0),
        _row(
            ["1.2", "Review the practice standard for the MASH front door.", "Nov 2024", "Jun 2025", "100%"],
            20,
        ),
        _row(
            ["2.1", "Train all social workers in the new assessment model.", "Jan 2025", "TBC", "Green"], 40
        ),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "start", "due", "status"]


def test_a_position_header_over_sentences_is_an_action_tables_progress() -> None:
    # the extra column of sentences comes first; its header names nothing, the position's does
    headers = ["Ref", "Action", "Resource implication", "Position this period", "Due"]
    columns = _columns(headers, ["ref", "action", None, None, "due"])
    rows = [
        _row(["1.1", "Publish the plan.", "Two more posts funded", "Work has started on it.", "Mar 2025"], 0),
        _row(["1.2", "Train staff.", "Board minutes and audit", "Delayed by absence now.", "May 2025"], 20),
        _row(["1.3", "Review it.", "Audit shows better work", "A draft is now shared.", "Jun 2025"], 40),
    ]
    infer_roles(columns, rows)
    assert columns[3].role == "progress" and columns[2].role is None


def test_a_one_row_table_of_codes_is_read_as_measures() -> None:
    # one indicator under a recommendation, headed in words on no list: its code says what it is
    columns = _columns(["PI tag", "What we count", "Data owner", "Aim", "Progress YTD"],
                       [None, None, "lead", None, "progress"])  # fmt: skip
    rows = [_row(["CSC 093b", "% of assessments completed in 45 days", "Helen Wu", "20%", "70%"], 0)]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["pi_code", "pi_description", "lead", "target", "actual"]


def test_weak_evidence_leaves_a_column_unknown() -> None:
    columns = _columns(["Ref", "Action", "Notes"], ["ref", "action", None])
    rows = [
        _row(["a", "Do the first thing well.", "Mar 2025"], 0),
        _row(["b", "Do the second thing well.", "see board paper"], 20),
        _row(["c", "Do the third thing well.", "awaiting data"], 40),
    ]
    infer_roles(columns, rows)
    assert columns[2].role is None


def test_a_header_row_may_hold_one_status_word_but_not_sentence_ends() -> None:
    from pipeline.layout.content import label_row

    # 'Done' (over 'Done so far') reads as a status word; the row is still a row of labels
    assert label_row(["Ite", "Intervention", "Done", "Named", "Delivery", "Position", "How"])
    # the wrapped last lines of a row's cells are no header
    assert not label_row(["carer forum.", "End:", "comment.", "report"])
    # a row of status words is a key, not a header
    assert not label_row(["Green", "Amber", "Red", "Complete"])


def test_a_cell_led_by_a_punctuated_ref_is_a_records_text_not_a_label() -> None:
    from pipeline.layout.content import label_row

    # a continued row's first line: the action's text after its ref, a status, a lead, a label
    assert not label_row(["d. Establish a dashboard of", "Amber", "David Price", "Start:", "Two additional"])
    assert not label_row(["(1a) Publish training", "Start:", "G", "Staff briefings are"])
    assert not label_row(["1.2 Review the", "Lead", "Due", "Progress"])
    # a bare letter or figure before a header word is still a header ('a Target' is no ref)
    assert label_row(["No.", "Action", "Lead", "Due date"])
    assert label_row(["a Target", "Lead", "Due date", "Progress"])


def test_a_date_before_the_due_date_is_the_start() -> None:
    columns = _columns(["Ref", "Action", "Kick-off", "Delivery by"], ["ref", "action", None, "due"])
    rows = [
        _row(["1.1", "Audit the front door.", "From Apr 24", "Mar 2025"], 0),
        _row(["1.2", "Train all staff.", "From Jan 24", "Sep 2024"], 20),
    ]
    infer_roles(columns, rows)
    assert columns[2].role == "start"


def test_dates_that_say_they_begin_are_start_dates_wherever_the_column_sits() -> None:
    # a house order with the due date first and an unlisted header over the start
    columns = _columns(["Ref", "Action", "Due", "Kick-off"], ["ref", "action", "due", None])
    rows = [
        _row(["1.1", "Deliver a revised protocol for the virtual school.", "Mar 2025", "From Oct 24"], 0),
        _row(["1.2", "Review the practice standard for the front door.", "Jun 2025", "From Nov 24"], 20),
        _row(["2.1", "Train all social workers in the new model.", "Sep 2025", "Commencing Jan 2025"], 40),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "due", "start"]


def test_numbered_refs_that_read_as_dates_are_refs() -> None:
    # padded refs ('1.01.01') also read as d.m.yy dates; refs count up row by row, dates do not
    columns = _columns(["Line", "What", "Finish"], [None, "action", None])
    rows = [
        _row(["1.01.01", "Publish a dip-sample audit of staying put.", "Mar 2025"], 0),
        _row(["1.01.02", "Deliver a dip-sample audit of the parenting offer.", "Jun 2025"], 20),
        _row(["1.01.03", "Train staff on a quality assurance framework.", "Sep 2025"], 40),
        _row(["2.01.01", "Recruit to a dashboard of agency staffing.", "Dec 2025"], 60),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "due"]


def test_dates_in_figures_in_the_first_column_stay_dates() -> None:
    columns = _columns(["When", "What", "Who"], [None, "action", "lead"])
    rows = [
        _row(["9.12.16", "Publish a dip-sample audit of staying put.", "Tom Evans"], 0),
        _row(["3.02.17", "Deliver a dip-sample audit of the parenting offer.", "Tom Evans"], 20),
        _row(["28.4.17", "Train staff on a quality assurance framework.", "Amara Bell"], 40),
    ]
    infer_roles(columns, rows)
    assert columns[0].role == "due"


def test_a_figure_beside_a_series_of_period_columns_is_the_target() -> None:
    # the quarters give the measure's value (the reader takes the latest); the one other column of
    # figures, under a header on no list, is the target
    columns = _columns(
        ["PI tag", "What we count", "Aim", "Q1", "Q2"], ["pi_code", "pi_description", None, None, None]
    )
    rows = [
        _row(["NI 161", "% of care leavers in education", "27%", "91%", "27%"], 0),
        _row(["NI 86", "Number of children looked after", "338", "379", "384"], 20),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["pi_code", "pi_description", "target", None, None]


def test_a_ref_column_of_indicator_codes_is_the_code() -> None:
    # 'Ref' over 'BVPI 96' in a table with no action and no dates: a scorecard, its refs the codes
    columns = _columns(["Ref", "What we count", "Aim", "Q1", "Q2"], ["ref", None, None, None, None])
    rows = [
        _row(["BVPI 96", "% of agency social workers", "49%", "86%", "64%"], 0),
        _row(["BVPI 57", "% of re-referrals within 12 months", "67%", "52%", "50%"], 20),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["pi_code", "pi_description", "target", None, None]


def test_a_ref_column_of_action_refs_stays_ref() -> None:
    columns = _columns(["Ref", "Action", "Due"], ["ref", "action", None])
    rows = [
        _row(["SR1", "Publish a dip-sample audit of staying put.", "Mar 2025"], 0),
        _row(["SR2", "Deliver a dip-sample audit of the parenting offer.", "Jun 2025"], 20),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "due"]


def test_the_one_date_column_left_beside_a_due_and_a_revised_date_is_the_start() -> None:
    columns = _columns(
        ["Ref", "Action", "Target date", "Kick-off", "Revised date"],
        ["ref", "action", "due", None, "revised_due"],
    )
    rows = [
        _row(["1.1", "Publish a dip-sample audit of staying put.", "Mar 2025", "Q4 2022/23", ""], 0),
        _row(
            [
                "1.2",
                "Deliver a dip-sample audit of the parenting offer.",
                "Jun 2025",
                "Q1 2023/24",
                "Sep 2025",
            ],
            20,
        ),
    ]
    infer_roles(columns, rows)
    assert columns[3].role == "start"
