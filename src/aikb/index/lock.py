"""The index's write lock: one writer at a time, bounded waiting, and a clear culprit."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aikb.errors import IndexLocked


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        text = ""
    return text or "another aikb process"


@contextmanager
def write_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on `path`, waiting at most `timeout` seconds for it.

    The lock is an flock, so the kernel releases it when its holder dies (even by SIGKILL);
    a stale lock file never blocks anyone.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLocked(
                        f"the index at {path.parent} is locked by {_holder(path)}; "
                        f"gave up after {timeout:g}s (set AIKB_LOCK_TIMEOUT to wait longer)"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} ({' '.join(sys.argv[:2]) or 'aikb'})".encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
