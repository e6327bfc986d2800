"""The batch: cache look-ups, tasks on an executor, outputs published by the client, index and summary."""

from __future__ import annotations

import datetime as dt
import logging
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline import __version__
from pipeline.batch.cache import EditionCache, cache_key, file_sha256
from pipeline.batch.executors import Executor, InlineExecutor, LocalExecutor, TaskFn
from pipeline.batch.index import edition_row, read_previous_index, write_failures, write_index, write_run
from pipeline.batch.lock import folder_lock
from pipeline.batch.naming import assign_folders
from pipeline.batch.outcome import CACHED, FAILED, OK, REMOVED, BatchResult, Outcome
from pipeline.batch.progress import LineProgress, Progress
from pipeline.batch.publish import clean_leftovers, is_current, publish_edition
from pipeline.batch.task import Job, TaskResult, extract_task, with_ocr
from pipeline.emit.records import FORMATS, edition_json
from pipeline.errors import ExitCode, OutputError
from pipeline.models import Edition
from pipeline.options import ExtractOptions

log = logging.getLogger(__name__)

EXECUTORS = ("local", "dask")


@dataclass
class BatchConfig:
    """How a batch runs; `options` is what each document is extracted with."""

    out: Path
    formats: tuple[str, ...] = FORMATS
    options: ExtractOptions = field(default_factory=ExtractOptions)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    executor: str = "local"
    scheduler: str | None = None
    doc_timeout: float = 600.0
    use_cache: bool = True
    db: Path | None = None  # None: do not record editions in the history store


def make_executor(config: BatchConfig, jobs: int, task: TaskFn = extract_task) -> Executor:
    """The executor for this many jobs: dask when asked, in-process for a single document, else a pool."""
    if config.executor == "dask":
        from pipeline.batch.dask_executor import DaskExecutor

        return DaskExecutor(config.workers, config.scheduler, task=task)
    if config.executor == "inline" or jobs <= 1:
        # One document: no pool start-up, and its OCR may use every core.
        return InlineExecutor(task)
    return LocalExecutor(min(config.workers, jobs), task=task)


def absolute(path: Path) -> Path:
    """The path the index and the store keep: absolute, so that it means the same file from any
    directory (symlinks are not resolved: the name the user gave stays the name)."""
    return Path(os.path.abspath(path))


def exit_code_for(result: BatchResult, inputs: int, *, strict: bool = False) -> int:
    """0 when all went well; a lone input's own code; BATCH_FAILED when some of several failed.

    With `strict`, a run whose inputs all extracted but some only partly (coverage warnings) exits
    PARTLY_READ: for pipelines that must not publish thin data. Failures take precedence.
    """
    failures = result.failures
    if not failures:
        if strict and any(o.partly_read for o in result.outcomes):
            return int(ExitCode.PARTLY_READ)
        return int(ExitCode.OK)
    if inputs == 1:
        return failures[0].exit_code
    return int(ExitCode.BATCH_FAILED)


class _Store:
    """The history store, opened on first use; absent module or --no-store means no recording."""

    def __init__(self, db: Path | None, progress: Progress) -> None:
        self.db = db
        self.progress = progress
        self.store: Any = None
        self.tried = False

    def add(self, edition: Edition, path: Path) -> None:
        if self.db is None:
            return
        if not self.tried:
            self.tried = True
            try:
                from pipeline.history.store import open_store
            except ImportError:
                log.debug("pipeline.history.store not available: editions not recorded")
                return
            try:
                self.store = open_store(self.db)
            except Exception as exc:  # the outputs are still good: say so and carry on
                self.progress.note(f"plantrack: warning: cannot open the history store {self.db}: {exc}")
        if self.store is not None:
            try:
                self.store.add_edition(edition, str(path))
            except Exception as exc:
                self.progress.note(f"plantrack: warning: {path}: not recorded in {self.db}: {exc}")

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if callable(close):
            close()


