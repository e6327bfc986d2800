"""`plantrack history` (plans, editions and status timelines) and `plantrack report` (HTML per plan)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.cli import app
from pipeline.errors import ExitCode, InputError, printable
from pipeline.history.store import PlanSummary, Store, open_store

DEFAULT_DB = Path("out/plantrack.db")


def open_existing(db: Path) -> Store:
    """Open a store that must already exist (reading never creates an empty one by mistake)."""
    if not db.is_file():
        raise InputError(
            "no history store here",
            path=str(db),
            remedy="run plantrack extract first, or point --db at its plantrack.db",
        )
    return open_store(db)


def find_plan(plans: list[PlanSummary], query: str) -> PlanSummary:
    """The plan whose key is `query`, or whose key, organisation or title contains it (unique)."""
    for p in plans:
        if p.plan_key == query:
            return p
    q = query.casefold()
    hits = [
        p for p in plans if any(q in (t or "").casefold() for t in (p.plan_key, p.organisation, p.plan_title))
    ]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(p.plan_key for p in (hits or plans)) or "none"
    what = "matches several plans" if hits else "matches no plan"
    raise InputError(
        f"--plan {query!r} {what} (plans: {known})", remedy="give a plan key from plantrack history"
    )


def _literal(*cells: str) -> list[Text]:
    """Document text and file names as rich Text, so '[/]' or '[link=…]' in them print as typed."""
    return [Text(c) for c in cells]


def _plans_table(store: Store, console: Console) -> None:
    table = Table(title="Plans in the history store")
    for col in ("plan", "editions", "files", "first", "latest", "edition labels"):
        table.add_column(col)
    for p in store.plans():
        editions = store.editions(p.plan_key)
        labels = ", ".join(e.edition_label or e.source.name for e in editions)
        table.add_row(
            *_literal(
                p.plan_key,
                str(len(editions)),
                str(p.editions),
                p.first_date or "?",
                p.latest_date or "?",
                labels,
            )
        )
    console.print(table)


def _timeline_table(store: Store, plan: PlanSummary, console: Console, as_json: bool) -> None:
    from pipeline.history.timeline import build_timeline

    timeline = build_timeline(store.editions(plan.plan_key))
    if as_json:
        payload = {"plan": dataclasses.asdict(plan), **dataclasses.asdict(timeline)}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=Text(f"{plan.plan_key}: status by edition"))
    table.add_column("key")
    for label in timeline.editions:
        table.add_column(Text(label), justify="center")
    for col in ("first due", "latest due", "slipped"):
        table.add_column(col)
    for row in timeline.rows:
        slips = str(row.slips) if row.entity == "action" else ""
        table.add_row(*_literal(row.key, *row.cells, row.first_due or "", row.latest_due or "", slips))
    console.print(table)


@app.command("history")
def history_command(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The history store written by plantrack extract."),
    plan: str | None = typer.Option(
        None, "--plan", help="Plan key or a unique part of its organisation/title."
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable JSON on stdout."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="With --plan: write tidy timeline/changes/editions tables to this folder."
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="With -o: csv, parquet or json (default csv)."
    ),
) -> None:
    """List plans and their editions; with --plan, each record's status across editions.

    With -o DIR, writes DIR/timeline, changes and editions (.csv, .parquet or .json): one row per record
    and edition, one row per change between consecutive editions, one row per edition.
    """
    if fmt is not None and out is None:
        raise _usage("--format needs -o DIR (the folder for the tables)")
    if out is not None and plan is None:
        raise _usage("-o needs --plan (plantrack export writes every plan)")
    _check_format(fmt or "csv")
    with open_existing(db) as store:
        console = Console(highlight=False)
        if plan is not None and out is not None:
            _write_tables(store, [find_plan(store.plans(), plan).plan_key], out, fmt or "csv")
        elif plan is not None:
            _timeline_table(store, find_plan(store.plans(), plan), console, as_json)
        elif as_json:
            payload = [
                {
                    **dataclasses.asdict(p),
                    "editions": [
                        {
                            "name": e.source.name,
                            "sha256": e.source.sha256,
                            "edition_label": e.edition_label,
                            "edition_date": e.edition_date.isoformat() if e.edition_date else None,
                        }
                        for e in store.editions(p.plan_key)
                    ],
                }
                for p in store.plans()
            ]
            sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        else:
            _plans_table(store, console)


def _usage(message: str) -> typer.Exit:
    print(f"plantrack: error: {message}", file=sys.stderr)
    return typer.Exit(int(ExitCode.USAGE))


def _check_format(fmt: str) -> None:
    from pipeline.history.export import HISTORY_FORMATS

    if fmt not in HISTORY_FORMATS:
        raise _usage(f"unknown format {fmt} (choose from {', '.join(HISTORY_FORMATS)})")


def _write_tables(store: Store, plans: list[str] | None, out: Path, fmt: str) -> None:
    from pipeline.history.export import store_tables, write_tables

    for path in write_tables(store_tables(store, plans), out, fmt):
        print(f"wrote {path}", file=sys.stderr)


@app.command("export")
def export_command(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The history store written by plantrack extract."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the tables (created)."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet, csv or json."),
) -> None:
    """Every plan in the store as tidy tables for a BI tool: OUT/timeline, changes and editions.

    One row per record and edition, one per change between consecutive editions, one per edition; a
    `plan` column says which plan. Point Power BI, DuckDB or pandas at the folder.
    """
    _check_format(fmt)
    with open_existing(db) as store:
        _write_tables(store, None, out, fmt)


@app.command("report")
def report_command(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The history store written by plantrack extract."),
    out: Path = typer.Option(Path("out/report"), "--out", "-o", help="Folder for the HTML and files."),
) -> None:
    """Write one self-contained HTML report per plan, diffs of consecutive editions and an index.html."""
    from pipeline.report.build import write_report

    with open_existing(db) as store:
        if not store.plans():
            print(
                printable(
                    f"plantrack: warning: {db}: the history store holds no editions; the report lists none"
                ),
                file=sys.stderr,
            )
        for path in write_report(store, out):
            print(f"wrote {path}", file=sys.stderr)
