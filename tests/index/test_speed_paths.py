"""The fast paths of issue 7 keep their answers right: the no-change stamp, the merge
policy, bounded backlinks and mentions for hubs, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as windex

from aikb.kb import KnowledgeBase


@pytest.fixture
def vault(vault: Path) -> Path:
    """The fixture vault, last edited an hour ago: no entry is racy (catalog.RACY_NS)."""
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in vault.rglob("*.md"):
        os.utime(path, ns=(hour_ago, hour_ago))
    return vault


def bump(path: Path, seconds: int = 2) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_no_change_check_imports_neither_whoosh_nor_yaml(vault: Path):
    KnowledgeBase(vault).refresh()
    code = (
        "import sys; from aikb.kb import KnowledgeBase\n"
        f"r = KnowledgeBase({str(vault)!r}).refresh()\n"
        "assert not r.changed and r.unchanged == 7, r\n"
        "print(sorted(m for m in ('whoosh', 'yaml', 'frontmatter', 'json') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_edit_seen_with_a_stale_or_broken_stamp(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    stamp = vault / ".aikb" / "catalog.stamp"
    old = stamp.read_bytes()
    note = vault / "openai.md"
    note.write_text(note.read_text() + "\nA quokka visited.\n")
    bump(note)
    assert kb.refresh().updated == 1
    stamp.write_bytes(old)  # a stamp of an older catalog must not vouch for the new one
    note.write_text(note.read_text() + "\nThen a wombat.\n")
    bump(note, 4)
    assert KnowledgeBase(vault).refresh().updated == 1
    stamp.write_bytes(b"\x00garbage")
    note.write_text(note.read_text() + "\nAnd a numbat.\n")
    bump(note, 6)
    kb = KnowledgeBase(vault)
    assert kb.refresh().updated == 1
    assert [h.id for h in kb.search("numbat").hits] == ["openai"]
    assert not kb.refresh().changed  # and the stamp is whole again


def test_incremental_commits_keep_few_segments(vault: Path):
    kb = KnowledgeBase(vault)
    kb.refresh()
    note = vault / "openai.md"
    text = note.read_text()
    for i in range(12):
        note.write_text(text + f"\nEdit number {i} mentions word{i}.\n")
        bump(note, 2 * (i + 1))
        assert kb.refresh().updated == 1
        segments = windex.open_dir(str(kb.index.dir))._segments()
        assert len(segments) <= 5
    assert [h.id for h in kb.search("word11").hits] == ["openai"]
    assert kb.search("word3").hits == []


def _hub_vault(root: Path, linking: int) -> Path:
    root.mkdir()
    (root / "hub.md").write_text("---\ntitle: Hub\naliases: [The Hub]\n---\nThe centre.\n")
    for i in range(linking):
        (root / f"n{i:03d}.md").write_text(f"Note {i} links to [[hub]] here.\n")
    for i in range(30):
        (root / f"m{i:03d}.md").write_text(f"Note {i} names the Hub without a link.\n")
    return root


def test_backlinks_limit_and_count(tmp_path: Path):
    kb = KnowledgeBase(_hub_vault(tmp_path / "v", 40))
    kb.refresh()
    assert kb.backlink_count("hub") == 40
    first = kb.backlinks("hub", limit=5)
    assert [r.id for r in first] == ["n000", "n001", "n002", "n003", "n004"]
    assert len(kb.backlinks("hub")) == 40
    assert len(kb.mentions(kb.note("hub"), limit=7)) == 7


def test_show_of_a_hub_prints_the_first_backlinks_and_counts_all(tmp_path: Path):
    from typer.testing import CliRunner

    from aikb.cli import app

    vault = _hub_vault(tmp_path / "v", 40)
    run = CliRunner().invoke(app, ["show", "Hub", "--vault", str(vault)])
    assert run.exit_code == 0, run.output
    assert "Backlinks (40 notes)" in run.stdout
    assert "… and 15 more notes: aikb backlinks 'hub'" in run.stdout
    assert "Unlinked mentions (25+)" in run.stdout and "… and more" in run.stdout
    data = json.loads(
        CliRunner().invoke(app, ["show", "Hub", "--json", "--vault", str(vault)]).stdout
    )
    assert len(data["backlinks"]) == 40 and len(data["unlinked_mentions"]) == 30


def test_help_imports_neither_whoosh_nor_rich_markdown_nor_yaml():
    code = (
        "import sys, runpy; sys.argv = ['aikb', '--help']\n"
        "try:\n runpy.run_module('aikb', run_name='__main__')\nexcept SystemExit: pass\n"
        "heavy = ('whoosh', 'yaml', 'rich.markdown', 'pydantic', 'markdown_it')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_search_imports_no_yaml_and_no_extraction(vault: Path):
    KnowledgeBase(vault).refresh()
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['aikb', 'search', 'sampling', '--vault', {str(vault)!r}]\n"
        "try:\n runpy.run_module('aikb', run_name='__main__')\nexcept SystemExit: pass\n"
        "heavy = ('yaml', 'frontmatter', 'aikb.extract', 'spacy', 'markdown_it')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Speculative sampling" in out.stdout and out.stdout.strip().endswith("[]"), out


def test_parallel_rebuild_answers_like_a_serial_one(vault: Path, tmp_path: Path, monkeypatch):
    import shutil

    from aikb.index import update

    serial = tmp_path / "serial"
    shutil.copytree(vault, serial)
    KnowledgeBase(serial).refresh()
    monkeypatch.setattr(update, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(update, "_processes", lambda n: 2)
    (vault / "broken.md").write_text("---\ntitle: [\n---\nwombat\n")
    (serial / "broken.md").write_text("---\ntitle: [\n---\nwombat\n")
    kb = KnowledgeBase(vault)
    report = kb.refresh(rebuild=True)
    assert report.added == 8 and len(report.warnings) == 1 and "broken.md" in report.warnings[0]
    assert len(windex.open_dir(str(kb.index.dir))._segments()) == 2  # one per worker
    other = KnowledgeBase(serial)
    assert other.refresh().added == 1

    def entries(catalog):
        return {p: e._replace(mtime_ns=0) for p, e in catalog.entries.items()}

    assert entries(kb.index.catalog) == entries(other.index.load_catalog())
    for query in ["sampling", '"draft model"', "type:person"]:
        ours = [(h.id, round(h.score, 3)) for h in kb.search(query).hits]
        assert ours == [(h.id, round(h.score, 3)) for h in other.search(query).hits], query
    assert [r.id for r in kb.backlinks("ilya-sutskever")] == [
        r.id for r in other.backlinks("ilya-sutskever")
    ]


def test_catalog_copy_is_used_only_for_the_json_it_was_made_from(vault: Path):
    from aikb.index.catalog import Catalog

    kb = KnowledgeBase(vault)
    kb.refresh()
    path = vault / ".aikb" / "catalog.json"
    copy = vault / ".aikb" / "catalog.marshal"
    old = copy.read_bytes()
    assert Catalog._load_copy(path) == Catalog._load_json(path)
    note = vault / "openai.md"
    note.write_text(note.read_text() + "\nA quokka visited.\n")
    bump(note)
    assert kb.refresh().updated == 1
    size = note.stat().st_size
    assert Catalog._load_copy(path).entries["openai.md"].size == size
    copy.write_bytes(old)  # the copy of an older catalog
    assert Catalog._load_copy(path) is None
    assert Catalog.load(path).entries["openai.md"].size == size
    copy.write_bytes(b"\x00garbage")
    assert Catalog._load_copy(path) is None
    assert Catalog.load(path).entries["openai.md"].size == size


def test_a_failing_parallel_rebuild_keeps_the_last_index(vault: Path, monkeypatch):
    from aikb.index import build, update

    kb = KnowledgeBase(vault)
    kb.refresh()
    before = kb.index.dir
    monkeypatch.setattr(update, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(update, "_processes", lambda n: 2)
    real = build.document

    def failing(note, resolver):
        if note.path == "openai.md":
            raise ValueError("disk on fire")
        return real(note, resolver)

    monkeypatch.setattr(build, "document", failing)  # the forked workers inherit it
    with pytest.raises(ValueError, match="disk on fire") as failure:
        kb.refresh(rebuild=True)
    assert "in an indexing process" in failure.value.__notes__[0]
    assert [p.name for p in (vault / ".aikb").iterdir() if p.name.startswith("index")] == [
        before.name
    ]
    assert [h.id for h in KnowledgeBase(vault).search("lab").hits] == ["openai"]
