"""Self-contained HTML of a plan's history: headline counts, an inline SVG chart, changes, timelines."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.diff.summary import BETTER, WORSE
from pipeline.emit.xlsx import STATUS_FILLS
from pipeline.history.timeline import Timeline, status_cell
from pipeline.models import DiffResult, Edition

# Status cell codes in stacking order (bottom first), with their colours: the XLSX palette, so a reader
# sees the same colour for a status in the workbook and in the report.
CELL_COLOURS: dict[str, str] = {
    "C": STATUS_FILLS["complete"],
    "CV": STATUS_FILLS["complete_verified"],
    "G": STATUS_FILLS["green"],
    "AG": STATUS_FILLS["amber_green"],
    "A": STATUS_FILLS["amber"],
    "AR": STATUS_FILLS["amber_red"],
    "R": STATUS_FILLS["red"],
    "BAU": STATUS_FILLS["business_as_usual"],
    "S": "7F7F7F",
    "D": "7F7F7F",
    "X": "404040",
    "?": "FFFFFF",
}
CELL_NAMES = {
    "C": "complete",
    "CV": "complete (verified)",
    "G": "green",
    "AG": "amber/green",
    "A": "amber",
    "AR": "amber/red",
    "R": "red",
    "BAU": "business as usual",
    "S": "suspended",
    "D": "deferred",
    "X": "cancelled",
    "?": "not rated",
    "-": "not in this edition",
}
DARK_TEXT = {"AG", "A", "?", "BAU"}  # light fills need dark text for contrast

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#1a1a1a;
max-width:1200px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
.sub{color:#555;margin-top:0}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f2f2f2}td.num{text-align:right}
.chip{display:inline-block;min-width:2.2em;padding:0 .35em;border-radius:.6em;text-align:center;
font-weight:600;font-size:.85rem;color:#fff}
.chip.dark{color:#1a1a1a}.chip.absent{color:#999;background:none}
tbody th{white-space:nowrap}.chip.unrated{border:1px solid #999}
li.worse{color:#9c0006}li.better{color:#006100}
.legend span{margin-right:1rem}
a{color:#0b57d0}
"""


@dataclass(frozen=True)
class EditionInfo:
    """One edition as the report shows it: the record, where its source is, and its per-edition files."""

    edition: Edition
    label: str
    source_uri: str | None  # file:///... of the source document, when known
    xlsx_href: str | None
    source_missing: bool = False  # the source was moved or deleted after it was stored


