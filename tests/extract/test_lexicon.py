from aikb.extract.lexicon import load_lexicon, parse_lexicon


def test_shipped_lexicon_loads_cleanly_and_types_entries():
    entries, warnings = load_lexicon()
    assert warnings == []
    by_title = {k.title: k for k in entries}
    assert by_title["large language model"].type == "concept"
    assert "LLM" in by_title["large language model"].names
    assert by_title["OpenAI"].type == "company"
    assert "attention" in by_title["attention mechanism"].weak


def test_vault_lexicon_extends_and_overrides():
    extra = (
        "concept | speculative decoding | speculative sampling | method\n"
        "company | Apple Inc. | Apple\n"
    )
    entries, warnings = load_lexicon(extra)
    assert warnings == []
    titles = {k.title: k for k in entries}
    assert titles["speculative decoding"].tags == ("method",)
    assert "Apple" not in titles  # the vault's entry replaces the shipped one
    assert titles["Apple Inc."].names == ("Apple Inc.", "Apple")


def test_bad_lexicon_lines_are_reported_not_fatal():
    entries, warnings = parse_lexicon("widget | x\nconcept | ok\n", "aikb-lexicon.txt")
    assert [k.title for k in entries] == ["ok"]
    assert warnings == ["aikb-lexicon.txt:1: expected 'type | name | aliases | tags'"]
