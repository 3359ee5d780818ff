"""Several aikb processes at once: nothing corrupted, lost, half-written or hung."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aikb.vault.parse import parse_note

from .helpers import (
    NOTES,
    SEEDS,
    Run,
    aikb_cmd,
    aikb_proc,
    big_vault,
    indexed_ids,
    make_vault,
    note_ids_on_disk,
    proc_env,
    write,
)

# Enough text that a rebuild takes a while (about a second): readers run meanwhile.
_FILLER = " ".join(f"filler{j % 400}" for j in range(2500))
BASE = {
    f"base/note-{i}.md": (
        f"---\ntitle: Base {i}\ntype: concept\n---\nbase{i}word links [[beta]].\n{_FILLER}\n"
    )
    for i in range(40)
}


def test_writers_and_readers_at_once_index_every_note_exactly_once(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "notes", {**BASE, **NOTES})
    assert aikb_proc(vault, "index").exit_code == 0
    stop = threading.Event()
    runs: dict[str, list[Run]] = {"writer": [], "reader": [], "index": [], "shared": []}
    lock = threading.Lock()

    def record(kind: str, run: Run) -> None:
        with lock:
            runs[kind].append(run)

    def writer(name: str) -> None:
        for i in range(5):
            body = f"{name}{i}token is written by aikb add"
            record(
                "writer", aikb_proc(vault, "add", f"{name} note {i}", "-t", "concept", "-b", body)
            )
        record("shared", aikb_proc(vault, "add", "Shared title", "-t", "concept", "-b", name))

    def editor() -> None:
        """Another program saving notes the way editors do: temp file, then rename."""
        for i in range(15):
            tmp = write(
                vault, f"ext/.note-{i}.md.tmp", f"# External {i}\n\next{i}token [[alpha]]\n"
            )
            os.replace(tmp, vault / "ext" / f"note-{i}.md")
            write(vault, "alpha.md", f"---\ntitle: Alpha\n---\nAlpha, revision {i}, apples.\n")
            time.sleep(0.05)

    def indexer() -> None:
        for args in (["index"], ["index", "--rebuild"], ["index"]):
            record("index", aikb_proc(vault, *args))

    def reader() -> None:
        while not stop.is_set():
            for args in (
                ["search", "bananas", "--json"],
                ["show", "beta", "--json"],
                ["list", "--json"],
                ["backlinks", "beta", "--json"],
            ):
                record("reader", aikb_proc(vault, *args))

    with ThreadPoolExecutor(max_workers=7) as pool:
        readers = [pool.submit(reader) for _ in range(2)]
        work = [
            pool.submit(f) for f in (lambda: writer("wa"), lambda: writer("wb"), editor, indexer)
        ]
        for future in work:
            future.result(timeout=240)
        stop.set()
        for future in readers:
            future.result(timeout=120)

    # Every command finished cleanly, answering from a whole index, also during the rebuild.
    for kind in ("writer", "index", "reader"):
        for run in runs[kind]:
            assert run.exit_code == 0, (kind, run.stderr)
            assert "Traceback" not in run.stderr
    assert len(runs["reader"]) >= 8
    for run in runs["reader"]:
        data = run.json()
        if isinstance(data, dict):  # show beta
            assert data["body"].strip() == "Beta is about bananas."
        elif data and "score" in data[0]:  # search bananas
            assert [hit["id"] for hit in data] == ["beta"]
        elif data and "context" in data[0]:  # backlinks beta
            assert {r["id"] for r in data} >= {f"base/note-{i}" for i in range(40)}
        else:  # list
            assert {n["id"] for n in data} >= {"alpha", "beta", *(p[:-3] for p in BASE)}
    # Two processes adding the same title: exactly one wins, the other is told so.
    shared = sorted(runs["shared"], key=lambda r: r.exit_code)
    assert [r.exit_code for r in shared] == [0, 1]
    assert "shared-title.md already exists; not overwritten" in shared[1].err

    # Every note on disk is whole, and indexed exactly once.
    for name in ("wa", "wb"):
        for i in range(5):
            note = parse_note((vault / f"{name}-note-{i}.md").read_text(), f"{name}-note-{i}.md")
            assert note.body.strip() == f"{name}{i}token is written by aikb add"
    final = aikb_proc(vault, "list", "--json")
    on_disk = note_ids_on_disk(vault)
    assert len(on_disk) == 40 + 3 + 10 + 1 + 15
    assert sorted(n["id"] for n in final.json()) == sorted(on_disk)
    counts = indexed_ids(vault)
    assert set(counts) == on_disk
    assert set(counts.values()) == {1}
    hits = aikb_proc(vault, "search", "wa3token OR wb4token OR ext14token", "--json").json()
    assert sorted(hit["id"] for hit in hits) == ["ext/note-14", "wa-note-3", "wb-note-4"]
    assert not [p for p in vault.rglob("*.tmp")], "temporary files left behind"


def test_writer_waits_a_bounded_time_then_names_the_lock_holder(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "notes")
    assert aikb_proc(vault, "index").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(vault / ".aikb" / "lock")],
        stdout=subprocess.PIPE,
        text=True,
        env=proc_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        write(vault, "new.md", "# New\n\nnectarines\n")

        started = time.monotonic()
        blocked = aikb_proc(vault, "index", AIKB_LOCK_TIMEOUT="1")
        assert time.monotonic() - started < 10
        assert blocked.exit_code == 1
        assert f"is locked by pid {holder.pid} (-c index-holder" in blocked.err
        assert "gave up after 1s (set AIKB_LOCK_TIMEOUT to wait longer)" in blocked.err
        assert "Traceback" not in blocked.stderr

        # A reader does not wait long, and answers from the last committed index.
        started = time.monotonic()
        stale = aikb_proc(vault, "search", "bananas", "--json")
        assert time.monotonic() - started < 10
        assert stale.exit_code == 0
        assert [hit["id"] for hit in stale.json()] == ["beta"]
        assert "answering from the last committed index" in stale.err
    finally:
        holder.terminate()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    # Once the holder is gone, the next command catches up by itself.
    fresh = aikb_proc(vault, "search", "nectarines", "--json")
    assert [hit["id"] for hit in fresh.json()] == ["new"]


def test_killed_lock_holder_never_blocks_anyone(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "notes")
    assert aikb_proc(vault, "index").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(vault / ".aikb" / "lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert "index-holder" in (vault / ".aikb" / "lock").read_text()  # left behind, harmless
    write(vault, "new.md", "# New\n\nnectarines\n")
    run = aikb_proc(vault, "index", AIKB_LOCK_TIMEOUT="1")
    assert run.exit_code == 0 and "1 added" in run.out


# Holds the index lock through aikb's own lock code, as a second aikb process would.
_HOLD_LOCK = """
import sys, time
sys.argv = ["-c", "index-holder"] + sys.argv[1:]
from pathlib import Path
from aikb.index.lock import write_lock
with write_lock(Path(sys.argv[2]), timeout=5):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_readers_answer_from_the_committed_index_during_a_rebuild(tmp_path: Path) -> None:
    n = 300
    vault = big_vault(tmp_path / "notes", n)
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in vault.rglob("*.md"):  # long unchanged: readers need no lock at all
        os.utime(path, ns=(hour_ago, hour_ago))
    assert aikb_proc(vault, "index").exit_code == 0
    rebuild = subprocess.Popen(
        aikb_cmd(vault, "index", "--rebuild"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=proc_env(),
    )
    during: list[tuple[str, Run]] = []
    try:
        while rebuild.poll() is None:
            command = "search" if len(during) % 2 else "list"
            query = ["uniq123marker"] if command == "search" else []
            run = aikb_proc(vault, command, *query, "--json")
            if rebuild.poll() is None:
                during.append((command, run))
    finally:
        rebuild.wait()
    assert rebuild.returncode == 0
    assert during, "the rebuild ended before a reader ran"
    for command, run in during:
        assert run.exit_code == 0 and run.stderr == ""
        if command == "search":
            assert [hit["id"] for hit in run.json()] == ["d3/n123"]
        else:
            assert len(run.json()) == n


def test_two_ingests_and_readers_at_once(tmp_path: Path) -> None:
    """Two ingests of the same texts at once end as one ingest would: no note lost or doubled."""
    texts = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    alone = make_vault(tmp_path / "alone", NOTES)
    assert aikb_proc(alone, "ingest", *texts).exit_code == 0
    vault = make_vault(tmp_path / "notes", NOTES)
    assert aikb_proc(vault, "index").exit_code == 0
    ingests = [
        subprocess.Popen(
            aikb_cmd(vault, "ingest", *texts),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=proc_env(),
        )
        for _ in range(2)
    ]
    readers: list[Run] = []
    while any(p.poll() is None for p in ingests):
        readers.append(aikb_proc(vault, "show", "beta", "--json"))
    for proc in ingests:
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert readers
    for run in readers:
        assert run.exit_code == 0, run.stderr
        assert run.json()["body"].strip() == "Beta is about bananas."
    files = sorted(p.relative_to(alone).as_posix() for p in alone.rglob("*.md"))
    assert sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md")) == files
    for rel in files:
        assert (vault / rel).read_text() == (alone / rel).read_text(), rel
    final = aikb_proc(vault, "list", "--json")
    counts = indexed_ids(vault)
    assert set(counts) == note_ids_on_disk(vault) == {n["id"] for n in final.json()}
    assert set(counts.values()) == {1}
