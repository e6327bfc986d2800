"""The history store and timelines: idempotent adds, plan grouping, date order, status across editions."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_diff_factory import action, edition, month_date

from pipeline.errors import InputError
from pipeline.history import build_timeline, open_store, plan_key
from pipeline.history.store import same_name
from pipeline.models import DeliveryState, Edition, Rag

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample(plan: str, stem: str) -> Edition:
    return Edition.model_validate_json((SAMPLES / plan / f"{stem}.expected.json").read_text(encoding="utf-8"))


NORTHBRIDGE = ["northbridge-2024-01", "northbridge-2024-02", "northbridge-2024-04"]


def test_adding_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "plantrack.db"
    ed = edition("jan.pdf")
    assert open_store(db).add_edition(ed, "/data/jan.pdf") is True
    store = open_store(db)
    assert store.add_edition(ed, "/elsewhere/jan-copy.pdf") is False
    assert [s.source_path for s in store.stored(plan_key(ed))] == ["/data/jan.pdf"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"


def test_editions_group_by_normalised_plan_and_sort_by_date_then_label(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    feb = edition(
        "feb.pdf", label="February 2024", date=dt.date(2024, 2, 1), title="Children’s Services Plan"
    )
    jan = edition("jan.pdf", label="January 2024", date=dt.date(2024, 1, 1), title="CHILDRENS SERVICES PLAN")
    undated = edition("x.pdf", label="Draft", date=None, title="Childrens Services Plan")
    other = edition("o.pdf", organisation="Other Council", title="Plan")
    for ed in (undated, feb, jan, other):
        store.add_edition(ed, ed.source.name)
    key = plan_key(jan)
    assert key == plan_key(feb) == "testshire-county-council/childrens-services-plan"
    assert [e.source.name for e in store.editions(key)] == ["jan.pdf", "feb.pdf", "x.pdf"]
    summaries = {p.plan_key: p for p in store.plans()}
    assert summaries[key].editions == 3
    assert (summaries[key].first_date, summaries[key].latest_date) == ("2024-01-01", "2024-02-01")
    assert len(summaries) == 2


def test_a_retitled_progress_update_stays_in_its_plan(tmp_path: Path) -> None:
    """Edition wording in a title ('- progress update June 2024', 'v3') does not split a plan's history."""
    store = open_store(tmp_path / "h.db")
    titles = [
        ("jan.pdf", dt.date(2024, 1, 1), "Children's Services Improvement Plan"),
        ("feb.pdf", dt.date(2024, 2, 1), "Childrens Services Improvement Plan - progress update Feb 2024"),
        ("mar.pdf", dt.date(2024, 3, 1), "Children's Services Improvement Plan (refreshed) v3"),
    ]
    for name, date, title in titles:
        store.add_edition(edition(name, date=date, label=name, title=title), name)
    other = edition("asc.pdf", date=dt.date(2024, 2, 1), title="Adult Social Care Improvement Plan")
    store.add_edition(other, "asc.pdf")
    elsewhere = edition("o.pdf", organisation="Other Council", title="Children's Services Improvement Plan")
    store.add_edition(elsewhere, "o.pdf")
    plans = {p.plan_key: p.editions for p in store.plans()}
    assert plans == {
        "testshire-county-council/childrens-services-improvement-plan": 3,
        "testshire-county-council/adult-social-care-improvement-plan": 1,
        "other-council/childrens-services-improvement-plan": 1,
    }


@given(st.sampled_from(["Improvement Plan", "SEND Written Statement of Action", "Children's Services Plan"]))
def test_edition_wording_never_makes_another_plan(title: str) -> None:
    suffixes = (" - progress update June 2024", " (v4)", ": Quarter 2 2024/25 monitoring report", " FINAL")
    for suffix in suffixes:
        assert same_name(title, title + suffix)
    assert not same_name(title, "Youth Justice Plan")


def test_missing_sources_are_flagged_not_deleted(tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF")
    store = open_store(tmp_path / "h.db")
    store.add_edition(edition("a.pdf"), str(src))
    store.add_edition(edition("b.pdf", label="later"), str(tmp_path / "gone.pdf"))
    assert store.mark_missing() == 1
    assert sorted(s.missing for s in store.stored(plan_key(edition("a.pdf")))) == [False, True]


def test_a_file_that_is_not_a_store_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError, match="not a plantrack history store"):
        open_store(bad)


def test_timeline_follows_relettered_actions_and_counts_slips() -> None:
    timeline = build_timeline([sample("northbridge", s) for s in NORTHBRIDGE])
    assert timeline.editions == ["January 2024", "February 2024", "April 2024"]
    rows = {r.key: r for r in timeline.rows}
    assert rows["R8"].cells[2] == "BAU"
    assert rows["R8-c"].cells == ["G", "C", "-"]  # completed, then gone with its recommendation
    assert rows["R3-a"].cells == ["A", "G", "G"]
    # n9d was R9-d until R9-c was removed; it is one row, now keyed R9-c.
    assert rows["R9-c"].keys == ["R9-d", "R9-d", "R9-c"]
    assert rows["R1-c"].slips == 1 and (rows["R1-c"].first_due, rows["R1-c"].latest_due) == (
        "Mar 2024",
        "Jun 2024",
    )
    assert sum(r.entity == "action" for r in timeline.rows) == len(
        {a.text for s in NORTHBRIDGE for a in sample("northbridge", s).actions}
    )


def test_timeline_cells_for_each_status() -> None:
    eds = [
        edition("a", actions=[action(1, "a", "Alpha work", rag=Rag.AMBER, due=month_date(2024, 3))]),
        edition("b", actions=[action(1, "a", "Alpha work", rag=Rag.RED, due=month_date(2024, 6))]),
        edition(
            "c",
            actions=[
                action(
                    1, "a", "Alpha work", rag=Rag.NONE, due=month_date(2024, 9), state=DeliveryState.COMPLETE
                )
            ],
        ),
    ]
    (row,) = build_timeline(eds).rows
    assert row.cells == ["A", "R", "C"] and row.slips == 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120
    )


def test_history_cli_lists_plans_and_timelines(tmp_path: Path) -> None:
    db = tmp_path / "plantrack.db"
    store = open_store(db)
    for stem in NORTHBRIDGE:
        store.add_edition(sample("northbridge", stem), str(SAMPLES / "northbridge" / f"{stem}.pdf"))
    store.close()
    listing = _cli("history", "--db", str(db), "--json")
    assert listing.returncode == 0, listing.stderr
    (plan,) = json.loads(listing.stdout)
    assert [e["edition_label"] for e in plan["editions"]] == ["January 2024", "February 2024", "April 2024"]
    table = _cli("history", "--db", str(db), "--plan", "northbridge")
    assert table.returncode == 0 and "R9-c" in table.stdout and "BAU" in table.stdout
    as_json = json.loads(_cli("history", "--db", str(db), "--plan", "Children", "--json").stdout)
    assert as_json["editions"] == ["January 2024", "February 2024", "April 2024"]
    miss = _cli("history", "--db", str(db), "--plan", "eastmoor")
    assert miss.returncode == 3 and "matches no plan" in miss.stderr
    none = _cli("history", "--db", str(tmp_path / "nope.db"))
    assert none.returncode == 3 and "run plantrack extract first" in none.stderr
    assert not (tmp_path / "nope.db").exists()
