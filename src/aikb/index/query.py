"""Queries against the Whoosh index: search, backlinks, unlinked mentions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from whoosh import highlight
from whoosh.index import open_dir
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser, QueryParser
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from aikb.errors import InvalidQuery
from aikb.index.update import Index
from aikb.vault.graph import LinkRecord
from aikb.vault.links import fold, line_context, mask_code
from aikb.vault.model import Note, note_id
from aikb.vault.parse import split_front_matter

_SEARCH_FIELDS = ["title", "aliases", "tags", "body"]
_HL_START, _HL_END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    path: str
    title: str
    type: str | None
    score: float
    snippet: str
    # (start, end) offsets of matched words in `snippet`
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "type": self.type,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    suggestion: str | None = None  # a corrected query, offered when nothing matched


@dataclass(frozen=True, slots=True)
class Reference:
    """A note that points at another one: by a link (backlink) or by name (mention)."""

    id: str
    path: str
    title: str
    type: str | None
    line: int
    context: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "type": self.type,
            "line": self.line,
            "context": self.context,
        }


class _Marker(highlight.Formatter):
    """Wraps matched words in control characters that `_split_marks` turns into spans."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return _HL_START + highlight.get_text(text, token, replace) + _HL_END


def _split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in re.split(f"({_HL_START}|{_HL_END})", marked):
        if part == _HL_START:
            start = pos
        elif part == _HL_END:
            spans.append((start, pos))
        else:
            part = re.sub(r"\s+", " ", part)
            out.append(part)
            pos += len(part)
    return "".join(out), spans


def _lead(body: str, limit: int = 160) -> str:
    """The first words of a note's text, for hits that matched on the title only."""
    for line in body.splitlines():
        line = line.strip().lstrip("#>-* ").strip()
        if line and not line.startswith("---"):
            return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"
    return ""


