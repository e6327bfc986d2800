"""Coverage (issue 16): what was not read is said, loudly; fully read documents stay quiet.

Calibration runs both ways: every sample (text layer, and the plain-text seed) raises none of the coverage
warnings PT501-PT505, and the same samples with tables renamed (headers no longer in the synonym
table) or removed (header row and rules gone, so no table is found) raise at least one.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfWriter

from pipeline.batch.outcome import OK, Outcome
from pipeline.errors import ExitCode
from pipeline.ingest import load_document
from pipeline.models import Document, Edition
from pipeline.models.coverage import page_ranges
from pipeline.options import ExtractOptions
from pipeline.orchestrate import extract, extract_document
from pipeline.validate.coverage import WARNING_CODES

SAMPLES = ROOT / "samples"
try:  # the evaluator is moving beside the generator (samples/plangen/score.py)
    from pipeline.evaluate import compare  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    sys.path.insert(0, str(SAMPLES))
    from plangen.score import compare  # type: ignore[import-not-found,no-redef,unused-ignore]
TEXT_LAYER = sorted(p for p in SAMPLES.glob("*/*.pdf") if not p.name.endswith("-scan.pdf"))
SEED = SAMPLES / "darlington-2017-12.ocr.txt"
NB = SAMPLES / "northbridge" / "northbridge-2024-01.pdf"
EM = SAMPLES / "eastmoor" / "eastmoor-2024-03.pdf"

# Header cells renamed to words no synonym table knows (bold header text in the PDFs' content streams).
ACTION_HEADERS = {"Action": "Alpha", "Task Lead": "Beta", "Start Date": "Gamma", "Completion Date": "Delta"}
INDICATOR_HEADERS = {"PI Number": "Alpha", "Description": "Beta", "Lead Officer": "Gamma", "Target": "Omega"}
TRACKER_HEADERS = {"Ref": "Nr", "Action": "Alpha", "Owner": "Beta", "Due date": "Gamma", "Status": "Delta"}


def warnings(edition: Edition) -> list[str]:
    return [i.code for i in edition.issues if i.code in WARNING_CODES]


def expected(pdf: Path) -> Edition:
    path = pdf.with_name(pdf.name.replace(".pdf", ".expected.json").replace(".ocr.txt", ".expected.json"))
    return Edition.model_validate_json(path.read_text(encoding="utf-8"))


def renamed(src: Path, dst: Path, names: dict[str, str], pages: set[int] | None = None) -> Path:
    """A copy of a sample PDF with some printed strings replaced in its content streams."""
    writer = PdfWriter(clone_from=src)
    for n, page in enumerate(writer.pages, start=1):
        if pages is None or n in pages:
            contents = page.get_contents()
            assert contents is not None
            data = contents.get_data()
            for old, new in names.items():
                data = data.replace(f"({old}) Tj".encode(), f"({new}) Tj".encode())
            contents.set_data(data)
            page.replace_contents(contents)
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


def _header_words(doc: Document, page_no: int, needles: tuple[str, ...]) -> set[int]:
    page = doc.pages[page_no - 1]
    lines: dict[int, list] = {}
    for w in page.words:
        lines.setdefault(round(w.top), []).append(w)
    return {
        id(w) for ws in lines.values() if all(n in " ".join(x.text for x in ws) for n in needles) for w in ws
    }


def removed(doc: Document, needles: tuple[str, ...], pages: set[int] | None = None) -> Document:
    """Tables whose header line holds `needles` lose that line and the page's rules: no table is found."""
    damaged = doc.model_copy(deep=True)
    for page in damaged.pages:
        if pages is not None and page.number not in pages:
            continue
        ids = _header_words(damaged, page.number, needles)
        if ids:
            page.words = [w for w in page.words if id(w) not in ids]
            page.lines = []
    return damaged


# ---- calibration: the samples are fully read -------------------------------------------------------


@pytest.mark.parametrize("pdf", TEXT_LAYER, ids=lambda p: p.name)
def test_samples_are_fully_read(pdf: Path) -> None:
    edition = extract(pdf)
    assert warnings(edition) == []
    assert edition.coverage is not None and edition.coverage.partly_read == []
    assert edition.coverage.share >= 0.9
    assert all(t.records or t.kind == "legend" or t.rows < 2 for t in edition.coverage.tables)
    summary = [i for i in edition.issues if i.code == "PT500"]
    assert len(summary) == 1 and summary[0].message.startswith("fully read: ")


