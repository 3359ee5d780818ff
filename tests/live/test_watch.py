"""`aikb watch` as a real process: edits are indexed as they happen, Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from .helpers import aikb_cmd, aikb_proc, make_vault, proc_env, write


class Watcher:
    """A running `aikb watch`, its stdout and stderr read line by line."""

    def __init__(self, vault: Path) -> None:
        self.proc = subprocess.Popen(
            aikb_cmd(vault, "watch"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=proc_env(),
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self.err_lines: queue.Queue[str] = queue.Queue()
        self.threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self.out), daemon=True),
            threading.Thread(
                target=self._pump, args=(self.proc.stderr, self.err_lines), daemon=True
            ),
        ]
        for thread in self.threads:
            thread.start()

    def _pump(self, stream: IO[str], into: queue.Queue[str]) -> None:
        with stream:
            for line in stream:
                into.put(line.rstrip("\n"))
                if into is self.err_lines:
                    self.err.append(line)

    def wait_line(self, lines: queue.Queue[str], wanted: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if wanted in line:
                return line
        raise AssertionError(f"no line with {wanted!r} within {timeout}s; saw {seen}")

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=20)
        self.close()
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for thread in self.threads:
            thread.join(timeout=10)


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[tuple[Path, Watcher]]:
    vault = make_vault(tmp_path / "notes")
    w = Watcher(vault)
    try:
        w.wait_line(w.err_lines, "aikb: watching")
        yield vault, w
    finally:
        w.close()


def test_watch_indexes_each_change_and_stops_on_ctrl_c(watcher: tuple[Path, Watcher]) -> None:
    vault, w = watcher
    write(vault, "alpha.md", "---\ntitle: Alpha\n---\nNow about figs.\n")
    assert w.wait_line(w.out, "alpha.md").split()[1:] == ["updated", "alpha.md"]

    write(vault, "sub/new note.md", "# New note\n\nLinks [[alpha]], mentions grapes.\n")
    assert w.wait_line(w.out, "new note.md").split()[1:] == ["added", "sub/new", "note.md"]

    # Another process reads while watch runs: it answers, and sees what watch indexed.
    found = aikb_proc(vault, "search", "grapes", "--json")
    assert found.exit_code == 0, found.stderr
    assert [hit["id"] for hit in found.json()] == ["sub/new note"]

    # Saved through a temporary file and a rename, as many editors do.
    tmp = write(vault, ".beta.md.tmp", "---\ntitle: Beta\n---\nBeta, rewritten: limes.\n")
    os.replace(tmp, vault / "beta.md")
    assert w.wait_line(w.out, "beta.md").split()[1:] == ["updated", "beta.md"]

    (vault / "people").rename(vault / "folks")
    w.wait_line(w.out, "added folks/carol.md")

    (vault / "sub" / "new note.md").unlink()
    w.wait_line(w.out, "deleted sub/new note.md")

    assert w.stop(signal.SIGINT) == 0
    stderr = "".join(w.err)
    assert "aikb: stopped watching" in stderr
    assert "Traceback" not in stderr
    listed = aikb_proc(vault, "list", "--json")
    assert sorted(n["id"] for n in listed.json()) == ["alpha", "beta", "folks/carol"]
    assert "limes" in aikb_proc(vault, "show", "beta", "--json").json()["body"]


def test_watch_warns_about_a_broken_note_and_goes_on(watcher: tuple[Path, Watcher]) -> None:
    vault, w = watcher
    write(vault, "bad.md", "---\n- not\n- a mapping\n---\nbody of bad\n")
    w.wait_line(w.out, "added bad.md")
    w.wait_line(w.err_lines, "bad.md: front matter is not a mapping")
    write(vault, "good.md", "# Good\n")
    w.wait_line(w.out, "added good.md")
    assert w.stop(signal.SIGTERM) == 0
    assert "Traceback" not in "".join(w.err)


def test_watch_stops_with_one_line_when_the_vault_goes(watcher: tuple[Path, Watcher]) -> None:
    vault, w = watcher
    shutil.rmtree(vault)
    assert w.proc.wait(timeout=20) == 1
    w.close()
    assert f"aikb: error: vault {vault} is gone; stopped watching" in "".join(w.err)
    assert "Traceback" not in "".join(w.err)
