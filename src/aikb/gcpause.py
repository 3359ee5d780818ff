"""Pausing Python's cyclic garbage collector while bulk data is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block. Building many small objects that are all
    kept (a scan, a loaded catalog, a resolver) makes the collector scan the growing heap
    again and again: loading the catalog of 100,000 notes took 3x as long with it on.
    Reference counting still frees everything else."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
