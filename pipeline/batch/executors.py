"""Where tasks run: in-process, or a process pool with hard per-document deadlines and crash isolation."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from pipeline.batch.task import InternalError, Job, TaskResult, extract_task, timeout_error
from pipeline.errors import PlantrackError

TaskFn = Callable[[Job], TaskResult]
ResultCallback = Callable[[Job, TaskResult], None]

# Seconds a worker gets beyond the document's own limit (its in-process alarm) before it is killed:
# covers process start-up and code stuck in C, where the alarm cannot interrupt.
KILL_GRACE = 5.0


class Executor(Protocol):
    """Runs jobs and hands each result to the callback in the calling (client) process."""

    def run(self, jobs: Sequence[Job], on_result: ResultCallback) -> None:
        """Run every job; KeyboardInterrupt propagates after pending work is cancelled."""


def failed_result(job: Job, error: PlantrackError, duration: float = 0.0) -> TaskResult:
    """A TaskResult for a failure that happened outside the task (a timeout kill, a crashed worker)."""
    error.path = error.path or job.path
    return TaskResult(
        job.path, None, int(error.exit_code), error.one_line(), type(error).__name__, round(duration, 3)
    )


class InlineExecutor:
    """Runs tasks one after another in this process (one document, the fuzzer, tests)."""

    def __init__(self, task: TaskFn = extract_task) -> None:
        self.task = task

    def run(self, jobs: Sequence[Job], on_result: ResultCallback) -> None:
        """Run the jobs in order."""
        for job in jobs:
            on_result(job, self.task(job))


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; only the client decides what to cancel, so workers
    # ignore it and are terminated by the client instead of dying mid-task with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalExecutor:
    """A spawn-context ProcessPoolExecutor that keeps at most `workers` documents in flight.

    Keeping the pool exactly full means a submitted task starts at once, so its hard deadline can
    be measured from submission. A document over its deadline, or one that kills its worker
    (a segfault in a C library, the OOM killer), fails alone: the pool is recycled, innocent
    in-flight documents are resubmitted, and documents caught in a crash are retried one at a time
    so the culprit is identified.
    """

    def __init__(self, workers: int, task: TaskFn = extract_task, grace: float | None = None) -> None:
        self.workers = max(1, workers)
        self.task = task
        self.grace = KILL_GRACE if grace is None else grace

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init,
        )

    @staticmethod
    def _kill(pool: ProcessPoolExecutor) -> None:
        # ProcessPoolExecutor cannot stop a running task (Python 3.14 adds terminate_workers()).
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for proc in processes:
            if proc.is_alive():
                proc.kill()
        for proc in processes:
            proc.join(timeout=5)
        pool.shutdown(wait=False, cancel_futures=True)

    def run(self, jobs: Sequence[Job], on_result: ResultCallback) -> None:
        """Run the jobs in the pool; results are delivered as they complete."""
        queue: deque[Job] = deque(jobs)
        suspects: deque[Job] = deque()
        inflight: dict[Future[TaskResult], tuple[Job, float, float, bool]] = {}
        pool = self._new_pool()
        try:
            while queue or suspects or inflight:
                self._fill(pool, queue, suspects, inflight)
                nearest = min(deadline for _, _, deadline, _ in inflight.values())
                done, _ = wait(
                    list(inflight), timeout=max(0.0, nearest - time.monotonic()), return_when=FIRST_COMPLETED
                )
                crashed = False
                for fut in done:
                    job, started, _, suspect = inflight.pop(fut)
                    try:
                        on_result(job, fut.result())
                    except BrokenProcessPool:
                        crashed = True
                        if suspect:  # it ran alone, so it is the one that killed the worker
                            error = InternalError("the worker process died while reading it", path=job.path)
                            on_result(job, failed_result(job, error, time.monotonic() - started))
                        else:
                            suspects.append(job)
                    except Exception as exc:  # e.g. an unpicklable result: a bug, reported per document
                        error = InternalError(f"internal error: {type(exc).__name__}", path=job.path)
                        on_result(job, failed_result(job, error, time.monotonic() - started))
                now = time.monotonic()
                expired = [fut for fut, (_, _, deadline, _) in inflight.items() if deadline <= now]
                for fut in expired:
                    job, started, _, _ = inflight.pop(fut)
                    on_result(job, failed_result(job, timeout_error(job.path, job.timeout), now - started))
                if crashed or expired:
                    for job, _, _, suspect in inflight.values():
                        # After a crash all in flight are suspects; after a timeout kill, innocent.
                        (suspects if crashed or suspect else queue).appendleft(job)
                    inflight.clear()
                    self._kill(pool)
                    pool = self._new_pool()
        except BaseException:
            self._kill(pool)
            raise
        pool.shutdown(wait=True)

    def _fill(
        self,
        pool: ProcessPoolExecutor,
        queue: deque[Job],
        suspects: deque[Job],
        inflight: dict[Future[TaskResult], tuple[Job, float, float, bool]],
    ) -> None:
        if any(suspect for *_, suspect in inflight.values()):
            return
        if suspects:
            if not inflight:
                self._submit(pool, suspects.popleft(), inflight, suspect=True)
            return
        while queue and len(inflight) < self.workers:
            self._submit(pool, queue.popleft(), inflight, suspect=False)

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        job: Job,
        inflight: dict[Future[TaskResult], tuple[Job, float, float, bool]],
        *,
        suspect: bool,
    ) -> None:
        started = time.monotonic()
        inflight[pool.submit(self.task, job)] = (job, started, started + job.timeout + self.grace, suspect)
