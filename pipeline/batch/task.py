"""The per-document task every executor runs: one input in, a picklable result out (never an exception)."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from pipeline.errors import DocumentTimeoutError, ExitCode, PlantrackError
from pipeline.models import Edition
from pipeline.options import ExtractOptions


@dataclass(frozen=True)
class Job:
    """One document to extract: only plain values, so it pickles for any process pool or cluster."""

    path: str
    options_json: str
    timeout: float


def with_ocr(job: Job, workers: int, *, on_cluster: bool = False) -> Job:
    """The job with its OCR page processes set: `workers` (1 = the task's own process) or cluster tasks."""
    options = ExtractOptions.model_validate_json(job.options_json)
    options = options.model_copy(update={"ocr_workers": max(1, workers), "ocr_on_cluster": on_cluster})
    return replace(job, options_json=options.model_dump_json())


@dataclass(frozen=True)
class TaskResult:
    """What a task sends back: the edition as JSON text, or the error's code and one-line message."""

    path: str
    edition_json: str | None
    exit_code: int
    error: str | None
    error_type: str | None
    duration: float

    @property
    def ok(self) -> bool:
        """True when an edition was extracted."""
        return self.edition_json is not None

    @property
    def crashed(self) -> bool:
        """True for an unexpected exception (a bug), as opposed to a typed PlantrackError."""
        return self.exit_code == ExitCode.INTERNAL


class InternalError(PlantrackError):
    """An unexpected exception inside the pipeline: a bug, reported like any other failure."""

    exit_code = ExitCode.INTERNAL
    remedy = "please report it with the -v output"


class _Deadline(BaseException):
    """Raised by the alarm; a BaseException so that `except Exception` clauses in stages cannot eat it."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `_Deadline` in this thread after `seconds` (POSIX main thread only; elsewhere a no-op).

    The executor keeps a hard deadline as well (it kills the worker), for code stuck in C.
    """
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_error(path: str, seconds: float) -> DocumentTimeoutError:
    """The error reported for a document over its time limit."""
    return DocumentTimeoutError(f"took longer than the {seconds:g} s limit", path=path)


def extract_task(job: Job) -> TaskResult:
    """Extract one document with the whole pipeline (`pipeline.orchestrate.extract`).

    Top-level and argument-picklable so that spawn-based pools and dask workers can import it.
    """
    from pipeline.orchestrate import extract

    return run_task(job, extract)


def run_task(job: Job, extract: Callable[[str, ExtractOptions], Edition]) -> TaskResult:
    """Run `extract` on the job's input; every failure becomes a TaskResult with code and one-line message.

    Args:
        job: The document and its options.
        extract: Path and options to an Edition (the pipeline; tests pass fakes).

    Returns:
        The edition as JSON text, or the error: typed errors keep their exit code, a timeout is
        TIMEOUT, and any other exception is INTERNAL (a bug) with its type in the message.
    """
    started = time.perf_counter()
    error: PlantrackError | None = None
    text = None
    try:
        options = ExtractOptions.model_validate_json(job.options_json)
        with deadline(job.timeout):
            edition = extract(job.path, options)
        text = edition.model_dump_json()
    except _Deadline:
        error = timeout_error(job.path, job.timeout)
    except PlantrackError as exc:
        error = exc
    except Exception as exc:  # a bug: report it, keep the batch going
        summary = f"{exc}".splitlines()[0][:300] if str(exc) else ""
        error = InternalError(f"internal error: {type(exc).__name__}: {summary}".rstrip(": "), path=job.path)
    elapsed = round(time.perf_counter() - started, 3)
    if error is None and text is not None:
        return TaskResult(job.path, text, int(ExitCode.OK), None, None, elapsed)
    assert error is not None
    error.path = error.path or job.path
    return TaskResult(job.path, None, int(error.exit_code), error.one_line(), type(error).__name__, elapsed)
