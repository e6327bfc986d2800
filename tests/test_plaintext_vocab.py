"""The plain-text reader reads the shared vocabulary: section headings in any form ('Priority 2:', 'Area
for improvement 3', 'Workstream 1 –', 'Must do 1:'), refs ('3.2', '(3b)', 'R1.2', 'a.'), lead labels
other than 'Recommendation Lead', bullets and status sentences. Expected values are what each text says."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.plaintext_detail import heading_number
from pipeline.models import Edition
from pipeline.vocab.lines import LEAD_MARK_RE, STATUS_SENTENCE_RE, split_ref

COVER = "Children's Services Improvement Plan\nWestvale Borough Council\nProgress update March 2024\n\n"


def _read(tmp_path: Path, body: str) -> Edition:
    from pipeline.orchestrate import extract

    path = tmp_path / "plan.txt"
    path.write_text(COVER + body, encoding="utf-8")
    return extract(path)


def _actions(edition: Edition) -> dict[str, tuple[int, str | None, str]]:
    return {a.key: (a.recommendation, a.ref, a.text) for a in edition.actions}


def test_priority_headings_dotted_refs_and_lead_officer_lines(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Priority 1: Improve the timeliness of assessments.\n"
        "Lead officer: Anna Berg\n"
        "Assessments are now tracked weekly.\n"
        "\n"
        "1.1 Introduce a weekly tracker of open assessments.\n"
        "1.2 Audit twenty assessments each month.\n"
        "\n"
        "Priority 2: Strengthen management oversight - RAG rating: AMBER\n"
        "Lead officer: Tom Evans\n"
        "\n"
        "2.1 Train all team managers on supervision.\n"
        "2.2 Publish a supervision standard.\n"
        "2.10 Review the standard after six months.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert sorted(recs) == [1, 2]
    assert recs[1].title == "Improve the timeliness of assessments."
    assert recs[1].leads_raw == "Anna Berg"
    assert recs[1].progress == "Assessments are now tracked weekly."
    assert recs[2].title == "Strengthen management oversight"
    assert recs[2].leads_raw == "Tom Evans"
    assert recs[2].rag.value == "amber"
    assert _actions(edition) == {
        "R1-1.1": (1, "1.1", "Introduce a weekly tracker of open assessments."),
        "R1-1.2": (1, "1.2", "Audit twenty assessments each month."),
        "R2-2.1": (2, "2.1", "Train all team managers on supervision."),
        "R2-2.2": (2, "2.2", "Publish a supervision standard."),
        "R2-2.10": (2, "2.10", "Review the standard after six months."),
    }
    # refs keep the plan's order: 2.10 after 2.2, not between 2.1 and 2.2
    assert [a.ref for a in edition.actions if a.recommendation == 2] == ["2.1", "2.2", "2.10"]


def test_area_for_improvement_headings_and_bracketed_refs(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Area for improvement 3 Ensure children's plans are reviewed on time (Lead: Dr Ann Lee)\n"
        "(3a) Set up a reviewing timetable for every child in care.\n"
        "(3b) Report review timeliness to the board each quarter.\n"
        "\n"
        "Area for improvement 4 Improve the quality of supervision\n"
        "Responsible officer: Omar Patel\n"
        "(4a) Agree a supervision policy with the practice leads.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert sorted(recs) == [3, 4]
    assert recs[3].title == "Ensure children's plans are reviewed on time"
    assert recs[3].leads_raw == "Dr Ann Lee"
    assert recs[4].title == "Improve the quality of supervision"
    assert recs[4].leads_raw == "Omar Patel"
    assert _actions(edition) == {
        "R3-3a": (3, "3a", "Set up a reviewing timetable for every child in care."),
        "R3-3b": (3, "3b", "Report review timeliness to the board each quarter."),
        "R4-4a": (4, "4a", "Agree a supervision policy with the practice leads."),
    }


def test_workstream_headings_letter_refs_owner_labels_and_bullets(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Workstream 1 – Front door and early help\n"
        "Owner: Priya Sharma\n"
        "a. Review the MASH threshold document.\n"
        "• agree the scope with partners\n"
        "• share learning with all teams\n"
        "b. Recruit two early help coordinators.\n"
        "Workstream 2 – Care leavers (JANE SMITH)\n"
        "a. Open a care leavers' hub.\n"
        "Must do 3: Improve the local offer for families.\n"
        "Senior responsible officer: Helen Wu\n"
        "R3.1 Publish the local offer online.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert sorted(recs) == [1, 2, 3]
    assert (recs[1].title, recs[1].leads_raw) == ("Front door and early help", "Priya Sharma")
    assert (recs[2].title, recs[2].leads_raw) == ("Care leavers", "JANE SMITH")
    assert (recs[3].title, recs[3].leads_raw) == ("Improve the local offer for families.", "Helen Wu")
    assert _actions(edition) == {
        "R1-a": (1, "a", "Review the MASH threshold document."),
        "R1-b": (1, "b", "Recruit two early help coordinators."),
        "R2-a": (2, "a", "Open a care leavers' hub."),
        "R3-R3.1": (3, "R3.1", "Publish the local offer online."),
    }
    a = next(x for x in edition.actions if x.key == "R1-a")
    assert a.bullets == ["agree the scope with partners", "share learning with all teams"]


def test_a_heading_wraps_until_its_lead_and_a_sentence_after_it_is_progress(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Priority 1: Improve placement sufficiency and stability, so that foster\n"
        "carer recruitment is consistently good. (SARAH CONNOLLY)\n"
        "Recruitment is under way; two posts remain vacant.\n"
        "Priority 2: Improve the voice of the child in planning.\n"
        "Work has started and the first milestone has been met.\n"
        "2.1 Embed a practice standard for direct work.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert recs[1].title == (
        "Improve placement sufficiency and stability, so that foster carer recruitment is consistently good."
    )
    assert recs[1].leads_raw == "SARAH CONNOLLY"
    assert recs[1].progress == "Recruitment is under way; two posts remain vacant."
    assert recs[2].title == "Improve the voice of the child in planning."
    assert recs[2].leads_raw is None
    assert recs[2].progress == "Work has started and the first milestone has been met."
    assert _actions(edition) == {"R2-2.1": (2, "2.1", "Embed a practice standard for direct work.")}


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Priority 2: Strengthen oversight", 2),
        ("Area for improvement 3 Ensure plans are reviewed", 3),
        ("Workstream 1 – Front door", 1),
        ("Standard 4 - Referrals", 4),
        ("Must do 2: Improve X", 2),
        ("Recommendation 12: Improve Y", 12),
        ("Work stream One: Early help", 1),
        # prose that starts with a section word is not a heading
        ("Priority 1 actions were delayed by the restructure.", None),
        ("priority 2: lower case start", None),
        ("Recommendation Lead: JANE SMITH", None),
        ("Recommendation 3.2 is complete", None),
    ],
)
def test_heading_number(line: str, number: int | None) -> None:
    assert heading_number(line) == number


@pytest.mark.parametrize(
    ("line", "ref"),
    [
        ("1.2 Train staff", ("1.2", "Train staff")),
        ("(3b) Report to the board", ("3b", "Report to the board")),
        ("R1.2 Publish the offer", ("R1.2", "Publish the offer")),
        ("a. Embed the model", ("a", "Embed the model")),
        ("C. IROs to assure themselves", ("c", "IROs to assure themselves")),  # OCR capital
        ("b, Strengthen the evidence", ("b", "Strengthen the evidence")),  # OCR comma
        ("4.01.01 Establish training", ("4.01.01", "Establish training")),
        # an OCR'd round bullet, a bare number starting a wrapped line
        ("e Further embed the trackers", None),
        ("18 Months after the inspection", None),
        ("Embed the model", None),
    ],
)
def test_split_ref(line: str, ref: tuple[str, str] | None) -> None:
    assert split_ref(line) == ref


@pytest.mark.parametrize(
    ("line", "leads"),
    [
        ("1 | Ensure oversight | pacommendation Lead: YVONNE COATES G", "YVONNE COATES G"),
        ("Improve X | Lead officer: Tom Evans", "Tom Evans"),
        ("Responsible officer: Omar Patel", "Omar Patel"),
        ("SRO: Helen Wu", "Helen Wu"),
        ("The service will be led by the new head of service.", None),
    ],
)
def test_lead_label_inside_a_line(line: str, leads: str | None) -> None:
    m = LEAD_MARK_RE.search(line)
    assert (m.group("leads").strip() if m else None) == leads


@pytest.mark.parametrize(
    ("line", "is_status"),
    [
        ("The RAG rating is GREEN.", True),
        ("Overall status: Amber", True),
        ("RAG status - Red.", True),
        ("The status of the audit programme was discussed at the board.", False),
        ("Green", False),
    ],
)
def test_status_sentence(line: str, is_status: bool) -> None:
    assert bool(STATUS_SENTENCE_RE.match(line)) is is_status


def test_a_summary_status_cell_ending_the_line_and_rows_after_a_value_block(tmp_path: Path) -> None:
    """Text exports print the summary's status column last ('... front door. Business as usual'); a
    ref after a wrapped 'End:' date cell starts the next action row."""
    edition = _read(
        tmp_path,
        "Summary of recommendations\n"
        "No. Recommendation Status\n"
        "1 Improve support for care leavers.\n"
        "2 Improve multi-agency working at the front door. Business as usual\n"
        "\f"
        "Must do 1: Improve support for care leavers. (HELEN WU)\n"
        "1.1 Recruit to a dip-sample audit of case audits. Start: 01.04.2023\n"
        "End:\n"
        "01.09.2023\n"
        "1.2 Train staff on foster carer recruitment.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert sorted(recs) == [1, 2]
    assert recs[2].delivery_state.value == "business_as_usual"
    assert recs[2].title == "Improve multi-agency working at the front door."
    assert (recs[1].title, recs[1].leads_raw) == ("Improve support for care leavers.", "HELEN WU")
    assert [a.key for a in edition.actions] == ["R1-1.1", "R1-1.2"]
    assert edition.actions[1].text == "Train staff on foster carer recruitment."


def test_without_headings_refs_place_actions_under_their_recommendation(tmp_path: Path) -> None:
    """One tracker for the whole plan, no section headings: '3.2' and '(3b)' put their actions under
    recommendation 3; a letter-only ref stays with the recommendation above it."""
    edition = _read(
        tmp_path,
        "Improvement plan tracker\n"
        "Ref Action Lead Due\n"
        "1.1 Embed training on direct work for all team managers.\n"
        "1.2 Recruit to an improvement workshop.\n"
        "3.2 Audit placement moves every quarter.\n"
        "(3b) Report placement stability to the board.\n"
        "R4.1 Publish the local offer.\n",
    )
    assert sorted(r.number for r in edition.recommendations) == [1, 3, 4]
    assert _actions(edition) == {
        "R1-1.1": (1, "1.1", "Embed training on direct work for all team managers."),
        "R1-1.2": (1, "1.2", "Recruit to an improvement workshop."),
        "R3-3.2": (3, "3.2", "Audit placement moves every quarter."),
        "R3-3b": (3, "3b", "Report placement stability to the board."),
        "R4-R4.1": (4, "R4.1", "Publish the local offer."),
    }


def test_progress_under_a_heading_stops_at_the_table_caption_and_header(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Standard 1 - Referrals\n"
        "Lead: Jane Smith, Head of Service\n"
        "Work has started and the first milestone has been met.\n"
        "What we will do Reported monthly\n"
        "Description Task Lead Start date Deadline RAG Progress update Evaluation of impact\n"
        "a. Deliver peer review of the MASH.\n",
    )
    rec = edition.recommendations[0]
    assert (rec.number, rec.title) == (1, "Referrals")
    assert rec.leads_raw == "Jane Smith, Head of Service"
    assert rec.progress == "Work has started and the first milestone has been met."
    assert _actions(edition) == {"R1-a": (1, "a", "Deliver peer review of the MASH.")}


def test_a_header_repeated_on_the_next_page_is_neither_text_nor_an_objective(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Priority 1: Improve the timeliness of assessments.\n"
        "Ref Action Owner Due date Progress update\n"
        "1.1 Introduce a weekly tracker.\n"
        "1.2 Audit twenty assessments.\n"
        "\f"
        "Ref Action Owner Due date Progress update\n"
        "1.3 Report the audit to the board.\n",
    )
    assert [(a.ref, a.text, a.objective) for a in edition.actions] == [
        ("1.1", "Introduce a weekly tracker.", None),
        ("1.2", "Audit twenty assessments.", None),
        ("1.3", "Report the audit to the board.", None),
    ]


def test_a_status_sentence_under_a_heading_is_the_recommendation_status(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Workstream 1 – Front door\n"
        "Owner: Priya Sharma\n"
        "Recruitment is under way; two posts remain vacant.\n"
        "Overall status: Amber\n"
        "a. Review the MASH threshold document.\n"
        "Workstream 2 – Care leavers\n"
        "a. Open a care leavers' hub.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert (recs[1].rag.value, recs[1].progress) == (
        "amber",
        "Recruitment is under way; two posts remain vacant.",
    )
    assert recs[2].rag.value == "none"


def test_cell_fragments_and_page_furniture_open_no_objective_row(tmp_path: Path) -> None:
    """Text exported from a multi-column table leaves cells on lines of their own; a real unlettered
    row of four or more words still groups the actions after it."""
    edition = _read(
        tmp_path,
        "Priority 1: Improve the timeliness of assessments.\n"
        "Ref Action Owner Due date Progress update\n"
        "1.1 Introduce a weekly tracker.\n"
        "End: TBC\n"
        "FINAL v3.0 1 February 2025 Page 3 of 5\n"
        "1.2 Audit twenty assessments.\n"
        "Strengthen the quality of social work practice across teams.\n"
        "1.3 Report the audit to the board.\n",
    )
    assert [(a.ref, a.objective) for a in edition.actions] == [
        ("1.1", None),
        ("1.2", None),
        ("1.3", "Strengthen the quality of social work practice across teams."),
    ]


def test_a_summary_status_column_printed_last_gives_each_row_its_status(tmp_path: Path) -> None:
    edition = _read(
        tmp_path,
        "Summary of recommendations\n"
        "No. Recommendation Lead Status\n"
        "1 Improve the quality of social work practice Sarah Connolly Amber\n"
        "2 Improve the voice of the child David Price On track\n"
        "\f"
        "Priority 1: Improve the quality of social work practice\n"
        "Supervision audits are under way.\n"
        "1.1 Train staff on supervision.\n"
        "Priority 2: Improve the voice of the child\n"
        "2.1 Audit plans for direct work.\n",
    )
    recs = {r.number: r for r in edition.recommendations}
    assert (recs[1].rag.value, recs[1].status_raw) == ("amber", "Amber")
    assert (recs[2].rag.value, recs[2].status_raw) == ("green", "On track")
    # the row's words mix title, lead and status: the heading gives the title and the progress
    assert recs[1].title == "Improve the quality of social work practice"
    assert recs[1].progress == "Supervision audits are under way."
    assert recs[2].title == "Improve the voice of the child"
    assert [a.key for a in edition.actions] == ["R1-1.1", "R2-2.1"]
