"""The benchmark's vault generator: deterministic, and shaped as issue 7 asks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from generate import generate, load_or_generate, vault_digest  # noqa: E402

from aikb.kb import KnowledgeBase  # noqa: E402
from aikb.vault.links import extract_links  # noqa: E402
from aikb.vault.parse import parse_note  # noqa: E402


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("gen")
    return out, generate(out, 400, seed=3)


def test_same_seed_same_bytes_other_seed_other_bytes(made, tmp_path: Path):
    _, spec = made
    assert generate(tmp_path / "again", 400, seed=3).digest == spec.digest
    assert generate(tmp_path / "other", 400, seed=4).digest != spec.digest


def test_cached_vault_is_reused_and_checked(made):
    out, spec = made
    assert load_or_generate(out, 400, seed=3) == spec
    assert vault_digest(out / "notes") == spec.digest


def test_notes_are_typed_with_front_matter_and_links_in_every_form(made):
    out, spec = made
    vault = out / "notes"
    paths = sorted(vault.rglob("*.md"))
    assert len(paths) == 400
    assert {p.parent.name for p in paths} == {"people", "companies", "papers", "concepts"}
    assert any(" " in p.name for p in paths) and any("-" in p.stem for p in paths)
    notes = [parse_note(p.read_text(), p.relative_to(vault).as_posix()) for p in paths]
    assert {n.type for n in notes} >= {"person", "company", "paper", "concept"}
    assert sum(bool(n.aliases) for n in notes) > 100 and all(n.warning is None for n in notes)
    assert all(n.tags for n in notes if n.meta)
    counts = [len([x for x in n.links if not x.is_attachment]) for n in notes]
    assert min(counts) >= 3 and max(counts) <= 15
    links = [x for n in notes for x in n.links]
    assert any(x.markdown for x in links) and any(x.embed for x in links)
    assert any(x.label for x in links) and any(x.heading for x in links)
    assert any("/" in x.target for x in links if not x.markdown)
    text = "\n".join(p.read_text() for p in paths)
    assert "```" in text and "in code" in text
    # Link syntax inside code is never a link.
    assert not any("in code" in x.target for x in links)


def test_hub_backlinks_and_broken_links_as_aikb_counts_them(made):
    out, spec = made
    kb = KnowledgeBase(out / "notes")
    kb.refresh()
    assert kb.backlink_count(spec.hub) == spec.hub_backlinks > 150
    broken = sum(
        1
        for summary in kb.notes()
        for link in kb.links(summary.path)
        if link.note is None and not link.attachment and link.target
    )
    assert broken == spec.broken_links > 0


def test_links_in_a_fenced_block_are_masked():
    body = '```python\nnote = "[[Not A Link]]"\n```\nSee [[Real]].\n'
    assert [x.target for x in extract_links(body)] == ["Real"]
