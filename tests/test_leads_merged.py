"""Leads the layout leaves whole but mis-shaped: merged lead cells, stacked names read as one line,
a repeated header row read into a lead cell, a neighbouring column's number joined to a name."""

from __future__ import annotations

from pipeline.extract.finish import carry_merged_leads, resolve_leads
from pipeline.extract.leads import LeadDirectory, is_lead_header, split_leads
from pipeline.models import Action, PageSource, Provenance

NAMES = ["Rhys Morgan", "Sarah Connolly", "Helen Wu", "Tom Evans"]


def _action(rec: int, ref: str | None, lead: str | None, page: int = 1, top: float = 100.0) -> Action:
    return Action(
        key=f"R{rec}-{ref or '#1'}",
        recommendation=rec,
        ref=ref,
        text="Embed a practice standard.",
        leads_raw=lead,
        provenance=Provenance(
            page=page, bbox=(60.0, top, 500.0, top + 30.0), source=PageSource.TEXT_LAYER, confidence=1.0
        ),
    )


def _leads(actions: list[Action]) -> list[list[str]]:
    resolve_leads([], actions, [], {})
    return [a.leads for a in actions]


def test_merged_lead_cell_gives_its_lead_to_the_rows_it_spans() -> None:
    actions = [
        _action(1, "1.1", "Helen Wu", top=100),
        _action(1, "1.2", None, top=140),
        _action(1, "1.3", None, top=180),
        _action(2, "2.1", "Tom Evans", top=260),
        _action(2, "2.2", "Rhys Morgan", top=300),
    ]
    assert _leads(actions) == [["Helen Wu"], ["Helen Wu"], ["Helen Wu"], ["Tom Evans"], ["Rhys Morgan"]]


def test_merged_cell_runs_on_over_a_page_break() -> None:
    actions = [
        _action(1, "a", "Helen Wu / Tom Evans", page=3, top=700),
        _action(1, "b", None, page=4, top=60),
    ]
    actions += [_action(2, "a", "Rhys Morgan", page=4, top=200)]
    assert _leads(actions)[1] == ["Helen Wu", "Tom Evans"]


def test_no_carry_across_recommendations() -> None:
    actions = [
        _action(1, "a", "Helen Wu"),
        _action(2, "a", None, top=200),
        _action(2, "b", "Tom Evans", top=240),
    ]
    assert _leads(actions)[1] == []


def test_no_carry_when_the_document_prints_no_lead_column() -> None:
    # most rows name nobody: the table has no lead column, the one lead came from elsewhere
    actions = [_action(1, "a", "Helen Wu"), _action(1, "b", None, top=140), _action(1, "c", None, top=180)]
    assert _leads(actions) == [["Helen Wu"], [], []]


def test_fragment_rows_get_no_lead_but_the_merged_cell_runs_past_them() -> None:
    actions = [
        _action(1, "1.1", "Helen Wu", page=2, top=700),
        _action(1, "1.1", None, page=3, top=60),  # the rest of row 1.1, split by the page break
        _action(1, "1.2", None, page=3, top=100),
        _action(2, "2.1", "Tom Evans", page=3, top=300),
    ]
    assert _leads(actions) == [["Helen Wu"], [], ["Helen Wu"], ["Tom Evans"]]


def test_no_carry_when_the_row_prints_a_name_in_another_cell() -> None:
    actions = [
        _action(1, "a", "Helen Wu"),
        _action(1, "b", None, top=140),
        _action(2, "a", "Tom Evans", top=300),
    ]
    actions[1].text = "Review the audit programme Tom Evans"
    directory = LeadDirectory.from_raw([a.leads_raw for a in actions if a.leads_raw])
    assert carry_merged_leads(actions, directory) == []
    assert actions[1].leads_raw is None


def test_carried_lead_is_reported() -> None:
    actions = [
        _action(1, "a", "Helen Wu"),
        _action(1, "b", None, top=140),
        _action(2, "a", "Tom Evans", top=300),
    ]
    issues = resolve_leads([], actions, [], {})
    assert [(i.code, i.record) for i in issues] == [("PT212", "action:R1-b")]


def test_header_words_in_a_lead_cell_are_the_header_repeated() -> None:
    # a header repeated over a page break joined to the merged cell's row below it
    actions = [
        _action(4, "4.1", "Lucy Fernandes / David Price", page=4, top=750),
        _action(4, "4.2", "Named person", page=5, top=56),
        _action(5, "5.1", "Jane Smith", page=5, top=230),
    ]
    assert _leads(actions)[1] == ["Lucy Fernandes", "David Price"]


def test_is_lead_header() -> None:
    for header in ["Named person", "Named Pers on", "Task Lead", "Accountable manager", "Led by", "Owner"]:
        assert is_lead_header(header), header
    for lead in ["Service Manager", "Rhys Morgan", "Head of SEND", "S Key", "Ned Keyes"]:
        assert not is_lead_header(lead), lead
    assert split_leads("Responsible Officer(s)") == []


def test_stacked_names_read_as_one_line_split_by_the_directory() -> None:
    directory = LeadDirectory.from_raw(NAMES)
    assert [m.name for m in directory.resolve("Rhys Morgan Sarah Connolly")] == [
        "Rhys Morgan",
        "Sarah Connolly",
    ]
    # one known name and one unknown full name beside it
    assert [m.name for m in directory.resolve("Omar Patel Helen Wu")] == ["Omar Patel", "Helen Wu"]


def test_run_of_words_that_is_no_run_of_names_stays_whole() -> None:
    directory = LeadDirectory.from_raw(NAMES)
    assert [m.name for m in directory.resolve("Helen Wu Jones")] == ["Helen Wu Jones"]
    assert [m.name for m in directory.resolve("Head of Service Helen Wu")] == ["Head of Service Helen Wu"]
    # nothing known in it: no evidence that it is two people
    assert [m.name for m in directory.resolve("Early Help Locality Coordinator")] == [
        "Early Help Locality Coordinator"
    ]


def test_a_number_joined_to_a_name_is_dropped() -> None:
    assert split_leads("Kevin Walsh 6") == ["Kevin Walsh"]
    assert split_leads("Kevin Walsh 45%") == ["Kevin Walsh"]


def test_ocr_marks_on_a_scanned_name() -> None:
    assert split_leads("'omar Pate!") == ["omar Patel"]
    assert split_leads('"Helen Wu"') == ["Helen Wu"]
    assert split_leads("Jane O'Neill") == ["Jane O'Neill"]
    directory = LeadDirectory.from_raw(["Omar Patel", "Omar Patel", "'omar Pate!"])
    assert [m.name for m in directory.resolve("'omar Pate!")] == ["Omar Patel"]