def esc(text: object) -> str:
    """HTML-escaped text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def chip(code: str) -> str:
    """A coloured status chip; '-' (absent) is uncoloured."""
    name = CELL_NAMES.get(code, code)
    if code == "-" or code not in CELL_COLOURS:
        return f'<span class="chip absent" title="{esc(name)}">{esc(code)}</span>'
    dark = " dark" if code in DARK_TEXT else ""
    dark += " unrated" if code == "?" else ""  # a white chip needs an outline to be seen
    return (
        f'<span class="chip{dark}" style="background:#{CELL_COLOURS[code]}" title="{esc(name)}">'
        f"{esc(code)}</span>"
    )


def action_counts(edition: Edition) -> Counter[str]:
    """Actions of an edition by status cell code."""
    return Counter(status_cell(a) for a in edition.actions)


def headline_table(editions: Sequence[EditionInfo]) -> str:
    """Per edition: recommendations (and how many are business as usual), actions in total and by status."""
    codes = [c for c in CELL_COLOURS if any(action_counts(e.edition)[c] for e in editions)]
    head = "".join(f"<th>{chip(c)}</th>" for c in codes)
    rows = []
    for e in editions:
        counts = action_counts(e.edition)
        recs = e.edition.recommendations
        bau = sum(status_cell(r) == "BAU" for r in recs)
        cells = "".join(f'<td class="num" data-status="{esc(c)}">{counts[c]}</td>' for c in codes)
        rows.append(
            f'<tr data-edition="{esc(e.label)}"><th scope="row">{esc(e.label)}</th>'
            f'<td class="num" data-count="recommendations">{len(recs)}</td>'
            f'<td class="num" data-count="bau">{bau}</td>'
            f'<td class="num" data-count="actions">{len(e.edition.actions)}</td>{cells}</tr>'
        )
    return (
        '<table id="headline"><thead><tr><th>Edition</th><th>Recommendations</th><th>of which BAU</th>'
        f"<th>Actions</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def status_chart(editions: Sequence[EditionInfo], *, bar_width: int = 60, height: int = 220) -> str:
    """Stacked bars of action status counts per edition, as inline SVG (no script, no external assets)."""
    counts = [action_counts(e.edition) for e in editions]
    top = max((sum(c.values()) for c in counts), default=0) or 1
    gap, left, bottom = 30, 40, 40
    width = left + len(editions) * (bar_width + gap) + gap
    parts = [
        f'<svg id="status-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height + bottom}" role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Actions by status in each edition</title>',
        f'<line x1="{left}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{height}" text-anchor="end" font-size="11">0</text>',
        f'<text x="{left - 6}" y="12" text-anchor="end" font-size="11">{top}</text>',
    ]
    for n, (info, count) in enumerate(zip(editions, counts, strict=True)):
        x = left + gap + n * (bar_width + gap)
        y = float(height)
        for code in CELL_COLOURS:
            if not count[code]:
                continue
            h = (height - 16) * count[code] / top
            y -= h
            parts.append(
                f'<rect class="bar" data-status="{esc(code)}" x="{x}" y="{y:.1f}" width="{bar_width}" '
                f'height="{h:.1f}" fill="#{CELL_COLOURS[code]}" stroke="#fff">'
                f"<title>{esc(info.label)}: {count[code]} {esc(CELL_NAMES[code])}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_width / 2}" y="{height + 16}" text-anchor="middle" font-size="11">'
            f"{esc(info.label)}</text>"
        )
    parts.append("</svg>")
    legend = "".join(
        f"<span>{chip(c)} {esc(CELL_NAMES[c])}</span>" for c in CELL_COLOURS if any(cnt[c] for cnt in counts)
    )
    return "".join(parts) + f'<p class="legend">{legend}</p>'


def changes_list(result: DiffResult | None, files: Sequence[tuple[str, str]] = ()) -> str:
    """The latest edition's changes as a list, worse news first, with RAG chips for RAG moves."""
    if result is None:
        return "<p>Only one edition so far: nothing to compare.</p>"
    links = " ".join(f'<a href="{esc(href)}">{esc(name)}</a>' for name, href in files)
    if not result.changes:
        return f"<p>No changes. {links}</p>"
    items = []
    for c in result.changes:
        css = "worse" if c.judgement in WORSE else "better" if c.judgement in BETTER else ""
        chips = ""
        if c.field == "rag" and c.old and c.new:
            chips = f" {chip(_rag_code(c.old))} &rarr; {chip(_rag_code(c.new))}"
        items.append(
            f'<li class="{css}" data-judgement="{esc(c.judgement.value if c.judgement else "")}">'
            f"{esc(c.summary)}{chips}</li>"
        )
    return f'<p>{len(result.changes)} change(s). {links}</p><ol id="changes">{"".join(items)}</ol>'


def _rag_code(rag: str) -> str:
    return {"red": "R", "amber_red": "AR", "amber": "A", "amber_green": "AG", "green": "G"}.get(rag, "?")