def test_plain_text_seed_is_fully_read() -> None:
    edition = extract(SEED)
    assert warnings(edition) == []
    assert edition.coverage is not None and edition.coverage.tables == []
    assert edition.coverage.share >= 0.9 and len(edition.coverage.pages) == 25


def test_coverage_counts_every_page_and_table() -> None:
    edition = extract(NB)
    cov = edition.coverage
    assert cov is not None
    assert [p.number for p in cov.pages] == list(range(1, 12))
    assert all(p.read + p.left_over == p.words for p in cov.pages)
    assert cov.words == sum(p.words for p in cov.pages) and cov.read == sum(p.read for p in cov.pages)
    actions = [t for t in cov.tables if t.kind == "actions"]
    assert actions and all(t.header.startswith("Action | Task Lead") for t in actions)
    # every action row became a record, or was an objective row above them (read, not a record)
    assert sum(t.records for t in actions) == len(edition.actions)
    assert all(t.read == t.words for t in actions)
    summary = next(t for t in cov.tables if t.kind == "summary")
    assert summary.pages == [4, 5] and summary.rows == summary.records == 10


def test_expected_editions_load_and_dump_without_coverage() -> None:
    """The specs' expected editions have no coverage; dumping one adds no key (the corpus stays the same)."""
    path = SAMPLES / "northbridge" / "northbridge-2024-01.expected.json"
    edition = Edition.model_validate_json(path.read_text(encoding="utf-8"))
    assert edition.coverage is None
    assert "coverage" not in edition.model_dump(mode="json")
    assert json.loads(path.read_text(encoding="utf-8")) == edition.model_dump(mode="json")


# ---- calibration: damaged samples are not ----------------------------------------------------------

RENAMED: list[tuple[str, Path, dict[str, str], set[int] | None]] = [
    ("action headers", NB, ACTION_HEADERS, None),
    ("action headers p6-7", NB, ACTION_HEADERS, {6, 7}),
    ("action headers p9", NB, ACTION_HEADERS, {9}),
    ("indicator headers", NB, INDICATOR_HEADERS, None),
    ("summary headers", NB, {"Recommendation": "Alpha", "Progress": "Beta", "RAG": "Gamma"}, {4, 5}),
    # Renamed past every list, these are now read from their cells' content (2026-12-02: all score
    # 1.000), so the test checks the other direction for them: no warning.
    ("tracker headers p2", EM, TRACKER_HEADERS, {2}),
    ("tracker headers p3", EM, TRACKER_HEADERS, {3}),
]


@pytest.mark.parametrize(
    "name, pdf, names, pages",
    RENAMED,
    ids=[str(r.values[0]) if hasattr(r, "values") else r[0] for r in RENAMED],
)
def test_renamed_tables_warn_only_when_not_read(
    tmp_path: Path, name: str, pdf: Path, names: dict[str, str], pages: set[int] | None
) -> None:
    """Calibration both ways on headers renamed to words no list knows ('Alpha', 'Beta'): a table read
    fully from its cells' content anyway (as most now are) raises no warning; one read under 0.9 does."""
    edition = extract(renamed(pdf, tmp_path / pdf.name, names, pages))
    score = compare(edition, expected(pdf)).ratio()
    print(f"{name}: score {score:.3f}, coverage {edition.coverage.share if edition.coverage else None}")
    if score >= 0.98:
        assert not warnings(edition), (name, warnings(edition))
        return
    if score >= 0.9:
        return  # between the two: the calibration rule asks for neither
    assert warnings(edition), name
    assert edition.coverage is not None and edition.coverage.partly_read
    unread = [t for t in edition.coverage.tables if t.unread]
    pt501 = [i for i in edition.issues if i.code == "PT501"]
    assert all(i.page in edition.coverage.partly_read for i in pt501)
    if pt501:
        assert unread and "rows and none became a record" in pt501[0].message


REMOVED: list[tuple[str, Path, tuple[str, ...], set[int] | None]] = [
    ("action tables", NB, ("Task", "Completion"), None),
    ("action table p7", NB, ("Task", "Completion"), {7}),
    ("tracker", EM, ("Ref", "Owner"), None),
]


