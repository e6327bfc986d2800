"""The history store: every extracted edition in one SQLite file, keyed by content hash, grouped by plan."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz

from pipeline.errors import InputError, OutputError
from pipeline.models import Edition
from pipeline.vocab.months import MONTHS

SCHEMA_VERSION = 1
# Each statement is idempotent so that opening an existing store never changes it.
DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS plans (
        plan_key TEXT PRIMARY KEY, organisation TEXT, plan_title TEXT)""",
    """CREATE TABLE IF NOT EXISTS editions (
        sha256 TEXT PRIMARY KEY,
        plan_key TEXT NOT NULL REFERENCES plans(plan_key),
        name TEXT NOT NULL,
        source_path TEXT NOT NULL,
        edition_date TEXT,
        edition_label TEXT,
        plan_version TEXT,
        added_at TEXT NOT NULL,
        missing INTEGER NOT NULL DEFAULT 0,
        edition_json TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS editions_by_plan ON editions (plan_key, edition_date)",
]
# Editions in reading order; an edition without a date sorts after the dated ones.
ORDER = "ORDER BY edition_date IS NULL, edition_date, edition_label, name"
TABLES = {"meta", "plans", "editions"}
DAMAGED_REMEDY = "delete it: the next plantrack extract of the same folders rebuilds it from OUT/.cache"


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"['’`]", "", text)  # "Children's" and "Childrens" are one plan
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# Words a plan's title gains or loses from one edition to the next ('... - progress update June 2024',
# '(refreshed)', 'v3'): they say which edition it is, not which plan.
EDITION_WORDS = {
    "progress", "update", "updated", "report", "highlight", "monitoring", "version", "draft", "final",
    "revised", "refreshed", "edition", "position", "statement", "as", "at", "of", "the", "and", "for",
    "quarter", "quarterly", "monthly", "month", "q1", "q2", "q3", "q4", *MONTHS,
}  # fmt: skip
SAME_TITLE = 90  # token-set similarity of the remaining words (rapidfuzz, 0-100)


def _core_words(text: str) -> str:
    words = _slug(text).split("-")
    kept = [w for w in words if w not in EDITION_WORDS and not re.fullmatch(r"v?\d+|\d{4}(?:\d{2})?", w)]
    return " ".join(kept)


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two printed names (organisation or plan title) name the same plan across editions.

    Equal once normalised, or equal in their words once the edition's own words (dates, 'progress
    update', versions) are set aside and a word or two of rewording is allowed for ('Improvement
    Plan' -> 'Improvement Plan 2024-25', 'Children's Services Improvement Plan' -> 'Childrens Services
    Improvement and Recovery Plan' is not the same: too many words differ).
    """
    if not a or not b:
        return True  # one side names nothing: nothing says the plans differ
    if _slug(a) == _slug(b):
        return True
    ca, cb = _core_words(a), _core_words(b)
    if not ca or not cb:
        return ca == cb
    return ca == cb or fuzz.token_sort_ratio(ca, cb) >= SAME_TITLE


def plan_key(edition: Edition) -> str:
    """Normalised 'organisation/plan title'; editions without either are keyed by their file name."""
    org, title = _slug(edition.organisation or ""), _slug(edition.plan_title or "")
    if not org and not title:
        return "unknown/" + _slug(Path(edition.source.name).stem)
    return f"{org or 'unknown'}/{title or 'untitled'}"


@dataclass(frozen=True)
class PlanSummary:
    """One plan in the store and the span of its editions."""

    plan_key: str
    organisation: str | None
    plan_title: str | None
    editions: int
    first_date: str | None
    latest_date: str | None


@dataclass(frozen=True)
class StoredEdition:
    """An edition with where it came from."""

    edition: Edition
    source_path: str
    missing: bool


