"""The report files: names that cannot escape the folder, escaped text, one page per plan, kept workbooks."""

from __future__ import annotations

from pathlib import Path

from test_diff_factory import action, edition
from test_history import NORTHBRIDGE, SAMPLES, sample

from pipeline.history import open_store, plan_key
from pipeline.report.build import safe_name, write_report
from pipeline.report.html import source_uri


def test_safe_name_never_makes_a_path() -> None:
    for hostile in ["../../etc/passwd", "/abs/path", "..", ".hidden", "a/b\\c", "", "×××", "x" * 500]:
        name = safe_name(hostile)
        assert name and "/" not in name and "\\" not in name and not name.startswith(".")
        assert len(name) <= 100
    assert safe_name("Northbridge MBC/Children's Plan 2023-24") == "northbridge-mbc-children-s-plan-2023-24"


def test_report_writes_one_page_per_plan_with_escaped_text_and_an_index(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    evil = edition(
        "../../evil.pdf",
        organisation="<script>alert(1)</script>",
        title="../../Plan",
        actions=[action(1, "a", "Use <b>bold</b> & ampersands")],
    )
    store.add_edition(evil, "/no/such/evil.pdf")
    for stem in NORTHBRIDGE:
        store.add_edition(sample("northbridge", stem), str(SAMPLES / "northbridge" / f"{stem}.pdf"))
    out = tmp_path / "report"
    written = write_report(store, out)
    assert all(out in p.resolve().parents for p in written)
    pages = sorted(p.name for p in out.glob("*.html"))
    assert len(pages) == 3 and "index.html" in pages
    evil_page = next(p for p in written if p.suffix == ".html" and "script" in p.name)
    text = evil_page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Use &lt;b&gt;bold&lt;/b&gt; &amp; ampersands" in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<li>") == 2 and "(3 editions)" in index
    north = next(p for p in written if p.suffix == ".html" and p.name.startswith("northbridge"))
    files = {p.name for p in (out / north.stem).iterdir()}
    assert {
        "changes-northbridge-2024-01--northbridge-2024-02.json",
        "changes-northbridge-2024-02--northbridge-2024-04.xlsx",
        "northbridge-2024-04.xlsx",
    } <= files
    assert f"{source_uri(str(SAMPLES / 'northbridge' / 'northbridge-2024-01.pdf'))}#page=" in north.read_text(
        encoding="utf-8"
    )


def test_existing_edition_workbooks_are_not_rewritten(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    store.add_edition(sample("eastmoor", "eastmoor-2024-03"), "eastmoor-2024-03.pdf")
    first = write_report(store, tmp_path / "r")
    assert any(p.suffix == ".xlsx" for p in first)
    second = write_report(store, tmp_path / "r")
    assert not any(p.suffix == ".xlsx" for p in second)
    assert "nothing to compare" in next(p for p in second if p.name.startswith("eastmoor")).read_text(
        encoding="utf-8"
    )


def test_a_source_deleted_after_it_was_stored_gets_no_dead_link(tmp_path: Path) -> None:
    kept, gone = tmp_path / "kept.pdf", tmp_path / "gone.pdf"
    stems = NORTHBRIDGE[:2]
    for path, stem in zip((kept, gone), stems, strict=True):
        path.write_bytes((SAMPLES / "northbridge" / f"{stem}.pdf").read_bytes())
    store = open_store(tmp_path / "h.db")
    for path, stem in zip((kept, gone), stems, strict=True):
        store.add_edition(sample("northbridge", stem), str(path))
    gone.unlink()
    written = write_report(store, tmp_path / "report")
    page = next(p for p in written if p.suffix == ".html" and p.name.startswith("northbridge"))
    text = page.read_text(encoding="utf-8")
    assert source_uri(str(kept)) in text and source_uri(str(gone)) not in text
    assert text.count("(moved or deleted since it was read)") == 1
    assert sorted(s.missing for s in store.stored(plan_key(sample("northbridge", stems[0])))) == [False, True]
