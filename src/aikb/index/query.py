"""Queries against the Whoosh index: search, backlinks, unlinked mentions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import highlight
from whoosh.index import open_dir
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser, QueryParser
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from aikb.errors import InvalidNote, InvalidQuery
from aikb.index.update import Index
from aikb.vault.graph import LinkRecord
from aikb.vault.links import fold, line_context, mask_code
from aikb.vault.model import Note, note_id
from aikb.vault.parse import split_body

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
        return asdict(self)


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


_LINK_TEXT = re.compile(r"!?\[\[([^\[\]|\n]*?)(?:#[^\[\]|\n]*)?(?:\\?\|([^\[\]\n]*))?\]\]")


_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t>]*|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE)
_MD_LINK_TEXT = re.compile(r"!?\[([^\[\]\n]*)\]\([^)\n]*\)")


def _readable(body: str) -> str:
    """Body text as a reader sees it, for snippets: `[[target|label]]` and `[label](x.md)`
    become `label`; heading, list and quote markers at line starts go."""
    body = _LINK_TEXT.sub(lambda m: m.group(2) or m.group(1), body)
    return _MARKUP.sub("", _MD_LINK_TEXT.sub(r"\1", body))


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
            suggestion = None if hits else _correct(searcher, text, self._body)
        return SearchResults(query=text, hits=hits, total=total, suggestion=suggestion)

    def _body(self, path: str) -> str:
        """A note's body as a reader sees it ('' if the file cannot be read)."""
        try:
            text, _ = self.vault.read_text(path)
        except (OSError, ValueError, InvalidNote):
            return ""
        return _readable(split_body(text.replace("\r\n", "\n"))[0])

    def _hit(self, hit: Any) -> SearchHit:
        path = hit["path"]
        body = self._body(path)
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

    def backlinks(self, note_path: str, *, limit: int | None = None) -> list[Reference]:
        """The notes linking to `note_path` (the first `limit` by id, or all), each link with
        the sentence around it."""
        refs: list[Reference] = []
        with self.searcher() as searcher:
            query = Term("links", fold(note_id(note_path)))
            # Sorting reads the id column; stored fields (with every note's link contexts)
            # are loaded only for the notes returned: a hub's show reads 25, not thousands.
            for hit in searcher.search(query, limit=limit, sortedby="id"):
                fields = hit.fields()
                for _target, line, context, resolved, _embed in fields.get("linkdata", []):
                    if resolved == note_path:
                        refs.append(_ref(fields, line, context))
        return refs

    def backlink_count(self, note_path: str) -> int:
        """How many notes link to `note_path` (from the posting list; no stored fields)."""
        with self.searcher() as searcher:
            return sum(1 for _ in searcher.docs_for_query(Term("links", fold(note_id(note_path)))))

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
            # Unscored and lazy: ranking every note that names a hub (thousands) only to
            # keep `limit` of them cost more than the rest of `show` (bench/).
            skip = set(searcher.docs_for_query(linked))
            for docnum in searcher.docs_for_query(Or(phrases)):
                if docnum in skip:
                    continue
                fields = searcher.stored_fields(docnum)
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
        except (OSError, ValueError, InvalidNote):
            return None
        body, first = split_body(text.replace("\r\n", "\n"))
        masked = re.sub(r"!?\[\[[^\]\n]*\]\]|\[[^\]\n]*\]\([^)\n]*\)", _spaces, mask_code(body))
        lines = body.split("\n")
        for i, masked_line in enumerate(masked.split("\n")):
            m = pattern.search(masked_line)
            if m:
                return _ref(fields, first + i, line_context(lines[i], m.start()))
        return None


_WORD = re.compile(r"(?<![\w:*])([^\W\d_][\w'-]*)(?![\w:*])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _correct(searcher: Searcher, text: str, read_body: Callable[[str], str]) -> str | None:
    """The query with each word the index does not know replaced by the closest word it
    does, or None.

    Candidates are indexed stems within two edits of the word's stem; the one shown is the
    word as a note actually writes it (found in one note holding the stem), so the index
    needs no separate unstemmed spelling field, which cost a third of the build time.
    """
    reader = searcher.reader()
    analyzer = searcher.schema["body"].analyzer
    changed = False

    def surface(stem: str) -> str:
        for name in ("title", "body"):
            if not reader.doc_frequency(name, stem):
                continue
            fields = reader.stored_fields(reader.postings(name, stem).id())
            source = fields["title"] if name == "title" else read_body(fields["path"])
            for word in re.findall(r"[^\W\d_][\w'-]*", source):
                if [t.text for t in analyzer(word)] == [stem]:
                    return word.lower()
        return stem

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        stems = [t.text for t in analyzer(word)]
        if word in _OPERATORS or len(stems) != 1:
            return word
        stem = stems[0]
        if any(reader.doc_frequency(name, stem) for name in ("body", "title")):
            return word
        options: dict[str, tuple[float, int]] = {}
        for name in ("title", "body"):
            for cand in reader.terms_within(name, stem, 2):
                ratio = difflib.SequenceMatcher(None, stem, cand).ratio()
                options[cand] = max(
                    options.get(cand, (0.0, 0)), (ratio, reader.doc_frequency(name, cand))
                )
        if not options:
            return word
        changed = True
        return surface(max(options, key=lambda c: (options[c], c)))

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