class Searchable:
    """Read-side access to an up-to-date `Index`."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.vault = index.vault
        self._ix = open_dir(str(index.dir))

    def searcher(self) -> Searcher:
        return self._ix.searcher()

    # -- search ----------------------------------------------------------------------

    def parse(self, text: str) -> Query:
        parser = MultifieldParser(_SEARCH_FIELDS, self._ix.schema)
        parser.add_plugin(FieldAliasPlugin({"tags": ["tag"], "aliases": ["alias"]}))
        parser.remove_plugin_class(GtLtPlugin)
        try:
            return parser.parse(text)
        except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
            raise InvalidQuery(f"cannot parse query {text!r}: {exc}") from exc

    def search(
        self,
        text: str,
        *,
        type: str | None = None,
        tag: str | None = None,
        limit: int = 10,
    ) -> SearchResults:
        """BM25F-ranked notes for a query: words, "phrases", AND/OR/NOT, field:value, pre*."""
        query = self.parse(text)
        filters: list[Query] = []
        if type:
            filters.append(Term("type", type.lower()))
        if tag:
            filters.append(Term("tags", tag.lower().lstrip("#")))
        filter_q = And(filters) if len(filters) > 1 else (filters[0] if filters else None)
        with self.searcher() as searcher:
            results = searcher.search(query, limit=limit, filter=filter_q, terms=True)
            results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
            results.formatter = _Marker()
            hits = [self._hit(hit) for hit in results]
            total = len(results)
            suggestion = None if hits else _correct(searcher, text)
        return SearchResults(query=text, hits=hits, total=total, suggestion=suggestion)

    def _hit(self, hit: Any) -> SearchHit:
        path = hit["path"]
        try:
            text, _ = self.vault.read_text(path)
            body = split_front_matter(text.replace("\r\n", "\n"))[1]
        except (OSError, ValueError):
            body = ""
        marked = hit.highlights("body", text=body, top=2) if body else ""
        snippet, spans = _split_marks(marked) if marked else (_lead(body), [])
        return SearchHit(
            id=hit["id"],
            path=path,
            title=hit["title"],
            type=hit.get("type") or None,
            score=float(hit.score or 0.0),
            snippet=snippet.strip(),
            highlights=spans,
        )

    # -- links -----------------------------------------------------------------------

    def linkdata(self, note_path: str) -> list[list[Any]]:
        with self.searcher() as searcher:
            fields = searcher.document(id=note_id(note_path))
        return fields.get("linkdata", []) if fields else []

    def link_records(self) -> dict[str, list[LinkRecord]]:
        """Every note's links, resolved, by path: the whole link graph in one read."""
        with self.searcher() as searcher:
            return {
                fields["path"]: [LinkRecord(t, line, ctx, res) for t, line, ctx, res, _ in data]
                for fields in searcher.reader().all_stored_fields()
                if (data := fields.get("linkdata")) is not None
            }

    def linking_to_names(self, keys: Iterable[str]) -> list[str]:
        """Paths of the notes with a link that asks for one of these folded names,
        resolved or not (see the schema's `targets` field)."""
        terms: list[Query] = [Term("targets", k) for k in sorted(set(keys)) if k]
        if not terms:
            return []
        with self.searcher() as searcher:
            return sorted(hit["path"] for hit in searcher.search(Or(terms), limit=None))

    def backlinks(self, note_path: str) -> list[Reference]:
        """Every note linking to `note_path`, each link with the sentence around it."""
        refs: list[Reference] = []
        with self.searcher() as searcher:
            query = Term("links", fold(note_id(note_path)))
            for hit in searcher.search(query, limit=None, sortedby="id"):
                fields = hit.fields()
                for _target, line, context, resolved, _embed in fields.get("linkdata", []):
                    if resolved == note_path:
                        refs.append(_ref(fields, line, context))
        return refs

    def mentions(self, note: Note, limit: int = 50) -> list[Reference]:
        """Notes that name `note`'s title or an alias in plain text without linking to it."""
        names = sorted({n for n in [note.title, *note.aliases] if len(n.strip()) >= 3}, key=len)
        if not names:
            return []
        parser = QueryParser("body", self._ix.schema)
        phrases = [parser.parse('"' + n.replace('"', " ") + '"') for n in names]
        linked = Term("links", fold(note.id))
        refs: list[Reference] = []
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in reversed(names)) + r")(?!\w)",
            re.IGNORECASE,
        )
        with self.searcher() as searcher:
            hits = searcher.search(Or(phrases), limit=limit * 2, mask=linked)
            for hit in hits:
                fields = hit.fields()
                if fields["path"] == note.path:
                    continue
                found = self._find_mention(fields, pattern)
                if found:
                    refs.append(found)
                if len(refs) >= limit:
                    break
        return sorted(refs, key=lambda r: r.id)

    def _find_mention(self, fields: dict[str, Any], pattern: re.Pattern[str]) -> Reference | None:
        try:
            text, _ = self.vault.read_text(fields["path"])
        except (OSError, ValueError):
            return None
        _meta, body, first, _ = split_front_matter(text.replace("\r\n", "\n"))
        masked = re.sub(r"!?\[\[[^\]\n]*\]\]|\[[^\]\n]*\]\([^)\n]*\)", _spaces, mask_code(body))
        lines = body.split("\n")
        for i, masked_line in enumerate(masked.split("\n")):
            m = pattern.search(masked_line)
            if m:
                return _ref(fields, first + i, line_context(lines[i], m.start()))
        return None


_WORD = re.compile(r"(?<![\w:*])([^\W\d_][\w'-]*)(?![\w:*])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _correct(searcher: Searcher, text: str) -> str | None:
    """The query with each word the index does not know replaced by the closest word it
    does (unstemmed, from the title and body spelling fields), or None."""
    reader = searcher.reader()
    analyzer = searcher.schema["body"].analyzer
    changed = False

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        if word in _OPERATORS:
            return word
        stems = [t.text for t in analyzer(word)]
        if not stems or any(reader.doc_frequency(f, s) for f in ("body", "title") for s in stems):
            return word
        options: dict[str, float] = {}
        for name in ("title", "body"):
            spell = searcher.schema[name].spelling_fieldname(name)
            for cand in reader.terms_within(spell, word.lower(), 2):
                ratio = difflib.SequenceMatcher(None, word.lower(), cand).ratio()
                options[cand] = max(options.get(cand, 0.0), ratio)
        if not options:
            return word
        best = max(options, key=lambda c: (options[c], reader.frequency("body", c), c))
        changed = True
        return best

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _ref(fields: dict[str, Any], line: int, context: str) -> Reference:
    return Reference(
        id=fields["id"],
        path=fields["path"],
        title=fields["title"],
        type=fields.get("type") or None,
        line=line,
        context=context,
    )
