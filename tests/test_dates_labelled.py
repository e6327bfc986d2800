"""Date columns by what their cells hold, and labelled date pairs in one cell read as start + due."""

from __future__ import annotations

import pytest
from test_content_roles import _columns, _row  # the same row and column builders

from pipeline.extract.tables import labelled_dates
from pipeline.layout.content import infer_roles, kind_of_value


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Start: From Feb 24 End: by the end of September",
            {"start": "From Feb 24", "due": "by the end of September"},
        ),
        (
            "Start: From Feb 24 End: by the end\nof September",
            {"start": "From Feb 24", "due": "by the end of September"},
        ),
        (
            "Start: Quarter 1 2023 to\n2024 End: Quarter 2\n2024 to 2025",
            {"start": "Quarter 1 2023 to 2024", "due": "Quarter 2 2024 to 2025"},
        ),
        ("Start: From May 24 End: TBC", {"start": "From May 24", "due": "TBC"}),
        ("Start: 2024/25 End: 2025/26", {"start": "2024/25", "due": "2025/26"}),
        ("Mar 2025\nRevised: Jun 2025", {"due": "Mar 2025", "revised_due": "Jun 2025"}),
        ("Revised:\nJun 2025", {"revised_due": "Jun 2025"}),
        ("by the end of May", {"due": "by the end of May"}),
        ("End Sep 24", {"due": "End Sep 24"}),  # 'End' with no colon is part of the date
    ],
)
def test_labelled_dates_split_wherever_the_labels_fall(text: str, want: dict[str, str]) -> None:
    assert labelled_dates(text, "due") == want


@pytest.mark.parametrize(
    "text",
    [
        "by the end of May",
        "End of March",
        "September",
        "Start: From Feb 24 End: by the end of September",
        "Start: Quarter 2 2023 to 2024 End: TBC",
        "Start: 2024/25 End: 2025/26",
        "Quarter 2 2024 to 2025",
        "2023 to 2024",
        "Summer term 2023",
        "1.7.24",
        "30 October 2023",
        "Ongoing",
    ],
)
def test_cells_that_are_dates(text: str) -> None:
    assert kind_of_value(text) == "date"


@pytest.mark.parametrize("text", ["May", "Reported monthly", "Tom Evans", "Staff briefings are complete."])
def test_cells_that_are_no_dates(text: str) -> None:
    assert kind_of_value(text) != "date"


def test_column_of_months_without_a_year_is_the_due_date_not_commentary() -> None:
    # 'Finish' is on no list; its cells ('by the end of May') are dates, so the sentences in the
    # next column ('Position this period') are the progress
    columns = _columns(
        ["Item #", "What we will do", "Commences", "Finish", "Position this period"],
        ["ref", "action", "start", None, None],
    )
    rows = [
        _row(
            [
                "1.01.01",
                "Recruit to peer review of direct work.",
                "From May 24",
                "by the end of May",
                "Staff briefings are complete; audits continue monthly.",
            ],
            0,
        ),
        _row(
            [
                "1.01.02",
                "Recruit to a practice standard.",
                "From Apr 24",
                "by the end of October",
                "The board received an update at its last meeting.",
            ],
            20,
        ),
        _row(
            [
                "1.01.03",
                "Audit supervision records.",
                "From Jun 24",
                "TBC",
                "Work has started and the first milestone has been met.",
            ],
            40,
        ),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "start", "due", "progress"]


def test_column_of_labelled_date_pairs_is_a_date_column() -> None:
    columns = _columns(
        ["Ref", "What we will do", "Finish", "Position this period"], ["ref", "action", None, None]
    )
    rows = [
        _row(
            [
                "R1.1",
                "Introduce a dashboard of supervision reviews.",
                "Start: From Feb 24 End: by the end of September",
                "A draft has been shared with partners.",
            ],
            0,
        ),
        _row(
            [
                "R1.2",
                "Review a dashboard of team manager oversight.",
                "Start: From May 24 End: TBC",
                "The board received an update at its last meeting.",
            ],
            20,
        ),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["ref", "action", "due", "progress"]


def test_date_column_after_the_due_date_whose_dates_come_first_is_the_start() -> None:
    columns = _columns(
        ["Line", "Actions Required", "Due date", "Kick-off", "Commentary"],
        ["ref", "action", "due", None, "progress"],
    )
    rows = [
        _row(
            ["1.1", "Deliver monthly reporting.", "01.08.2023", "01.06.2023", "Recruitment is under way."], 0
        ),
        _row(
            ["1.2", "Train staff on reporting.", "01.04.2024", "01.02.2023", "Delayed by staff absence."], 20
        ),
        _row(["1.3", "Audit the front door.", "Q4 2024", "Q1 2024", "Work has started."], 40),
    ]
    infer_roles(columns, rows)
    assert columns[3].role == "start"


def test_two_unknown_date_columns_in_house_order_are_start_then_due() -> None:
    columns = _columns(
        ["What we will do", "Kick-off", "Finish", "Position this period"], ["action", None, None, None]
    )
    rows = [
        _row(
            [
                "a. Establish training.",
                "Nov 2022",
                "by the end of September",
                "Staff briefings are complete.",
            ],
            0,
        ),
        _row(
            [
                "b. Train staff on assessment.",
                "Nov 2022",
                "by the end of May",
                "The board received an update.",
            ],
            20,
        ),
    ]
    infer_roles(columns, rows)
    assert [c.role for c in columns] == ["action", "start", "due", "progress"]
