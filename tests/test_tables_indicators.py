"""Indicator rows and date cells read from synthetic tables: period and polarity columns, lost headers."""

from __future__ import annotations

import datetime as dt

from pipeline.extract.tables import Context, read_actions, read_indicators
from pipeline.models import Legend, Polarity
from pipeline.models.layout import Cell, Column, Row, Table, TextLine
from pipeline.vocab.headers import classify_header

WIDTH = 60.0


def _cell(j: int, text: str, top: float) -> Cell:
    lines = [
        TextLine(
            text=t, page=1, x0=j * WIDTH + 2, top=top + 10 * k, x1=j * WIDTH + 50, bottom=top + 10 * k + 8
        )
        for k, t in enumerate(text.split("\n"))
        if t
    ]
    return Cell(
        lines=lines,
        page=1,
        x0=j * WIDTH,
        top=top,
        x1=(j + 1) * WIDTH,
        bottom=top + 40,
        col_start=j,
        col_end=j,
    )


def _table(headers: list[str], rows: list[list[str]], kind: str) -> Table:
    table_kind = "indicator" if kind == "indicators" else "action"
    columns = [
        Column(
            index=j,
            header=h,
            role=classify_header(h, table_kind=table_kind),
            x0=j * WIDTH,
            x1=(j + 1) * WIDTH,
        )
        for j, h in enumerate(headers)
    ]
    body = [
        Row(
            page=1,
            top=100 + 50 * i,
            bottom=140 + 50 * i,
            cells=[_cell(j, t, 100 + 50 * i) for j, t in enumerate(r)],
        )
        for i, r in enumerate(rows)
    ]
    return Table(pages=[1], columns=columns, rows=body, kind=kind, top=90)


def _ctx() -> Context:
    return Context(legend=Legend(source="default"), source_of={}, edition_date=dt.date(2024, 6, 1))


def test_latest_filled_quarter_column_is_the_actual() -> None:
    table = _table(
        ["PI Number", "Indicator", "Target", "Q1", "Q2", "Q3", "RAG"],
        [
            ["NI 1", "% of assessments completed within 45 working days", "80%", "31%", "64%", "65%", "G"],
            ["NI 2", "% of agency social workers", "-", "24%", "89%", "", "R"],
            ["NI 3", "Spend on external placements", "£1.2m", "n/a", "", "", "A"],
        ],
        "indicators",
    )
    got = {i.code: i for i in read_indicators(table, 1, _ctx())[0]}
    actuals = {code: (i.actual.value, i.actual.unit, i.actual.period) for code, i in got.items() if i.actual}
    assert actuals == {"NI 1": (65.0, "%", "Q3"), "NI 2": (89.0, "%", "Q2"), "NI 3": (None, None, "Q1")}
    assert got["NI 3"].target is not None and got["NI 3"].target.unit == "£"


def test_month_columns_name_the_period() -> None:
    table = _table(
        ["Code", "Measure", "Target", "Mar", "Apr", "May", "Status"],
        [["CP01", "Number of foster carers recruited", "40", "12", "18", "", "G"]],
        "indicators",
    )
    (ind,) = read_indicators(table, 2, _ctx())[0]
    assert ind.actual is not None and (ind.actual.value, ind.actual.period) == (18.0, "Apr")
    assert "Apr" not in ind.extra and ind.extra.get("Mar") == "12"


def test_a_stated_polarity_column_outranks_the_wording() -> None:
    table = _table(
        ["Ref", "Indicator", "Target", "Latest", "Polarity", "RAG"],
        [
            ["NI 1", "Number of children looked after", "300", "320", "Lower is better", "A"],
            ["NI 2", "Number of Early Help Assessments", "500", "450", "Higher is better", "A"],
            ["NI 3", "% of agency social workers", "10%", "14%", "-", "R"],
        ],
        "indicators",
    )
    polarity = {i.code: i.polarity for i in read_indicators(table, 1, _ctx())[0]}
    assert polarity == {
        "NI 1": Polarity.LOWER_BETTER,
        "NI 2": Polarity.HIGHER_BETTER,
        "NI 3": Polarity.LOWER_BETTER,  # '-' states nothing: the wording decides
    }


def test_description_column_whose_header_was_lost() -> None:
    table = _table(
        ["Measurement code", "", "Owner", "Target", "Latest (May 2024)", "RAG"],
        [
            ["NI 159", "% of children seen within 5 working days", "Lucy Fernandes", "53%", "65%", "G"],
            ["NI 86", "% of agency social workers", "Fiona Campbell", "-", "44%", "R"],
        ],
        "indicators",
    )
    got = read_indicators(table, 1, _ctx())[0]
    assert [i.description for i in got] == [
        "% of children seen within 5 working days",
        "% of agency social workers",
    ]
    assert [i.polarity for i in got] == [Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER]


