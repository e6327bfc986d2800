"""Where a table's header and rows are: record rows are no header, group rows over a header, a
table that runs on to the next page without its header. Constructed rows and corpus seeds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
from plangen.corpus import build_document

from pipeline import extract_plan
from pipeline.layout import is_header
from pipeline.models import Edition


def test_a_record_row_with_header_words_is_no_header() -> None:
    # 'Completed' and 'From Feb 24' (a date with the period stripped: 'From') name roles, but a ref
    # and a date in figures make the row a record
    row = ["(5c)", "Publish peer review of agency staffing.", "Completed", "From Feb 24", "28.10.2024"]
    assert not is_header(row)
    # a ref leading the action's text, or a date with its word ('From Feb 25'), is a value too
    assert not is_header(["a. Train staff on peer review.", "Completed", "Amara Bell", "From Feb 25"])
    # the wrapped lines of a row's cells start in lower case
    assert not is_header(["audits.", "started", "milestone has", "people"])
    assert is_header(["Ref", "Action", "Status", "Start", "Due date"])
    assert is_header(["Code", "Indicator", "Target", "Q1", "Q2"])  # period headers are labels
    assert is_header(["PI tag", "Baseline 2022/23", "Rating"])  # a year names the period, not the column


@pytest.mark.parametrize(
    "seed",
    [
        3084,  # unruled, padded refs '1.01.01' (they read as dates too) under an unlisted 'Line' header
        3028,  # grid, a group row over an unlisted header; a table's last rows overleaf before pooling
        3014,  # rows ruled only, a long tracker running on to the next page with no repeated header
        3095,  # unruled, a group row over the header at the top of a page after a table that ended
        3038,  # unruled, header words split mid-word over three lines ('Account' / 'able' / 'manager')
        3077,  # unruled, a one-measure indicator table straight above an action table with a group
        #        row, its rows' cells wrapped; 'Workstream N' section rows
        3071,  # unruled, an action row right under the header holds header words ('Completed')
        3074,  # two sections with the same title open pages: headings, not a running header
        3046,  # unruled Courier: rows' wrapped lines hold header words ('started'); a section
        #        heading in the top margin opens the page the tracker runs on to
        3055,  # rows ruled only, a row split over the page break starts in the top margin band
        1047,  # unruled, a summary table carried to the top of a page whose next table's header
        #        splits its words mid-word over three lines ('Int' / 'ervention planned')
        1181,  # rows ruled only, a section row cut by the page break: its narrative sits above the
        #        first rule of the next page, the table carries on under it
        1043,  # unruled Courier: a row's date cell ends overleaf ('2024 to' / '2025') above a
        #        'Priority 3' heading whose rows follow
        1236,  # unruled, the last column's text runs further right overleaf than on the page before
        1257,  # grid, a lead merged down over two rows splits the rules into two overlapping stacks
        56,  # grid Courier, the top rule of a continuation page broken under a lead merged down
        4149,  # grid, a one-row continuation whose top rule is broken under a lead merged down
        4176,  # unruled Courier, a row's wrapped line at line spacing ('dashboard of assessment |
        #        From | shared with partners') is no header of a new table
        1094,  # unruled, a carried row's second line of short cells ('audit of strategy |
        #        completed | Sharma | Feb') is no header of a new table
    ],
)
def test_house_style_tables_are_read_whole(seed: int, tmp_path: Path) -> None:
    _style, doc = build_document(seed, seed % 2)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    got = {a.key for a in extract_plan(path).actions}
    want = {a.key for a in doc.expected.actions}
    assert want <= got


@pytest.mark.parametrize(
    "seed",
    [
        3011,  # rows ruled only, a group row over the header repeated at the top of the next page
        2008,  # rows ruled only, the key's caption on the page after the tracker ends
        3028,  # grid, a row split over the page break: its tail (a bullet, no ref) is the same row
        2053,  # unruled, the header's second line ends 'Lead Officer' with '(s)', no row's ref
        2043,  # rows ruled only, Courier: a section row's short line ('good.  (LUCY FERNANDES)')
        #        has a one-character space at a column edge, no column gap
        1006,  # grid, a group row over the header repeated on the continuation page
        17,  # rows ruled only: a continuation ends with the next table's group row over its header
        23,  # rows ruled only: a split row's rest overleaf holds a bullet and a stacked 'Revised:' date
        4130,  # grid, the repeated header's group row ruled as a band of its own overleaf
        1136,  # unruled Courier: a row's bullets open the next page inside one column; the page's
        #        running footer stamp ('FINAL v1.0 ... Page 5 of 7') under the last row is no row
    ],
)
def test_a_table_carried_overleaf_takes_no_group_row_or_prose(seed: int, tmp_path: Path) -> None:
    _style, doc = build_document(seed, seed % 2)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    edition = extract_plan(path)
    assert {a.key for a in edition.actions} == {a.key for a in doc.expected.actions}
    assert len(edition.legend.entries) == len(doc.expected.legend.entries)


def _edition(seed: int, tmp_path: Path) -> tuple[Edition, Edition]:
    _style, doc = build_document(seed, seed % 2)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    return extract_plan(path), doc.expected


def test_monospace_columns_a_word_space_apart_are_told_apart_by_their_rows(tmp_path: Path) -> None:
    # seed 3085: Courier, rows ruled only; 'Position this period' and 'Budget impact' sit one
    # character apart in the header; the rows' wider gaps there show the boundary
    edition, expected = _edition(3085, tmp_path)
    got = {a.key: (a.progress, a.extra) for a in edition.actions}
    assert got == {a.key: (a.progress, a.extra) for a in expected.actions}
    # seed 3046: 'Jane Smith' under 'Lead Officer' has a one-character space on every line there,
    # no column boundary
    edition, expected = _edition(3046, tmp_path)
    assert {i.key: i.leads for i in edition.indicators} == {i.key: i.leads for i in expected.indicators}
    # seed 3013: 'Q4 2025' under 'By when' has its one space under the header's; a line holding
    # only 'TBC' there shows no gap in the cell
    edition, expected = _edition(3013, tmp_path)
    assert all("By" not in a.extra for a in edition.actions)


def test_a_section_rows_narrative_overleaf_stays_with_its_row(tmp_path: Path) -> None:
    """A row split by the page break above the next page's first rule: its rest is the row's, so the
    recommendation keeps its progress narrative and the table carries on under it."""
    got, want = _edition(1181, tmp_path)
    assert {r.number: r.progress for r in got.recommendations} == {
        r.number: r.progress for r in want.recommendations
    }


def test_a_heading_over_a_header_on_no_list_opens_a_section(tmp_path: Path) -> None:
    """A recommendation heading at the top of a page (its RAG wrapped onto a second line) over a
    table whose header is in words on no list: the heading is that table's title, not a section
    row of the table carried from the page before."""
    got, want = _edition(4192, tmp_path)
    fields = ("title", "leads", "rag", "status_raw")
    assert {r.number: [getattr(r, f) for f in fields] for r in got.recommendations} == {
        r.number: [getattr(r, f) for f in fields] for r in want.recommendations
    }


def test_a_key_written_under_an_unruled_table_ends_it(tmp_path: Path) -> None:
    """'Key: Red = Off track; Amber = ...' under the last indicator table is a key, not a row: the
    table's records are read and the key's entries are the legend."""
    got, want = _edition(4087, tmp_path)
    assert {i.key for i in got.indicators} == {i.key for i in want.indicators}
    assert len(got.legend.entries) == len(want.legend.entries)
