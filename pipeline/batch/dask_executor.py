"""The same per-document tasks on a dask.distributed cluster; only the client writes results."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from pipeline.batch.executors import KILL_GRACE, ResultCallback, TaskFn, failed_result
from pipeline.batch.task import InternalError, Job, extract_task, timeout_error, with_ocr
from pipeline.errors import ExitCode, PlantrackError

log = logging.getLogger(__name__)


class MissingExtraError(PlantrackError):
    """An optional dependency group is not installed."""

    exit_code = ExitCode.USAGE
    remedy = "pip install 'plantrack[dask]'"


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingExtraError("--executor dask needs dask.distributed, which is not installed") from exc
    return distributed


class DaskExecutor:
    """Runs tasks on `distributed.Client(scheduler)`, or on a LocalCluster of processes it starts.

    Workers must see the input paths (a shared filesystem for a remote scheduler). Dask runs tasks
    in worker threads, where the in-task alarm cannot work, so the deadline is enforced here: an
    overdue document is reported as TIMEOUT and, on a cluster this executor started, its worker is
    restarted; in-flight work is bounded by the cluster's thread count so deadlines start at submission.
    """

    def __init__(
        self,
        workers: int,
        scheduler: str | None = None,
        task: TaskFn = extract_task,
        grace: float = KILL_GRACE,
    ) -> None:
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self.task = task
        self.grace = KILL_GRACE if grace is None else grace
        _import_distributed()  # fail fast, before any document is read

    def run(self, jobs: Sequence[Job], on_result: ResultCallback) -> None:
        """Run the jobs on the cluster; results are delivered to the callback as they complete."""
        distributed = _import_distributed()
        cluster = None
        if self.scheduler:
            client = distributed.Client(self.scheduler)
        else:
            cluster = distributed.LocalCluster(
                processes=True,
                n_workers=self.workers,
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
        try:
            self._run(client, distributed, jobs, on_result, own_cluster=cluster is not None)
        finally:
            with contextlib.suppress(Exception):
                client.close()
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close()

    def _run(
        self,
        client: Any,
        distributed: Any,
        jobs: Sequence[Job],
        on_result: ResultCallback,
        *,
        own_cluster: bool,
    ) -> None:
        info = client.scheduler_info()
        slots = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or self.workers
        queue: deque[Job] = deque(jobs)
        inflight: dict[Any, tuple[Job, float, float]] = {}
        try:
            while queue or inflight:
                while queue and len(inflight) < slots:
                    job = queue.popleft()
                    started = time.monotonic()
                    # One task per worker process (threads_per_worker=1); a scan's pages become
                    # cluster tasks of their own, so a large scan is spread over every worker.
                    fut = client.submit(self.task, with_ocr(job, 1, on_cluster=True), pure=False)
                    inflight[fut] = (job, started, started + job.timeout + self.grace)
                nearest = min(d for _, _, d in inflight.values())
                with contextlib.suppress(distributed.TimeoutError, TimeoutError):
                    distributed.wait(
                        list(inflight),
                        timeout=max(0.05, nearest - time.monotonic()),
                        return_when="FIRST_COMPLETED",
                    )
                for fut in [f for f in inflight if f.done()]:
                    job, started, _ = inflight.pop(fut)
                    try:
                        on_result(job, fut.result())
                    except Exception as exc:  # a worker died (KilledWorker) or the result did not arrive
                        error = InternalError(f"the dask task failed: {type(exc).__name__}", path=job.path)
                        on_result(job, failed_result(job, error, time.monotonic() - started))
                now = time.monotonic()
                for fut in [f for f, (_, _, d) in inflight.items() if d <= now]:
                    job, started, _ = inflight.pop(fut)
                    on_result(job, failed_result(job, timeout_error(job.path, job.timeout), now - started))
                    self._stop(client, fut, restart=own_cluster)
        except BaseException:
            with contextlib.suppress(Exception):
                client.cancel(list(inflight), force=True)
            raise

    @staticmethod
    def _stop(client: Any, fut: Any, *, restart: bool) -> None:
        # A running dask task cannot be interrupted; cancelling frees the slot in the scheduler's view
        # and restarting the worker (only on our own cluster) frees the process itself.
        busy = []
        with contextlib.suppress(Exception):
            busy = [w for w, keys in client.processing().items() if fut.key in keys]
        with contextlib.suppress(Exception):
            fut.cancel(force=True)
        if restart and busy:
            with contextlib.suppress(Exception):
                client.restart_workers(busy)
