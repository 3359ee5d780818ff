"""The Whoosh schema. Bump catalog.FORMAT whenever it changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import ID, IDLIST, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions

# One id per line: ids may hold spaces, commas and any other character but a newline.
_LINES = re.compile(r"[^\n]+")
# Whoosh's default token pattern with its group made non-capturing, so findall returns
# whole tokens.
_WORDS = re.compile(default_pattern.pattern.replace(r"(\.?", r"(?:\.?"))
# (analyzer, stop words, min size, max size, stem function, stems by word, term bytes,
# encoded lone positions), by id(analyzer).
_PLANS: dict[
    int, tuple[Any, frozenset[str], int, int | None, Callable[[str], str], dict, dict, dict]
] = {}


class FastText(TEXT):
    """A TEXT field that indexes StemmingAnalyzer's terms in one pass.

    Whoosh passes every word through four generators (tokenizer, lower case, stop words,
    stemmer) and then groups positions: most of the time of indexing a note's body. This
    computes the same terms, positions and encoded postings in one loop (a test checks it
    against Whoosh's own TEXT.index on varied text). Queries and highlights use the
    field's analyzer as usual; any other analyzer or input takes Whoosh's own path.
    """

    def index(self, value: Any, **kwargs: Any) -> Any:
        plan = None if kwargs or not isinstance(value, str) else _plan(self)
        if plan is None:
            return super().index(value, **kwargs)
        _, stops, minsize, maxsize, stem, stems, encoded, lone = plan
        positions: dict[str, list[int]] = {}
        pos = -1
        for i, word in enumerate(_WORDS.findall(value)):
            word = word.lower()
            if (
                len(word) < minsize
                or word in stops
                or (maxsize is not None and len(word) > maxsize)
            ):
                continue
            # StopFilter(renumber=True): the first kept word keeps its position, the
            # next ones follow it without gaps.
            pos = i if pos < 0 else pos + 1
            term = stems.get(word)
            if term is None:
                if len(stems) > 200_000:
                    stems.clear()
                term = stems[word] = stem(word)
            seen = positions.get(term)
            if seen is None:
                positions[term] = [pos]
            else:
                seen.append(pos)
        assert isinstance(self.format, Positions)  # _plan checked it
        encode, boost = self.format.encode, self.format.field_boost
        out = []
        for term, p in positions.items():
            # Shared objects for the same term and the same lone position: a full build
            # holds ~750,000 postings per writer in memory, and this saves ~40% of it.
            key = encoded.get(term)
            if key is None:
                key = encoded[term] = term.encode("utf-8")
            if len(p) == 1:
                value = lone.get(p[0])
                if value is None:
                    value = lone[p[0]] = encode(p)
            else:
                value = encode(p)
            out.append((key, len(p), len(p) * boost, value))
        if len(encoded) > 200_000 or len(lone) > 100_000:
            encoded.clear()
            lone.clear()
        return out


def _plan(field: FastText) -> tuple | None:
    """What the one-pass indexer needs from the field's analyzer, or None when the analyzer
    is not a plain StemmingAnalyzer (then Whoosh's own path runs)."""
    analyzer = field.analyzer
    plan = _PLANS.get(id(analyzer))
    if plan is not None and plan[0] is analyzer:
        return plan
    items = getattr(analyzer, "items", None)
    kinds = [type(item) for item in items or ()]
    if kinds != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter]:
        return None
    tokenizer, _, stop, stemmer = items  # type: ignore[misc]
    if (
        type(field.format) is not Positions
        or tokenizer.gaps
        or tokenizer.expression.pattern != default_pattern.pattern
        or tokenizer.expression.flags != default_pattern.flags
        or not stop.renumber
        or stemmer.ignore
        or getattr(stemmer, "lang", None)
    ):
        return None
    # The plan holds the analyzer, so its id cannot be reused while it is cached.
    plan = (analyzer, stop.stops, stop.min, stop.max, stemmer.stemfn, {}, {}, {})
    _PLANS[id(analyzer)] = plan
    return plan


def make_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        # sortable: backlinks sort by id from a column, without loading stored fields.
        id=ID(stored=True, unique=True, sortable=True),
        path=STORED(),
        title=FastText(analyzer=text, stored=True, field_boost=4.0),
        aliases=FastText(analyzer=text, stored=True, field_boost=3.0),
        type=KEYWORD(stored=True, lowercase=True),
        tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True, field_boost=2.0),
        # Not stored: snippets are cut from the file itself, which keeps the index small.
        body=FastText(analyzer=text),
        # Folded ids of the notes this note links to: backlinks are one term query.
        links=IDLIST(expression=_LINES),
        # Folded names this note's links ask for, resolved or not: when a note appears,
        # disappears or changes its title or aliases, these find the notes to re-resolve.
        targets=IDLIST(expression=_LINES),
        # [[target, line, context, resolved path or None, embed], ...] for show/links/check.
        linkdata=STORED(),
    )
