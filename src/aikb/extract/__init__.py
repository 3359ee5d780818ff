"""Text -> entities: pure stages that return data and write nothing.

1. `dictionary`: names the vault and the lexicon already know (pyahocorasick).
2. `ner`: people and organisations from spaCy's NER (loaded lazily, once).
3. `concepts`: acronyms, named terms, coined names and paper titles.
4. `merge`: normalise names and merge the spans naming one entity (rapidfuzz).
5. `classify`: one type per entity; peripheral names dropped.
`pipeline` runs them in order.
"""

from aikb.extract.dictionary import Dictionary
from aikb.extract.lexicon import VAULT_LEXICON, load_lexicon
from aikb.extract.model import Entity, Extraction, Known, Sentence
from aikb.extract.pipeline import Analysis, analyse, extract, quotes

__all__ = [
    "VAULT_LEXICON",
    "Analysis",
    "Dictionary",
    "Entity",
    "Extraction",
    "Known",
    "Sentence",
    "analyse",
    "extract",
    "load_lexicon",
    "quotes",
]
