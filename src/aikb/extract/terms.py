"""Stage 3b: multi-word technical terms ("draft model", "KV cache", "continuous batching").

Noun phrases come from the tagger's parts of speech, the pattern of Justeson & Katz (1995):
adjectives and nouns ending in a noun, lower-case (or an acronym such as "KV"). Most noun
phrases are not terms ("several tokens", "a nice case"), so each one must show termhood:

- the text defines it: an apposition, a `where`/`which` clause, a bracket, "is a ...",
  "(which we) call X";
- or it recurs (twice or more in the text, headings included; three times when it starts
  with an adjective) and either ends in a head
  noun that several known terms share (`model`, `network`, `learning`: the last words of
  the lexicon's and the vault's multi-word concepts), or is built on an acronym the
  vocabulary does not know ("KV cache"), or ends in a gerund that names a process
  ("speculative decoding", "continuous batching");
- a phrase built on a known term ("AI systems", "LSTM model") is that term, not a new one;
- leading words that only grade or count ("large", "separate", "several", "4x") are cut.

Nested candidates follow C-value (Frantzi et al., 2000): "draft model" inside "separate
draft model" wins when it also occurs on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aikb.extract.merge import singular
from aikb.extract.model import Candidate

_MAX_UNITS = 4
# Adjectives that grade, count or judge rather than name a kind of thing. General English,
# not AI vocabulary: they never start a term.
_GENERIC_WORDS = """
    new old same different other another various several many few much more most less
    least own whole entire single separate special main key major minor big small large
    little huge tiny high low long short full real true simple important interesting
    significant nice good great best better bad worse strong weak careful clever strict
    common easy hard standard typical general specific certain particular possible
    current recent next last first second third final early late previous further extra
    additional useful useless relentless considerable commercial actual usual normal
    basic modern latest larger smaller higher lower bigger stronger faster slower cheaper
    top total overall average similar identical obvious clear wide broad deep huge vast
    massive enormous tremendous impressive remarkable notable major minor serious heavy
    light quick slow fast cheap expensive free public private able unable likely
    unlikely due fine poor rich nuclear interim unnecessary necessary needed adjacent
    contiguous fixed-size running easy-to-use state-of-the-art cutting-edge available diverse
    precise exact proper advanced powerful capable mysterious numerous explicit little
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_LEADING_CUT = frozenset({"JJR", "JJS", "CD", "PRP$", "DT", "PDT"})
# What follows a term where the text says what it is.
# An apposition or a relative clause explains the phrase only after "the X" or "a X"
# ("the acceptance rate, the fraction of ..."); a `where` clause after any phrase.
_DEFINED_AFTER = re.compile(
    r"^(?:s|es)?\s*(?:,\s*(?:the|a|an|which|i\.e\.)\s"
    r"|\s+(?:is|are|refers to|means)\s+(?:a|an|the)\s)"
)
_WHERE_AFTER = re.compile(r"^(?:s|es)?\s*,\s*(?:where|in which|whereby)\s")
# "diffusion policy, the approach from ...": an apposition that names a kind of method
_KIND_AFTER = re.compile(
    r"^(?:s|es)?\s*,\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:approach|method|technique|"
    r"algorithm|idea|trick|paradigm|framework|process|practice|recipe|strategy|setup|objective|"
    r"architecture|procedure|scheme)\b"
)
_DETERMINER = re.compile(r"\b(?:the|a|an|this|our|its|their)\s+$", re.IGNORECASE)
_DEFINED_BEFORE = re.compile(
    r"(?:\b(?:called|call|named|dubbed|termed|term|known\s+as|so-called)\s+[\"“'‘]?|"
    r"\b(?:a|an)\s+(?:technique|method|approach|trick|idea|process)\s+(?:of|for|called)\s+)$",
    re.IGNORECASE,
)
_FRONTED = re.compile(r"(?:^|[.!?]\s+)(?:In|For|On|With|During|After|Before|At|By)\s+$")


@dataclass(frozen=True, slots=True)
class Unit:
    """A word as a term sees it: hyphenated compounds ("early-exit") are one unit."""

    text: str
    start: int
    end: int
    pos: str  # of the last token
    tag: str  # of the first token
    stop: bool
    initial: bool = False  # the first word of a sentence (so maybe capitalised)


def units(doc: Any, offset: int = 0) -> list[Unit]:
    """The doc's tokens with hyphen or slash compounds joined ("key-value", "mid-training")."""
    toks = list(doc)
    whole = doc.text  # built anew on every access: read once
    out: list[Unit] = []
    i = 0
    while i < len(toks):
        j = i
        while (
            j + 2 < len(toks)
            and toks[j + 1].text in ("-", "/")
            and not toks[j].whitespace_
            and not toks[j + 1].whitespace_
        ):
            j += 2
        first, last = toks[i], toks[j]
        start, end = first.idx, last.idx + len(last.text)
        text = whole[start:end]
        initial = i == 0 or toks[i - 1].text in (".", "!", "?", ";", ":")
        out.append(Unit(text, offset + start, offset + end, last.pos_, first.tag_,
                        first.is_stop and i == j, initial))  # fmt: skip
        i = j + 1
    return out


