"""Stage 1: find every known name (vault notes, lexicon) in a text with one automaton.

pyahocorasick matches all names in one pass over the text, so the cost does not grow
with the number of notes in the vault.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import ahocorasick

from aikb.extract.model import Candidate, Known

_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "})


def fold_chars(text: str) -> str:
    """Lower-case `text` one character at a time, so offsets stay the same."""
    text = text.translate(_FOLD)
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def plural_forms(name: str) -> list[str]:
    """`name` and its plural (network -> networks, LLM -> LLMs, policy -> policies)."""
    forms = [name]
    last = name.rsplit(" ", 1)[-1]
    if not last[-1:].isalpha() or (last[:1].isupper() and not last.isupper()):
        return forms  # proper names ("Hugging Face", "Gemma") have no plural
    if last.isupper():
        forms.append(name + "s")
    elif name.endswith(("s", "x", "ch", "sh")):
        forms.append(name + "es")
    elif name.endswith("y") and name[-2:-1] not in "aeiou":
        forms.append(name[:-1] + "ies")
    else:
        forms.append(name + "s")
    return forms


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(name) <= 8 and sum(c.isupper() for c in letters) >= 2


def _case_ok(name: str, surface: str, kind: str | None) -> bool:
    """Whether `surface` (as written) may stand for `name`.

    Acronyms must match exactly (so `Go` the game is not "go"); names of people and
    organisations must be capitalised as names; concepts match in any case.
    """
    if _is_acronym(name):
        return surface.rstrip("s") == name.rstrip("s") or surface == name
    if kind in ("person", "company") or any(c.isupper() for c in name[1:]):
        return all(
            a[:1].isupper() == b[:1].isupper() or not a[:1].isalpha()
            for a, b in zip(name.split(), surface.split(), strict=False)
        )
    if len(name) <= 3:
        return surface == name
    return True


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    # "meta-analysis" is not "Meta", "GPT-4o" is not "GPT-4", nor is "GPT-4.5"
    if before == "-" and start > 1 and text[start - 2].isalnum():
        return False
    return not (after in "-." and end + 1 < len(text) and text[end + 1].isalnum())


def _head(name: str) -> str:
    """ "speculative sampling" -> "sampling": the head noun of a lower-case multi-word term."""
    from aikb.extract.merge import singular

    words = name.replace("-", " ").split()
    if len(words) < 2 or not all(w.islower() or w.isupper() for w in words[1:]):
        return ""
    last = words[-1].lower()
    return singular(last) if last.isalpha() else ""


class Dictionary:
    """Every name of every known entity, matched case- and plural-aware."""

    def __init__(self, entries: Iterable[Known]) -> None:
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Known]]] = {}
        self.size = 0
        heads: Counter[str] = Counter()
        for known in entries:
            if known.type == "concept":
                heads.update({_head(n) for n in known.names} - {""})
            for name in known.names:
                name = " ".join(name.split())
                if len(name) < 2:
                    continue
                for form in plural_forms(name):
                    table.setdefault(fold_chars(form), []).append((name, known))
        for key, values in table.items():
            self._auto.add_word(key, (len(key), values))
            self.size += 1
        if self.size:
            self._auto.make_automaton()
        # head nouns that several known terms share ("model", "network", "learning")
        self.heads = frozenset(h for h, n in heads.items() if n >= 3)
        self.words = frozenset(k for k in table if " " not in k)

    def find(
        self, text: str, masked: str | None = None, *, nested: bool = False
    ) -> list[Candidate]:
        """Known names in `text`, in text order: where they overlap, the longest only, or
        with `nested` every one."""
        if not self.size:
            return []
        masked = text if masked is None else masked
        folded = fold_chars(masked)
        hits: list[tuple[int, int, Known, str]] = []
        for end_idx, (length, values) in self._auto.iter(folded):
            start, end = end_idx - length + 1, end_idx + 1
            if not _boundary(folded, start, end):
                continue
            surface = text[start:end]
            for name, known in values:
                if _case_ok(name, surface, known.type):
                    hits.append((start, end, known, name))
                    break
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[Candidate] = []
        taken_until = -1
        for start, end, known, name in hits:
            if start < taken_until and not nested:
                continue
            taken_until = max(taken_until, end)
            origin = "known" if known.note else "lexicon"
            cand = Candidate(start, end, text[start:end], known.type, origin, known=known)
            cand.alias_of = name
            out.append(cand)
        return out
