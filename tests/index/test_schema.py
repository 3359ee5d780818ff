"""FastText indexes exactly the terms, frequencies, weights and positions Whoosh's own
TEXT field does with the same analyzer."""

import random
from pathlib import Path

from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import TEXT

from aikb.index.schema import FastText, make_schema

FIXTURES = Path(__file__).parent.parent / "fixtures"

PIECES = [
    "the", "a", "of", "to", "is", "Running", "runs", "ran", "Transformer's", "U.S.A.",
    "3.14", "v2.0-beta", "under_score", "wild*card", "*", "...", "e.g.", "naïve", "CAFÉ",
    "İstanbul", "straße", "ǅemal", "ﬁle", "日本語", "x", "I", "ab", "résumé", "co-op",
    "[[link|label]]", "`code`", "#tag", "--", "\n", "\t", " ", "  ", "!", "?", "é",
    "Attention Is All You Need", "mixture-of-experts", "RLHF", "GPT-4o", "a" * 40, "1e10",
]  # fmt: skip


def whoosh_terms(field: TEXT, text: str) -> list:
    return sorted(TEXT.index(field, text))


def test_fast_text_matches_whoosh_on_notes_and_odd_text():
    rnd = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.md"))]
    texts += [" ".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 60))) for _ in range(3000)]
    texts += ["", "   ", "the of and", "x y z"]
    schema = make_schema()
    fields = [schema[name] for name in ("title", "aliases", "body")]
    fields.append(FastText(analyzer=StemmingAnalyzer(minsize=4, maxsize=6), field_boost=2.5))
    for field in fields:
        assert isinstance(field, FastText)
        for text in texts:
            assert sorted(field.index(text)) == whoosh_terms(field, text), (field, text)


def test_other_analyzers_and_inputs_take_whooshs_path():
    field = FastText(analyzer=StandardAnalyzer())
    text = "The running dogs ran"
    assert sorted(field.index(text)) == whoosh_terms(field, text)
    field = FastText(analyzer=StemmingAnalyzer(minsize=4, stoplist=None))
    assert sorted(field.index(text)) == whoosh_terms(field, text)
    field = FastText(analyzer=StemmingAnalyzer())
    assert sorted(field.index(["running", "dogs"])) == sorted(
        TEXT.index(field, ["running", "dogs"])
    )
