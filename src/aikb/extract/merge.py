"""Stage 4: normalise names and merge the spans that name one entity into a cluster.

"Sutskever" joins "Ilya Sutskever", "SSI" joins "Safe Superintelligence Inc.", "LLMs"
joins "large language model", "OpenAI's" joins "OpenAI", and near spellings join when
rapidfuzz finds them close ("Alex Kerzhevsky" / "Alex Krizhevsky").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from aikb.extract.model import Candidate, Known

_POSSESSIVE = re.compile(r"['’]s?$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_COMPANY_TAIL = re.compile(r",?\s+(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|Co)\.?$")
_CAPITALISED = re.compile(r"[A-Z][\w\-.]*(?:\s+(?:(?:of|for|on|&)\s+)?[A-Z0-9][\w\-.]*)+")
# Last words that make a name a company's, and that the company is also known without.
_ORG_SUFFIXES = {"ai", "labs", "lab", "inc", "inc.", "corp", "corp.", "robotics", "technologies"}
_PARTICLES = {"de", "van", "von", "der", "da", "di", "le", "la", "bin", "al", "del", "du"}


def singular(word: str) -> str:
    """A cautious singular: networks -> network, LLMs -> LLM, policies -> policy."""
    if len(word) > 3 and word.endswith("ies") and word[:-3].islower():
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        stem = word[:-1]
        if stem.isupper() or (len(word) > 3 and (word.islower() or word.istitle())):
            return stem
    return word


def name_key(surface: str) -> str:
    """The form names are compared in: no article, possessive, plural, case or dashes."""
    name = _POSSESSIVE.sub("", " ".join(surface.split()))
    name = _ARTICLE.sub("", name)
    name = _COMPANY_TAIL.sub("", name)
    words = name.replace("’", "'").replace("–", "-").split()
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words).casefold().replace("-", " ")


_SIZE = re.compile(r"\s+(?:\d+(?:\.\d+)?(?:x\d+)?[bmkt]|instruct|chat|base)(?=\s|$)")


_VERSION_OF = re.compile(
    r"^(?P<base>[a-z][\w.]*?)[ ]?(?P<ver>\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?(?:x\d+)?b)"
    r"(?: (?P<variant>.*))?$"
)


def family_key(surface: str) -> str:
    """ "OLMo 2 13B Instruct" -> "olmo 2", "OLMo 1" -> "olmo": one model whatever its size
    or tuning; version 1 is the model first released under the bare name."""
    key = _SIZE.sub("", name_key(surface))
    return re.sub(r"\s+1(?:\.0)?$", "", key)


def is_full_name(name: str) -> bool:
    """Two to four capitalised words, as a person's name is written."""
    words = name.split()
    if not 2 <= len(words) <= 4:
        return False
    return all(
        w.lower() in _PARTICLES or (w[0].isupper() and re.fullmatch(r"[\w'’.\-]+", w) is not None)
        for w in words
    ) and not any(ch.isdigit() for ch in name)


@dataclass(slots=True)
class Cluster:
    """The spans that name one entity, and what the stages said about it."""

    cands: list[Candidate] = field(default_factory=list)
    known: Known | None = None

    @property
    def surfaces(self) -> Counter[str]:
        return Counter(_POSSESSIVE.sub("", c.surface).strip() for c in self.cands)

    @property
    def keys(self) -> set[str]:
        keys = {name_key(c.surface) for c in self.cands}
        keys |= {family_key(c.surface) for c in self.cands if c.origin in ("version", "shape")}
        if self.known:
            keys.update(name_key(n) for n in self.known.names)
        return keys

    def origins(self) -> set[str]:
        return {c.origin for c in self.cands}

    def main_name(self) -> str:
        """The name to title a new note with: the long form, else the commonest surface."""
        longs = [
            c.alias_of for c in self.cands if c.origin in ("acronym", "ner", "shape") and c.alias_of
        ]
        if longs:
            return Counter(longs).most_common(1)[0][0]
        counts = self.surfaces
        # "Ilya Sutskever" over "Sutskever", "Google DeepMind" over "DeepMind"; of two full
        # forms, the one the lone surnames spell alike ("Jonathan Frankle" and six times
        # "Frankle" over one "Jonathon Frankel")
        lone = Counter({s.casefold(): n for s, n in counts.items() if " " not in s})

        def support(s: str) -> int:
            return counts[s] + lone[s.split()[-1].casefold()] if " " in s else counts[s]

        return max(
            counts,
            key=lambda s: (
                " " in s,
                support(s),
                counts[s],
                family_key(s) == name_key(s),  # "OLMo 2" over "OLMo 2 13B Instruct"
                len(s.split()),
                -len(s),
                s,
            ),
        )


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _kind(cluster: Cluster) -> str | None:
    if cluster.known and cluster.known.type:
        return cluster.known.type
    votes = Counter(c.type for c in cluster.cands if c.type)
    return votes.most_common(1)[0][0] if votes else None


