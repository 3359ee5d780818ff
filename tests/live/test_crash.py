"""Crashes: atomic note writes, SIGKILL while indexing, a damaged or deleted `.aikb/`."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aikb.errors import DuplicateNote, NoteChanged
from aikb.vault.parse import parse_note
from aikb.vault.store import Vault

from .helpers import (
    NOTES,
    SEEDS,
    aikb,
    aikb_cmd,
    aikb_proc,
    big_vault,
    indexed_ids,
    make_vault,
    proc_env,
    write,
)

# -- atomic writes -----------------------------------------------------------------------


def test_write_replaces_a_note_keeping_its_permissions(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    path = write(tmp_path, "sub/n.md", "old\n")
    path.chmod(0o640)
    vault.write("sub/n.md", "new\n")
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["n.md"]  # no temp file left


def test_new_note_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        Vault(tmp_path).write("fresh.md", "hi\n")
    finally:
        os.umask(old)
    assert (tmp_path / "fresh.md").stat().st_mode & 0o777 == 0o640


def test_exclusive_write_never_replaces(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "v", {"n.md": "mine\n"})
    with pytest.raises(DuplicateNote, match="n.md already exists"):
        Vault(root).write("n.md", "theirs\n", exclusive=True)
    assert (root / "n.md").read_text() == "mine\n"
    assert [p.name for p in root.iterdir()] == ["n.md"]


@pytest.mark.parametrize("err", [errno.EPERM, errno.EOPNOTSUPP])
def test_exclusive_write_where_hard_links_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    """FAT, exFAT and some network shares have no hard links: the name is claimed another way."""

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(err, os.strerror(err))

    root = make_vault(tmp_path / "v", {"n.md": "mine\n"})
    monkeypatch.setattr(os, "link", no_links)
    vault = Vault(root)
    vault.write("new.md", "fresh\n", exclusive=True)
    assert (root / "new.md").read_text() == "fresh\n"
    with pytest.raises(DuplicateNote, match="n.md already exists"):
        vault.write("n.md", "theirs\n", exclusive=True)
    assert (root / "n.md").read_text() == "mine\n"
    assert sorted(p.name for p in root.iterdir()) == ["n.md", "new.md"]


def test_write_with_expect_leaves_a_note_edited_meanwhile_alone(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "v", {"n.md": "as read\n"})
    vault = Vault(root)
    read, _ = vault.read_text("n.md")
    write(root, "n.md", "edited in another editor meanwhile\n")
    with pytest.raises(NoteChanged, match="n.md changed while aikb was writing it"):
        vault.write("n.md", read + "merged\n", expect=read)
    assert (root / "n.md").read_text() == "edited in another editor meanwhile\n"
    assert [p.name for p in root.iterdir()] == ["n.md"]
    current, _ = vault.read_text("n.md")
    vault.write("n.md", current + "merged\n", expect=current)
    assert (root / "n.md").read_text() == "edited in another editor meanwhile\nmerged\n"


# A process that dies in the middle of writing a note: the kernel kills it with SIGXFSZ
# when the temporary file passes 4 KiB, half-way through a 64 KiB note.
_DIE_WHILE_WRITING = """
import resource, signal, sys
from aikb.vault.store import Vault
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
Vault(sys.argv[1]).write("n.md", "x" * 65536)
"""


def test_a_write_that_dies_half_way_leaves_the_old_note_whole(tmp_path: Path) -> None:
    old = "---\ntitle: Kept\n---\nThe old text, kept whole.\n"
    tmp_path = make_vault(tmp_path / "v", {"n.md": old})
    died = subprocess.run([sys.executable, "-c", _DIE_WHILE_WRITING, str(tmp_path)])
    assert died.returncode == -signal.SIGXFSZ
    assert (tmp_path / "n.md").read_text() == old
    [leftover] = [p for p in tmp_path.iterdir() if p.name != "n.md"]
    assert leftover.name.startswith(".aikb-") and leftover.stat().st_size == 4096
    # The half-written temporary file is never taken for a note ...
    assert [n["id"] for n in aikb(tmp_path, "list", "--json").json()] == ["n"]
    assert leftover.exists()  # ... and is left alone while it could belong to a live write,
    hour_ago = time.time_ns() - 2 * 3600 * 10**9
    os.utime(leftover, ns=(hour_ago, hour_ago))
    aikb(tmp_path, "list")
    assert not leftover.exists()  # but swept up once it is clearly stale.


def test_failed_write_is_one_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    """A write the system refuses (here: file size limit, EFBIG) names the note."""
    vault = make_vault(tmp_path / "notes")
    assert aikb_proc(vault, "index").exit_code == 0

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        aikb_cmd(vault, "add", "Too big", "-t", "concept", "-b", "y" * 65536),
        capture_output=True,
        text=True,
        env=proc_env(),
        preexec_fn=limit,
    )
    err = " ".join(done.stderr.split())
    assert done.returncode == 1
    assert err == "aikb: error: cannot write too-big.md: File too large"
    assert sorted(p.name for p in vault.iterdir()) == [".aikb", "alpha.md", "beta.md", "people"]


# -- SIGKILL while indexing --------------------------------------------------------------


def _kill_when(cmd: list[str], ready: Callable[[], bool], timeout: float = 60) -> None:
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=proc_env()
    )
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            assert proc.poll() is None, "the command finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def _index_dirs(vault: Path) -> list[Path]:
    return [p for p in (vault / ".aikb").glob("index-*")]


def _assert_complete(vault: Path, n: int) -> None:
    listed = aikb_proc(vault, "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.json()) == n
    for i in (0, n // 2, n - 1):
        found = aikb_proc(vault, "search", f"uniq{i}marker", "--json")
        assert found.exit_code == 0, found.stderr
        assert [hit["id"] for hit in found.json()] == [f"d{i % 10}/n{i}"]
    counts = indexed_ids(vault)
    assert len(counts) == n and set(counts.values()) == {1}


def test_sigkill_during_rebuild_keeps_the_last_index(tmp_path: Path) -> None:
    n = 300
    vault = big_vault(tmp_path / "notes", n)
    assert aikb_proc(vault, "index").exit_code == 0
    before = json.loads((vault / ".aikb" / "catalog.json").read_text())["index"]

    _kill_when(aikb_cmd(vault, "index", "--rebuild"), lambda: len(_index_dirs(vault)) > 1)

    # The killed rebuild left its half-made folder; the committed index is untouched.
    assert json.loads((vault / ".aikb" / "catalog.json").read_text())["index"] == before
    _assert_complete(vault, n)
    # The next rebuild clears the half-made folder away.
    assert aikb_proc(vault, "index", "--rebuild").exit_code == 0
    assert len(_index_dirs(vault)) == 1


def test_sigkill_during_first_build_is_recovered_by_the_next_command(tmp_path: Path) -> None:
    n = 300
    vault = big_vault(tmp_path / "notes", n)
    _kill_when(aikb_cmd(vault, "index"), lambda: bool(_index_dirs(vault)))
    assert not (vault / ".aikb" / "catalog.json").exists()
    run = aikb_proc(vault, "search", "uniq7marker", "--json")
    assert run.exit_code == 0 and [hit["id"] for hit in run.json()] == ["d7/n7"]
    assert "rebuilt the index: its catalog is missing" in run.err
    _assert_complete(vault, n)


def test_sigkill_during_update_is_recovered_by_the_next_command(tmp_path: Path) -> None:
    n = 300
    vault = big_vault(tmp_path / "notes", n)
    assert aikb_proc(vault, "index").exit_code == 0
    for path in vault.rglob("*.md"):
        path.write_text(path.read_text().replace("marker", "changed"))
    catalog = vault / ".aikb" / "catalog.json"
    saved = catalog.stat().st_mtime_ns
    index_dir = vault / ".aikb" / json.loads(catalog.read_text())["index"]
    files = set(index_dir.iterdir())
    # Kill once Whoosh has started writing the new segment, before the catalog is saved.
    _kill_when(aikb_cmd(vault, "index"), lambda: set(index_dir.iterdir()) - files != set())
    assert catalog.stat().st_mtime_ns == saved
    listed = aikb_proc(vault, "list", "--json")
    assert len(listed.json()) == n
    for i in (0, n - 1):
        found = aikb_proc(vault, "search", f"uniq{i}changed", "--json").json()
        assert [hit["id"] for hit in found] == [f"d{i % 10}/n{i}"]
        assert aikb_proc(vault, "search", f"uniq{i}marker", "--json").json() == []
    counts = indexed_ids(vault)
    assert len(counts) == n and set(counts.values()) == {1}


# -- damaged or deleted .aikb/ -----------------------------------------------------------


def _searches(vault: Path) -> str:
    # A separate process: Whoosh leaks file handles on damaged files, which pytest reports.
    run = aikb_proc(vault, "search", "bananas", "--json")
    assert run.exit_code == 0, run.stderr
    assert [hit["id"] for hit in run.json()] == ["beta"]
    return run.err


def _current_index(vault: Path) -> Path:
    return vault / ".aikb" / json.loads((vault / ".aikb" / "catalog.json").read_text())["index"]


def test_deleted_state_folder_is_rebuilt(vault: Path) -> None:
    shutil.rmtree(vault / ".aikb")
    assert "aikb: no index yet; built one from 3 notes" in _searches(vault)


def test_damaged_catalog_is_rebuilt_with_a_warning(vault: Path) -> None:
    (vault / ".aikb" / "catalog.json").write_text('{"format": 4, "notes": {"a.md": [1,')
    assert "warning: rebuilt the index: its catalog is damaged" in _searches(vault)
    assert "warning" not in _searches(vault)


def test_deleted_catalog_is_rebuilt_with_a_warning(vault: Path) -> None:
    (vault / ".aikb" / "catalog.json").unlink()
    assert "warning: rebuilt the index: its catalog is missing" in _searches(vault)


def test_deleted_index_is_rebuilt_with_a_warning(vault: Path) -> None:
    shutil.rmtree(_current_index(vault))
    write(vault, "new.md", "# New\n")  # so the command looks at the index
    assert "warning: rebuilt the index: the index is missing" in _searches(vault)


@pytest.mark.parametrize("how", ["garbage", "empty"])
def test_damaged_index_files_are_rebuilt_with_a_warning(vault: Path, how: str) -> None:
    for path in _current_index(vault).iterdir():
        path.write_bytes(b"\x00garbage\xff" * 50 if how == "garbage" else b"")
    err = _searches(vault)  # nothing changed on disk: the damage shows up at query time
    assert "warning: rebuilt the index: the index is damaged" in err
    assert "Traceback" not in err
    assert "warning" not in _searches(vault)


def test_damaged_segment_is_found_when_a_note_changed(vault: Path) -> None:
    for path in _current_index(vault).glob("MAIN_*"):  # the segment files, not the TOC
        path.write_bytes(b"not a segment")
    write(vault, "beta.md", "---\ntitle: Beta\n---\nBeta is about bananas, still.\n")
    err = _searches(vault)
    assert "warning: rebuilt the index: the index is damaged" in err


def test_state_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "notes")
    (vault / ".aikb").write_text("not a folder")
    run = aikb_proc(vault, "search", "bananas")
    assert run.exit_code == 1
    assert f"aikb: error: {vault / '.aikb'} is not a folder" in run.err


def test_sigkill_during_ingest_is_recovered_by_running_it_again(tmp_path: Path) -> None:
    texts = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    alone = make_vault(tmp_path / "alone", NOTES)
    assert aikb_proc(alone, "ingest", *texts).exit_code == 0
    vault = make_vault(tmp_path / "notes", NOTES)
    assert aikb_proc(vault, "index").exit_code == 0

    # Kill it in the middle of writing notes.
    _kill_when(aikb_cmd(vault, "ingest", *texts), lambda: len(list(vault.rglob("*.md"))) > 8)
    written = list(vault.rglob("*.md"))
    assert 8 < len(written) < len(list(alone.rglob("*.md")))
    for path in written:  # every note there is whole
        note = parse_note(path.read_text(), path.name)
        assert note.warning is None and path.read_text().endswith("\n")
    run = aikb_proc(vault, "list", "--json")
    assert run.exit_code == 0 and "warning" not in run.stderr
    assert len(run.json()) == len(written)

    again = aikb_proc(vault, "ingest", *texts)
    assert again.exit_code == 0, again.stderr
    files = sorted(p.relative_to(alone).as_posix() for p in alone.rglob("*.md"))
    assert sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md")) == files
    for rel in files:
        assert (vault / rel).read_text() == (alone / rel).read_text(), rel
    counts = indexed_ids(vault)
    assert set(counts) == {rel[:-3] for rel in files} and set(counts.values()) == {1}
