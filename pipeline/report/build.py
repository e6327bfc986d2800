"""`plantrack report`: for every plan in the store, diff files, workbooks and one HTML page, plus an index."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline import __version__
from pipeline.diff import diff_editions
from pipeline.emit.atomic import write_text
from pipeline.emit.xlsx import write_edition_xlsx
from pipeline.history.store import PlanSummary, Store
from pipeline.history.timeline import build_timeline, edition_label
from pipeline.models import DiffResult
from pipeline.report.changes import write_changes
from pipeline.report.html import EditionInfo, render_index, render_plan, source_uri

MAX_SLUG = 100


def safe_name(text: str) -> str:
    """A file-name-safe slug: lowercase letters, digits and single hyphens only, so never a path
    (no '/', '..', or leading dot), never empty, at most MAX_SLUG characters.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "plan"


def _unique(slug: str, taken: set[str]) -> str:
    name, n = slug, 2
    while name in taken:
        name, n = f"{slug}-{n}", n + 1
    taken.add(name)
    return name


def plan_heading(plan: PlanSummary) -> str:
    """'Organisation — Plan title', or the plan key when neither is known."""
    return " — ".join(t for t in (plan.organisation, plan.plan_title) if t) or plan.plan_key


MANIFEST = ".workbooks.json"


def _read_manifest(folder: Path) -> dict[str, str]:
    """Which edition (sha256 and plantrack version) each workbook in `folder` was written from."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    write_text(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def write_plan_report(store: Store, plan: PlanSummary, out: Path, slug: str) -> list[Path]:
    """Write `<slug>.html` and the folder `<slug>/` of diff files and per-edition workbooks."""
    stored = store.of_record(plan.plan_key)
    folder = out / slug
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    infos: list[EditionInfo] = []
    stems: set[str] = set()
    manifest = _read_manifest(folder)
    for s in stored:
        stem = _unique(safe_name(Path(s.edition.source.name).stem), stems)
        xlsx = folder / f"{stem}.xlsx"
        # A workbook depends only on the edition (its sha256) and the plantrack that wrote it; names
        # come from file names, which editions share, so the manifest says what each file holds.
        key = f"{s.edition.source.sha256} {__version__}"
        if manifest.get(xlsx.name) != key or not xlsx.is_file():
            write_edition_xlsx(s.edition, xlsx)
            written.append(xlsx)
            manifest[xlsx.name] = key
            _write_manifest(folder, manifest)
        # A source that has been moved or deleted since it was stored gets no dead link.
        uri = None if s.missing else source_uri(s.source_path)
        infos.append(EditionInfo(s.edition, edition_label(s.edition), uri, f"{slug}/{xlsx.name}", s.missing))
    latest: DiffResult | None = None
    latest_files: list[tuple[str, str]] = []
    names = [Path(i.xlsx_href or "").stem for i in infos]
    for n in range(1, len(stored)):
        result = diff_editions(stored[n - 1].edition, stored[n].edition)
        paths = write_changes(result, folder, f"changes-{names[n - 1]}--{names[n]}", ("json", "csv", "xlsx"))
        written += paths
        latest, latest_files = result, [(p.suffix[1:].upper(), f"{slug}/{p.name}") for p in paths]
    span = f"{len(infos)} edition(s)" + (f": {infos[0].label} to {infos[-1].label}" if infos else "")
    page = out / f"{slug}.html"
    write_text(
        page,
        render_plan(
            plan_heading(plan), span, infos, build_timeline([s.edition for s in stored]), latest, latest_files
        ),
    )
    return [page, *written]


def write_report(store: Store, out: Path) -> list[Path]:
    """Every plan's report and the index page linking them; returns the paths written (index last)."""
    out.mkdir(parents=True, exist_ok=True)
    store.mark_missing()  # sources moved or deleted since they were stored: no dead links to them
    written: list[Path] = []
    taken: set[str] = {"index"}
    index_entries = []
    for plan in store.plans():
        slug = _unique(safe_name(plan.plan_key), taken)
        paths = write_plan_report(store, plan, out, slug)
        written += paths
        index_entries.append((plan_heading(plan), paths[0].name, plan.editions))
    index = out / "index.html"
    write_text(index, render_index(index_entries))
    return [*written, index]