class Store:
    """A connection to a history store; use `open_store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.conn:  # commits on success, rolls back on error
                yield self.conn
        except sqlite3.OperationalError as exc:
            raise OutputError(f"cannot write the history store: {exc}", path=str(self.path)) from exc

    def add_edition(self, edition: Edition, source_path: str) -> bool:
        """Store an edition; True if it was new. Keyed by sha256: re-adding the same file changes nothing."""
        key = self._key_for(edition)
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO plans VALUES (?, ?, ?)",
                (key, edition.organisation, edition.plan_title),
            )
            cur = conn.execute(
                "INSERT OR IGNORE INTO editions (sha256, plan_key, name, source_path, edition_date, "
                "edition_label, plan_version, added_at, edition_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    edition.source.sha256,
                    key,
                    edition.source.name,
                    source_path,
                    edition.edition_date.isoformat() if edition.edition_date else None,
                    edition.edition_label,
                    edition.plan_version,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    edition.model_dump_json(),
                ),
            )
            return cur.rowcount == 1

    def _key_for(self, edition: Edition) -> str:
        """The plan an edition belongs to: its own key, or a stored plan of the same organisation whose
        title differs only in edition wording (so a retitled progress update does not split history)."""
        key = plan_key(edition)
        if not (edition.organisation or edition.plan_title):
            return key
        rows = self.conn.execute("SELECT plan_key, organisation, plan_title FROM plans").fetchall()
        if any(k == key for k, _, _ in rows):
            return key
        for k, org, title in rows:
            if (
                org
                and edition.organisation
                and _slug(org) == _slug(edition.organisation)
                and same_name(title, edition.plan_title)
            ):
                return str(k)
        return key

    def plans(self) -> list[PlanSummary]:
        """Every plan, by organisation then title."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT p.plan_key, p.organisation, p.plan_title, COUNT(e.sha256), MIN(e.edition_date), "
                "MAX(e.edition_date) FROM plans p JOIN editions e USING (plan_key) GROUP BY p.plan_key "
                "ORDER BY p.plan_key"
            ).fetchall()
        return [PlanSummary(*row) for row in rows]

    def stored(self, key: str) -> list[StoredEdition]:
        """A plan's editions with their source paths, in date order (then label, then name)."""
        with self._reading():
            rows = self.conn.execute(
                f"SELECT edition_json, source_path, missing FROM editions WHERE plan_key = ? {ORDER}", (key,)
            ).fetchall()
            return [
                StoredEdition(Edition.model_validate_json(j), path, bool(missing))
                for j, path, missing in rows
            ]

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Damaged pages or a row that is no longer an edition: one clear error, not a traceback."""
        try:
            yield
        except (sqlite3.DatabaseError, ValidationError, TypeError) as exc:
            what = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(
                f"the history store is damaged ({what})", path=str(self.path), remedy=DAMAGED_REMEDY
            ) from exc

    def editions(self, key: str) -> list[Edition]:
        """A plan's editions of record (one per edition) ordered by edition date, then label, then name."""
        return [s.edition for s in self.of_record(key)]

    def of_record(self, key: str) -> list[StoredEdition]:
        """One stored file per edition: when the same edition was stored twice (a scan and the digital
        file, say), the most confidently read copy; diffs between them would only show OCR noise."""
        chosen: dict[tuple[str | None, str | None], StoredEdition] = {}
        order: list[tuple[str | None, str | None]] = []
        for s in self.stored(key):
            e = s.edition
            if e.edition_date is None and e.edition_label is None:
                ident: tuple[str | None, str | None] = (None, e.source.sha256)
            else:
                ident = (e.edition_date.isoformat() if e.edition_date else None, e.edition_label)
            if ident not in chosen:
                order.append(ident)
                chosen[ident] = s
            elif _read_quality(e) > _read_quality(chosen[ident].edition):
                chosen[ident] = s
        return [chosen[i] for i in order]

    def mark_missing(self) -> int:
        """Flag editions whose source file has gone (kept, not deleted); returns how many are missing."""
        rows = self.conn.execute("SELECT sha256, source_path, missing FROM editions").fetchall()
        flags = [(int(not Path(path).exists()), sha, missing) for sha, path, missing in rows]
        with self._transaction() as conn:
            conn.executemany(
                "UPDATE editions SET missing = ? WHERE sha256 = ?",
                [(flag, sha) for flag, sha, missing in flags if flag != missing],
            )
        return sum(flag for flag, _, _ in flags)


def _read_quality(edition: Edition) -> float:
    """Mean page confidence: 1.0 for a text layer, lower for OCR."""
    pages = edition.source.pages
    return sum(p.confidence for p in pages) / len(pages) if pages else 0.0


def check_store(path: Path) -> None:
    """Refuse, without changing it, a file at `path` that is not a plantrack store (absent is fine).

    Raises:
        InputError: an empty file, a file that is not SQLite, or another program's database.
    """
    path = Path(path)
    if not path.exists():
        return
    not_ours = "not a plantrack history store"
    remedy = "choose another --db file (plantrack never changes a database it did not create)"
    if not path.is_file():
        raise InputError(f"{not_ours}: not a regular file", path=str(path), remedy=remedy)
    if path.stat().st_size == 0:
        raise InputError(f"{not_ours}: the file is empty (0 bytes)", path=str(path), remedy=remedy)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = (
                conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if names >= TABLES
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{not_ours}: {exc}", path=str(path), remedy=remedy) from exc
    if version is None:
        found = ", ".join(sorted(names)) or "none"
        raise InputError(f"{not_ours} (its tables: {found})", path=str(path), remedy=remedy)


def open_store(path: Path) -> Store:
    """Open (creating if needed) the store at `path`: WAL mode, schema version checked.

    An existing file must already be a plantrack store (`check_store`); it is never converted.
    """
    path = Path(path)
    check_store(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")  # readers (report) never block the extracting writer
        conn.execute("PRAGMA foreign_keys=ON")
        with conn:
            for statement in DDL:
                conn.execute(statement)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        (version,) = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"not a plantrack history store: {exc}",
            path=str(path),
            remedy="choose another --db file, or delete this one to start afresh",
        ) from exc
    except OSError as exc:
        raise OutputError(f"cannot create the history store: {exc.strerror or exc}", path=str(path)) from exc
    if int(version) != SCHEMA_VERSION:
        conn.close()
        raise InputError(
            f"history store schema version {version}, this plantrack reads {SCHEMA_VERSION}",
            path=str(path),
            remedy="use the plantrack version that wrote it, or a new --db file",
        )
    return Store(conn, path)
