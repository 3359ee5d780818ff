"""The index follows the files: edits, new notes, deletions and renames made outside aikb."""

import gc
import os
from pathlib import Path

import pytest

from aikb.kb import KnowledgeBase


def ids(refs) -> list[str]:
    return [r.id for r in refs]


def bump(path: Path) -> None:
    """Move mtime forward so a same-second edit is seen as a change."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_first_refresh_builds_and_second_is_a_no_op(vault: Path):
    kb = KnowledgeBase(vault)
    first = kb.refresh()
    assert first.rebuilt == "no index yet" and first.added == 7
    second = kb.refresh()
    assert not second.changed and second.unchanged == 7
    assert (vault / ".aikb" / ".gitignore").read_text().strip().endswith("*")


def test_edit_is_searchable_and_old_text_is_gone(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    note = vault / "openai.md"
    note.write_text(note.read_text().replace("An AI lab.", "A zebrafish research lab."))
    bump(note)
    report = kb.refresh()
    assert report.updated == 1 and report.added == 0
    assert ids(kb.search("zebrafish").hits) == ["openai"]
    assert kb.search("zebrafish AND lab").total == 1


def test_touch_without_change_reindexes_nothing(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    bump(vault / "openai.md")
    report = kb.refresh()
    assert not report.changed and report.unchanged == 7


def test_new_note_fixes_broken_links_to_it(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    assert kb.backlinks("openai")  # sanity: the index works
    (vault / "DeepMind.md").write_text("---\ntype: company\n---\nA lab.\n")
    report = kb.refresh()
    assert report.added == 1 and report.relinked == 1
    assert ids(kb.backlinks("DeepMind")) == ["speculative-sampling"]


def test_title_change_relinks_title_links(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    assert "papers/alexnet" in ids(kb.backlinks("Geoffrey Hinton"))
    hinton = vault / "people" / "geoffrey-hinton.md"
    hinton.write_text(hinton.read_text().replace("title: Geoffrey Hinton", "title: G. Hinton"))
    bump(hinton)
    kb.refresh()
    # [[Geoffrey Hinton]] resolved by title; that title is gone, so those links are broken now.
    assert ids(kb.backlinks("geoffrey-hinton")) == []


def test_delete_removes_note_and_its_backlinks(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    (vault / "people" / "geoffrey-hinton.md").unlink()
    report = kb.refresh()
    assert report.deleted == 1
    assert kb.search("Toronto").hits == []
    assert "people/geoffrey-hinton" not in ids(kb.backlinks("alexnet"))
    assert [n.id for n in kb.notes(type="person")] == ["people/ilya-sutskever"]


def test_rename_and_move_to_subfolder(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    (vault / "archive").mkdir()
    (vault / "openai.md").rename(vault / "archive" / "openai.md")
    report = kb.refresh()
    assert report.added == 1 and report.deleted == 1
    assert ids(kb.search("chief scientist").hits) == ["archive/openai"]
    # [[openai|OpenAI]] in Ilya's note now resolves to the moved note by file name.
    assert ids(kb.backlinks("archive/openai")) == ["people/ilya-sutskever"]


# Whoosh leaves the garbage TOC file open when it fails to read it; that is its leak.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_damaged_index_is_rebuilt(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    for f in kb.index.dir.iterdir():
        f.write_bytes(b"garbage")
    kb = KnowledgeBase(vault)
    assert not kb.refresh().changed  # the catalog matches the files...
    report = kb.open_search()  # ...but the index cannot be opened: rebuilt, with a reason
    assert report and report.rebuilt and "damaged" in report.rebuilt
    assert ids(kb.search("Toronto").hits) == ["people/geoffrey-hinton"]
    gc.collect()  # collect Whoosh's leaked file here, under this test's filter


def test_malformed_note_is_reported_and_the_rest_indexed(vault: Path):
    (vault / "bad.md").write_text("---\ntitle: [oops\n---\nquokka text\n")
    (vault / "binary.md").write_bytes(b"\x00\x01\x02binary")
    kb = KnowledgeBase(vault)
    report = kb.refresh()
    assert any(w.startswith("bad.md: malformed YAML") for w in report.warnings)
    assert any(w.startswith("binary.md: binary file") for w in report.warnings)
    assert ids(kb.search("quokka").hits) == ["bad"]  # still searchable, by its body
    assert len(kb.search("Toronto").hits) == 1
    assert "binary" not in [n.id for n in kb.notes()]
    # Warned once per change, not on every command.
    assert kb.refresh().warnings == []