def _wordish(u: Unit) -> bool:
    """Lower-case words, or a short acronym ("KV", "GPU"); no digits-only or symbols."""
    if not re.fullmatch(r"[A-Za-z][\w\-/]*", u.text):
        return False
    # a word capitalised only because it starts a sentence ("Sparse autoencoders are ...")
    initial = u.initial and u.text[1:].islower()
    return u.text.islower() or initial or (u.text.isupper() and len(u.text) <= 5)


def _good_first(u: Unit) -> bool:
    """Whether a term may start with this word ("improving accuracy" is a verb phrase)."""
    word = u.text.lower()
    return not (
        u.stop
        or u.tag in _LEADING_CUT
        or u.tag == "VBG"
        or word in _GENERIC
        or any(c.isdigit() for c in word)
    )


def noun_phrases(us: Sequence[Unit]) -> Iterable[list[Unit]]:
    """Runs of adjectives and nouns that end in a noun, two to four words long."""
    run: list[Unit] = []
    for u in [*us, None]:
        if (
            u is not None
            and u.pos in ("NOUN", "ADJ", "PROPN", "VERB")
            and (u.pos != "VERB" or u.tag in ("VBN", "VBG"))  # "frozen backbone"
            and _wordish(u)
        ):
            run.append(u)
            continue
        # the head is a noun, or a gerund after a modifier ("speculative decoding")
        while (
            run
            and run[-1].pos != "NOUN"
            and not (run[-1].tag == "VBG" and len(run) >= 2 and run[-2].pos == "ADJ")
        ):
            run.pop()
        run = run[-_MAX_UNITS:]
        while run and not _good_first(run[0]):
            run = run[1:]
        if len(run) >= 2:
            yield run
        run = []


def term_key(words: Sequence[str]) -> str:
    """ "Draft models" -> "draft model": lower case, hyphens as spaces, last word singular."""
    parts = " ".join(words).lower().replace("-", " ").split()
    parts[-1] = singular(parts[-1])
    return " ".join(parts)


def find_term_candidates(text: str, tagged: Iterable[tuple[int, Any]]) -> list[Candidate]:
    """Every noun phrase suffix that could be a term, with `strong` when the text defines
    it there; `extract` picks one per phrase and checks termhood against the vocabulary."""
    out: list[Candidate] = []
    for offset, doc in tagged:
        for run in noun_phrases(units(doc, offset)):
            end = run[-1].end
            after = text[end : end + 40]
            lead = text[max(0, run[0].start - 60) : run[0].start]
            explained = bool(_WHERE_AFTER.match(after) or _KIND_AFTER.match(after)) or (
                bool(_DEFINED_AFTER.match(after)) and bool(_DETERMINER.search(lead))
            )
            for k in range(len(run) - 1):
                if not _good_first(run[k]):
                    continue
                start = run[k].start
                before = text[max(0, start - 60) : start]
                defined = (explained and not _FRONTED.search(lead)) or bool(
                    _DEFINED_BEFORE.search(before)
                )
                cand = Candidate(start, end, text[start:end], "concept", "term", strong=defined)
                cand.label = run[k].pos  # the first word's part of speech
                out.append(cand)
    return out


def _ngrams(text: str) -> Counter[str]:
    """How often each run of one to four words occurs, in `term_key` form."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    counts: Counter[str] = Counter()
    for i in range(len(words)):
        for n in range(1, _MAX_UNITS + 1):
            if i + n <= len(words):
                counts[" ".join([*words[i : i + n - 1], singular(words[i + n - 1])])] += 1
    return counts


def select_terms(
    text: str,
    cands: Sequence[Candidate],
    heads: frozenset[str],
    known: frozenset[str],
) -> list[Candidate]:
    """One term per noun phrase, or none: the candidates that show termhood (see above).

    `heads`: head nouns of known terms; `known`: known one-word names, folded.
    """
    freq = _ngrams(text)
    by_end: dict[int, list[Candidate]] = {}
    for c in cands:
        by_end.setdefault(c.end, []).append(c)
    out = []
    for group in by_end.values():
        group.sort(key=lambda c: c.start)  # longest first
        accepted = []
        for c in group:
            key = term_key(re.findall(r"[A-Za-z0-9]+", c.surface))
            words = key.split()
            if any(w in known for w in words[:-1]):
                continue  # "AI systems", "GPU memory": a known term's attribute
            first = c.surface.split()[0]
            unknown_acronym = first.isupper() and first.lower() not in known
            # an adjective makes a term less often than a noun does: "raw data", "diverse set"
            enough = 2 if c.label != "ADJ" else 3
            if c.strong or (
                freq[key] >= enough
                and (words[-1] in heads or unknown_acronym or words[-1].endswith("ing"))
            ):
                accepted.append((c, freq[key]))
        if not accepted:
            continue
        # C-value: the shortest accepted term, unless it never occurs outside a longer one
        best, best_f = accepted[-1]
        for c, f in reversed(accepted[:-1]):
            if f >= best_f:
                best, best_f = c, f
        out.append(best)
    return out
