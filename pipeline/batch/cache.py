"""Incremental cache: edition JSON keyed by the input's bytes, plantrack's version and the options."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from pipeline import __version__
from pipeline.emit.atomic import write_text
from pipeline.errors import OutputError
from pipeline.options import ExtractOptions

CACHE_DIR = ".cache"

log = logging.getLogger(__name__)


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file read in chunks; None when it cannot be read (the task then reports why)."""
    digest = hashlib.sha256()
    if not Path(path).is_file():
        return None  # a FIFO or device would block or never end; the task reports it
    try:
        with open(path, "rb") as fh:  # read-only: inputs are never modified
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def cache_key(sha256: str, options: ExtractOptions) -> str:
    """The key of one extraction: same bytes, same version, same options -> same edition."""
    material = json.dumps(
        {"sha256": sha256, "version": __version__, "options": options.cache_fields()}, sort_keys=True
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class EditionCache:
    """Edition JSON files under `OUT/.cache/`, one per key; a damaged entry counts as a miss."""

    def __init__(self, out: Path) -> None:
        self.folder = out / CACHE_DIR
        self.warned = False

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The cached edition JSON, or None."""
        path = self._path(key)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, edition_json: str) -> None:
        """Store an edition's JSON atomically (a failure to cache is not a failure to extract)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text(self._path(key), edition_json)
        except (OSError, OutputError) as exc:
            # One line, once a run (a traceback only with -v): the outputs themselves are fine.
            log.debug("could not cache %s", self._path(key), exc_info=True)
            if not self.warned:
                self.warned = True
                reason = "it is not a folder" if self.folder.exists() and not self.folder.is_dir() else None
                reason = reason or getattr(exc, "strerror", None) or str(exc)
                log.warning(
                    "plantrack: warning: %s: cannot write the cache (%s); nothing is cached",
                    self.folder,
                    reason,
                )