def cluster_candidates(cands: list[Candidate]) -> list[Cluster]:
    """Group candidates (already free of overlaps) into one cluster per entity."""
    groups: dict[str, Cluster] = {}
    for c in cands:
        if c.origin == "heading":
            gid = "H:" + name_key(c.surface)  # joins people by spelling only (see below)
        elif c.known is not None:
            gid = "K:" + c.known.key
        elif c.origin in ("acronym", "ner", "shape") and c.alias_of:
            gid = "N:" + name_key(c.alias_of)
        else:
            gid = "N:" + name_key(c.surface)
        cluster = groups.setdefault(gid, Cluster())
        cluster.cands.append(c)
        if c.known is not None:
            cluster.known = c.known
    clusters = list(groups.values())
    uf = _UnionFind(len(clusters))

    # one key in common: "large language model" (lexicon) and the long form of "LLMs"
    # a name seen only in headings joins a person of the running text by its spelling alone
    heading_only = {i for i, cl in enumerate(clusters) if cl.origins() == {"heading"}}
    owner: dict[str, int] = {}
    for i, cl in enumerate(clusters):
        if i in heading_only:
            continue
        for key in sorted(cl.keys):
            if key in owner and not _clash(clusters[owner[key]], cl):
                uf.union(owner[key], i)
            owner.setdefault(key, i)

    # "Sutskever" -> "Ilya Sutskever"; "DeepMind" -> "Google DeepMind"; a company named
    # without its suffix: "Mistral" -> "Mistral AI", "Kestrel" -> "Kestrel Robotics"
    by_last: dict[str, list[int]] = {}
    for i, cl in enumerate(clusters):
        kind = _kind(cl)
        if i in heading_only or kind not in ("person", "company", None):
            continue
        for name in _names(cl):
            words = name.split()
            if len(words) < 2:
                continue
            if kind in ("company", None) and words[-1].casefold() in _ORG_SUFFIXES:
                by_last.setdefault(" ".join(words[:-1]).casefold(), []).append(i)
            if cl.known and not cl.known.note:
                continue  # the lexicon lists the short names it knows
            if kind == "company" or is_full_name(name):
                by_last.setdefault(words[-1].casefold(), []).append(i)
    # "Code of Practice" -> "GPAI Code of Practice": a name of capitalised words that ends
    # a longer one
    tails: dict[str, set[int]] = {}
    for i, cl in enumerate(clusters):
        if i in heading_only or _kind(cl) == "person" or (cl.known and not cl.known.note):
            continue
        for name in _names(cl):
            words = name.split()
            for k in range(1, len(words) - 1):
                if _CAPITALISED.fullmatch(" ".join(words[k:])):
                    tails.setdefault(name_key(" ".join(words[k:])), set()).add(i)
    for i, cl in enumerate(clusters):
        if i in heading_only or cl.known or _kind(cl) == "person":
            continue
        for name in {n for n in _names(cl) if len(n.split()) >= 2}:
            owners = {uf.find(j) for j in tails.get(name_key(name), ()) if j != i}
            if len(owners) == 1 and not _clash(cl, clusters[next(iter(owners))]):
                uf.union(next(iter(owners)), i)

    for i, cl in enumerate(clusters):
        if i in heading_only:
            continue
        singles = {n for n in _names(cl) if len(n.split()) == 1}
        for name in singles:
            owners = {uf.find(j) for j in by_last.get(name.casefold(), []) if j != i}
            if not owners and cl.known is None and name[:1].isupper():
                # "Frankle" and "Jonathon Frankel": a surname spelt two ways
                owners = {
                    uf.find(j)
                    for last, js in by_last.items()
                    if last[:1] == name[:1].casefold() and fuzz.ratio(last, name.casefold()) >= 85
                    for j in js
                    if j != i and (_kind(clusters[j]) == "person" or _personal(clusters[j]))
                }
            # a lone name's NER label is unreliable; only the lexicon or vault can veto
            if len(owners) == 1 and (
                cl.known is None or _kind(cl) == _kind(clusters[next(iter(owners))])
            ):
                uf.union(next(iter(owners)), i)

    # a noun phrase that is the tail of a longer name in the text, or the same words with
    # another ending: "language understanding" -> "natural language understanding",
    # "language modeling" -> "language model"
    for i, cl in enumerate(clusters):
        if cl.known or not all(c.origin == "term" for c in cl.cands):
            continue
        mine = {_stem(k) for k in cl.keys}
        others = [
            (j, {_stem(k) for k in other.keys})
            for j, other in enumerate(clusters)
            if j != i and j not in heading_only and _kind(other) in ("concept", None)
        ]
        same = {uf.find(j) for j, keys in others if keys & mine}
        ends = {
            uf.find(j) for j, keys in others if any(k.endswith(" " + m) for k in keys for m in mine)
        }
        owners = same or ends
        if len(owners) == 1:
            uf.union(next(iter(owners)), i)

    # "AlphaFold 2" beside "AlphaFold" is one model, unless the text names two versions;
    # a variant after the version ("Claude 3.7 Sonnet", "Gemini 2.0 Flash") is a model
    # of its own
    bare: dict[str, set[int]] = {}
    versions: dict[str, dict[str, list[int]]] = {}
    for i, cl in enumerate(clusters):
        if i in heading_only or _kind(cl) == "company":  # NER's "person" votes are noise here
            continue
        key = name_key(cl.known.title if cl.known else cl.main_name())
        m = _VERSION_OF.match(key)
        if m and m.group("variant") and _SIZE.sub("", " " + m.group("variant")).strip():
            continue
        if m and not cl.known:
            versions.setdefault(m.group("base"), {}).setdefault(m.group("ver"), []).append(i)
        elif not any(ch.isdigit() for ch in key):
            bare.setdefault(key, set()).add(uf.find(i))
    for base, by_version in versions.items():
        owners = {uf.find(j) for j in bare.get(base, ())}
        if len(by_version) == 1 and len(owners) == 1:
            for j in next(iter(by_version.values())):
                uf.union(next(iter(owners)), j)

    # near spellings of the same kind: rapidfuzz on the keys
    named = [(i, name_key(cl.main_name() if not cl.known else cl.known.title)) for i, cl in
             enumerate(clusters)]  # fmt: skip
    for a in range(len(named)):
        for b in range(a + 1, len(named)):
            (i, ka), (j, kb) = named[a], named[b]
            if uf.find(i) == uf.find(j) or _clash(clusters[i], clusters[j]):
                continue
            kind = _kind(clusters[i]) or _kind(clusters[j])
            if {i, j} & heading_only:
                # a heading's spelling of someone the text names: NER votes on the text's
                # spans are noisy, so any sign of a person will do
                kind = "person" if any(_personal(clusters[k]) for k in (i, j)) else None
                if kind is None:
                    continue
            if near(ka, kb, kind):
                uf.union(i, j)

    merged: dict[int, Cluster] = {}
    for i, cl in enumerate(clusters):
        root = merged.setdefault(uf.find(i), Cluster())
        root.cands.extend(cl.cands)
        if cl.known is not None and (root.known is None or root.known.note is None):
            root.known = cl.known if root.known is None or cl.known.note else root.known
    return list(merged.values())


