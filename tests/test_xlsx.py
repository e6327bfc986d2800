"""XLSX export read back with openpyxl: sheets, header freeze, autofilter, status and judgement fills."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from test_diff_factory import action, edition, indicator, month_date, recommendation

from pipeline.diff import diff_editions
from pipeline.emit.records import ACTION_COLUMNS, write_edition
from pipeline.emit.xlsx import STATUS_FILLS, write_edition_xlsx
from pipeline.models import DeliveryState, Rag, ReconciliationResult, StatedTotal
from pipeline.report.changes_xlsx import write_diff_xlsx


def _edition():  # type: ignore[no-untyped-def]
    ed = edition(
        "plan.pdf",
        recommendations=[recommendation(1, "Improve oversight", rag=Rag.AMBER)],
        actions=[
            action(1, "a", "=SUM(A1:A9) looks like a formula", rag=Rag.RED, due=month_date(2018, 3)),
            action(1, "b", "Finished work\x07 with a bell", rag=Rag.NONE, state=DeliveryState.COMPLETE),
            action(1, "c", "Business as usual now", state=DeliveryState.BUSINESS_AS_USUAL),
        ],
        indicators=[indicator(1, "CSC 340a", 94.0)],
        totals=[StatedTotal(entity="action", category="total", value=3, raw="3 individual actions")],
    )
    return ed.model_copy(
        update={
            "reconciliation": [
                ReconciliationResult(entity="action", category="total", stated=3, found=3, ok=True),
                ReconciliationResult(entity="action", category="complete", stated=2, found=1, ok=False),
            ]
        }
    )


def _rgb(cell) -> str:  # type: ignore[no-untyped-def]
    return str(cell.fill.start_color.rgb)[-6:]


def test_edition_workbook_has_the_sheets_frozen_headers_filters_and_status_colours(tmp_path: Path) -> None:
    path = tmp_path / "edition.xlsx"
    write_edition_xlsx(_edition(), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Recommendations", "Actions", "Indicators", "Issues"]
    actions = wb["Actions"]
    assert actions.freeze_panes == "A2"
    assert actions.auto_filter.ref == f"A1:{actions.cell(1, len(ACTION_COLUMNS)).column_letter}4"
    header = [c.value for c in actions[1]]
    assert header == ACTION_COLUMNS
    rag = header.index("rag") + 1
    state = header.index("delivery_state") + 1
    assert _rgb(actions.cell(2, rag)) == STATUS_FILLS["red"]
    assert _rgb(actions.cell(3, state)) == STATUS_FILLS["complete"]
    assert _rgb(actions.cell(4, rag)) == STATUS_FILLS["business_as_usual"]
    text = actions.cell(2, header.index("text") + 1)
    assert text.data_type == "s" and text.value.startswith("=SUM")
    assert actions.cell(3, header.index("text") + 1).value == "Finished work with a bell"
    assert actions.cell(2, header.index("recommendation") + 1).value == 1  # numbers stay numeric
    assert actions.column_dimensions["E"].width > 10
    ind = wb["Indicators"]
    ind_header = [c.value for c in ind[1]]
    assert _rgb(ind.cell(2, ind_header.index("rag") + 1)) == STATUS_FILLS["green"]
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["organisation"] == "Testshire County Council" and summary["actions"] == 3
    no = [row for row in wb["Summary"].iter_rows() if row[4].value == "NO"]
    assert len(no) == 1 and _rgb(no[0][4]) == STATUS_FILLS["red"]


def test_write_edition_produces_the_workbook_beside_json_and_csv(tmp_path: Path) -> None:
    written = write_edition(_edition(), tmp_path / "out")
    assert tmp_path / "out" / "edition.xlsx" in written
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp files left


def test_diff_workbook_rows_are_coloured_by_judgement(tmp_path: Path) -> None:
    old = edition(
        "a",
        actions=[
            action(1, "a", "Audit files monthly", rag=Rag.GREEN),
            action(1, "b", "Train managers", due=month_date(2018, 3)),
        ],
    )
    new = edition(
        "b",
        actions=[
            action(1, "a", "Audit files monthly", rag=Rag.GREEN),
            action(1, "b", "Train managers", due=month_date(2018, 6), rag=Rag.RED),
        ],
    )
    path = tmp_path / "changes.xlsx"
    write_diff_xlsx(diff_editions(old, new), path)
    ws = load_workbook(path)["Changes"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    judgements = [r[header.index("judgement")] for r in rows]
    assert sorted(judgements) == ["slipped", "worsened"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:M{len(rows) + 1}"
    assert _rgb(ws.cell(2, 1)) == "FFC7CE" and _rgb(ws.cell(2, len(header))) == "FFC7CE"
    slipped = rows[judgements.index("slipped")]
    assert slipped[header.index("months")] == 3
