"""House styles from the tuning ranges that once read badly, each for the layout class it showed.

Expected outputs come from each style's spec (samples/plangen); a style stays here once fixed so
the class it stands for cannot silently break again. F1 counts extras, as bench_styles does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "samples")]

from plangen.corpus import build_document  # noqa: E402
from plangen.score import compare  # noqa: E402

import pipeline  # noqa: E402

CASES = {
    # a heading opening a page over a table ruled in rows on that page (its footer is no 'rows to
    # the page foot')
    4435: "heading over a table ruled on its own page",
    # a row's bullet list ('(cid:127) ...') overleaf read as a new table's header
    4379: "bullet list in a continued row",
    4285: "bullet list in a continued row",
    # a continued table's cells in the top band ('10%', '2025') taken for page numbers
    4057: "letterless cells in the margin band",
    # '(DAVID PRICE) -' / 'RAG rating: RED' heading rows
    4093: "heading RAG wrapped after its lead",
    # a justified row's wrapped line read as labels over values
    2025: "justified wrapped line under a summary row",
    # a table header repeated at the top of every page taken for a running header
    3047: "header repeated in the top band of each page",
    # a section heading block at the foot of a page with no footer line: the rows go on overleaf
    4359: "section heading at a page foot with no footer",
    # a heading over a table ruled in rows on the next page: the lines read on stop at that table
    4259: "heading over a rows-ruled table overleaf",
    # a header split mid-word over five lines whose first line alone passes for short labels
    4340: "header band over five lines",
    # a written key names its colours and one state ('Completed = ...') whose cells show only a
    # fill of their own (blue, a star glyph in it): the state is paired with that colour
    4045: "colourless key label paired with the one unnamed fill",
    2121: "colourless key label paired with the one unnamed fill",
    # status marks drawn as grey glyphs ('■' in #a6a6a6) under a key giving grey its own state
    # ('Grey = Programmed, not yet started'): the mark's grey is read through the key
    3120: "grey glyph marks under a written key",
    1005: "grey glyph marks under a swatch key",
    # a tracker ruled in rows only (no vertical rules) continues overleaf with no header repeated:
    # the page's stack of rules takes the carried table's columns
    4506: "rows-ruled table overleaf without its header",
    # a section row ends the page and its narrative's last line opens the next, over the rows
    4528: "section row narrative running overleaf",
    # monospace type: a two-word header line ('February 2024') shows no font of its own
    4549: "monospace header line of two words",
    # a continued row's first line ('d. Establish a dashboard of | Amber | David Price | Start:')
    # passes for short labels: a ref-led cell is a record's text, never a header label
    4618: "ref-led row overleaf read as a header",
    # a coloured glyph drawn inside a cell over the row's grey banding, both within the row band
    4632: "status glyph over row banding",
    # a 'Start: ... / End: ...' cell split by the page break between its two parts
    4750: "stacked dates split by a page break",
    # a short written key on the page after a wide scorecard is prose, not a continued row
    4760: "short key line under a wide table overleaf",
    # monospace header cells a padding apart ('By when' | 'Revised date') over a column left empty
    4008: "monospace header cells over an empty column",
    # a row split by the page break whose rest opens the next page in several columns over more
    # than three text lines, one figure of it ('23') alone in the top band: no page number
    3190: "split row rest in several columns overleaf",
    # a rows-ruled table ends a page; the next opens with another table's group row and header
    4644: "group row and header of a new table overleaf",
    # an unruled indicator table over an action table whose header is split mid-word over lines
    # ('Delive' / 'ry by') under its group row: the header band ends the table above
    6242: "header band split mid-word under a group row ends the table above",
    # a rows-ruled stack of three tables with the same header in words on no list: each header
    # is proved by its own rows, not the next table's header among them
    6296: "same unlisted header repeated down one rule stack",
    # a key printed across the page as swatches beside labels, overleaf from an unruled table;
    # a cell's lone letter is the initial of one key label ('P' for 'Programmed, not yet started')
    6034: "swatch key line overleaf and a label's initial in the cells",
    # an action table's 'Position this period' over sentences beside an extra column of sentences
    # whose header names nothing ('Resource Implication'): the position column is the progress
    6347: "position header is an action table's progress",
    # a wrapped two-row header (group row, labels on no list wrapped over two lines) opening a new
    # section overleaf: the section heading is its title, not a row of the table above
    6433: "new section's wrapped header overleaf ends the table above",
    # a rows-ruled table overleaf opening with a split row's rest and a section row before its rows
    6694: "rows-ruled carry under a row's rest and a section row",
    # an unruled indicator table's last row opens the next page, then another table's header
    6637: "carried row over a new table's header overleaf",
    # a heading's wrapped last line ('good. - RAG rating: AMBER') in the top band of two pages
    6748: "heading line wrapped into the top band is no running header",
    # a key of swatches beside meanings, captioned, under an unruled table continued overleaf
    4966: "swatch key under a carried table",
    # a month column ('Nov') beside the values is no recommendation-number column ('No.')
    4856: "month column is no 'No.' column",
    # a one-row indicator table headed in words on no list: its first column of codes says measures
    4999: "one-row indicator table typed by its codes",
    # a rows-ruled table's header in words on no list repeated overleaf over one carried row
    4888: "unlisted header repeated over a carried row",
    # rows-ruled stack of per-recommendation tables: a heading band between them proves no header
    1164: "heading band between stacked tables proves no header",
}


@pytest.mark.parametrize("seed", sorted(CASES), ids=lambda s: f"{s}-{CASES[s].replace(' ', '_')}")
def test_a_style_that_once_read_badly_reads_whole(seed: int, tmp_path: Path) -> None:
    _style, doc = build_document(seed, seed % 2)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    score = compare(pipeline.extract_plan(path), doc.expected)
    assert score.f1() >= 0.98, score.mismatches[:5]


def test_a_colourless_key_label_takes_the_one_unnamed_fill_and_says_so(tmp_path: Path) -> None:
    _style, doc = build_document(4045, 1)
    path = tmp_path / doc.name
    path.write_bytes(doc.pdf)
    edition = pipeline.extract_plan(path)
    paired = [i for i in edition.issues if i.code == "PT222"]
    assert len(paired) == 1 and "Completed" in paired[0].message
    completed = [a for a in edition.actions if a.delivery_state.value == "complete"]
    want = [a for a in doc.expected.actions if a.delivery_state.value == "complete"]
    assert want and len(completed) == len(want)
    assert not [i for i in edition.issues if i.code == "PT401"]  # the complete count now reconciles
