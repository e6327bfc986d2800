"""The sample corpus: generator determinism, expected outputs valid and self-consistent, layout kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import Edition, PageSource
from pipeline.schema import SCHEMA_DIR, schema_for

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))

import generate  # noqa: E402
from plangen import changes, values  # noqa: E402

# Samples another helper owns (the Darlington reconstruction) are not this corpus's to check.
EXPECTED = sorted(
    p for p in SAMPLES.glob("*/*.expected.json") if not p.name.startswith(("changes-", "darlington"))
)
CHANGE_FILES = sorted(SAMPLES.glob("*/changes-*.expected.json"))
TEXT_LAYER = [p for p in EXPECTED if not p.name.endswith("-scan.expected.json")]
ENTITIES = {"recommendation", "action", "indicator", "legend", "totals", "edition"}
KINDS = {"added", "removed", "renumbered", "changed"}
JUDGEMENTS = {
    None,
    "improved",
    "worsened",
    "slipped",
    "brought_forward",
    "completed",
    "moved_to_bau",
    "reopened",
    "towards_target",
    "away_from_target",
    "lead_changed",
}


def _edition(path: Path) -> Edition:
    return Edition.model_validate_json(path.read_text(encoding="utf-8"))


def _pdf(path: Path) -> Path:
    return path.with_name(path.name.replace(".expected.json", ".pdf"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_complete() -> None:
    names = {p.name for p in EXPECTED}
    for stem in (
        "northbridge-2024-01",
        "northbridge-2024-02",
        "northbridge-2024-04",
        "northbridge-2024-04-scan",
        "eastmoor-2024-03",
        "eastmoor-2024-06",
        "eastmoor-2024-06-scan",
    ):
        assert f"{stem}.expected.json" in names
    assert [p.name for p in CHANGE_FILES] == [
        "changes-eastmoor-2024-03--eastmoor-2024-06.expected.json",
        "changes-northbridge-2024-01--northbridge-2024-02.expected.json",
        "changes-northbridge-2024-02--northbridge-2024-04.expected.json",
    ]


def test_text_layer_samples_are_deterministic_and_checked_in(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate.generate(first, scans=False)
    generate.generate(second, scans=False)
    a, b = _files(first), _files(second)
    assert a == b
    for name, data in a.items():
        assert (SAMPLES / name).read_bytes() == data, f"{name} differs from the checked-in file: regenerate"


@pytest.mark.slow
def test_scans_are_deterministic_and_checked_in(tmp_path: Path) -> None:
    stems = {"northbridge-2024-04", "eastmoor-2024-06"}
    first, second = tmp_path / "a", tmp_path / "b"
    generate.generate(first, only=stems)
    generate.generate(second, only=stems)
    a, b = _files(first), _files(second)
    assert a == b
    scans = [n for n in a if n.endswith("-scan.pdf")]
    assert len(scans) == 2
    for name in scans:
        assert (SAMPLES / name).read_bytes() == a[name], f"{name} differs from the checked-in file"
    assert sum(len(a[n]) for n in scans) < 8_000_000  # keep the corpus small


@pytest.fixture(scope="module")
def edition_schema() -> dict[str, Any]:
    path = SCHEMA_DIR / "edition.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else schema_for(Edition)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_expected_validates_against_model_and_schema(path: Path, edition_schema: dict[str, Any]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    Edition.model_validate(data)
    jsonschema.validate(data, edition_schema)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_expected_matches_its_pdf(path: Path) -> None:
    edition = _edition(path)
    pdf = _pdf(path)
    assert edition.source.name == pdf.name
    assert edition.source.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == edition.source.page_count == len(edition.source.pages)
        scanned = path.name.endswith("-scan.expected.json")
        assert all((len(p.chars) == 0) == scanned for p in doc.pages)
    want = PageSource.OCR if scanned else PageSource.TEXT_LAYER
    assert {p.source for p in edition.source.pages} == {want}
    assert {
        r.provenance.source for r in [*edition.recommendations, *edition.actions, *edition.indicators]
    } == {want}


def _found(edition: Edition, entity: str, category: str) -> int:
    records: list[Any] = list(edition.recommendations if entity == "recommendation" else edition.actions)
    if category == "total":
        return len(records)
    if category in ("business_as_usual", "complete"):
        return sum(r.delivery_state.value == category for r in records)
    return sum(r.rag.value == category for r in records)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_stated_totals_reconcile_except_planted(path: Path) -> None:
    edition = _edition(path)
    assert edition.stated_totals
    wrong = Counter(
        (t.page, t.entity, t.category)
        for t in edition.stated_totals
        if t.value != _found(edition, t.entity, t.category)
    )
    planted = [i for i in edition.issues if i.code == "PT401"]
    # Each wrongly stated count is planted once per sentence it appears in, and nothing else is planted.
    assert len(wrong) == len(planted)
    assert {p for p, _e, _c in wrong} == {i.page for i in planted}
    assert all(i.code == "PT401" for i in edition.issues)


def test_exactly_one_planted_mismatch_in_corpus() -> None:
    planted = {p.name: [i.code for i in _edition(p).issues] for p in EXPECTED}
    assert planted.pop("eastmoor-2024-06.expected.json") == ["PT401"]
    assert planted.pop("eastmoor-2024-06-scan.expected.json") == ["PT401"]
    assert all(v == [] for v in planted.values())


@pytest.mark.parametrize("path", TEXT_LAYER, ids=lambda p: p.name)
def test_provenance_boxes_hold_their_records(path: Path) -> None:
    edition = _edition(path)
    with pdfplumber.open(_pdf(path)) as doc:
        for rec in edition.recommendations:
            box = rec.provenance
            text = " ".join(doc.pages[box.page - 1].crop(box.bbox).extract_text().split())
            assert str(rec.number) in text and rec.title.split()[0] in text, (rec.number, text)
        for action in edition.actions:
            box = action.provenance
            text = " ".join(doc.pages[box.page - 1].crop(box.bbox).extract_text().split())
            assert action.ref in text and " ".join(action.text.split()[:3]) in text, (action.key, text)
            assert action.due is None or action.due.raw in text
        for ind in edition.indicators:
            box = ind.provenance
            text = " ".join(doc.pages[box.page - 1].crop(box.bbox).extract_text().split())
            assert ind.code in text and (ind.actual is None or ind.actual.raw in text), (ind.key, text)


@pytest.mark.parametrize("stem", ["northbridge-2024-04", "eastmoor-2024-06"])
def test_scan_expected_is_its_twin_read_by_ocr(stem: str) -> None:
    folder = SAMPLES / stem.split("-")[0]
    twin = _edition(folder / f"{stem}.expected.json").model_dump(mode="json")
    scan = _edition(folder / f"{stem}-scan.expected.json").model_dump(mode="json")
    for doc in (twin, scan):
        doc.pop("source")
        for kind in ("recommendations", "actions", "indicators"):
            for record in doc[kind]:
                record["provenance"].pop("source")
    assert twin == scan


def _change_pair(path: Path) -> tuple[Edition, Edition]:
    old, new = path.name.removeprefix("changes-").removesuffix(".expected.json").split("--")
    return _edition(path.with_name(f"{old}.expected.json")), _edition(path.with_name(f"{new}.expected.json"))


def _keys(edition: Edition, entity: str) -> set[str]:
    if entity == "recommendation":
        return {str(r.number) for r in edition.recommendations}
    if entity == "action":
        return {a.key for a in edition.actions}
    if entity == "indicator":
        return {i.key for i in edition.indicators}
    return {f"{t.entity}:{t.category}" for t in edition.stated_totals}


@pytest.mark.parametrize("path", CHANGE_FILES, ids=lambda p: p.name)
def test_change_lists_refer_to_real_records(path: Path) -> None:
    old, new = _change_pair(path)
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert entries
    for c in entries:
        assert set(c) == {"entity", "key", "old_key", "kind", "field", "judgement"}
        assert c["entity"] in ENTITIES and c["kind"] in KINDS and c["judgement"] in JUDGEMENTS
        if c["kind"] == "removed":
            assert c["key"] in _keys(old, c["entity"]) and c["old_key"] == c["key"]
        else:
            assert c["key"] in _keys(new, c["entity"])
        if c["kind"] == "added":
            assert c["old_key"] is None
        elif c["kind"] != "removed":
            assert c["old_key"] in _keys(old, c["entity"])


@pytest.mark.parametrize("path", CHANGE_FILES, ids=lambda p: p.name)
def test_change_lists_cover_every_keyed_difference(path: Path) -> None:
    """Independent of the spec's identities: records kept under one key that differ must be listed."""
    old, new = _change_pair(path)
    listed = {(c["entity"], c["key"], c["field"]) for c in json.loads(path.read_text(encoding="utf-8"))}
    renumbered = {
        (c["entity"], c["key"])
        for c in json.loads(path.read_text(encoding="utf-8"))
        if c["kind"] in ("renumbered", "added")
    }
    olds = {a.key: a for a in old.actions}
    for action in new.actions:
        if action.key in olds and ("action", action.key) not in renumbered:
            for field in changes.ACTION_FIELDS:
                if getattr(olds[action.key], field) != getattr(action, field):
                    assert ("action", action.key, field) in listed
    old_ind = {i.key: i for i in old.indicators}
    for ind in new.indicators:
        for field in changes.INDICATOR_FIELDS:
            if ind.key in old_ind and getattr(old_ind[ind.key], field) != getattr(ind, field):
                assert ("indicator", ind.key, field) in listed
    old_totals = {f"{t.entity}:{t.category}": t.value for t in old.stated_totals}
    for t in new.stated_totals:
        key = f"{t.entity}:{t.category}"
        assert (old_totals.get(key) != t.value) == (("totals", key, "value") in listed)


