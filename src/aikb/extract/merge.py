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
        if self.known:
            keys.update(name_key(n) for n in self.known.names)
        return keys

    def origins(self) -> set[str]:
        return {c.origin for c in self.cands}

    def main_name(self) -> str:
        """The name to title a new note with: the long form, else the commonest surface."""
        longs = [c.alias_of for c in self.cands if c.origin == "acronym" and c.alias_of]
        if longs:
            return Counter(longs).most_common(1)[0][0]
        counts = self.surfaces
        # "Ilya Sutskever" over "Sutskever", "Google DeepMind" over "DeepMind"
        return max(counts, key=lambda s: (" " in s, counts[s], len(s.split()), -len(s), s))


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
        if c.known is not None:
            gid = "K:" + c.known.key
        elif c.origin == "acronym" and c.alias_of:
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
    owner: dict[str, int] = {}
    for i, cl in enumerate(clusters):
        for key in sorted(cl.keys):
            if key in owner and not _clash(clusters[owner[key]], cl):
                uf.union(owner[key], i)
            owner.setdefault(key, i)

    # "Sutskever" -> "Ilya Sutskever"; "DeepMind" -> "Google DeepMind"
    by_last: dict[str, list[int]] = {}
    for i, cl in enumerate(clusters):
        kind = _kind(cl)
        if kind not in ("person", "company", None) or (cl.known and not cl.known.note):
            continue
        for name in _names(cl):
            words = name.split()
            if len(words) >= 2 and (kind == "company" or is_full_name(name)):
                by_last.setdefault(words[-1].casefold(), []).append(i)
    for i, cl in enumerate(clusters):
        singles = {n for n in _names(cl) if len(n.split()) == 1}
        for name in singles:
            owners = {uf.find(j) for j in by_last.get(name.casefold(), []) if j != i}
            # a lone name's NER label is unreliable; only the lexicon or vault can veto
            if len(owners) == 1 and (
                cl.known is None or _kind(cl) == _kind(clusters[next(iter(owners))])
            ):
                uf.union(next(iter(owners)), i)

    # near spellings of the same kind: rapidfuzz on the keys
    named = [(i, name_key(cl.main_name() if not cl.known else cl.known.title)) for i, cl in
             enumerate(clusters)]  # fmt: skip
    for a in range(len(named)):
        for b in range(a + 1, len(named)):
            (i, ka), (j, kb) = named[a], named[b]
            if uf.find(i) == uf.find(j) or _clash(clusters[i], clusters[j]):
                continue
            if near(ka, kb, _kind(clusters[i]) or _kind(clusters[j])):
                uf.union(i, j)

    merged: dict[int, Cluster] = {}
    for i, cl in enumerate(clusters):
        root = merged.setdefault(uf.find(i), Cluster())
        root.cands.extend(cl.cands)
        if cl.known is not None and (root.known is None or root.known.note is None):
            root.known = cl.known if root.known is None or cl.known.note else root.known
    return list(merged.values())


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
    return bool(ka and kb and ka != kb)


def near(a: str, b: str, kind: str | None) -> bool:
    """Whether two name keys are spelling variants of one name."""
    if min(len(a), len(b)) < 6 or a == b:
        return a == b
    if kind == "person":
        wa, wb = a.split(), b.split()
        if len(wa) < 2 or len(wb) < 2 or wa[0] != wb[0]:
            return False
        return fuzz.ratio(wa[-1], wb[-1]) >= 80
    if any(ch.isdigit() for ch in a + b) and re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False  # GPT-3 and GPT-4 are two models
    return fuzz.ratio(a, b) >= 92