class BatchRun:
    """One run of `plantrack extract` over a list of inputs (use `run_batch`)."""

    def __init__(self, inputs: Sequence[Path], config: BatchConfig, progress: Progress, task: TaskFn) -> None:
        self.inputs = list(inputs)
        self.config = config
        self.progress = progress
        self.task = task
        self.out = config.out
        self.cache = EditionCache(self.out)
        self.folders = assign_folders(self.inputs)
        self.store = _Store(config.db, progress)
        self.result = BatchResult()
        self.by_path = {str(p): p for p in self.inputs}

    def _prepare_out(self) -> None:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create the output folder: {exc.strerror or exc}", path=str(self.out)
            ) from exc
        if not self.out.is_dir():
            raise OutputError("the output path exists and is not a folder", path=str(self.out))

    def _record(self, outcome: Outcome) -> None:
        self.result.outcomes.append(outcome)
        self.progress.done(outcome)

    def _publish(self, path: Path, edition: Edition, status: str, duration: float) -> Outcome:
        folder = self.folders[path]
        try:
            if not (status == CACHED and is_current(self.out / folder, edition, self.config.formats)):
                publish_edition(edition, self.out, folder, self.config.formats)
        except OutputError as exc:
            return Outcome(
                path,
                FAILED,
                edition.source.sha256,
                folder,
                None,
                int(exc.exit_code),
                exc.one_line(),
                duration,
            )
        return Outcome(path, status, edition.source.sha256, folder, edition, 0, None, duration)

    def _cached(self, path: Path, sha: str) -> bool:
        text = self.cache.get(cache_key(sha, self.config.options))
        if text is None:
            return False
        try:
            edition = Edition.model_validate_json(text)
        except ValidationError:
            return False  # an entry from an older record model: extract again
        if edition.source.sha256 != sha:
            # A valid edition of another document under this key (a copied or tampered entry).
            log.debug("cache entry for %s holds another document: extracting again", path)
            return False
        # The key is the content, so the same bytes under another name must carry this name.
        edition.source.name = path.name
        outcome = self._publish(path, edition, CACHED, 0.0)
        if outcome.status == CACHED:
            # The store may have been deleted, replaced (--db) or skipped (--no-store) since the
            # edition was cached: every edition served must be in it at the end of the run.
            self.store.add(edition, absolute(path))
        self._record(outcome)
        return True

    def _on_result(self, job: Job, result: TaskResult) -> None:
        path = self.by_path[job.path]
        if result.edition_json is None:
            self._record(
                Outcome(
                    path,
                    FAILED,
                    file_sha256(path),
                    self.folders[path],
                    None,
                    result.exit_code,
                    result.error,
                    result.duration,
                )
            )
            return
        edition = Edition.model_validate_json(result.edition_json)
        # Cache before publishing: an interrupt between the two then leaves a cache entry without
        # outputs (the next run serves it and publishes), never outputs the next run re-extracts.
        if self.config.use_cache:
            self.cache.put(cache_key(edition.source.sha256, self.config.options), edition_json(edition))
        outcome = self._publish(path, edition, OK, result.duration)
        if outcome.status == OK:
            # Store before reporting, so an interrupt during the report loses nothing.
            self.store.add(edition, absolute(path))
        self._record(outcome)

    def _removed(self, previous: list[dict[str, str]]) -> list[dict[str, Any]]:
        """Rows of the last index for inputs not in this run: gone files are reported, others carried."""
        current = {str(absolute(p)) for p in self.inputs}
        rows: list[dict[str, Any]] = []
        for row in previous:
            p = row.get("path") or ""
            if not p or p in current:
                continue
            if Path(p).exists():
                rows.append(row)  # still there, just not part of this run: its outputs stay listed
            elif row.get("status") != REMOVED:
                self.progress.note(f"removed since last run: {p}")
                self.result.outcomes.append(
                    Outcome(Path(p), REMOVED, row.get("sha256") or None, row.get("output") or None)
                )
                rows.append({**row, "status": REMOVED, "error": None})
        return rows

    def run(self) -> BatchResult:
        if self.config.db is not None:
            from pipeline.history.store import check_store

            check_store(self.config.db)  # another program's database is refused before any work
        self._prepare_out()
        # Another run on OUT would delete this one's temporary folders and overwrite its index rows.
        with folder_lock(self.out, self.progress.note):
            clean_leftovers(self.out)
            return self._run()

    def _run(self) -> BatchResult:
        started_at = dt.datetime.now(dt.UTC)
        t0 = time.perf_counter()
        previous = read_previous_index(self.out)
        self.progress.start(len(self.inputs))
        jobs: list[Job] = []
        for path in self.inputs:
            sha = file_sha256(path)
            if sha is not None and self.config.use_cache and self._cached(path, sha):
                continue
            jobs.append(Job(str(path), self.config.options.model_dump_json(), self.config.doc_timeout))
        executor = make_executor(self.config, len(jobs), self.task)
        parallel = min(self.config.workers, len(jobs)) > 1 and not isinstance(executor, InlineExecutor)
        # Several documents at once: one OCR process each, or the two pool levels oversubscribe; one
        # document alone may OCR its pages in up to --workers processes (so --workers 1 means one).
        # The dask executor sends pages to the cluster itself.
        limit = min(self.config.workers, self.config.options.ocr_workers or self.config.workers)
        ocr_workers = 1 if parallel else limit
        jobs = [with_ocr(j, ocr_workers) for j in jobs]
        try:
            executor.run(jobs, self._on_result)
        except KeyboardInterrupt:
            self.result.interrupted = True
            self._write_interrupted_index(previous)
            self._write_run(started_at, t0, executor)
            raise
        finally:
            self.progress.close()
            self.store.close()
        carried = self._removed(previous)
        rows = [self._index_row(o) for o in self.result.outcomes if o.status != REMOVED] + carried
        write_index(self.out, rows)
        write_failures(
            self.out,
            [
                {"path": str(absolute(o.path)), "exit_code": o.exit_code, "error": o.error}
                for o in self.result.failures
            ],
        )
        self._write_run(started_at, t0, executor)
        return self.result

    def _write_interrupted_index(self, previous: list[dict[str, str]]) -> None:
        """After Ctrl-C: the documents finished in this run, and the last index's rows for the rest."""
        rows = [self._index_row(o) for o in self.result.outcomes if o.status != REMOVED]
        done = {r["path"] for r in rows}
        rows += [r for r in previous if r.get("path") and r["path"] not in done]
        try:
            write_index(self.out, rows)
        except OutputError:
            log.warning("could not write index.csv", exc_info=True)

    def _index_row(self, o: Outcome) -> dict[str, Any]:
        row: dict[str, Any] = {
            "path": str(absolute(o.path)),
            "name": o.path.name,
            "sha256": o.sha256,
            "status": o.status,
            "output": o.folder if o.edition is not None else None,
            "error": o.error,
        }
        if o.edition is not None:
            row.update(edition_row(o.edition))
        return row

    def _write_run(self, started_at: dt.datetime, t0: float, executor: Executor) -> None:
        versions = {"python": platform.python_version(), "plantrack": __version__}
        for pkg in ("pdfplumber", "pypdfium2", "pytesseract", "pydantic", "distributed"):
            try:
                versions[pkg] = metadata.version(pkg)
            except metadata.PackageNotFoundError:
                continue
        meta = {
            "started": started_at.isoformat(timespec="seconds"),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - t0, 3),
            "executor": type(executor).__name__,
            "workers": self.config.workers,
            "scheduler": self.config.scheduler,
            "doc_timeout_s": self.config.doc_timeout,
            "options": self.config.options.cache_fields(),
            "formats": list(self.config.formats),
            "versions": versions,
            "interrupted": self.result.interrupted,
            "stats": self.result.stats,
            "documents": [
                {
                    "path": str(o.path),
                    "status": o.status,
                    "duration_s": o.duration,
                    "exit_code": o.exit_code,
                    **_coverage_meta(o),
                }
                for o in sorted(self.result.outcomes, key=lambda o: str(o.path))
            ],
        }
        try:
            write_run(self.out, meta)
        except OutputError:
            log.warning("could not write run.json", exc_info=True)


def _coverage_meta(o: Outcome) -> dict[str, Any]:
    """run.json's coverage figure of a document: share of words read and the partly read pages."""
    coverage = o.edition.coverage if o.edition is not None else None
    if coverage is None:
        return {}
    return {"coverage": coverage.share, "partly_read": coverage.partly_read}


def run_batch(
    inputs: Sequence[Path],
    config: BatchConfig,
    progress: Progress | None = None,
    task: TaskFn = extract_task,
) -> BatchResult:
    """Extract every input into `config.out`, reusing cached editions; never raises for one bad document.

    Args:
        inputs: Files to extract (see `discover_inputs`).
        config: Output folder, formats, options, workers, executor, timeout, cache and store.
        progress: Where progress goes (plain lines on stderr by default).
        task: The per-document task (tests substitute fakes; it must be a picklable top-level function).

    Returns:
        Every outcome, with `stats` {extracted, cached, failed, removed}.

    Raises:
        OutputError: the output folder or the index cannot be written.
        KeyboardInterrupt: after pending work was cancelled; finished outputs are complete.
    """
    return BatchRun(inputs, config, progress or LineProgress(), task).run()
