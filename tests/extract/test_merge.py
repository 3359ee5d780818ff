from aikb.extract.concepts import best_long_form, find_acronyms, find_initialisms
from aikb.extract.merge import Cluster, cluster_candidates, name_key, near
from aikb.extract.model import Candidate


def test_name_key_folds_case_plural_possessive_article_and_suffix():
    assert name_key("The LLMs") == name_key("LLM")
    assert name_key("OpenAI’s") == name_key("openai")
    assert name_key("Neural Networks") == name_key("neural network")
    assert name_key("Safe Superintelligence Inc.") == name_key("Safe Superintelligence")


def test_acronyms_defined_in_text():
    text = (
        "the launch of Safe Superintelligence Inc. (or SSI) and natural language processing (NLP)."
    )
    found = {(c.surface, c.alias_of, c.type) for c in find_acronyms(text)}
    assert ("SSI", "Safe Superintelligence Inc.", "company") in found
    assert ("NLP", "natural language processing", None) in found
    assert best_long_form("STDP", "about Spike Time Independent Plasticity") == (
        "Spike Time Independent Plasticity"
    )
    assert best_long_form("GDP", "on economic growth") is None


def test_acronyms_before_their_long_form_after_or_and_undefined_initials():
    text = (
        "It uses GRPO (group relative policy optimization, a PPO variant). The recipe, a "
        "vision-language-action model or VLA, wins. GPUs or TPUs. Stochastic Taylor "
        "Derivative Estimator: a method. STDE makes PDEs cheap. The CEO of NASA spoke."
    )
    pairs = {
        (c.surface, c.alias_of)
        for c in find_acronyms(text) + find_initialisms(text, [], frozenset())
    }
    assert ("GRPO", "group relative policy optimization") in pairs
    assert ("VLA", "vision-language-action model") in pairs
    assert ("STDE", "Stochastic Taylor Derivative Estimator") in pairs
    assert not {a for a, long in pairs if a in ("TPU", "TPUs", "NASA", "CEO")}


def _cand(surface: str, start: int, **kw: object) -> Candidate:
    return Candidate(start, start + len(surface), surface, kw.pop("type", None), "ner", **kw)  # type: ignore[arg-type]


def _titles(clusters: list[Cluster]) -> list[set[str]]:
    return sorted((set(c.surfaces) for c in clusters), key=lambda s: sorted(s))


def test_surname_joins_full_name_and_acronym_joins_long_form():
    cands = [
        _cand("Ilya Sutskever", 0, type="person"),
        _cand("Sutskever", 20, type="company", label="ORG"),  # NER's guess, overruled
        Candidate(40, 67, "Safe Superintelligence Inc.", "company", "acronym", strong=True),
        Candidate(
            72, 75, "SSI", "company", "acronym", strong=True, alias_of="Safe Superintelligence Inc."
        ),  # fmt: skip
        _cand("SSI", 90),
    ]
    clusters = cluster_candidates(cands)
    assert _titles(clusters) == [
        {"Ilya Sutskever", "Sutskever"},
        {"SSI", "Safe Superintelligence Inc."},
    ]


def test_spelling_variants_merge_but_versions_do_not():
    assert near(name_key("Alex Kerzhevsky"), name_key("Alex Krizhevsky"), "person")
    assert not near(name_key("Alex Kerzhevsky"), name_key("Sam Krizhevsky"), "person")
    assert not near(name_key("GPT-3"), name_key("GPT-4"), "concept")
    assert near(name_key("transformer architecture"), name_key("transformer architectures"), None)


def test_prefixed_words_are_other_terms():
    assert not near(name_key("unsupervised learning"), name_key("supervised learning"), None)


def test_misspelt_first_and_last_names_fold_into_the_person():
    assert near(name_key("Ilyas Iskever"), name_key("Ilya Sutskever"), "person")
    assert not near(name_key("Ilya Polosukhin"), name_key("Ilya Sutskever"), "person")


def test_a_surname_spelt_two_ways_joins_the_one_full_name():
    cands = [
        _cand("Jonathon Frankel", 0, type="person", label="PERSON"),
        _cand("Frankle", 30, cue="person"),
        _cand("Frankle", 60, type="company", label="ORG"),
        _cand("Frankel", 90),
    ]
    clusters = cluster_candidates(cands)
    assert len(clusters) == 1
    assert clusters[0].surfaces["Frankle"] == 2


def test_the_best_attested_full_form_names_the_cluster():
    cands = [
        _cand("Jonathon Frankel", 0, type="person", label="PERSON"),
        Candidate(20, 36, "Jonathan Frankle", None, "heading"),
        *(_cand("Frankle", 40 + 10 * i, cue="person") for i in range(3)),
    ]
    (cluster,) = cluster_candidates(cands)
    assert cluster.main_name() == "Jonathan Frankle"


def test_a_heading_name_joins_only_a_person_it_spells_closely():
    cands = [
        Candidate(0, 13, "Ilyas Iskever", None, "heading"),
        _cand("Ilya Sutskever", 20, type="person", label="PERSON"),
        Candidate(40, 55, "Building Things", None, "heading"),
        _cand("Things", 60, cue="company"),
    ]
    clusters = cluster_candidates(cands)
    assert {"Ilyas Iskever", "Ilya Sutskever"} in _titles(clusters)
    assert {"Building Things"} in _titles(clusters)  # no surname join from a heading