def test_diff_of_an_edition_with_itself_is_empty() -> None:
    from specs import eastmoor, northbridge

    for spec in (northbridge.JANUARY, eastmoor.MARCH):
        plan = next(p for p in generate.PLANS if spec in p.editions)
        rendered = plan.render(spec)
        edition = plan.build(spec, rendered, "x.pdf", PageSource.TEXT_LAYER, rendered.pdf)
        assert changes.diff(spec, edition, spec, edition) == []


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_month_dates_span_the_whole_month(year: int, month: int) -> None:
    name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"][month - 1]
    date = values.plan_date(f"{name} {year}")
    assert date is not None and date.value == dt.date(year, month, 1)
    assert date.end is not None and (date.end + dt.timedelta(days=1)).day == 1 and date.end.month == month


@given(st.integers(2000, 2098), st.integers(1, 4))
def test_financial_quarters_fall_in_their_april_to_march_year(year: int, quarter: int) -> None:
    date = values.plan_date(f"Q{quarter} {year}/{(year + 1) % 100:02d}")
    assert date is not None and date.value is not None and date.end is not None
    assert dt.date(year, 4, 1) <= date.value < date.end <= dt.date(year + 1, 3, 31)
    assert (date.end - date.value).days in range(88, 92)
    assert date.value.month == [4, 7, 10, 1][quarter - 1]


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_day_first_dates_round_trip(day: dt.date) -> None:
    for raw in (day.strftime("%d/%m/%Y"), f"{day.day}.{day.month}.{day.year % 100:02d}"):
        parsed = values.plan_date(raw)
        assert parsed is not None and parsed.value == parsed.end == day


def test_leads_are_normalised_against_names_used_elsewhere() -> None:
    known = {"Jane Smith", "Omar Patel"}
    assert values.leads("JANE SMITH & OMAR PATEL", known) == ["Jane Smith", "Omar Patel"]
    assert values.leads("J Smith", known) == ["Jane Smith"]
    assert values.leads("Jane Smith / Omar Patel", known) == ["Jane Smith", "Omar Patel"]
    assert values.leads("Head of SEND", known) == ["Head of SEND"]
    assert values.leads("K Jones", known) == ["K Jones"]
