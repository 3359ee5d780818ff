"""`aikb watch`."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, err_console, open_kb, report_warnings, warn
from aikb.errors import IndexLocked, VaultNotFound

if TYPE_CHECKING:
    from watchfiles import Change

    from aikb.kb import KnowledgeBase


def _relevant(root: Path) -> Callable[[Change, str], bool]:
    """Events that may change what the index holds: notes, and folders (moved or deleted).

    Everything under a dot-folder is ignored, above all `.aikb/`, which aikb itself writes.
    """

    def accept(_change: Change, path: str) -> bool:
        try:
            parts = Path(path).relative_to(root).parts
        except ValueError:
            return False
        if not parts or any(part.startswith(".") for part in parts[:-1]):
            return False
        name = parts[-1]
        if name.lower().endswith(".md"):
            return not name.startswith(".#")
        return not name.startswith(".") and not os.path.isfile(path)

    return accept


def _refresh(kb: KnowledgeBase) -> bool:
    """Bring the index up to date, print one line per re-indexed note; False if locked."""
    if not kb.vault.root.is_dir():
        raise VaultNotFound(f"vault {kb.vault.root} is gone; stopped watching")
    try:
        report = kb.refresh()
    except IndexLocked as exc:
        warn(f"{exc}; will try again on the next change")
        return False
    report_warnings(report)
    stamp = time.strftime("%H:%M:%S")
    if report.rebuilt:
        typer.echo(f"{stamp} rebuilt the index ({report.rebuilt}): {_notes(report.added)}")
    else:
        for action, path in report.changes:
            typer.echo(f"{stamp} {action} {path}")
    sys.stdout.flush()
    return True


def _notes(n: int) -> str:
    return f"{n} note" if n == 1 else f"{n} notes"


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@app.command()
def watch(vault: VaultOption = None) -> None:
    """Keep the index up to date while notes change, printing each note it re-indexes.

    Edits, new files, deletions, renames and moves made in any editor are indexed as they
    are saved. Other aikb commands keep working meanwhile. Stop with Ctrl-C.

    Example: aikb watch --vault ~/notes
    """
    from watchfiles import watch as watch_files

    kb = open_kb(vault, refresh=False)
    root = kb.vault.root
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on `kill` as on Ctrl-C
    try:
        pending = not _refresh(kb)
        ready = False
        # rust_timeout makes the watcher yield an empty set when idle: the first one says
        # the watcher is running, later ones retry a refresh the lock held up.
        for changes in watch_files(
            root,
            watch_filter=_relevant(root),
            debounce=200,
            rust_timeout=500,
            yield_on_timeout=True,
        ):
            if changes or pending or not ready:
                pending = not _refresh(kb)  # also catches edits made before the watcher ran
            if not ready:
                ready = True
                notes = _notes(len(kb.index.catalog.notes()))
                err_console().print(
                    f"aikb: watching {root} ({notes}); press Ctrl-C to stop",
                    markup=False,
                    highlight=False,
                )
    except KeyboardInterrupt:
        pass
    err_console().print("aikb: stopped watching", markup=False, highlight=False)
