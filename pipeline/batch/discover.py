"""Which files a batch processes: folders searched, globs expanded (Windows too), sorted, unique."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.ingest import IMAGE_SUFFIXES, TEXT_SUFFIXES

INPUT_SUFFIXES = frozenset({".pdf", *IMAGE_SUFFIXES, *TEXT_SUFFIXES})
GLOB_CHARS = frozenset("*?[")


def is_candidate(path: Path, root: Path | None = None) -> bool:
    """True for a PDF, image or text file that is not hidden and not a golden (`*.expected.*`).

    Hidden means any part below `root` starts with a dot, so `OUT/.cache/` inside a searched
    folder is never read back as input.
    """
    rel = path.relative_to(root) if root is not None else Path(path.name)
    if any(part.startswith(".") for part in rel.parts):
        return False
    if ".expected." in path.name:
        return False
    return path.suffix.lower() in INPUT_SUFFIXES


def _search(folder: Path) -> Iterable[Path]:
    for f in folder.rglob("*"):
        if f.is_file() and is_candidate(f, folder):
            yield f


def discover_inputs(args: Sequence[str | Path]) -> list[Path]:
    """Expand command-line arguments into the input files of a batch.

    A folder is searched recursively; an argument with glob characters that names no existing file
    is expanded here (Windows shells pass `*.pdf` through unexpanded); any other argument is kept
    as given, even when missing, so that the file itself reports "no such file".

    Args:
        args: Files, folders and glob patterns, as typed.

    Returns:
        Input paths sorted by their text, each file once (compared by resolved path).
    """
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        text = str(arg)
        if path.is_dir():
            found.extend(_search(path))
        elif path.exists() or not GLOB_CHARS & set(text):
            found.append(path)
        else:
            for match in sorted(glob.glob(text, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    found.extend(_search(m))
                elif m.is_file() and is_candidate(m):
                    found.append(m)
    unique: dict[Path, Path] = {}
    for p in sorted(found, key=str):
        key = p.resolve() if p.exists() else p
        unique.setdefault(key, p)
    return sorted(unique.values(), key=str)
