"""Layout on synthetic pages: ruled and unruled tables, multi-line and spanning cells, stitching."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout import analyse
from pipeline.layout.grid import find_tables
from pipeline.models import Document, FilledRect, Page, PageSource, RuleLine, Word

HEADER = ["Action", "Task Lead", "Completion Date", "RAG"]
COLS = [40.0, 400.0, 550.0, 700.0, 800.0]  # column boundaries (x)


def words_at(text: str, x: float, top: float, size: float = 9.0) -> list[Word]:
    out, cursor = [], x
    for token in text.split():
        width = 0.5 * size * len(token)
        out.append(Word(text=token, x0=cursor, top=top, x1=cursor + width, bottom=top + size, size=size))
        cursor += width + 0.25 * size
    return out


def table_page(
    rows: list[list[str | list[str]]],
    *,
    number: int = 1,
    top: float = 100.0,
    ruled: bool = True,
    header: bool = True,
    extra: list[Word] | None = None,
    row_height: float = 40.0,
) -> Page:
    """A page with one table: each row is a list of cell texts (a list of str is a multi-line cell)."""
    words: list[Word] = list(extra or [])
    all_rows = ([HEADER] if header else []) + rows
    ys = [top + i * row_height for i in range(len(all_rows) + 1)]
    for r, row in enumerate(all_rows):
        for c, cell in enumerate(row):
            lines = cell if isinstance(cell, list) else [cell]
            for k, line in enumerate(lines):
                words += words_at(line, COLS[c] + 3, ys[r] + 3 + 11 * k)
    lines = [RuleLine(x0=COLS[0], top=y, x1=COLS[-1], bottom=y) for y in ys]
    if ruled:
        lines += [RuleLine(x0=x, top=ys[0], x1=x, bottom=ys[-1]) for x in COLS]
    return Page(number=number, width=842, height=595, source=PageSource.TEXT_LAYER, words=words, lines=lines)


def doc(*pages: Page) -> Document:
    return Document(name="t.pdf", sha256="0" * 64, kind="pdf", pages=list(pages))


def tables_of(document: Document) -> list:
    return [item.table for item in analyse(document).flow if item.table is not None]


def test_ruled_table_keeps_wrapped_cells_whole_and_recognises_header_roles() -> None:
    page = table_page(
        [
            [["a. Embed the model so that", "assessments are focused."], "Jane Smith", "Mar 2024", "G"],
            ["b. Review caseloads.", "Omar Patel", "Jun 2024", "A"],
        ]
    )
    [table] = tables_of(doc(page))
    assert table.kind == "actions"
    assert [c.role for c in table.columns] == ["action", "lead", "due", "status"]
    assert len(table.rows) == 2
    first = table.rows[0].cell_for(0)
    assert first is not None and first.text == "a. Embed the model so that\nassessments are focused."


def test_unruled_table_takes_columns_from_the_header() -> None:
    page = table_page(
        [
            ["1.1 Recruit coordinators.", "Head of SEND", "31/03/2024", ""],
            ["1.2 Track every assessment weekly.", "Head of SEND", "30/06/2024", ""],
        ],
        ruled=False,
    )
    [table] = tables_of(doc(page))
    assert not table.ruled
    assert [c.role for c in table.columns] == ["action", "lead", "due", "status"]
    assert [r.cell_for(2).flat for r in table.rows] == ["31/03/2024", "30/06/2024"]  # type: ignore[union-attr]


def test_text_running_across_column_boundaries_is_one_spanning_cell() -> None:
    section = words_at(
        "Area for improvement 2: The quality of plans and the contribution of health and social care",
        COLS[0] + 3,
        143,
    )
    page = table_page(
        [["", "", "", ""], ["2.1 Adopt a framework.", "Head of SEND", "31/12/2023", ""]],
        ruled=False,
        extra=section,
    )
    [table] = tables_of(doc(page))
    spanning = table.rows[0]
    assert spanning.spans_all
    assert spanning.cells[0].flat.startswith("Area for improvement 2:")


def test_cell_fill_is_attached_to_its_cell() -> None:
    page = table_page([["a. Do it.", "Jane Smith", "Mar 2024", "G"]])
    page.rects.append(FilledRect(x0=700, top=140, x1=800, bottom=180, fill="#00b050"))
    [table] = tables_of(doc(page))
    assert table.rows[0].cell_for(3).fill == "#00b050"  # type: ignore[union-attr]
    assert table.rows[0].cell_for(2).fill is None  # type: ignore[union-attr]


def test_table_continuing_with_or_without_repeated_header_is_stitched() -> None:
    p1 = table_page([["a. First.", "Jane Smith", "Mar 2024", "G"]], number=1)
    p2 = table_page([["b. Second.", "Jane Smith", "Mar 2024", "G"]], number=2, top=60)
    p3 = table_page([["c. Third.", "Jane Smith", "Mar 2024", "G"]], number=3, top=60, header=False)
    [table] = tables_of(doc(p1, p2, p3))
    assert table.pages == [1, 2, 3]
    assert [r.cells[0].flat for r in table.rows] == ["a. First.", "b. Second.", "c. Third."]


def test_a_heading_between_tables_starts_a_new_table() -> None:
    p1 = table_page([["a. First.", "Jane Smith", "Mar 2024", "G"]], number=1)
    heading = words_at("Recommendation 2: Improve the quality of assessments.", 40, 60)
    p2 = table_page([["a. Other.", "Omar Patel", "Mar 2024", "G"]], number=2, top=100, extra=heading)
    assert [t.pages for t in tables_of(doc(p1, p2))] == [[1], [2]]


def test_running_headers_are_furniture_not_prose() -> None:
    pages = [
        table_page(
            [["a. First.", "Jane Smith", "Mar 2024", "G"]],
            number=n,
            extra=words_at(f"Improvement Plan 2023-24 Page {n} of 3", 40, 20),
        )
        for n in (1, 2, 3)
    ]
    layout = analyse(doc(*pages))
    assert not [i.line for i in layout.flow if i.line is not None and "Page" in i.line.text]
    assert len(layout.furniture) == 3


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=8), min_size=4, max_size=4),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_grid_recovers_every_cell_text(cells: list[list[str]], ruled: bool) -> None:
    page = table_page([list(r) for r in cells], ruled=ruled)
    tables, rest = find_tables(page, lambda texts: texts == HEADER or set(texts) >= set(HEADER))
    assert len(tables) == 1
    body = tables[0].rows[1:]
    assert [[c.flat for c in row.cells] for row in body] == cells
    assert rest == []


def test_table_without_any_rules_is_found_from_its_header_and_alignment() -> None:
    words = words_at("Recommendation 4: Review caseloads.", 40, 60)
    words += words_at("Action", COLS[0] + 3, 100) + words_at("Task Lead", COLS[1] + 3, 100)
    words += words_at("Start", COLS[2] + 3, 100) + words_at("Completion", COLS[3] + 3, 100)
    words += words_at("Date", COLS[2] + 3, 111) + words_at("Date", COLS[3] + 3, 111)
    rows = [
        (
            ["a. Sustain levels of permanent staff in", "the social work teams."],
            "Jane Smith",
            "Aug 2017",
            "Mar 2018",
        ),
        (["b. Continue to monitor agency staff."], "Jane Smith", "Aug 2017", "Mar 2018"),
    ]
    top = 135.0
    for text_lines, lead, start, due in rows:
        for k, line in enumerate(text_lines):
            words += words_at(line, COLS[0] + 3, top + 11 * k)
        words += words_at(lead, COLS[1] + 3, top) + words_at(start, COLS[2] + 3, top)
        words += words_at(due, COLS[3] + 3, top)
        top += 11 * len(text_lines) + 12
    words += words_at("Key challenges remain in recruitment across the service this year.", 40, top + 60)
    page = Page(number=1, width=842, height=595, source=PageSource.TEXT_LAYER, words=words)
    layout = analyse(doc(page))
    [table] = [i.table for i in layout.flow if i.table is not None]
    assert table.kind == "actions" and not table.ruled
    assert [c.role for c in table.columns] == ["action", "lead", "start", "due"]
    assert [r.cells[0].flat for r in table.rows] == [
        "a. Sustain levels of permanent staff in the social work teams.",
        "b. Continue to monitor agency staff.",
    ]
    assert [r.cell_for(3).flat for r in table.rows] == ["Mar 2018", "Mar 2018"]  # type: ignore[union-attr]
    prose = [i.line.text for i in layout.flow if i.line is not None]
    assert prose[0].startswith("Recommendation 4") and prose[-1].startswith("Key challenges")