def timeline_table(timeline: Timeline, editions: Sequence[EditionInfo]) -> str:
    """Every recommendation and action with its status in each edition, linked to its page in the source."""
    head = "".join(f"<th>{esc(label)}</th>" for label in timeline.editions)
    rows = []
    for row in timeline.rows:
        cells = []
        for i, code in enumerate(row.cells):
            page, uri = row.pages[i], editions[i].source_uri
            inner = chip(code)
            if page is not None and uri:
                inner = f'<a href="{esc(uri)}#page={page}" title="page {page} of the source">{inner}</a>'
            cells.append(f"<td>{inner}</td>")
        due = esc(row.first_due or "")
        if row.latest_due and row.latest_due != row.first_due:
            due += f" &rarr; {esc(row.latest_due)}"
        slips = f"{row.slips}" if row.entity == "action" else ""
        rows.append(
            f'<tr data-entity="{esc(row.entity)}"><th scope="row">{esc(row.key)}</th>'
            f"<td>{esc(_clip(row.text))}</td>{''.join(cells)}<td>{due}</td>"
            f'<td class="num">{slips}</td></tr>'
        )
    return (
        f'<table id="timeline"><thead><tr><th>Key</th><th>Text</th>{head}<th>Due (first &rarr; latest)</th>'
        f"<th>Slipped</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def unread_tables(editions: Sequence[EditionInfo]) -> str:
    """Per edition, the tables coverage warnings name (rows not read), linked to their page in the source."""
    rows = []
    for e in editions:
        coverage = e.edition.coverage
        if coverage is None:
            continue
        for t in coverage.tables:
            if not t.unread:
                continue
            page = t.pages[0]
            where = ", ".join(str(p) for p in t.pages)
            if e.source_uri:
                where = (
                    f'<a href="{esc(e.source_uri)}#page={page}" title="page {page} of the source">{where}</a>'
                )
            else:
                where = esc(where)
            rows.append(
                f'<tr data-edition="{esc(e.label)}"><th scope="row">{esc(e.label)}</th><td>{where}</td>'
                f"<td>{esc(_clip(t.header) or '(no recognised header)')}</td><td>{esc(t.kind)}</td>"
                f'<td class="num">{t.rows}</td><td class="num">{t.records}</td>'
                f'<td class="num">{t.words - t.read}</td></tr>'
            )
    shares = "; ".join(
        f"{esc(e.label)}: {e.edition.coverage.share:.0%} of words read"
        + (
            f" (partly read: {esc(e.edition.coverage.pages_to_check)})"
            if e.edition.coverage.partly_read
            else ""
        )
        for e in editions
        if e.edition.coverage is not None
    )
    if not rows:
        if not shares:
            return "<p>Coverage was not measured for these editions (extracted by an older plantrack).</p>"
        if any(e.edition.coverage and e.edition.coverage.partly_read for e in editions):
            return (
                '<p id="unread">No table that was found was left unread, but some editions were only '
                f"partly read (pages not read at all, or text outside any table). {shares}</p>"
            )
        return f'<p id="unread">Every table of every edition was read. {shares}</p>'
    return (
        f"<p>{shares}</p>"
        '<table id="unread"><thead><tr><th>Edition</th><th>Pages</th><th>Table header</th><th>Taken for</th>'
        "<th>Rows</th><th>Became records</th><th>Words not read</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_plan(
    title: str,
    subtitle: str,
    editions: Sequence[EditionInfo],
    timeline: Timeline,
    latest: DiffResult | None,
    change_files: Sequence[tuple[str, str]] = (),
) -> str:
    """The whole report page for one plan."""
    downloads = "".join(
        f"<li>{esc(e.label)}: "
        + (f'<a href="{esc(e.source_uri)}">source</a>' if e.source_uri else "source")
        + (" (moved or deleted since it was read)" if e.source_missing else "")
        + (f' &middot; <a href="{esc(e.xlsx_href)}">workbook</a>' if e.xlsx_href else "")
        + "</li>"
        for e in editions
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title><style>{CSS}</style></head>
<body><h1>{esc(title)}</h1><p class="sub">{esc(subtitle)}</p>
<h2>Headline counts</h2>{headline_table(editions)}
<h2>Actions by status over editions</h2>{status_chart(editions)}
<h2>Latest changes</h2>{changes_list(latest, change_files)}
<h2>What was not read</h2>{unread_tables(editions)}
<h2>Every recommendation and action</h2>{timeline_table(timeline, editions)}
<h2>Editions</h2><ul>{downloads}</ul>
</body></html>
"""


def render_index(plans: Sequence[tuple[str, str, int]]) -> str:
    """The index page: (title, href, number of editions) per plan."""
    items = "".join(
        f'<li><a href="{esc(href)}">{esc(title)}</a> ({n} edition{"s" if n != 1 else ""})</li>'
        for title, href, n in plans
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>plantrack reports</title>'
        f"<style>{CSS}</style></head><body><h1>Improvement plans</h1><ul>{items}</ul></body></html>\n"
    )


def source_uri(source_path: str | None) -> str | None:
    """file:/// URI of a source document (absolute), or None when unknown."""
    if not source_path:
        return None
    return Path(source_path).resolve().as_uri()
