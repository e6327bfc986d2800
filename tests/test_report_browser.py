"""The HTML report in a real headless browser (Debian's chromium): loads cleanly, right counts, real bars."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from test_history import NORTHBRIDGE, SAMPLES, sample

from pipeline.history import open_store
from pipeline.history.timeline import status_cell
from pipeline.report.build import write_report

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    store = open_store(root / "plantrack.db")
    for stem in NORTHBRIDGE:
        store.add_edition(sample("northbridge", stem), str(SAMPLES / "northbridge" / f"{stem}.pdf"))
    written = write_report(store, root / "report")
    store.close()
    (page,) = [p for p in written if p.suffix == ".html" and p.name != "index.html"]
    return page


@pytest.mark.browser
def test_report_loads_without_errors_and_shows_counts_and_bars(report: Path) -> None:
    # Fails (never skips) without chromium: the report is the product's headline and must be checked.
    assert shutil.which(CHROMIUM), "chromium missing: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(report.as_uri())
        assert problems == []
        assert requested == [report.as_uri()]  # self-contained: no other asset fetched

        for stem in NORTHBRIDGE:
            ed = sample("northbridge", stem)
            row = page.locator(f'#headline tr[data-edition="{ed.edition_label}"]')
            assert row.locator('[data-count="recommendations"]').inner_text() == str(len(ed.recommendations))
            assert row.locator('[data-count="actions"]').inner_text() == str(len(ed.actions))
            for code, n in Counter(status_cell(a) for a in ed.actions).items():
                assert row.locator(f'[data-status="{code}"]').inner_text() == str(n)

        bars = page.locator("#status-chart rect.bar")
        heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
        assert len(heights) >= len(NORTHBRIDGE) and all(h > 0 for h in heights)
        rendered = [bars.nth(i).bounding_box() for i in range(bars.count())]
        assert all(box is not None and box["height"] > 0 for box in rendered)

        first_change = page.locator("#changes li").first
        assert first_change.get_attribute("data-judgement") in ("worsened", "slipped")
        link = page.locator("#timeline a[href*='#page=']").first
        assert (link.get_attribute("href") or "").startswith("file:///")
        page.screenshot(path=str(report.with_suffix(".png")), full_page=True)
        browser.close()
