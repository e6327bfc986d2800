"""Output folder names: derived from the input's file name, safe on every filesystem, never colliding."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

# Characters Windows forbids in names, plus every control character; unicode letters are kept.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
# Leaves room for the temporary-folder prefix and a hash suffix inside the usual 255-byte limit.
MAX_NAME_BYTES = 150


def safe_name(path: Path | str) -> str:
    """A folder name from a file's stem: no separators, no traversal, no leading dash or dot.

    Args:
        path: The input file.

    Returns:
        A non-empty name, NFC-normalised, at most MAX_NAME_BYTES of UTF-8.
    """
    stem = Path(path).stem if Path(path).suffix else Path(path).name
    name = unicodedata.normalize("NFC", stem)
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip()
    # A leading dash would read as an option to the next tool; a leading dot hides the folder,
    # and '.'/'..' would escape OUT. Trailing dots and spaces are dropped by Windows.
    name = name.lstrip("-.").rstrip(". ")
    if not name:
        name = "document"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        name = encoded[:MAX_NAME_BYTES].decode("utf-8", errors="ignore").rstrip(". ")
    return name


def _path_hash(path: Path) -> str:
    return hashlib.sha256(path.resolve().as_posix().encode("utf-8")).hexdigest()[:8]


def assign_folders(paths: Sequence[Path]) -> dict[Path, str]:
    """Give each input its output folder name; names that would collide all get a short path hash.

    Collisions are judged case-insensitively (macOS and Windows folders are), and every member of
    a colliding group is suffixed, so a name never depends on the order inputs were listed in.

    Args:
        paths: The batch's inputs.

    Returns:
        Folder name by input path.
    """
    base = {p: safe_name(p) for p in paths}
    groups: dict[str, list[Path]] = {}
    for p, name in base.items():
        groups.setdefault(name.casefold(), []).append(p)
    out: dict[Path, str] = {}
    for members in groups.values():
        for p in members:
            out[p] = base[p] if len(members) == 1 else f"{base[p]}-{_path_hash(p)}"
    return out
