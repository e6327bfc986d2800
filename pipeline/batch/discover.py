"""Which files a batch processes: folders searched, globs expanded (Windows too), sorted, unique."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
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


def _search(folder: Path, warn: Callable[[str], None]) -> Iterable[Path]:
    """Candidate files under `folder`; symlinked folders are not entered (no loops), unreadable
    folders are reported through `warn`."""

    def unreadable(exc: OSError) -> None:
        warn(f"{exc.filename}: cannot read this folder ({exc.strerror or exc}); its files were skipped")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in sorted(files):
            f = Path(root) / name
            if f.is_file() and is_candidate(f, folder):
                yield f


def _glob(pattern: str) -> list[Path]:
    """Expand a pattern with pathlib's glob, whose '**' does not follow symlinked folders (loops)."""
    parts = Path(pattern).parts
    first = next((i for i, part in enumerate(parts) if GLOB_CHARS & set(part)), len(parts))
    base = Path(*parts[:first]) if first else Path(".")
    rest = "/".join(parts[first:])
    if not rest:
        return [base] if base.exists() else []
    try:
        matches = sorted(base.glob(rest), key=str)
    except (OSError, ValueError):
        return []
    if "/." in f"/{rest}":
        return matches  # the pattern asks for hidden names
    # like the shell's glob: hidden files and folders are not matched by '*' or '**'
    return [m for m in matches if not any(p.startswith(".") for p in m.relative_to(base).parts)]


def _ignore(text: str) -> None:
    return None


def discover_inputs(args: Sequence[str | Path], warn: Callable[[str], None] = _ignore) -> list[Path]:
    """Expand command-line arguments into the input files of a batch.

    A folder is searched recursively; an argument with glob characters that names no existing file
    is expanded here (Windows shells pass `*.pdf` through unexpanded); any other argument is kept
    as given, even when missing, so that the file itself reports "no such file".

    Args:
        args: Files, folders and glob patterns, as typed.
        warn: Told about folders that could not be read (their files are skipped).

    Returns:
        Input paths sorted by their text, each file once (compared by resolved path).
    """
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        text = str(arg)
        if path.is_dir():
            found.extend(_search(path, warn))
        elif path.exists() or not GLOB_CHARS & set(text):
            found.append(path)
        else:
            for m in _glob(text):
                if m.is_dir():
                    found.extend(_search(m, warn))
                elif m.is_file() and is_candidate(m):
                    found.append(m)
    unique: dict[Path, Path] = {}
    for p in sorted(found, key=str):
        key = p.resolve() if p.exists() else p
        unique.setdefault(key, p)
    return sorted(unique.values(), key=str)
