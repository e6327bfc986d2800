"""Two files of the same edition (a scan and the digital file) count once, the better-read copy."""

from __future__ import annotations

from pathlib import Path

from conftest import expected

from pipeline.history.store import open_store


def test_the_best_read_copy_of_an_edition_is_the_edition_of_record(tmp_path: Path) -> None:
    scan = expected("northbridge/northbridge-2024-04-scan")
    for page in scan.source.pages:
        page.confidence = 0.85
    digital = expected("northbridge/northbridge-2024-04")
    earlier = expected("northbridge/northbridge-2024-02")
    with open_store(tmp_path / "h.db") as store:
        for edition in (scan, earlier, digital):
            assert store.add_edition(edition, f"/plans/{edition.source.name}")
        [plan] = store.plans()
        assert plan.editions == 3  # three files are kept ...
        chosen = store.editions(plan.plan_key)  # ... but two editions, the digital April one of record
        assert [e.source.name for e in chosen] == ["northbridge-2024-02.pdf", "northbridge-2024-04.pdf"]
