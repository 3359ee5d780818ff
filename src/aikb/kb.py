"""The knowledge base: a vault and its index, with the use cases the CLI offers.

Scriptable without the CLI:

    from aikb.kb import KnowledgeBase
    kb = KnowledgeBase("notes")
    kb.refresh()
    for hit in kb.search("speculative sampling").hits:
        print(hit.title, hit.score)
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aikb.errors import (
    AikbError,
    AmbiguousNote,
    DuplicateNote,
    InvalidArgument,
    InvalidNote,
    NoteNotFound,
    NoteNotWritten,
)
from aikb.index.update import Index, Progress, RefreshReport
from aikb.vault.links import fold, note_keys
from aikb.vault.model import Note, NoteType, is_attachment, note_id
from aikb.vault.store import Vault

if TYPE_CHECKING:
    from aikb.index.query import Reference, Searchable, SearchResults
    from aikb.vault.graph import BrokenLink, Graph, Node
    from aikb.vault.rename import RenamePlan

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NoteSummary:
    id: str
    path: str
    title: str
    type: str | None
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "title": self.title, "type": self.type}


@dataclass(frozen=True, slots=True)
class OutLink:
    """One link of a note: where it points, and what it resolved to."""

    target: str
    line: int
    context: str
    note: NoteSummary | None  # None: broken link or attachment
    attachment: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = self.note.to_dict() if self.note else {"id": None, "path": None}
        data.update(target=self.target, line=self.line, context=self.context)
        data["status"] = "attachment" if self.attachment else ("ok" if self.note else "broken")
        return data


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `aikb check` finds. Only broken links make it fail."""

    graph: Graph
    broken: list[BrokenLink]
    orphans: list[Node]
    same_titles: list[tuple[str, list[Node]]]
    warnings: list[tuple[str, str]]  # (path, problem) for notes that could not be read

    def to_dict(self) -> dict[str, Any]:
        return {
            "notes": len(self.graph.nodes),
            "links": sum(self.graph.edges.values()),
            "broken": [b.to_dict() for b in self.broken],
            "orphans": [n.to_dict() for n in self.orphans],
            "same_title": [
                {"title": title, "notes": [n.to_dict() for n in nodes]}
                for title, nodes in self.same_titles
            ],
            "warnings": [{"path": p, "problem": w} for p, w in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class NewNote:
    """Options for `aikb add`."""

    title: str
    type: NoteType
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: str = ""


def slugify_title(title: str) -> str:
    """The file name (without `.md`) a new note with this title gets."""
    from slugify import slugify

    return slugify(title, max_length=100, word_boundary=True)


class KnowledgeBase:
    def __init__(self, root: Path | str, *, create: bool = False) -> None:
        self.vault = Vault(root, create=create)
        self.index = Index(self.vault)
        self._searchable: Searchable | None = None
        self._notes: tuple[Any, dict[str, Any]] = (None, {})  # (catalog, its notes by path)
        # Called with the report of a rebuild a query had to make (the CLI prints warnings).
        self.on_repair: Callable[[RefreshReport], None] | None = None

    def refresh(
        self, *, rebuild: bool = False, wait: bool = True, on_progress: Progress | None = None
    ) -> RefreshReport:
        """Bring the index up to date with the files (see Index.refresh)."""
        self._searchable = None
        return self.index.refresh(rebuild=rebuild, wait=wait, on_progress=on_progress)

    @property
    def searchable(self) -> Searchable:
        if self._searchable is None and (report := self.open_search()) and self.on_repair:
            self.on_repair(report)
        assert self._searchable is not None
        return self._searchable

    def open_search(self) -> RefreshReport | None:
        """Open the Whoosh index for queries. A damaged index is rebuilt: the report of
        that rebuild is returned (None when the index opened as it was)."""
        from aikb.index.query import Searchable

        for attempt in range(3):
            try:
                self._searchable = Searchable(self.index)
                return None
            except Exception as exc:  # Whoosh raises many kinds on damaged files
                failure = type(exc).__name__  # not exc: its traceback holds the files open
            # A writer may have just committed a new index and removed the one named by
            # the catalog we read: look again before calling the index damaged.
            time.sleep(0.05 * attempt)
            self.index.load_catalog()
        return self._rebuild_damaged(failure)

    def _rebuild_damaged(self, failure: str) -> RefreshReport:
        import gc

        from aikb.index.query import Searchable

        gc.collect()  # Whoosh leaves the damaged files it failed to read open: close them
        report = self.index.refresh(rebuild=True)
        report.rebuilt = f"the index is damaged ({failure})"
        self._searchable = Searchable(self.index)
        return report

    def _query(self, run: Callable[[Searchable], T]) -> T:
        """Run a query. If the index fails under it, retry on the newest commit, then rebuild
        it: Whoosh finds some damage only when a query reads the files."""
        for attempt in range(3):
            try:
                return run(self.searchable)
            except AikbError:
                raise
            except Exception as exc:  # Whoosh raises many kinds on missing or damaged files
                failure = type(exc).__name__
            time.sleep(0.05 * attempt)
            self.index.load_catalog()
            self._searchable = None
        report = self._rebuild_damaged(failure)
        if self.on_repair:
            self.on_repair(report)
        return run(self.searchable)

    def _catalog(self) -> dict[str, Any]:
        if not self.index._loaded:
            self.index.load_catalog()
        catalog = self.index.catalog
        if self._notes[0] is not catalog:  # a lookup runs this several times per command
            self._notes = (catalog, catalog.notes())
        return self._notes[1]

    # -- reading ---------------------------------------------------------------------

    def summary(self, path: str) -> NoteSummary:
        e = self._catalog()[path]
        return NoteSummary(note_id(path), path, e.title, e.type, list(e.tags))

    def notes(self, *, type: str | None = None, tag: str | None = None) -> list[NoteSummary]:
        """Every indexed note, sorted by id, optionally of one type or with one tag."""
        tag = fold(tag.lstrip("#")) if tag else None
        out = []
        for path, e in sorted(self._catalog().items()):
            if type and (e.type or "") != type.lower():
                continue
            if tag and tag not in {fold(t) for t in e.tags}:
                continue
            out.append(NoteSummary(note_id(path), path, e.title, e.type, list(e.tags)))
        return out

    def lookup(self, ref: str) -> str:
        """The path of the note `ref` names: a vault path or id, a file name, a title or an
        alias, case-insensitively. Raises NoteNotFound (with suggestions) or AmbiguousNote."""
        entries = self._catalog()
        ref = unicodedata.normalize("NFC", ref.strip())
        if ref in entries:
            return ref
        if f"{ref}.md" in entries:
            return f"{ref}.md"
        key = fold(note_id(ref))
        by_id: list[str] = []
        by_name: list[str] = []
        for p in entries:
            folded = fold(note_id(p))
            if folded == key:
                by_id.append(p)
            elif folded.rpartition("/")[2] == key:
                by_name.append(p)
        # A file name settles it (Obsidian's order) without building a whole Resolver,
        # which costs more than the rest of `show` on a large vault.
        found = (
            by_id or (by_name if "/" not in key else []) or self.index.resolver().candidates(ref)
        )
        if len(found) == 1:
            return found[0]
        if found:
            found = sorted(found)
            width = max(len(note_id(p)) for p in found)
            listed = "".join(f"\n  {note_id(p):<{width}}  {entries[p].title}" for p in found)
            raise AmbiguousNote(
                f"{ref!r} could be any of {len(found)} notes; give one of these ids:{listed}"
            )
        raise NoteNotFound(f"no note {ref!r}{self._did_you_mean(ref)}")

    def _did_you_mean(self, ref: str) -> str:
        names: dict[str, str] = {}
        for path, e in self._catalog().items():
            for name in (note_id(path), note_id(path).rsplit("/", 1)[-1], e.title, *e.aliases):
                names.setdefault(fold(name), note_id(path))
        import difflib

        close = difflib.get_close_matches(fold(ref), list(names), n=5, cutoff=0.6)
        ids = list(dict.fromkeys(names[c] for c in close))[:3]
        return f"; did you mean {', '.join(ids)}?" if ids else ""

    def note(self, ref: str) -> Note:
        return self.vault.read(self.lookup(ref))

    def search(
        self, query: str, *, type: str | None = None, tag: str | None = None, limit: int = 10
    ) -> SearchResults:
        if not query.strip():
            raise InvalidArgument("the search query is empty")
        return self._query(lambda s: s.search(query, type=type, tag=tag, limit=limit))

    def backlinks(self, ref: str, *, limit: int | None = None) -> list[Reference]:
        """The notes linking to a note (the first `limit` by id, or all), each link's context."""
        path = self.lookup(ref)
        return self._query(lambda s: s.backlinks(path, limit=limit))

    def backlink_page(self, ref: str, *, limit: int | None = None) -> tuple[list[Reference], int]:
        """`backlinks`, and how many notes link to the note in all (one index query)."""
        path = self.lookup(ref)
        return self._query(lambda s: s.backlink_page(path, limit=limit))

    def backlink_count(self, ref: str) -> int:
        """How many notes link to a note."""
        path = self.lookup(ref)
        return self._query(lambda s: s.backlink_count(path))

    def mentions(self, note: Note, *, limit: int = 50) -> list[Reference]:
        """Up to `limit` notes that name `note` in plain text without linking to it."""
        return self._query(lambda s: s.mentions(note, limit=limit))

    def links(self, ref: str) -> list[OutLink]:
        """The links of one note, in order, each resolved (or broken, or an attachment)."""
        entries = self._catalog()
        out = []
        path = self.lookup(ref)
        for target, line, context, resolved, _embed in self._query(lambda s: s.linkdata(path)):
            note = self.summary(resolved) if resolved in entries else None
            attachment = resolved is None and is_attachment(target)
            out.append(OutLink(target, line, context, note, attachment))
        return out

    def graph(self, around: str | None = None, depth: int = 1) -> Graph:
        """The link graph of the vault, or of the notes within `depth` links of one note."""
        from aikb.vault.graph import Node, build_graph

        records = self.searchable.link_records()
        graph = build_graph(
            (Node(p, e.title, e.type), records.get(p, ())) for p, e in self._catalog().items()
        )
        return graph.around(self.lookup(around), depth) if around is not None else graph

    def check(self) -> CheckReport:
        """Broken links, orphan notes, notes that share a title, and files with problems
        (bad front matter, binary, unreadable, symlinks not followed)."""
        graph = self.graph()  # loads the catalog, which problems() reads
        warnings = list(self.index.problems().items())
        return CheckReport(graph, graph.broken, graph.orphans(), graph.same_titles(), warnings)

    # -- writing ---------------------------------------------------------------------

    def rename(self, ref: str, new: str, *, dry_run: bool = False) -> RenamePlan:
        """Rename or move a note and rewrite the links that must change (see
        vault/rename.py). Every file is written atomically; the index follows."""
        from aikb.vault.rename import destination, plan_rename

        old = self.lookup(ref)
        path = destination(old, new)
        if path == old:
            raise InvalidArgument(f"{note_id(old)} is already at {path}")
        dest = self.vault.path(path)
        if dest.exists() and not os.path.samefile(dest, self.vault.path(old)):
            raise DuplicateNote(f"{path} already exists; not overwritten")
        entry = self._catalog()[old]
        resolver = self.index.resolver()
        keys = note_keys(old, entry.title, entry.aliases) | note_keys(path, "", ())
        paths = {old, *self.searchable.linking_to_names(keys)}
        texts: dict[str, str] = {}
        for p in sorted(paths):
            try:
                texts[p] = self.vault.read_text(p)[0]
            except (InvalidNote, FileNotFoundError) as exc:
                if p == old:
                    raise NoteNotFound(
                        f"{old} cannot be read any more; nothing was written"
                    ) from exc
                continue  # unreadable or just deleted: it holds no links to keep right
        plan = plan_rename(resolver, old, path, texts)
        if dry_run:
            return plan
        for p in plan.texts:  # nothing is written if a note changed since it was read
            if p != old and self.vault.read_text(p)[0] != texts[p]:
                raise InvalidArgument(f"{p} changed while renaming; nothing was written")
        done: list[str] = []
        current = path
        try:
            mode = self.vault.path(old).stat().st_mode & 0o7777
            self.vault.write(path, plan.texts.get(old, texts[old]), exclusive=not dest.exists())
            os.chmod(dest, mode)
            done.append(path)
            for current, text in plan.texts.items():
                if current != old:
                    self.vault.write(current, text)
                    done.append(current)
            current = old
            if not os.path.samefile(dest, self.vault.path(old)):
                self.vault.path(old).unlink()
        except (NoteNotWritten, OSError) as exc:
            # Each file is whole (its old text or its new one), but the rename is half done.
            why = str(exc) if isinstance(exc, NoteNotWritten) else f"{current}: {exc.strerror}"
            written = ", ".join(done) or "nothing"
            raise NoteNotWritten(f"rename stopped ({why}); written so far: {written}") from exc
        finally:
            if done:  # files written within one mtime tick are "racy" and hashed again
                self.refresh()
        return plan

    def add(self, new: NewNote) -> str:
        """Write a new note at `<vault>/<slug>.md`; never overwrites. Returns its path."""
        title = new.title.strip()
        if not title or any(unicodedata.category(c) == "Cc" for c in title):
            raise InvalidArgument(f"title {new.title!r} is empty or holds control characters")
        from aikb.vault.parse import render_note

        slug = slugify_title(title)
        if not slug:
            raise InvalidArgument(f"title {new.title!r} gives no usable file name")
        path = f"{slug}.md"
        import datetime as dt

        today = dt.date.today().isoformat()
        meta: dict[str, Any] = {
            "title": title,
            "type": new.type.value,
            "aliases": [a.strip() for a in new.aliases if a.strip()],
            "tags": [t.strip().lstrip("#") for t in new.tags if t.strip()],
            "created": today,
            "updated": today,
        }
        self.vault.write(path, render_note(meta, new.body), exclusive=True)
        return path
