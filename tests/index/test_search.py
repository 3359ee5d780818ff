"""Search syntax against a real on-disk Whoosh index of the fixture vault."""

from pathlib import Path

import pytest

from aikb.errors import InvalidArgument
from aikb.kb import KnowledgeBase


@pytest.fixture
def kb(vault: Path) -> KnowledgeBase:
    kb = KnowledgeBase(vault)
    kb.refresh()
    return kb


def found(kb: KnowledgeBase, query: str, **kw) -> list[str]:
    return [hit.id for hit in kb.search(query, **kw).hits]


def test_title_match_ranks_first(kb):
    assert found(kb, "speculative sampling")[0] == "speculative-sampling"


def test_phrase_query(kb):
    assert found(kb, '"draft model"') == ["speculative-sampling"]
    assert found(kb, '"model draft"') == []


def test_boolean_operators(kb):
    assert set(found(kb, "Toronto OR GPUs")) == {"people/geoffrey-hinton", "papers/alexnet"}
    assert found(kb, "Ilya AND Toronto") == ["people/geoffrey-hinton"]
    assert "papers/alexnet" not in found(kb, "Sutskever NOT GPUs")


def test_field_queries_and_aliases(kb):
    assert found(kb, "type:paper") == ["papers/alexnet"]
    assert set(found(kb, "tag:researcher")) == {"people/ilya-sutskever", "people/geoffrey-hinton"}
    assert found(kb, "title:openai") == ["openai"]
    assert found(kb, "alias:Hinton") == ["people/geoffrey-hinton"]


def test_prefix(kb):
    assert "speculative-sampling" in found(kb, "specul*")


def test_filters(kb):
    assert found(kb, "Sutskever", type="paper") == ["papers/alexnet"]
    assert found(kb, "Sutskever", tag="researcher") == ["people/ilya-sutskever"] or set(
        found(kb, "Sutskever", tag="researcher")
    ) <= {"people/ilya-sutskever", "people/geoffrey-hinton"}
    assert found(kb, "Sutskever", type="concept") == []


def test_snippet_highlights_matched_words(kb):
    hit = kb.search("rejection").hits[0]
    assert hit.id == "speculative-sampling"
    (start, end), *_ = hit.highlights
    assert hit.snippet[start:end].lower() == "rejection"


def test_no_match_suggests_a_spelling(kb):
    results = kb.search("spekulative")
    assert results.hits == []
    assert results.suggestion == "speculative"


def test_empty_query_is_an_error(kb):
    with pytest.raises(InvalidArgument):
        kb.search("   ")
