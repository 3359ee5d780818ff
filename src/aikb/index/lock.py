"""The index's write lock: one writer at a time, bounded waiting, and a clear culprit."""

from __future__ import annotations

import contextlib
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
        text = path.read_text(errors="replace").strip()
    except OSError:
        text = ""
    return text or "another aikb process"


def _describe_self() -> str:
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    if program in ("", "__main__.py"):  # python -m aikb
        program = "aikb"
    command = " ".join([program, *sys.argv[1:2]])
    started = time.strftime("%H:%M:%S")
    return f"pid {os.getpid()} ({command}, since {started})"


def _open_locked(path: Path) -> int | None:
    """Open the lock file and take the lock without waiting; None if someone holds it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexLocked(f"cannot open the index lock {path}: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    try:
        same = os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        # The lock file was deleted or replaced (someone removed `.aikb/`) after we opened
        # it: a lock on the old file would exclude nobody, so start again on the new one.
        os.close(fd)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _open_locked(path)
    return fd


@contextmanager
def write_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on `path`, waiting at most `timeout` seconds for it.

    The lock is an flock, so the kernel releases it when its holder dies (even by SIGKILL);
    a stale lock file never blocks anyone. The holder writes who it is into the file, so a
    writer that gives up can say what it waited for.
    """
    deadline = time.monotonic() + timeout
    delay = 0.01
    while (fd := _open_locked(path)) is None:
        if time.monotonic() >= deadline:
            raise IndexLocked(
                f"the index at {path.parent} is locked by {_holder(path)}; "
                f"gave up after {timeout:g}s (set AIKB_LOCK_TIMEOUT to wait longer)"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
    try:
        with contextlib.suppress(OSError):  # the name is a courtesy; a full disk must not stop us
            os.ftruncate(fd, 0)
            os.pwrite(fd, _describe_self().encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
