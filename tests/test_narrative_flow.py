"""The walk over the flow: a heading's narrative and wrapped RAG, when the layout leaves the rows
of an unruled table in the prose or takes a narrative's last sentences into the table overleaf."""

from __future__ import annotations

from pipeline.extract.textlayer import Heading, _continues_heading, _FlowWalk, _Narrative
from pipeline.models.layout import Cell, Column, Row, Table, TextLine


def _line(text: str, page: int, top: float, x0: float = 40, bold: bool = False) -> TextLine:
    return TextLine(text=text, page=page, x0=x0, top=top, x1=x0 + 200, bottom=top + 10, bold=bold)


def _progress(lines: list[TextLine]) -> str | None:
    narrative = _Narrative()
    narrative.open(3)
    for ln in lines:
        narrative.add(ln)
    headings = {3: Heading(3, "Improve X.", None, 1)}
    narrative.close(headings)
    return headings[3].progress


def test_the_narrative_above_rows_left_in_the_prose_is_kept() -> None:
    # an unruled table continued overleaf that the layout did not find: its first row's cells are
    # phrases on one baseline; the narrative printed above them (on the page before) is the progress
    lines = [
        _line("The board received an update at its last meeting.", 7, 504),
        _line("Recruitment is under way; two posts remain vacant.", 7, 516),
        _line("(3a)", 8, 56),
        _line("Deliver a practice standard for pathway plans.", 8, 56, x0=80),
        _line("Start: From", 8, 56, x0=400),
    ]
    progress = _progress(lines)
    assert progress is not None
    assert " ".join(progress.split()) == (
        "The board received an update at its last meeting. Recruitment is under way; two posts remain vacant."
    )


def test_rows_on_one_baseline_are_not_the_narrative() -> None:
    lines = [
        _line("Work has started.", 1, 100),
        _line("1", 1, 130),
        _line("Audit the front door.", 1, 130, x0=80),
    ]
    assert _progress(lines) == "Work has started."


def test_a_headings_rag_wrapped_after_its_bracketed_lead_continues_it() -> None:
    head = _line("Recommendation 2: Improve the workforce. (FIONA CAMPBELL)", 5, 54, bold=True)
    rag = _line("- RAG rating: AMBER", 5, 67, bold=True)
    assert _continues_heading(head, rag)
    narrative = _line("The board received an update.", 5, 67, bold=True)
    assert not _continues_heading(head, narrative)


def _cell(text: str, page: int, top: float, col: int) -> Cell:
    return Cell(
        lines=[_line(text, page, top)],
        page=page,
        x0=40,
        top=top,
        x1=300,
        bottom=top + 10,
        col_start=col,
        col_end=col,
    )


def _table(rows: list[list[tuple[str, int]]], page: int) -> Table:
    cols = [
        Column(index=0, header="No.", role="ref", x0=30, x1=60),
        Column(index=1, header="Description", role="action", x0=60, x1=300),
    ]
    return Table(
        pages=[page],
        top=70,
        bottom=300,
        kind="actions",
        header_text="No. | Description",
        columns=cols,
        rows=[
            Row(
                page=page,
                top=100 + 20 * k,
                bottom=110 + 20 * k,
                cells=[_cell(t, page, 100 + 20 * k, c) for t, c in row],
            )
            for k, row in enumerate(rows)
        ],
    )


def test_the_narratives_last_sentences_taken_into_the_table_overleaf_are_the_narrative() -> None:
    walk = _FlowWalk.__new__(_FlowWalk)
    walk._narrative = _Narrative()
    walk._narrative.open(4)
    walk._narrative.add(_line("A draft has been shared with partners for comment.", 4, 779))
    walk._narrative.add(_line("What we will do", 5, 56, bold=True))  # the table's group header
    table = _table(
        [
            [("Work has started and the first milestone has been met.", 0)],
            [("4.1", 0), ("Audit a practice standard.", 1)],
        ],
        5,
    )
    rest = walk._narrative_overleaf(table)
    assert [r.cells[0].flat for r in rest.rows] == ["4.1"]
    assert [ln.text for ln in walk._narrative.lines][
        -1
    ] == "Work has started and the first milestone has been met."


def test_a_table_on_the_same_page_keeps_its_first_rows() -> None:
    walk = _FlowWalk.__new__(_FlowWalk)
    walk._narrative = _Narrative()
    walk._narrative.open(4)
    walk._narrative.add(_line("A draft has been shared with partners for comment.", 5, 40))
    table = _table([[("Objective one is met by the actions below it.", 0)], [("4.1", 0), ("Audit.", 1)]], 5)
    assert walk._narrative_overleaf(table) is table
