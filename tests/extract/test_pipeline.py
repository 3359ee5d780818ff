"""The whole pipeline on small texts, with the real spaCy model."""

from aikb.extract import Dictionary, analyse, extract, load_lexicon

LEXICON = Dictionary(load_lexicon()[0])


def _entities(text: str) -> dict[str, tuple[str, list[str]]]:
    ex = extract(analyse(text), LEXICON)
    return {e.title: (e.type, e.aliases) for e in ex.entities}


def test_people_companies_concepts_and_acronyms():
    found = _entities(
        "SOURCE: https://example.com/news\nThis week in AI\n\n"
        "Ilya Sutskever, the co-founder of OpenAI, has announced the launch of Safe "
        "Superintelligence Inc. (or SSI). Sutskever said that SSI will build safe "
        "superintelligence. SSI will not ship large language models for years.\n"
    )
    assert found["Ilya Sutskever"] == ("person", ["Sutskever"])
    assert found["OpenAI"][0] == "company"
    assert found["Safe Superintelligence Inc."] == ("company", ["SSI"])
    assert found["large language model"][0] == "concept"
    assert "Sutskever" not in found and "SSI" not in found


def test_a_text_with_no_entities():
    ex = extract(analyse("A quiet week\n\nNothing much happened. We went for a walk.\n"), LEXICON)
    assert ex.entities == []
    assert ex.title == "A quiet week"


def test_peripheral_mentions_do_not_become_entities():
    found = _entities(
        "Pruning news\n\nResearchers proposed a new method of pruning convolutional neural "
        "networks. Here is an ugly analogy: take the middle bun out of a Big Mac and you "
        "get two patties from McDonald's.\n"
    )
    assert "convolutional neural network" in found
    assert "pruning" in found
    assert not {"Big Mac", "McDonald", "McDonald's"} & set(found)


def test_named_terms_and_paper_titles():
    found = _entities(
        "Newsletter\n\nDeepMind built a way to sample faster. The 'speculative sampling' "
        "approach uses a draft model and a benchmark called XSum to test it.\n"
        "Read more: Accelerating Large Language Model Decoding with Speculative Sampling (arXiv).\n"
    )
    assert found["speculative sampling"][0] == "concept"
    assert found["XSum"][0] == "concept"
    title = "Accelerating Large Language Model Decoding with Speculative Sampling"
    assert found[title][0] == "paper"


def test_vault_names_link_and_vault_types_win():
    from aikb.extract.model import Known

    vault = Known("note:gemma", "Gemma", "paper", ("Gemma", "Gemma 2"), (), "gemma")
    d = Dictionary([vault, *load_lexicon()[0]])
    ex = extract(analyse("T\n\nGoogle released Gemma 2 today, an open model.\n"), d)
    gemma = [e for e in ex.entities if e.note == "gemma"]
    assert [(e.title, e.type) for e in gemma] == [("Gemma", "paper")]


def test_the_publications_own_name_and_sentence_starters_are_not_entities():
    found = _entities(
        "Welcome to Import AI, a newsletter about artificial intelligence.\n\n"
        "If AI models run on phones, Apple wins. The Elman network was an early recurrent "
        "neural network. DeepMind released a paper on it (Import AI 290).\n"
    )
    assert "Import AI" not in found and "If AI" not in found
    assert found["Elman network"][0] == "concept"
    assert found["recurrent neural network"][0] == "concept"
