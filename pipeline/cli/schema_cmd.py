"""`plantrack schema`: write or check the JSON Schemas in schemas/."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipeline import schema as schemas
from pipeline.cli import app


@app.command("schema")
def schema_command(
    write: bool = typer.Option(False, "--write", help="Write schemas/*.schema.json from the models."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when the files differ from the models."),
    directory: Path = typer.Option(schemas.SCHEMA_DIR, "--dir", help="Folder of the schema files."),
) -> None:
    """Write (--write) or check (--check) the JSON Schemas; with neither, print the edition schema."""
    if write:
        for path in schemas.write(directory):
            print(f"wrote {path}", file=sys.stderr)
        return
    if check:
        stale = schemas.drift(directory)
        if stale:
            print(
                f"plantrack: error: schemas out of date: {', '.join(stale)} (run: plantrack schema --write)",
                file=sys.stderr,
            )
            raise typer.Exit(1)
        print("schemas up to date", file=sys.stderr)
        return
    sys.stdout.write(schemas.render_all()["edition.schema.json"])
