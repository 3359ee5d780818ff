"""The extraction pipeline: analyse a text once, then extract against a dictionary.

`analyse` runs the stages that do not depend on the vault (NER, acronyms, patterns,
paper titles); it is the slow part. `extract` matches the dictionary (vault notes and
lexicon), merges, types and filters; it is cheap, so ingest can run it twice per text
(once to learn every new name in a batch, once to link them all).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aikb.extract.classify import decide_type, keep, name_head
from aikb.extract.concepts import (
    capitalised,
    find_acronyms,
    find_emphasised,
    find_initialisms,
    find_named,
    find_paper_titles,
    find_self_names,
    find_versions,
)
from aikb.extract.dictionary import Dictionary, _boundary, fold_chars
from aikb.extract.merge import Cluster, cluster_candidates, is_full_name, name_key, singular
from aikb.extract.model import Candidate, Entity, Extraction, Known, Sentence
from aikb.extract.terms import select_terms
from aikb.extract.text import Document, prepare

# Which stage wins where two spans overlap (lower wins; then the longer span).
_RANK = {"version": -1, "known": 0, "title": 1, "acronym": 2, "lexicon": 3, "ner": 4,
         "pattern": 4, "heading": 4, "term": 5, "shape": 6}  # fmt: skip
_MENTIONS_PER_TEXT = 3
_RELATED_PER_TEXT = 8


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text with the candidates found without the dictionary."""

    doc: Document
    found: tuple[Candidate, ...]


def analyse(text: str, *, ner: bool = True) -> Analysis:
    """Prepare `text` and run the dictionary-free stages (NER only when `ner`)."""
    doc = prepare(text)
    body = [(s.start, s.end) for s in doc.sentences if not s.heading]
    lines = []
    pos = 0
    for line in doc.text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    found: list[Candidate] = []
    found += find_paper_titles(doc.text, lines)
    found += find_emphasised(doc.text)
    found += find_acronyms(doc.masked)
    found += find_named(doc.masked)
    found += find_self_names(doc.masked)
    if ner and body:
        from aikb.extract.ner import find_names, tag
        from aikb.extract.terms import find_term_candidates

        tagged = tag(doc.masked, _segments(doc.sentences))
        found += find_names(doc.masked, tagged)
        found += find_term_candidates(doc.masked, tagged)
        # people named in headings ("Episode 118 - Demis Hasabis on AlphaFold"): spellings
        # that join the people the running text names, never notes on their own
        headings = [(s.start, s.end) for s in doc.sentences if s.heading]
        for c in find_names(doc.masked, tag(doc.masked, headings)):
            if is_full_name(c.surface):  # with what the heading says of them ("X, CEO of Y")
                found.append(Candidate(c.start, c.end, c.surface, None, "heading", cue=c.cue))
    for c in found:
        c.surface = doc.text[c.start : c.end]
    return Analysis(doc, tuple(found))