def test_no_description_is_guessed_from_short_unheaded_values() -> None:
    table = _table(
        ["PI Number", "", "Target", "Latest", "RAG"],
        [["NI 1", "12", "80%", "70%", "G"], ["NI 2", "n/a", "50%", "40%", "R"]],
        "indicators",
    )
    assert [i.description for i in read_indicators(table, 1, _ctx())[0]] == ["", ""]


def test_revised_label_wrapped_onto_its_own_line() -> None:
    table = _table(
        ["Ref", "Action", "Due date", "RAG"],
        [
            ["a.", "Publish a practice standard", "Apr 2025\nRevised:\nJun 2025", "A"],
            ["b.", "Train staff", "Mar 2025\nRevised: Sept 2025", "G"],
            ["c.", "Audit files", "Dec 2024", "G"],
        ],
        "actions",
    )
    got = {a.ref: a for a in read_actions(table, 1, _ctx())[0]}
    assert {r: (a.due.raw if a.due else None) for r, a in got.items()} == {
        "a": "Apr 2025",
        "b": "Mar 2025",
        "c": "Dec 2024",
    }
    revised = {r: (a.revised_due.value if a.revised_due else None) for r, a in got.items()}
    assert revised == {"a": dt.date(2025, 6, 1), "b": dt.date(2025, 9, 1), "c": None}


def test_a_band_of_the_next_table_is_no_indicator() -> None:
    table = _table(
        ["PI Number", "Indicator", "Owner", "Target", "Latest", "RAG"],
        [
            ["NI 1", "% of agency social workers", "Helen Wu", "10%", "14%", "R"],
            ["NEW", "Number of children looked after", "Omar Patel", "", "", ""],
            ["Local", "% of EHC plans issued within 20 weeks", "Amara Bell", "-", "n/a", "A"],
            ["What we will do", "", "", "monthly", "", ""],
        ],
        "indicators",
    )
    assert [i.code for i in read_indicators(table, 1, _ctx())[0]] == ["NI 1", "NEW", "Local"]


def test_period_of_a_value_header_wrapped_into_its_own_column() -> None:
    table = _table(
        ["Code", "Indicator", "Target", "Progress", "YTD", "Status"],
        [["CP01", "% of agency social workers", "10%", "14%", "", "R"]],
        "indicators",
    )
    (ind,) = read_indicators(table, 1, _ctx())[0]
    assert ind.actual is not None and (ind.actual.value, ind.actual.period) == (14.0, "YTD")


def test_target_column_under_an_unlisted_header_is_found_by_its_figures() -> None:
    table = _table(
        ["Code", "Indicator", "Aim", "Latest", "Trend", "RAG"],
        [
            ["CP01", "% of agency social workers", "10%", "14%", "Improving", "R"],
            ["CP02", "Average days between entering care and adoption", "-", "420 days", "No change", "A"],
        ],
        "indicators",
    )
    targets = [
        (i.target.raw, i.target.value) if i.target else None for i in read_indicators(table, 1, _ctx())[0]
    ]
    assert targets == [("10%", 10.0), ("-", None)]


def test_two_unlisted_figure_columns_give_no_target() -> None:
    table = _table(
        ["Code", "Indicator", "Aim", "Benchmark", "Latest", "RAG"],
        [["CP01", "% of agency social workers", "10%", "12%", "14%", "R"]],
        "indicators",
    )
    (ind,) = read_indicators(table, 1, _ctx())[0]
    assert ind.target is None and ind.actual is not None and ind.actual.value == 14.0


def test_progress_column_of_an_indicator_table_is_the_actual() -> None:
    table = _table(
        ["Code", "Indicator", "Target", "Progress YTD", "RAG"],
        [["CP01", "% of agency social workers", "10%", "14%", "R"]],
        "indicators",
    )
    table.columns[3].role = "progress"  # classified without knowing the table's kind
    (ind,) = read_indicators(table, 1, _ctx())[0]
    assert ind.actual is not None and (ind.actual.value, ind.actual.period) == (14.0, "YTD")
    assert "Progress YTD" not in ind.extra


def test_quarter_run_whose_first_column_was_typed_the_actual() -> None:
    table = _table(
        ["Code", "Indicator", "Target", "Q1", "Q2", "Q3", "RAG"],
        [["SCC/040", "% of children seen within 5 working days", "73%", "54%", "76%", "60%", "G"]],
        "indicators",
    )
    table.columns[3].role = "actual"  # typed from its figures
    (ind,) = read_indicators(table, 1, _ctx())[0]
    assert ind.actual is not None and (ind.actual.value, ind.actual.period) == (60.0, "Q3")