@pytest.fixture(scope="module")
def ingested() -> dict[Path, Document]:
    return {p: load_document(p, ExtractOptions()) for p in (NB, EM)}


@pytest.mark.parametrize("name, pdf, needles, pages", REMOVED, ids=[r[0] for r in REMOVED])
def test_removed_tables_raise_a_coverage_warning(
    ingested: dict[Path, Document], name: str, pdf: Path, needles: tuple[str, ...], pages: set[int] | None
) -> None:
    edition = extract_document(removed(ingested[pdf], needles, pages))
    score = compare(edition, expected(pdf)).ratio()
    print(f"{name}: score {score:.3f}")
    assert score < 0.98  # the damage is real
    assert "PT503" in warnings(edition) or "PT501" in warnings(edition), name
    assert edition.coverage is not None and edition.coverage.partly_read


def test_a_tracker_continued_without_its_repeated_header_is_still_read(
    ingested: dict[Path, Document],
) -> None:
    # the tracker runs on from page 2: with the header repeated on page 3 removed (all but a stray
    # 'date'), its rows there are read as the continuation they are, so that is no damage, and no
    # coverage warning or false total follows
    edition = extract_document(removed(ingested[EM], ("Ref", "Owner"), {3}))
    assert compare(edition, expected(EM)).ratio() >= 0.98
    assert "PT401" not in {i.code for i in edition.issues}


SEED_VARIANTS: dict[str, Callable[[list[str]], list[str]]] = {
    "recommendations 4-6 deleted": lambda ls: ls[:379] + ls[560:],
    "second half deleted": lambda ls: ls[:560],
}


@pytest.mark.parametrize("name", SEED_VARIANTS)
def test_damaged_seed_raises_a_coverage_warning(tmp_path: Path, name: str) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    path = tmp_path / SEED.name
    path.write_text("\n".join(SEED_VARIANTS[name](lines)), encoding="utf-8")
    edition = extract(path)
    assert compare(edition, expected(SEED)).ratio() < 0.9
    assert "PT504" in warnings(edition)  # "the document states 41 actions and only N were read"


def test_renamed_action_headers_in_plain_text_are_still_read(tmp_path: Path) -> None:
    # the plain-text reader finds action rows by their refs, dates and status cells, not only by a
    # header line it knows; so renaming the header is no damage and raises no coverage warning
    lines = SEED.read_text(encoding="utf-8").split("\n")
    path = tmp_path / SEED.name
    path.write_text(
        "\n".join(re.sub(r"^\s*Action Task Lead.*$", "Alpha Beta", ln) for ln in lines), encoding="utf-8"
    )
    assert compare(extract(path), expected(SEED)).ratio() >= 0.9


# ---- where users look: the progress line, index.csv, run.json, --strict, the report ----------------


def test_progress_line_says_partly_read_with_pages(tmp_path: Path, ingested: dict[Path, Document]) -> None:
    edition = extract_document(removed(ingested[NB], ("Task", "Completion"), {7}))
    line = Outcome(tmp_path / NB.name, OK, edition=edition, duration=0.5).describe()
    assert line.startswith("partly read (page") and "7" in line
    assert Outcome(NB, OK, edition=extract(NB)).describe().startswith("ok ")


def test_page_ranges() -> None:
    assert page_ranges([]) == "" and page_ranges([3]) == "page 3"
    assert page_ranges([11, 2, 6, 7, 8, 9]) == "pages 2, 6-9, 11" and page_ranges([4, 5]) == "pages 4, 5"


def image_pages(src: Path, dst: Path, pages: set[int]) -> Path:
    """A copy of a PDF whose `pages` are images only (a scan spliced into a digital file)."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader

    reader, writer = PdfReader(src), PdfWriter()
    rendered = pdfium.PdfDocument(src.read_bytes())
    for n, page in enumerate(reader.pages, start=1):
        if n not in pages:
            writer.add_page(page)
            continue
        buf = io.BytesIO()
        rendered[n - 1].render(scale=100 / 72).to_pil().convert("RGB").save(buf, "PDF", resolution=100)
        writer.add_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


@pytest.fixture(scope="module")
def damaged_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Northbridge with its action-table pages 6-7 as images, read with --ocr never: those pages are
    not read at all (renamed headers no longer make a damaged fixture: they are read from content)."""
    folder = tmp_path_factory.mktemp("inputs")
    image_pages(NB, folder / "northbridge-renamed.pdf", {6, 7})
    (folder / EM.name).write_bytes(EM.read_bytes())
    return folder