def _segments(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Running text in runs of consecutive sentences, so NER sees context."""
    runs: list[tuple[int, int]] = []
    for s in sentences:
        if s.heading:
            continue
        if runs and s.start - runs[-1][1] <= 2 and s.end - runs[-1][0] < 2000:
            runs[-1] = (runs[-1][0], s.end)
        else:
            runs.append((s.start, s.end))
    return runs


def _rank(c: Candidate, acronym_inside: bool) -> float:
    """Lower wins. A name that ends like an organisation's or a law's ("Sakana AI", "EU AI
    Act") or that the text quotes ('AI Scientist') beats the acronym inside it."""
    rank: float = _RANK[c.origin] - c.strong
    if c.origin == "ner" and not (c.label or c.cue):
        rank += 1.5  # a capitalised word and nothing else: a term around it wins ("KV cache")
    if (
        acronym_inside
        and c.origin in ("ner", "pattern")
        and (name_head(c.surface) or c.origin == "pattern")
    ):
        rank = _RANK["acronym"]
    return rank


def _thing_name(name: str) -> bool:
    """ "OpenAI Agents SDK", "EU AI Act": capitalised words headed by a thing's word."""
    words = name.split()
    capitals = all(w[:1].isupper() or w[:1].isdigit() or w in ("of", "for", "on") for w in words)
    return capitals and name_head(name) == "concept"


class _Spans:
    """Spans of text, sorted, to ask which lie inside another in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def inside(self, start: int, end: int) -> bool:
        """Whether a span lies within `start:end` and is shorter."""
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            if e <= end and e - s < end - start:
                return True
            i += 1
        return False


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per span of text; spans that lose share what they knew."""
    # an acronym or a company the lexicon knows, or a term it knows capitalised as part of
    # a name, inside a longer name ("Google Research", "Center for AI Safety")
    acronyms = _Spans(
        (c.start, c.end)
        for c in cands
        if c.origin == "lexicon" and (c.surface.isupper() or c.type == "company")
    )
    # a term the text defines beats the word the lexicon knows inside it ("embodiment token")
    lexicon = _Spans((c.start, c.end) for c in cands if c.origin == "lexicon")
    titled = _Spans(
        (c.start, c.end) for c in cands if c.origin == "lexicon" and c.surface != c.alias_of
    )
    ranks = {
        id(c): _rank(
            c,
            acronyms.inside(c.start, c.end)
            or (titled.inside(c.start, c.end) and name_head(c.surface) is not None),
        )
        - (c.origin == "term" and c.strong and lexicon.inside(c.start, c.end)) * 2
        for c in cands
    }
    ordered = sorted(cands, key=lambda c: (ranks[id(c)], c.start - c.end, c.start))
    taken: list[tuple[int, int]] = []
    kept: list[Candidate] = []
    for c in ordered:
        i = bisect.bisect_left(taken, (c.start, c.end))
        if (i > 0 and taken[i - 1][1] > c.start) or (i < len(taken) and taken[i][0] < c.end):
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    same: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        same.setdefault((c.start, c.end), []).append(c)
    for c in kept:
        for other in same[(c.start, c.end)]:
            if other is c:
                continue
            if c.known is None and other.known is not None:
                c.known = other.known
            c.label = c.label or other.label
            c.cue = c.cue or other.cue
            if other.origin == "pattern" and other.type and c.origin in ("ner", "shape"):
                c.origin, c.type = "pattern", other.type  # "a model called X" beats NER's guess
            elif other.origin == "shape" and c.origin == "ner":
                c.origin = "shape"  # "LangGraph": a coined name, more than a capitalised word
    return sorted(kept, key=lambda c: c.start)


_AND = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


def _coordinated(text: str, placed: list[Candidate]) -> None:
    """ "Microsoft, Nvidia and SoftBank": names listed with names the vocabulary knows are
    of their kind, unless the words around them say otherwise (sets `cue`)."""
    chain: list[Candidate] = []
    for c in [*sorted(placed, key=lambda c: c.start), None]:
        owner = c is not None and text[c.end : c.end + 2] in ("'s", "’s")  # "Anthropic's RSP"
        if c is not None and chain and not owner and _AND.fullmatch(text[chain[-1].end : c.start]):
            chain.append(c)
            continue
        kinds = Counter(k.known.type for k in chain if k.known and k.known.type)
        if len(kinds) == 1:
            kind = next(iter(kinds))
            for k in chain:
                if k.known is None and k.cue is None and k.origin in ("ner", "shape"):
                    k.cue = kind
        chain = [c] if c is not None and not owner else []


def _outermost(hits: list[Candidate]) -> list[Candidate]:
    """The hits no longer hit contains (Dictionary.find's default)."""
    out: list[Candidate] = []
    for c in hits:  # in text order, the longest first at each start
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def _split_owner(cands: list[Candidate], vocab: list[Candidate]) -> None:
    """ "AWS Trainium", "Google Gemini": a known company's name before a product's name
    that the text also writes on its own. The candidate is cut to the product's name."""
    companies = {c.start: c for c in vocab if c.known and c.known.type == "company"}
    alone = {c.surface for c in cands if " " not in c.surface}
    for c in cands:
        owner = companies.get(c.start)
        if c.origin not in ("ner", "pattern") or owner is None or owner.end >= c.end:
            continue
        rest = c.surface[owner.end - c.start :].lstrip()
        if rest[:1].isupper() and rest.split()[0] in alone:
            c.start = c.end - len(rest)
            c.surface = rest


def _short_forms(text: str, cands: list[Candidate]) -> list[Candidate]:
    """ "DeepSeek-R1" and later "R1": the part of a model's name after its maker's, written
    alone, names the model (`alias_of` the whole name)."""
    makers = {
        c.surface
        for c in cands
        if c.type == "company" or c.cue == "company" or (c.known and c.known.type == "company")
    }
    out: list[Candidate] = []
    seen: set[str] = set()
    for c in cands:
        maker, _, short = c.surface.partition("-")
        if c.origin != "shape" or maker not in makers or not short or short in seen:
            continue
        seen.add(short)
        for m in re.finditer(rf"(?<![\w\-.]){re.escape(short)}(?![\w\-])", text):
            out.append(Candidate(m.start(), m.end(), short, "concept", "shape",
                                 alias_of=c.surface))  # fmt: skip
    return out


def _defined_elsewhere(doc: Document, found: Sequence[Candidate]) -> list[Candidate]:
    """Every other place the text names a term it defines ("... (STDP)" then "STDP")."""
    defined = [
        c for c in found if (c.strong and c.origin in ("acronym", "pattern")) or c.origin == "term"
    ]
    if not defined:
        return []
    by_name: dict[str, Candidate] = {}
    for c in defined:
        by_name.setdefault(c.surface, c)
    terms = [Known(f"text:{n}", n, c.type, (n,)) for n, c in by_name.items()]
    out = []
    spans = {(c.start, c.end) for c in defined}
    for hit in Dictionary(terms).find(doc.text, doc.masked):
        if (hit.start, hit.end) in spans:
            continue
        src = by_name[hit.known.title] if hit.known else None
        if src is not None:
            out.append(Candidate(hit.start, hit.end, hit.surface, src.type, src.origin,
                                 alias_of=src.alias_of))  # fmt: skip
    return out


def _title(cl: Cluster) -> str:
    if cl.known:
        return cl.known.title
    name = cl.main_name()
    if any(c.origin == "acronym" and c.alias_of and c.surface.endswith("s") for c in cl.cands):
        words = name.split()
        words[-1] = singular(words[-1])
        name = " ".join(words)
    return name


def _aliases(cl: Cluster, title: str) -> list[str]:
    """The other names the text used, minus plural, possessive and case variants."""
    seen = {name_key(title)}
    out = []
    # a lower-case form over the same words capitalised at a sentence start
    counts = cl.surfaces
    for surface in sorted(counts, key=lambda s: (-counts[s], s[:1].isupper(), s)):
        key = name_key(surface)
        if key in seen:
            continue
        seen.add(key)
        out.append(singular(surface) if surface.isupper() or surface[:-1].isupper() else surface)
    return out


# What follows or precedes a name in a sentence that defines it.
_DEFINES_AFTER = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:['’]s)?\s*,\s*(?:the|a|an|one of)\s",
        r"^\s+(?:is|are|was|were|refers to|means|describes)\s+(?:a|an|the|one)\b",
        r"^\s*\((?:or\s+)?[A-Z]",
    )
]
_DEFINES_BEFORE = re.compile(r"(?:called|named|dubbed|known as)\s+[\"“'‘]?$", re.IGNORECASE)


def _definition_score(text: str, names: list[str]) -> int:
    lower = text.casefold()
    score = 0
    for name in names:
        at = lower.find(name.casefold())
        if at < 0:
            continue
        after = text[at + len(name) :]
        score += sum(2 for p in _DEFINES_AFTER if p.match(after))
        score += 2 * bool(_DEFINES_BEFORE.search(text[:at]))
    return score


def _summary(names: list[str], sentences: list[Sentence], mentions: list[int]) -> str | None:
    """The mention sentence that defines the entity best (an apposition, "X is a ...")."""
    best, best_score = None, 0
    for i in mentions:
        s = sentences[i]
        if s.heading or len(s.text) < 20:
            continue
        score = _definition_score(s.text, names)
        score -= len(s.text) > 400
        if score > best_score:
            best, best_score = s.text, score
    return best


# A sponsor read: "sponsored by X", "brought to you by X", "try X free", "use code ..."
_SPONSOR = re.compile(
    r"\b(?:sponsor(?:s|ed|ship)?|brought\s+to\s+you\s+by|promo(?:tional)?\s+(?:code|offer)|"
    r"discount\s+code|coupon|free\s+trial|try\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}\s+(?:for\s+)?free|"
    r"us(?:e|ing)\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:specific\s+)?code)\b",
    re.IGNORECASE,
)


def _neighbours(doc: Document) -> list[tuple[int, ...]]:
    """For each running sentence, the running sentences just before and after it; a
    speaker's label between them ("PARK:", "Lena Sørensen:") does not part them, a heading
    or another lead-in ("Why it matters:") does."""
    sents = doc.sentences
    out: list[tuple[int, ...]] = [() for _ in sents]
    prev = -1  # the last running sentence with no heading after it
    for i, s in enumerate(sents):
        if s.heading:
            label = i + 1 < len(sents) and "\n" not in doc.text[s.end : sents[i + 1].start]
            prev = prev if label and capitalised(s.text) else -1
            continue
        if prev >= 0:
            out[i] += (prev,)
            out[prev] += (i,)
        prev = i
    return out


# A sponsor read: "sponsored by X", "brought to you by X", "try X free", "use code ..."
_SPONSOR = re.compile(
    r"\b(?:sponsor(?:s|ed|ship)?|brought\s+to\s+you\s+by|promo(?:tional)?\s+(?:code|offer)|"
    r"discount\s+code|coupon|free\s+trial|try\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}\s+(?:for\s+)?free|"
    r"us(?:e|ing)\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:specific\s+)?code)\b",
    re.IGNORECASE,
)


def extract(analysis: Analysis, dictionary: Dictionary) -> Extraction:
    """What the text is about: entities with their mentions, types and summaries. Pure."""
    doc = analysis.doc
    every = [
        c
        for c in dictionary.find(doc.text, doc.masked, nested=True)
        if c.known and c.known.type != "ignore"
    ]
    vocab = _outermost(every)
    terms = select_terms(
        doc.masked,
        [c for c in analysis.found if c.origin == "term"],
        dictionary.heads,
        dictionary.words,
    )
    found = [c for c in analysis.found if c.origin != "term"] + terms
    found += find_initialisms(
        doc.masked, [c for c in analysis.found if c.origin == "term"], dictionary.words
    )
    cands = list(vocab) + [
        Candidate(
            c.start,
            c.end,
            c.surface,
            c.type,
            c.origin,
            c.known,
            c.strong,
            c.alias_of,
            c.label,
            c.cue,
        )  # fmt: skip
        for c in found
    ]
    _split_owner(cands, vocab)
    cands += _short_forms(doc.masked, cands)
    cands += _defined_elsewhere(doc, found)
    # "Llama 3.1 8B" beats the "Llama" inside it
    orgs = {c.surface for c in cands if c.known and c.type in ("company", "person")}
    cands += find_versions(doc.masked, {c.surface for c in cands} - orgs, orgs)
    folded = fold_chars(doc.masked)
    # "Meta" in "Meta-analysis", "DeepSeek-R1-Distill" in "DeepSeek-R1-Distill-Llama-70B"
    cands = [
        c for c in cands if c.origin in ("known", "lexicon") or _boundary(folded, c.start, c.end)
    ]
    kept = _resolve_overlaps(cands)
    # what the vault or the lexicon knows inside a paper's title, or inside the name of a
    # thing ("OpenAI Agents SDK"), is named there too (but makes no note of its own)
    titles = [(c.start, c.end) for c in kept if c.type == "paper" or _thing_name(c.surface)]
    outer = {id(c) for c in kept}
    nested = _outermost(
        [
            c
            for c in every
            if id(c) not in outer
            and any(s <= c.start and c.end <= e and c.end - c.start < e - s for s, e in titles)
        ]
    )
    kept += nested
    nested_ids = {id(c) for c in nested}
    starts = [s.start for s in doc.sentences]
    placed: list[Candidate] = []
    where: dict[int, int] = {}
    for c in kept:
        i = bisect.bisect_right(starts, c.start) - 1
        if i >= 0 and c.end <= doc.sentences[i].end:
            where[id(c)] = i
            placed.append(c)

    _coordinated(doc.masked, placed)

    # a sentence is "in context" when it names AI vocabulary the dictionary knows,
    # or a term the text defines
    context: Counter[int] = Counter()
    for c in placed:
        vocabulary = (c.known and c.known.type not in (None, "ignore")) or c.strong
        weak = c.known and name_key(c.alias_of or "") in {name_key(w) for w in c.known.weak}
        if vocabulary and not weak:
            context[where[id(c)]] += 1

    vocab_spans = _Spans((v.start, v.end) for v in vocab)
    sponsored = {i for i, s in enumerate(doc.sentences) if _SPONSOR.search(s.text)}
    near = _neighbours(doc)
    # paragraphs: running sentences with no blank line between them
    block: dict[int, int] = {}
    paragraphs: list[list[int]] = []
    for i, sent in enumerate(doc.sentences):
        prev = doc.sentences[i - 1] if i else None
        if (
            prev is None
            or prev.heading
            or sent.heading
            or "\n\n" in doc.text[prev.end : sent.start]
        ):
            paragraphs.append([])
        block[i] = len(paragraphs) - 1
        if not sent.heading:
            paragraphs[-1].append(i)
    entities: list[Entity] = []
    for cl in cluster_candidates(placed):
        title = _title(cl)
        kind = decide_type(cl, title)
        sents = sorted({where[id(c)] for c in cl.cands})
        body = [i for i in sents if not doc.sentences[i].heading]
        if not body and cl.known and sents[0] == 0 and doc.sentences[0].heading:
            body = [0]  # known vocabulary named in the text's title line: what it is about
        if not body and kind == "paper":
            body = sents[:1]  # a paper title as a section heading: the section is about it
        own = Counter(where[id(c)] for c in cl.cands if (c.known or c.strong))
        # "Sakana AI", "AI Scientist": a name with AI vocabulary inside is its own context
        self_context = {where[id(c)] for c in cl.cands if vocab_spans.inside(c.start, c.end)}
        # AI vocabulary in the sentence, or in the sentence before or after it, or in its
        # paragraph
        in_context = sum(
            1
            for i in body
            if context[i] - own[i] > 0
            or i in self_context
            or any(context[j] - own[j] > 0 for j in near[i])
            or any(context[j] - own[j] > 0 for j in paragraphs[block[i]])
        )
        if not cl.known and body and all(i in sponsored for i in body):
            continue  # a podcast's sponsor read
        if all(id(c) in nested_ids for c in cl.cands):
            continue
        if not keep(cl, kind, title, len(body), in_context):
            continue
        assert kind is not None
        names = sorted(set(cl.surfaces) | {title} | set(cl.known.names if cl.known else ()))
        entities.append(
            Entity(
                title=title,
                type=kind,
                aliases=_aliases(cl, title),
                tags=list(cl.known.tags) if cl.known and not cl.known.note else [],
                note=cl.known.note if cl.known else None,
                mentions=body,
                summary=_summary(names, doc.sentences, body),
                first=min(c.start for c in cl.cands),
            )
        )
    entities.sort(key=lambda e: e.first)
    return Extraction(doc.title, doc.origin, doc.words, doc.sentences, entities,
                      _related(entities))  # fmt: skip


def _related(entities: list[Entity]) -> dict[str, list[str]]:
    """For each entity, the others named in the same sentences, most often first."""
    by_sentence: dict[int, list[str]] = {}
    for e in entities:
        for i in e.mentions:
            by_sentence.setdefault(i, []).append(e.title)
    out: dict[str, list[str]] = {}
    for e in entities:
        counts: Counter[str] = Counter()
        for i in e.mentions:
            counts.update(t for t in by_sentence[i] if t != e.title)
        ranked = sorted(counts, key=lambda t: (-counts[t], t.casefold(), t))
        out[e.title] = ranked[:_RELATED_PER_TEXT]
    return out


def quotes(extraction: Extraction, entity: Entity) -> list[str]:
    """Up to three sentences that mention the entity, in text order."""
    seen: list[str] = []
    for i in entity.mentions:
        text = extraction.sentences[i].text
        if text not in seen:
            seen.append(text)
        if len(seen) == _MENTIONS_PER_TEXT:
            break
    return seen
