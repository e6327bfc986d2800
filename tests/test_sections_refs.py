"""Sections, refs, leads and edition metadata: how a plan introduces its recommendations and itself.

Small synthetic inputs for each mechanism, then the house-style dimensions that exercise them (one
dimension varied from the plain base style, as scripts/ablate_styles.py does), field by field.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from test_layout import table_page, words_at

from pipeline.extract.cells import unglue_ref
from pipeline.extract.leads import split_leads
from pipeline.extract.meta import read_meta
from pipeline.extract.textlayer import from_layout
from pipeline.ingest.pdf import _dingbats
from pipeline.layout import analyse
from pipeline.layout.lines import monospace_pitch, split_at_gaps
from pipeline.models import Document, Page, PageSource, RuleLine, Word
from pipeline.models.layout import TextLine
from pipeline.vocab.sections import split_section_block

ROOT = Path(__file__).resolve().parent.parent


def _line(text: str, page: int = 1, top: float = 0.0) -> TextLine:
    return TextLine(text=text, page=page, x0=40, top=top, x1=400, bottom=top + 10)


# -- narrative under a heading is the recommendation's progress --------------------------------------


def _detail_page() -> Page:
    words = words_at("Recommendation 1: Improve the front door.", 40, 20)
    words += words_at("Lead officer: Ann Lee", 40, 40)
    words += words_at("Audits are complete and learning is shared.", 40, 60)
    words += words_at("The board received an update.", 40, 78)
    page = table_page(
        [["a. Audit the front door.", "Ann Lee", "Dec 2024", "G"]], extra=words, top=110.0, number=1
    )
    return page


def test_the_narrative_under_a_heading_is_the_recommendations_progress() -> None:
    document = Document(name="d.pdf", sha256="0" * 64, kind="pdf", pages=[_detail_page()])
    edition = from_layout(document, analyse(document))
    (rec,) = edition.recommendations
    assert rec.title == "Improve the front door."
    assert rec.leads == ["Ann Lee"]
    assert rec.progress is not None
    assert (
        " ".join(rec.progress.split())
        == "Audits are complete and learning is shared. The board received an update."
    )


def test_narrative_read_into_a_headerless_table_region_is_still_progress() -> None:
    from pipeline.models.layout import Cell, FlowItem, Layout, Row, Table

    page = _detail_page()
    document = Document(name="d.pdf", sha256="0" * 64, kind="pdf", pages=[page])
    layout = analyse(document)
    # the layout took the narrative into a headerless region above the action table
    flow = [
        it for it in layout.flow if it.line is None or not it.line.text.startswith(("Audits", "The board"))
    ]
    para = [
        _line("Audits are complete and learning is shared.", 1, 60.0),
        _line("The board received an update.", 1, 72.0),
    ]
    caption = _line("Performance indicators", 1, 90.0).model_copy(update={"bold": True})
    prose = Table(
        kind="unknown",
        pages=[1],
        top=58,
        bottom=100,
        columns=[],
        rows=[
            Row(
                page=1,
                top=58,
                bottom=85,
                cells=[Cell(lines=para, page=1, x0=40, top=58, x1=400, bottom=85, col_start=0, col_end=2)],
            ),
            Row(
                page=1,
                top=88,
                bottom=100,
                cells=[
                    Cell(lines=[caption], page=1, x0=40, top=88, x1=400, bottom=100, col_start=0, col_end=1),
                    Cell(
                        lines=[_line("Reported monthly", 1, 90.0)],
                        page=1,
                        x0=400,
                        top=88,
                        x1=500,
                        bottom=100,
                        col_start=2,
                        col_end=2,
                    ),
                ],
            ),
        ],
    )
    at = next(k for k, it in enumerate(flow) if it.table is not None)
    flow.insert(at, FlowItem(page=1, top=58, table=prose))
    edition = from_layout(
        document, Layout(flow=flow, page_sources=layout.page_sources, furniture=layout.furniture)
    )
    (rec,) = edition.recommendations
    assert rec.progress is not None
    assert (
        " ".join(rec.progress.split())
        == "Audits are complete and learning is shared. The board received an update."
    )


def test_prose_after_the_last_heading_that_reaches_no_table_is_not_progress() -> None:
    words = words_at("Recommendation 2: Improve supervision.", 40, 20)
    words += words_at("Closing remarks from the director of the service.", 40, 60)
    first = _detail_page()
    last = Page(number=2, width=842, height=595, source=PageSource.TEXT_LAYER, words=words, lines=[])
    document = Document(name="d.pdf", sha256="0" * 64, kind="pdf", pages=[first, last])
    edition = from_layout(document, analyse(document))
    by_number = {r.number: r for r in edition.recommendations}
    assert by_number[1].progress
    assert by_number[2].progress is None


def test_a_continued_heading_keeps_the_recommendations_title_and_page() -> None:
    words = words_at("Recommendation 1 (continued)", 40, 20)
    second = table_page(
        [["b. Review the audits.", "Ann Lee", "Jan 2025", "A"]], extra=words, top=60.0, number=2
    )
    document = Document(name="d.pdf", sha256="0" * 64, kind="pdf", pages=[_detail_page(), second])
    edition = from_layout(document, analyse(document))
    (rec,) = edition.recommendations
    assert (rec.title, rec.provenance.page, rec.leads) == ("Improve the front door.", 1, ["Ann Lee"])
    assert [(a.recommendation, a.ref) for a in edition.actions] == [(1, "a"), (1, "b")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Recommendation 3: Improve X (cont.)", "Improve X"),
        ("Recommendation 3: Improve X - continued", "Improve X"),
        ("Recommendation 2: Ensure support is continued", "Ensure support is continued"),
    ],
)
def test_a_continuation_marker_is_not_title_or_lead(text: str, title: str) -> None:
    from pipeline.vocab.sections import parse_heading

    parsed = parse_heading(text)
    assert parsed is not None and (parsed[1], parsed[2]) == (title, None)


def test_a_section_block_splits_at_its_lead_line() -> None:
    heading, lead, rest = split_section_block(
        ["Recommendation 1: Improve X,", "so that Y.", "Lead officer: Sarah Connolly", "Work has started."]
    )
    assert heading == "Recommendation 1: Improve X, so that Y."
    assert lead == "Sarah Connolly"
    assert rest == ["Work has started."]
    assert split_section_block(["Priority 2 - Improve Z"]) == ("Priority 2 - Improve Z", None, [])


def test_a_heading_block_ends_at_its_bracketed_lead_or_where_bold_type_ends() -> None:
    block = [
        "Should do 3: Improve oversight, so that team",
        "manager oversight is consistently good. (TOM EVANS)",
        "Delayed by staff absence.",
    ]
    heading, lead, rest = split_section_block(block)
    assert (
        heading
        == "Should do 3: Improve oversight, so that team manager oversight is consistently good. (TOM EVANS)"
    )
    assert (lead, rest) == (None, ["Delayed by staff absence."])
    heading, lead, rest = split_section_block(
        ["Priority 1: Improve X.", "Lead officer: Ann Lee", "Work has started."], [True, False, False]
    )
    assert (heading, lead, rest) == ("Priority 1: Improve X.", "Ann Lee", ["Work has started."])


def test_a_heading_row_cut_by_column_rules_is_one_heading_again() -> None:
    from pipeline.extract.cells import block_lines
    from pipeline.models.layout import Cell

    def cell(lines: list[tuple[str, float, float, bool]], a: int, b: int) -> Cell:
        tl = [
            TextLine(text=t, page=1, x0=x, top=top, x1=x + 100, bottom=top + 10, bold=bold)
            for t, x, top, bold in lines
        ]
        return Cell(lines=tl, page=1, x0=0, top=0, x1=1, bottom=1, col_start=a, col_end=b)

    left = cell(
        [
            ("Standard 2 - Improve support, so that pathway", 40, 0, True),
            ("Lead officer: Priya Sharma", 40, 14, False),
            ("Work has started.", 40, 28, False),
            ("Performance indicators", 40, 42, True),
        ],
        0,
        2,
    )
    right = cell([("plans is consistently good.", 400, 0, True)], 3, 4)
    lines = block_lines([left, right])
    heading, lead, rest = split_section_block([ln.text for ln in lines], [ln.bold for ln in lines])
    assert heading == "Standard 2 - Improve support, so that pathway plans is consistently good."
    assert (lead, rest) == ("Priya Sharma", ["Work has started."])


def test_a_heading_read_into_the_summary_table_above_is_still_a_heading() -> None:
    from pipeline.extract.textlayer import _absorbed_headings
    from pipeline.models.layout import Cell, Column, Row, Table

    def cell(lines: list[tuple[str, bool]], a: int, b: int) -> Cell:
        tl = [_line(t, 1, 10.0 * k).model_copy(update={"bold": bold}) for k, (t, bold) in enumerate(lines)]
        return Cell(lines=tl, page=1, x0=0, top=0, x1=1, bottom=1, col_start=a, col_end=b)

    rows = [
        Row(page=1, top=0, bottom=1, cells=[cell([("4", False)], 0, 0), cell([("Improve Y.", False)], 1, 1)]),
        Row(
            page=1,
            top=2,
            bottom=3,
            cells=[
                cell([("Must do 1: Improve X.", True), ("Lead officer: David Price", False)], 0, 1),
                Cell(lines=[], page=1, x0=0, top=0, x1=1, bottom=1, col_start=2, col_end=2),
            ],
        ),
    ]
    cols = [
        Column(index=0, header="No.", role="ref", x0=0, x1=1),
        Column(index=1, header="Recommendation", role="recommendation", x0=1, x1=2),
    ]
    table = Table(kind="summary", pages=[1], top=0, bottom=3, columns=cols, rows=rows)
    (heading,) = _absorbed_headings(table)
    assert (heading.number, heading.title, heading.leads_raw) == (1, "Improve X.", "David Price")


# -- refs --------------------------------------------------------------------------------------------


def test_a_ref_run_into_the_action_text_is_taken_apart() -> None:
    lines = [_line("staff on a dashboard"), _line("of plans.")]
    ref, out = unglue_ref("1.01.02Train", lines)
    assert ref == "1.01.02"
    assert [ln.text for ln in out] == ["Train staff on a dashboard", "of plans."]
    ref, out = unglue_ref("", [_line("1.01.01Embed a framework")])
    assert (ref, out[0].text) == ("1.01.01", "Embed a framework")
    ref, out = unglue_ref("", [_line("R2.03Publish a standard")])
    assert (ref, out[0].text) == ("R2.03", "Publish a standard")
    # nothing glued: untouched
    assert unglue_ref("1.2", lines) == ("1.2", lines)
    assert unglue_ref("", [_line("2024 Review")])[0] == ""


def _indicator_then_action_tables(refs: list[str]) -> Page:
    """A plan with no recommendation headings: an indicator table, then an action table."""
    top, words, lines = 40.0, [], []
    header = ["Code", "Definition", "Owner", "Target", "Latest"]
    cols = [40.0, 120.0, 320.0, 420.0, 520.0, 620.0]
    for r, row in enumerate([header, ["NI 159", "% of children seen in 5 days", "Ann Lee", "53%", "65%"]]):
        for c, text in enumerate(row):
            words += words_at(text, cols[c] + 3, top + 3 + 30 * r)
    ys = [top + 30 * k for k in range(3)]
    lines += [RuleLine(x0=cols[0], top=y, x1=cols[-1], bottom=y) for y in ys]
    lines += [RuleLine(x0=x, top=ys[0], x1=x, bottom=ys[-1]) for x in cols]
    page = table_page(
        [[f"{ref} Do the thing number {k}.", "Ann Lee", "Dec 2024", "G"] for k, ref in enumerate(refs)],
        top=200.0,
    )
    page.words += words
    page.lines += lines
    return page


# the action printed right under the indicators names their recommendation, even when the action
# table runs on into the next recommendation's refs; a first ref that names none says nothing
@pytest.mark.parametrize(
    ("refs", "owner"), [(["3.1", "3.2"], 3), (["3.1", "4.1"], 3), (["2.1.1", "3.1"], 2), (["a", "3.1"], 0)]
)
def test_an_indicator_table_under_no_heading_belongs_to_the_recommendation_its_actions_name(
    refs: list[str], owner: int
) -> None:
    document = Document(
        name="d.pdf", sha256="0" * 64, kind="pdf", pages=[_indicator_then_action_tables(refs)]
    )
    edition = from_layout(document, analyse(document))
    assert [(i.code, i.recommendation) for i in edition.indicators] == [("NI 159", owner)]


# -- leads -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("Lead: Sarah Connolly, Director of Children's Services", ["Sarah Connolly"]),
        ("Kevin Walsh, Assistant Director, Early Help", ["Kevin Walsh"]),
        ("Dr Ann Lee, Principal Social Worker", ["Dr Ann Lee"]),
        ("Jane Smith, Head of QA & John Brown, Head of Service", ["Jane Smith", "John Brown"]),
        ("Jane Smith, John Brown", ["Jane Smith", "John Brown"]),  # two people, no post
        ("Head of Service, Jane Smith", ["Head of Service", "Jane Smith"]),  # a post first is a lead
    ],
)
def test_a_job_title_after_a_name_is_not_a_lead(raw: str, parts: list[str]) -> None:
    assert split_leads(raw) == parts


# -- edition metadata --------------------------------------------------------------------------------


def test_a_board_cover_sheet_is_not_the_plans_title_page() -> None:
    memo = [
        "Report to: Thornbury City Council Improvement Board",
        "Date of meeting: 14 June 2024",
        "Report of: Director of Children's Services",
        "Subject: Improvement plan: progress update",
        "Purpose: To update the Board on delivery of the improvement plan.",
    ]
    plan = [
        "Youth Justice Improvement Plan - progress update June 2024",
        "Thornbury City Council",
        "Version 3",
    ]
    lines = [_line(t, 1, 20.0 * k) for k, t in enumerate(memo)] + [
        _line(t, 2, 20.0 * k) for k, t in enumerate(plan)
    ]
    meta = read_meta(lines)
    assert meta.organisation == "Thornbury City Council"
    assert meta.plan_title == "Youth Justice Improvement Plan"
    assert meta.edition_label == "June 2024"
    assert meta.plan_version == "3"
    # two memo-like fields on a plan's own page do not make it a cover sheet
    own = [_line("Purpose: to improve", 1, 0.0), _line("Subject: care", 1, 20.0)] + [
        _line(t, 1, 40.0 + 20 * k) for k, t in enumerate(plan)
    ]
    assert read_meta(own).plan_title == "Youth Justice Improvement Plan"


def test_an_edition_wrapped_onto_the_next_line_of_a_large_title_is_read() -> None:
    title = [
        _line("SEND Written Statement of Action - progress update December", 1, 50.0),
        _line("2023", 1, 68.0),
        _line("North Harrow Healthcare NHS Trust", 1, 90.0).model_copy(update={"size": 10.0}),
    ]
    title = [
        title[0].model_copy(update={"size": 14.0, "bold": True}),
        title[1].model_copy(update={"size": 14.0, "bold": True}),
        title[2],
    ]
    meta = read_meta(title)
    assert (meta.edition_label, meta.plan_title) == ("December 2023", "SEND Written Statement of Action")


def _mono(text: str, size: float = 14.0, x: float = 36.0) -> list[Word]:
    pitch, out = 0.6 * size, []
    for token in text.split():
        out.append(Word(text=token, x0=x, top=50, x1=x + pitch * len(token), bottom=50 + size, size=size))
        x += pitch * (len(token) + 1)
    return out


def test_a_monospace_word_space_is_not_a_cell_boundary() -> None:
    line = _mono("Youth Justice Improvement Plan - progress update June 2024")
    assert monospace_pitch(line) == pytest.approx(8.4)
    assert len(split_at_gaps(line, 0.6)) == 1
    # proportional type is untouched: the same gap factor still splits header cells
    header = [
        Word(text=t, x0=x, top=50, x1=x + w, bottom=59, size=9)
        for t, x, w in [("Ref", 40, 14.5), ("Action", 120, 25.0), ("Lead", 300, 18.5), ("Due", 400, 16.0)]
    ]
    assert monospace_pitch(header) == 0.0
    assert len(split_at_gaps(header, 0.6)) == 4


def test_zapf_dingbats_codes_are_read_as_the_glyphs_they_draw() -> None:
    assert _dingbats("n") == "\u25a0"
    assert _dingbats("l") == "\u25cf"
    assert _dingbats("H") == "\u2605"


# -- the house-style dimensions that exercise these mechanisms ---------------------------------------


def _ablate():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ablate_styles", ROOT / "scripts" / "ablate_styles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ablate_styles", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("dim", "value", "fields"),
    [
        (None, None, ["recommendation.progress", "recommendation.leads"]),
        ("ref_form", "padded", ["action.ref", "action.text", "action.leads"]),
        ("layout", "long", ["recommendation.title", "recommendation.leads", "indicator.code"]),
        ("intro", "none", ["indicator.code", "indicator.actual"]),
        ("rec_lead", "job_title", ["recommendation.leads"]),
        ("board_cover", "yes", ["edition.organisation", "edition.plan_title"]),
        ("font", "courier", ["edition.plan_title", "edition.edition_label", "edition.plan_version"]),
        ("bullet", "zapf", ["action.bullets", "action.text"]),
    ],
)
def test_house_style_dimension_reads_its_fields(
    tmp_path: Path, dim: str | None, value: str | None, fields: list[str]
) -> None:
    ablate = _ablate()
    from plangen.score import compare

    from pipeline import extract_plan

    pdf, expected = ablate._render(11, dim, value, "ablate.pdf")
    path = tmp_path / "ablate.pdf"
    path.write_bytes(pdf)
    score = compare(extract_plan(path), expected)
    bad = {f: round(score.fields[f].f1, 3) for f in fields if score.fields[f].f1 < 1.0}
    assert not bad, (bad, score.mismatches[:8])
