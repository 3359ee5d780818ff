"""aikb's answers on the Obsidian fixture vault, through the real Whoosh index on disk,
compared exactly with the hand-written answers in obsidian-vault.expected.yaml."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from aikb.errors import AmbiguousNote
from aikb.kb import KnowledgeBase


@pytest.fixture
def kb(obsidian_vault: Path) -> KnowledgeBase:
    kb = KnowledgeBase(obsidian_vault)
    kb.refresh()
    return kb


def _result(link) -> str:
    if link.note is not None:
        return link.note.id
    return "attachment" if link.attachment else "broken"


def test_every_note_is_written_down(kb, expected):
    ids = {n.id for n in kb.notes()}
    assert ids == set(expected["links"]) == set(expected["backlinks"])
    assert not any(i.startswith((".obsidian", ".trash")) for i in ids)


def test_out_links_match_exactly(kb, expected):
    for note_id, links in expected["links"].items():
        got = [[link.line, link.target, _result(link)] for link in kb.links(note_id)]
        assert got == links, note_id


def test_backlinks_match_exactly(kb, expected):
    for note_id, linking in expected["backlinks"].items():
        got = sorted({ref.id for ref in kb.backlinks(note_id)})
        assert got == sorted(linking), note_id


def test_hand_written_backlinks_agree_with_the_out_links(expected):
    """A check on the fixture itself: the two hand-written halves tell the same story."""
    derived: dict[str, set[str]] = defaultdict(set)
    for source, links in expected["links"].items():
        for _line, _target, result in links:
            if result not in ("attachment", "broken") and result != source:
                derived[result].add(source)
    assert {k: sorted(v) for k, v in derived.items()} == {
        k: sorted(v) for k, v in expected["backlinks"].items() if v
    }


def test_backlinks_carry_line_and_context(kb):
    refs = [r for r in kb.backlinks("people/Alan Turing") if r.id == "Tables"]
    assert [(r.line, r.context) for r in refs] == [
        (6, "| Alan | [[Alan Turing#Early life\\|young Turing]] |")
    ]
    (prop,) = [r for r in kb.backlinks("Alan Turing") if r.id == "Properties"]
    assert (prop.line, prop.context) == (8, '"[[Alan Turing]]"')


def test_check_finds_broken_orphans_same_titles_and_warnings(kb, expected):
    report = kb.check()
    assert [[b.source.removesuffix(".md"), b.line, b.target] for b in report.broken] == (
        expected["broken"]
    )
    assert [n.id for n in report.orphans] == expected["orphans"]
    assert {t: [n.id for n in nodes] for t, nodes in report.same_titles} == expected["same_title"]
    assert [p.removesuffix(".md") for p, _ in report.warnings] == expected["warnings"]


def test_graph_edges_count_links_per_note_pair(kb, expected):
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for source, links in expected["links"].items():
        for _line, _target, result in links:
            if result not in ("attachment", "broken", source):
                counts[(source, result)] += 1
    data = kb.graph().to_dict()
    assert {(e["source"], e["target"]): e["count"] for e in data["edges"]} == counts
    assert len(data["nodes"]) == len(expected["links"])
    assert [[b["source"], b["line"], b["target"]] for b in data["broken"]] == expected["broken"]


def test_lookup_by_path_name_title_alias(kb, expected):
    for ref, note_id in expected["lookup"].items():
        assert kb.lookup(ref).removesuffix(".md") == note_id, ref


def test_ambiguous_names_list_every_candidate(kb, expected):
    for ref, candidates in expected["ambiguous"].items():
        with pytest.raises(AmbiguousNote) as err:
            kb.lookup(ref)
        listed = [line.split()[0] for line in str(err.value).splitlines()[1:]]
        assert listed == candidates