Capsys = pytest.CaptureFixture[str]


def _run(args: list[str], capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """`plantrack ARGS` as the console script runs it: (exit code, stdout, stderr)."""
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["plantrack", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return (int(code) if isinstance(code, int) else 1 if code else 0), captured.out, captured.err


def test_strict_fails_a_partly_read_run_with_its_own_code(
    tmp_path: Path, damaged_folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    args = ["extract", str(damaged_folder), "--workers", "1", "--no-store", "--ocr", "never", "-o"]
    code, _, text = _run([*args, str(out)], capsys, monkeypatch)
    assert code == 0, text
    assert "partly read (pages " in text and "1 partly read" in text
    rows = {r["name"]: r for r in csv.DictReader((out / "index.csv").open(encoding="utf-8"))}
    assert rows[EM.name]["partly_read"] == "" and float(rows[EM.name]["coverage"]) >= 0.9
    assert rows["northbridge-renamed.pdf"]["partly_read"].startswith("2;") or rows["northbridge-renamed.pdf"][
        "partly_read"
    ].startswith("6")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    docs = {Path(d["path"]).name: d for d in run["documents"]}
    assert (
        docs["northbridge-renamed.pdf"]["partly_read"] and 0 < docs["northbridge-renamed.pdf"]["coverage"] < 1
    )
    issues = (out / "northbridge-renamed" / "issues.csv").read_text(encoding="utf-8")
    assert "PT101" in issues and "PT500" in issues
    strict = tmp_path / "strict"
    code, _, text = _run([*args, str(strict), "--strict"], capsys, monkeypatch)
    assert code == ExitCode.PARTLY_READ == 11, text
    assert "--strict: 1 document(s) only partly read" in text
    assert (strict / "northbridge-renamed" / "edition.json").is_file()  # outputs are still written
    code, _, text = _run(
        ["extract", str(EM), "-o", str(tmp_path / "em"), "--strict", "--no-store"], capsys, monkeypatch
    )
    assert code == 0, text


def test_strict_on_stdout(damaged_folder: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = damaged_folder / "northbridge-renamed.pdf"
    code, out, err = _run(["extract", str(pdf), "-o", "-", "--strict", "--ocr", "never"], capsys, monkeypatch)
    assert code == 11 and json.loads(out)["coverage"]["partly_read"] and "--strict" in err


def garbled(doc: Document, pages: set[int]) -> Document:
    """`pages` with their action tables' header words gone and every body word turned to 'lorem': the
    tables are still found (their rules stay) but nothing in them can be read, by header or content."""
    damaged = removed(doc, ("Task", "Completion"), pages).model_copy(deep=True)
    original = {p.number: p for p in doc.pages}
    for page in damaged.pages:
        if page.number in pages:
            page.lines = original[page.number].lines
            page.words = [w.model_copy(update={"text": "lorem"}) if w.top > 150 else w for w in page.words]
    return damaged


def test_report_lists_unread_tables(ingested: dict[Path, Document]) -> None:
    from pipeline.report.html import EditionInfo, unread_tables

    damaged = extract_document(garbled(ingested[NB], {7}))
    html = unread_tables(
        [EditionInfo(extract(NB), "January", None, None), EditionInfo(damaged, "X", "file:///x.pdf", None)]
    )
    assert '<table id="unread">' in html and 'data-edition="X"' in html
    assert 'href="file:///x.pdf#page=7"' in html and 'data-edition="January"' not in html
    assert "January: 93% of words read" in html
    clean = unread_tables([EditionInfo(extract(NB), "January", None, None)])
    assert clean.startswith('<p id="unread">Every table of every edition was read.')


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("pdf", sorted(SAMPLES.glob("*/*-scan.pdf")), ids=lambda p: p.name)
def test_scanned_samples_are_fully_read(pdf: Path) -> None:
    edition = extract(pdf)
    assert warnings(edition) == [] and edition.coverage is not None and edition.coverage.share >= 0.9


CORPUS_SEEDS = range(40)


@pytest.mark.slow
def test_corpus_calibration_both_ways(tmp_path: Path) -> None:
    """F1 < 0.9 raises at least one coverage warning; F1 >= 0.98 raises none (first edition of each seed).

    Measured 2026-12-02 on seeds 0-79: 0 fully read documents warn; 2 of the documents under 0.9 (seeds
    41 and 69, outside this range) are silent, from many small losses no check sees.
    """
    sys.path.insert(0, str(SAMPLES))
    from plangen.corpus import build_document  # type: ignore[import-not-found,unused-ignore]

    from pipeline.errors import PlantrackError

    silent, noisy = [], []
    for seed in CORPUS_SEEDS:
        _style, doc = build_document(seed, 0)
        path = tmp_path / doc.name
        path.write_bytes(doc.pdf)
        try:
            edition = extract(path)
        except PlantrackError:
            continue  # a clean failure is loud already
        f1 = compare(edition, doc.expected).f1()
        if f1 < 0.9 and not warnings(edition):
            silent.append((seed, round(f1, 3)))
        if f1 >= 0.98 and warnings(edition):
            noisy.append((seed, warnings(edition)))
    assert not noisy, noisy
    assert not silent, silent


# ---- PT505: every word read, yet a field the document gives is missing from most records ----------


def _field_warnings(edition: Edition) -> list[str]:
    from pipeline.validate.coverage import _thin_fields

    return [f"{i.code}:{i.field}" for i in _thin_fields(edition)]


def test_fully_read_samples_raise_no_field_warning() -> None:
    for pdf in TEXT_LAYER:
        assert _field_warnings(expected(pdf)) == [], pdf.name


def test_actions_without_status_ref_or_recommendation_are_flagged() -> None:
    from pipeline.models import DeliveryState, Rag

    edition = expected(NB)
    assert len(edition.actions) >= 8
    half = len(edition.actions) // 2 + 1
    unrated = [
        a.model_copy(update={"rag": Rag.NONE, "delivery_state": DeliveryState.UNKNOWN}) if i < half else a
        for i, a in enumerate(edition.actions)
    ]
    assert "PT505:rag" in _field_warnings(edition.model_copy(update={"actions": unrated}))
    unnumbered = [
        a.model_copy(update={"ref": None}) if i < half else a for i, a in enumerate(edition.actions)
    ]
    assert _field_warnings(edition.model_copy(update={"actions": unnumbered})) == ["PT505:ref"]
    quarter = len(edition.actions) // 4 + 1
    orphans = [
        a.model_copy(update={"recommendation": 0}) if i < quarter else a
        for i, a in enumerate(edition.actions)
    ]
    assert _field_warnings(edition.model_copy(update={"actions": orphans})) == ["PT505:recommendation"]


def test_a_column_of_dates_or_names_kept_as_unknown_is_flagged() -> None:
    edition = expected(NB)
    moved = [
        a.model_copy(update={"due": None, "extra": {**a.extra, "Fin ish": a.due.raw}}) if a.due else a
        for a in edition.actions
    ]
    assert "PT505:Fin ish" in _field_warnings(edition.model_copy(update={"actions": moved}))
    names = [
        a.model_copy(update={"leads": [], "extra": {"Accountable": "Jane Smith / Omar Patel"}})
        for a in edition.actions
    ]
    assert _field_warnings(edition.model_copy(update={"actions": names})) == ["PT505:Accountable"]
    # kept text that is neither dates, statuses nor names is not news
    prose = [a.model_copy(update={"extra": {"Resources": "Within existing budget"}}) for a in edition.actions]
    assert _field_warnings(edition.model_copy(update={"actions": prose})) == []


def test_indicators_without_values_are_flagged() -> None:
    edition = expected(NB)
    assert len(edition.indicators) >= 3
    empty = [i.model_copy(update={"target": None, "actual": None}) for i in edition.indicators]
    assert _field_warnings(edition.model_copy(update={"indicators": empty})) == ["PT505:actual"]


def test_date_fields_holding_no_date_are_flagged_but_unplaceable_date_phrases_are_not() -> None:
    from pipeline.codes import issue

    edition = expected(NB)
    n = len(edition.actions)
    misread = [issue("PT209", "cannot read 'Audit shows improved compliance' as a date", page=6)] * n
    assert _field_warnings(edition.model_copy(update={"issues": misread})) == ["PT505:due"]
    terms = [issue("PT209", "cannot read 'Summer term 2024' as a date", page=6)] * n
    assert _field_warnings(edition.model_copy(update={"issues": terms})) == []
