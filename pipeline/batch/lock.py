"""One run at a time per output folder: `OUT/.lock`, held with flock for the whole run."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.errors import OutputError

LOCK_NAME = ".lock"


@contextlib.contextmanager
def folder_lock(out: Path, note: Callable[[str], None]) -> Iterator[None]:
    """Hold OUT's lock; when another run holds it, say so through `note` and wait for it to finish.

    The lock is the kernel's (flock), so a killed run never leaves it held. Where flock is not
    available (Windows), runs are not serialised.

    Raises:
        OutputError: the lock file cannot be created.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    path = out / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot create the lock file: {exc.strerror or exc}", path=str(path)) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            note(
                f"plantrack: {out} is in use by another plantrack run{holder}; "
                "waiting for it to finish (Ctrl-C to stop)"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f" (pid {pid})"
    return ""