def _personal(cl: Cluster) -> bool:
    """Whether anything says the cluster is a person: a PERSON label, a person cue."""
    return any(c.label == "PERSON" or c.cue == "person" for c in cl.cands)


def _stem(key: str) -> str:
    """ "language modeling" -> "language model": the key with its last word's ending cut."""
    words = key.split()
    words[-1] = re.sub(r"(?:ing|ings|ed|s)$", "", words[-1]) or words[-1]
    return " ".join(words)


def _names(cl: Cluster) -> set[str]:
    names = set(cl.surfaces)
    if cl.known:
        names.update(cl.known.names)
    return names


def _clash(a: Cluster, b: Cluster) -> bool:
    """Two clusters that must stay apart: two different notes, or different types.

    A lexicon entry and a note of the same type and name are one entity (the note wins).
    """
    if (
        a.known
        and b.known
        and a.known.key != b.known.key
        and (bool(a.known.note) == bool(b.known.note))
    ):
        return True
    ka, kb = _kind(a), _kind(b)
    if (a.origins() == {"ner"} and not a.known) or (b.origins() == {"ner"} and not b.known):
        return False  # a type that only the NER model guessed vetoes nothing
    return bool(ka and kb and ka != kb)


def near(a: str, b: str, kind: str | None) -> bool:
    """Whether two name keys are spelling variants of one name."""
    if min(len(a), len(b)) < 6 or a == b:
        return a == b
    if kind == "person":
        wa, wb = a.split(), b.split()
        if len(wa) < 2 or len(wb) < 2 or wa[0][0] != wb[0][0]:
            return False
        if wa[0] == wb[0]:
            return fuzz.ratio(wa[-1], wb[-1]) >= 80
        # "Ilyas Iskever" / "Ilya Sutskever": both names close, and the whole closer still
        return (
            fuzz.ratio(wa[0], wb[0]) >= 80
            and fuzz.ratio(wa[-1], wb[-1]) >= 70
            and fuzz.ratio(a, b) >= 80
        )
    if any(ch.isdigit() for ch in a + b) and re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False  # GPT-3 and GPT-4 are two models
    for x, y in zip(a.split(), b.split(), strict=False):
        if x != y and (x.endswith(y) or y.endswith(x)):
            return False  # "supervised" and "unsupervised": a prefix makes another word
    return fuzz.ratio(a, b) >= 92
