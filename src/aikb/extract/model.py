"""Dataclasses the extraction stages pass between them. Data only."""

from __future__ import annotations

from dataclasses import dataclass, field

# The four entity types a note can get (`source` is for the texts themselves).
ENTITY_TYPES = ("person", "paper", "company", "concept")


@dataclass(frozen=True, slots=True)
class Known:
    """A name the extractor recognises: an existing vault note or a lexicon entry."""

    key: str  # unique: the note id for vault notes, "lexicon:<name>" for lexicon entries
    title: str
    type: str | None
    names: tuple[str, ...]  # title and aliases
    tags: tuple[str, ...] = ()
    note: str | None = None  # the vault note's id, when the name belongs to a note
    weak: frozenset[str] = frozenset()  # names that are common words too (need 2 mentions)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the text; offsets index the original text."""

    start: int
    end: int
    text: str
    heading: bool = False  # a title, heading or `Label:` lead-in, not running text


@dataclass(slots=True)
class Candidate:
    """One span some stage thinks names an entity."""

    start: int
    end: int
    surface: str
    type: str | None  # the type this stage proposes, if any
    origin: str  # known | lexicon | ner | acronym | pattern | shape | title
    known: Known | None = None
    strong: bool = False  # the text defines or introduces it explicitly
    alias_of: str | None = None  # acronyms: the long form they stand for
    label: str | None = None  # the NER label, for NER candidates
    cue: str | None = None  # "person" / "company" when the words around the span say so


@dataclass(slots=True)
class Entity:
    """One thing the text is about, with every sentence that names it."""

    title: str
    type: str
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str | None = None  # existing vault note it belongs to
    mentions: list[int] = field(default_factory=list)  # sentence indexes, in text order
    summary: str | None = None  # the sentence that defines it best
    first: int = 0  # offset of its first mention


@dataclass(slots=True)
class Extraction:
    """What one text is about."""

    title: str
    origin: str | None
    words: int
    sentences: list[Sentence]
    entities: list[Entity]
    related: dict[str, list[str]] = field(default_factory=dict)  # title -> co-mentioned titles
