"""Multi-word terms from noun phrases, with the real spaCy tagger."""

from aikb.extract import Dictionary, analyse, extract, load_lexicon

LEXICON = Dictionary(load_lexicon()[0])


def _titles(text: str) -> set[str]:
    return {e.title for e in extract(analyse(text), LEXICON).entities}


def test_recurring_phrases_on_a_known_head_noun_are_terms():
    found = _titles(
        "Faster decoding\n\nA small draft model guesses tokens and the large target model "
        "checks them. When the draft model is wrong, the target model resamples. Several "
        "tokens are easy. Many tokens are easy too.\n"
    )
    assert {"draft model", "target model"} <= found
    assert not {t for t in found if "token" in t}  # "several tokens": no termhood


def test_a_phrase_the_text_defines_is_a_term_even_once():
    found = _titles(
        "Serving\n\nThe key quantity is the acceptance rate, the fraction of guesses the "
        "model keeps. Combined with continuous batching, where new requests join a running "
        "batch, serving gets cheaper. It was a nice case of luck.\n"
    )
    assert {"acceptance rate", "continuous batching"} <= found
    assert "nice case" not in found and "running batch" not in found


def test_unknown_acronym_compounds_recur_and_known_ones_do_not_count():
    found = _titles(
        "Memory\n\nThe KV cache grows with every token. Paging the KV cache saves memory. "
        "AI systems are everywhere, and AI systems need memory.\n"
    )
    assert "KV cache" in found
    assert "AI systems" not in found and "AI system" not in found


def test_a_phrase_that_is_the_tail_of_a_known_term_joins_it():
    ex = extract(
        analyse(
            "NLP\n\nNatural language understanding is hard. Language understanding needs "
            "world knowledge, and language understanding is still unsolved.\n"
        ),
        LEXICON,
    )
    nlu = [e for e in ex.entities if e.title == "natural language understanding"]
    assert nlu and "language understanding" in nlu[0].aliases
    assert "language understanding" not in {e.title for e in ex.entities}
