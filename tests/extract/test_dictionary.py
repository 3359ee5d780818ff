from aikb.extract.dictionary import Dictionary, plural_forms
from aikb.extract.model import Known


def _dict(*entries: tuple[str, str, tuple[str, ...]]) -> Dictionary:
    return Dictionary(Known(f"k:{t}", t, kind, (t, *al)) for t, kind, al in entries)


def _found(d: Dictionary, text: str) -> list[tuple[str, str]]:
    return [(c.surface, c.known.title) for c in d.find(text) if c.known]


def test_plurals_and_possessives_match():
    d = _dict(("neural network", "concept", ()), ("LLM", "concept", ()), ("OpenAI", "company", ()))
    assert _found(d, "Neural networks, LLMs and OpenAI's models.") == [
        ("Neural networks", "neural network"),
        ("LLMs", "LLM"),
        ("OpenAI", "OpenAI"),
    ]
    assert plural_forms("policy") == ["policy", "policies"]
    assert plural_forms("Hugging Face") == ["Hugging Face"]


def test_longest_match_wins():
    d = _dict(("neural network", "concept", ()), ("convolutional neural network", "concept", ()))
    assert _found(d, "a convolutional neural network") == [
        ("convolutional neural network", "convolutional neural network")
    ]


def test_case_rules_for_names_and_acronyms():
    d = _dict(("Apple", "company", ()), ("Go", "concept", ()), ("pruning", "concept", ()))
    assert _found(d, "an apple a day; we go; Pruning helps; Apple ships") == [
        ("Pruning", "pruning"),
        ("Apple", "Apple"),
    ]
    assert _found(d, "AlphaGo played Go.") == [("Go", "Go")]


def test_word_boundaries_and_hyphenated_words():
    d = _dict(("Meta", "company", ()), ("GPT-4", "concept", ()))
    assert _found(d, "A Meta-analysis of GPT-4o and Metaverse") == []
    assert _found(d, "Meta trained GPT-4.") == [("Meta", "Meta"), ("GPT-4", "GPT-4")]


def test_empty_dictionary_finds_nothing():
    assert Dictionary([]).find("anything at all") == []
