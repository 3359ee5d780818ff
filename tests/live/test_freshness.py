"""Changes made outside aikb show up in the very next command, with no manual step."""

from __future__ import annotations

import os
from pathlib import Path

from .helpers import aikb, listed, write


def search_ids(vault: Path, query: str) -> list[str]:
    run = aikb(vault, "search", query, "--json")
    assert run.exit_code == 0, run.stderr
    return [hit["id"] for hit in run.json()]


def backlink_ids(vault: Path, ref: str) -> list[str]:
    run = aikb(vault, "backlinks", ref, "--json")
    assert run.exit_code == 0, run.stderr
    return [r["id"] for r in run.json()]


def test_edit_shows_in_search_show_and_backlinks(vault: Path) -> None:
    assert search_ids(vault, "apples") == ["alpha"]
    write(vault, "alpha.md", "---\ntitle: Alpha\n---\nNow about [[Carol]] and durians.\n")
    assert search_ids(vault, "durians") == ["alpha"]
    assert aikb(vault, "search", "apples", "--json").json() == []
    assert "durians" in aikb(vault, "show", "alpha", "--json").json()["body"]
    assert backlink_ids(vault, "carol") == ["alpha"]
    assert backlink_ids(vault, "beta") == []


def test_create_shows_in_list_search_and_backlinks(vault: Path) -> None:
    write(vault, "deep/er/delta.md", "# Delta\n\nDelta cites [[beta]] on dates.\n")
    assert "deep/er/delta" in listed(vault)
    assert search_ids(vault, "dates") == ["deep/er/delta"]
    assert aikb(vault, "show", "Delta", "--json").json()["title"] == "Delta"
    assert backlink_ids(vault, "beta") == ["alpha", "deep/er/delta"]


def test_delete_shows_everywhere(vault: Path) -> None:
    (vault / "alpha.md").unlink()
    assert listed(vault) == ["beta", "people/carol"]
    assert search_ids(vault, "apples") == []
    assert backlink_ids(vault, "beta") == []
    run = aikb(vault, "show", "alpha")
    assert run.exit_code == 1 and "no note 'alpha'" in run.err


def test_rename_keeps_links_that_still_resolve(vault: Path) -> None:
    # [[Beta]] in alpha now finds the note by its title instead of its file name.
    (vault / "beta.md").rename(vault / "b-renamed.md")
    assert listed(vault) == ["alpha", "b-renamed", "people/carol"]
    assert search_ids(vault, "bananas") == ["b-renamed"]
    assert backlink_ids(vault, "b-renamed") == ["alpha"]
    links = aikb(vault, "links", "alpha", "--json").json()
    assert [(link["id"], link["status"]) for link in links] == [("b-renamed", "ok")]


def test_move_to_subfolder(vault: Path) -> None:
    (vault / "archive").mkdir()
    (vault / "beta.md").rename(vault / "archive" / "beta.md")
    assert listed(vault) == ["alpha", "archive/beta", "people/carol"]
    assert backlink_ids(vault, "archive/beta") == ["alpha"]
    assert aikb(vault, "show", "beta", "--json").json()["path"] == "archive/beta.md"


def test_folder_moved_and_deleted(vault: Path) -> None:
    (vault / "people").rename(vault / "folks")
    assert listed(vault) == ["alpha", "beta", "folks/carol"]
    assert search_ids(vault, "cherries") == ["folks/carol"]
    for path in (vault / "folks").iterdir():
        path.unlink()
    (vault / "folks").rmdir()
    assert listed(vault) == ["alpha", "beta"]


def test_editor_save_through_temporary_file_and_rename(vault: Path) -> None:
    """How vim (backupcopy=no), VS Code and many others save: write a temp, rename over."""
    original = (vault / "beta.md").stat()
    tmp = write(vault, ".beta.md.swp", "---\ntitle: Beta\n---\nBeta is about blueberries.\n")
    write(vault, "beta.md~", "backup copy, not a note")
    os.replace(tmp, vault / "beta.md")
    assert (vault / "beta.md").stat().st_ino != original.st_ino
    assert search_ids(vault, "blueberries") == ["beta"]
    assert search_ids(vault, "bananas") == []
    assert listed(vault) == ["alpha", "beta", "people/carol"]


def test_same_size_same_mtime_edit_is_seen(vault: Path) -> None:
    """An edit within one timestamp tick keeps size and mtime: racy entries are re-hashed."""
    path = vault / "beta.md"
    before = path.stat()
    text = path.read_text().replace("bananas", "papayas")
    assert len(text) == len(path.read_text())
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert search_ids(vault, "papayas") == ["beta"]


def test_touched_file_is_not_reported_as_changed(vault: Path) -> None:
    os.utime(vault / "people/carol.md")
    run = aikb(vault, "index")
    assert "0 added, 0 updated, 0 deleted" in run.out


def test_untouched_vault_does_no_work(vault: Path) -> None:
    """Once a scan is well past the last edit, nothing is re-read or rewritten."""
    old = 1_600_000_000 * 10**9
    for path in vault.rglob("*.md"):
        os.utime(path, ns=(old, old))
    aikb(vault, "index")
    catalog = vault / ".aikb" / "catalog.json"
    stamp = catalog.stat().st_mtime_ns
    run = aikb(vault, "index")
    assert "3 unchanged" in run.out
    assert catalog.stat().st_mtime_ns == stamp


def test_warning_is_printed_once_per_change(vault: Path) -> None:
    write(vault, "broken.md", "---\ntitle: [oops\n---\nBroken but searchable: kiwis.\n")
    first = aikb(vault, "search", "kiwis")
    assert first.exit_code == 0
    assert "warning: broken.md: malformed YAML" in first.err
    again = aikb(vault, "list")
    assert "broken.md" not in again.stderr
    write(vault, "broken.md", "---\ntitle: [still oops\n---\nkiwis\n")
    assert "warning: broken.md: malformed YAML" in aikb(vault, "list").err
    assert "broken.md" not in aikb(vault, "list").stderr
    # `aikb index` lists every open problem, however old.
    report = aikb(vault, "index")
    assert "1 file has a problem: broken.md: malformed YAML" in report.out
    write(vault, "broken.md", "---\ntitle: Fixed\n---\nkiwis\n")
    assert "problem" not in aikb(vault, "index").out
