"""Put one document's outputs in place all at once: written to a hidden sibling folder, then renamed."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from pipeline.emit.records import PARQUET_TABLES, edition_json, write_edition
from pipeline.errors import OutputError
from pipeline.models import Edition

TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"


def expected_files(formats: Iterable[str]) -> list[str]:
    """The file names `write_edition` produces for these formats."""
    names: list[str] = []
    fmt = set(formats)
    if "json" in fmt:
        names.append("edition.json")
    if "csv" in fmt:
        names += ["recommendations.csv", "actions.csv", "indicators.csv", "issues.csv", "stated_totals.csv"]
    if "parquet" in fmt:
        names += [f"{t}.parquet" for t in PARQUET_TABLES]
    return names


def is_current(folder: Path, edition: Edition, formats: Iterable[str]) -> bool:
    """True when `folder` already holds these outputs (so a cached document need not be rewritten)."""
    formats = list(formats)
    if not all((folder / name).is_file() for name in expected_files(formats)):
        return False
    if "json" not in formats:
        return False  # nothing cheap to compare against: rewrite
    try:
        return (folder / "edition.json").read_text(encoding="utf-8") == edition_json(edition)
    except (OSError, UnicodeDecodeError):
        return False


def publish_edition(edition: Edition, out: Path, name: str, formats: Iterable[str]) -> Path:
    """Write an edition's files to `out/name` so that readers see the old folder or the new one, never half.

    Args:
        edition: The records to write.
        out: The batch's output folder (exists).
        name: The document's folder name (already safe).
        formats: Output formats for `write_edition`.

    Returns:
        The final folder.

    Raises:
        OutputError: the files could not be written; the previous outputs are left as they were.
    """
    final = out / name
    tmp = out / f"{TMP_PREFIX}{secrets.token_hex(4)}-{name}"
    try:
        tmp.mkdir()
        write_edition(edition, tmp, formats)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}", path=str(final)) from exc
    except BaseException:
        _remove(tmp)
        raise
    old = out / f"{OLD_PREFIX}{secrets.token_hex(4)}-{name}"
    moved = False
    try:
        if final.exists() or final.is_symlink():
            os.rename(final, old)
            moved = True
        os.rename(tmp, final)
    except OSError as exc:
        if moved and not final.exists():
            with contextlib.suppress(OSError):
                os.rename(old, final)
        _remove(tmp)
        raise OutputError(f"cannot replace {final}: {exc.strerror or exc}", path=str(final)) from exc
    if moved:
        _remove(old)
    return final


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def clean_leftovers(out: Path) -> None:
    """Remove temporary folders an interrupted run left behind; restore a folder caught mid-swap."""
    if not out.is_dir():
        return
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(TMP_PREFIX):
            _remove(entry)
        elif entry.name.startswith(OLD_PREFIX):
            # '.old-<8 hex>-<name>': if the new folder never arrived, the old one goes back.
            final = out / entry.name[len(OLD_PREFIX) + 9 :]
            if not final.exists():
                with contextlib.suppress(OSError):
                    os.rename(entry, final)
                    continue
            _remove(entry)
