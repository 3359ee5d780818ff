"""Bringing the Whoosh index up to date with the files, incrementally or from scratch.

The no-change path (scan the folder, compare with the catalog) never imports Whoosh,
so commands pay almost nothing for freshness when nothing changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aikb.errors import IndexLocked, InvalidNote
from aikb.index.build import document
from aikb.index.catalog import RACY_NS, Catalog, Entry, unchanged
from aikb.index.lock import write_lock
from aikb.vault.links import Resolver, note_keys
from aikb.vault.model import Note, note_id
from aikb.vault.store import FileStat, Vault

Progress = Callable[[int, int], None]

# Only this much of a note's text is indexed; a larger file is named in a warning.
MAX_INDEXED_BYTES = 1 << 20
# Readers wait this long at most for another writer, then answer from the committed index.
READ_WAIT = 2.0


@dataclass
class RefreshReport:
    """What one refresh did. `warnings` name files; `stale` is set when another writer
    held the lock and the command answered from the last committed index."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    relinked: int = 0
    unchanged: int = 0
    rebuilt: str | None = None  # why the index was rebuilt, if it was
    stale: str | None = None
    warnings: list[str] = field(default_factory=list)
    # (action, path) for each note re-indexed: added, updated, deleted or relinked.
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.relinked or self.rebuilt)


def _digest(data: bytes) -> str:
    import hashlib  # ~5 ms to import (OpenSSL): not on the no-change path

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("AIKB_LOCK_TIMEOUT", "10"))
    except ValueError:
        return 10.0


class Index:
    """The Whoosh index of one vault, under `<vault>/.aikb/`."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.catalog = Catalog(valid=False)
        self._loaded = False
        self._opened: Any = None  # the Whoosh index _needs_rebuild opened, for _update

    @property
    def dir(self) -> Path:
        """The Whoosh index folder the loaded catalog (or its stamp) names."""
        return self.vault.state_dir / self.catalog.index_dir

    @property
    def _catalog_path(self) -> Path:
        return self.vault.state_dir / "catalog.json"

    def load_catalog(self) -> Catalog:
        self.catalog = Catalog.load(self._catalog_path)
        self._loaded = True
        if self.catalog.valid and not self.catalog.from_copy:
            self.catalog.save_copy(self._catalog_path)  # the next command reads it 3x faster
        return self.catalog

    def resolver(self) -> Resolver:
        return Resolver((p, e.title, e.aliases) for p, e in self.catalog.notes().items())

    # -- freshness -------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Every file with a current problem, and the problem, by path."""
        found = {p: e.warning for p, e in self.catalog.entries.items() if e.warning}
        found.update(self.catalog.skipped)
        return dict(sorted(found.items()))

    def _diff(self, scan: dict[str, FileStat]) -> tuple[list[str], list[str]]:
        entries = self.catalog.entries
        racy = self.catalog.scanned_ns - RACY_NS
        changed = [
            p
            for p, st in scan.items()
            if (e := entries.get(p)) is None
            or e.size != st.size
            or e.mtime_ns != st.mtime_ns
            or e.mtime_ns >= racy
        ]
        deleted = [p for p in entries if p not in scan]
        return changed, deleted

    def _needs_rebuild(self) -> str | None:
        problem = self.catalog.problem
        if problem == "missing":
            old = any(p.name.startswith("index") for p in self.vault.state_dir.iterdir())
            return "its catalog is missing" if old else "no index yet"
        if problem == "damaged":
            return "its catalog is damaged"
        if not self.catalog.valid:
            return "it was made by another version of aikb"
        from whoosh import index as windex

        if not self.dir.is_dir():
            return "the index is missing"
        try:
            ix = windex.open_dir(str(self.dir))  # once: windex.exists_in opens it too
            ix.doc_count()
        except windex.EmptyIndexError:
            return "the index is missing"
        except Exception as exc:  # Whoosh raises many kinds for damaged files
            return f"the index is damaged ({type(exc).__name__})"
        self._opened = ix  # the update that follows (under the same lock) writes to it
        return None

    def refresh(
        self, *, rebuild: bool = False, wait: bool = True, on_progress: Progress | None = None
    ) -> RefreshReport:
        """Bring the index up to date with the folder; re-index only what changed.

        With `wait=False` (readers), a lock held by another process past the timeout is
        not an error: the report says the answer comes from the last committed index.
        """
        started = time.time_ns()  # before the scan: see RACY_NS
        scan, skipped = self.vault.scan()
        # The path every command takes when nothing changed: one marshal load and one dict
        # comparison in C, never the JSON catalog or Whoosh.
        if not rebuild and (name := unchanged(self._catalog_path, scan, skipped)):
            # The rest of the catalog is loaded when a command needs it.
            self.catalog, self._loaded = Catalog(valid=False, index_dir=name), False
            if self.dir.exists():
                return RefreshReport(unchanged=len(scan))
        self.load_catalog()
        changed, deleted = self._diff(scan)
        if (
            not rebuild
            and self.catalog.valid
            and not changed
            and not deleted
            and skipped == self.catalog.skipped
            and self.dir.exists()
        ):
            self.catalog.save_stamp(self._catalog_path)  # the next command takes the fast path
            return RefreshReport(unchanged=len(scan))
        timeout = _lock_timeout() if wait else min(_lock_timeout(), READ_WAIT)
        try:
            with write_lock(self.vault.state_dir / "lock", timeout):
                # Another writer may have committed while we waited: then read again.
                # Otherwise the catalog and scan from just before the lock still hold
                # (loading and scanning twice was a third of an edit's cost at 10,000 notes).
                if not self.catalog.is_current(self._catalog_path):
                    self.load_catalog()
                    started = time.time_ns()
                    scan, skipped = self.vault.scan()
                seen = self.catalog.skipped
                reason = "asked for" if rebuild else self._needs_rebuild()
                if reason:
                    report = self._rebuild(reason, scan, started, on_progress)
                else:
                    report = self._update(scan, *self._diff(scan), started, on_progress)
                if skipped != self.catalog.skipped:
                    self.catalog.skipped = skipped
                    self.catalog.save(self._catalog_path)
        except IndexLocked as exc:
            if wait:
                raise
            self.load_catalog()  # the newest commit: a rebuild may have replaced the index
            if not (self.catalog.valid and self.dir.exists()):
                raise
            return RefreshReport(stale=str(exc))
        # Each problem is reported once, when it appears or changes (a rebuild repeats all).
        report.warnings[:0] = [w for p, w in skipped.items() if report.rebuilt or seen.get(p) != w]
        return report

    # -- writing ---------------------------------------------------------------------

    def _read(
        self, rel: str, st: FileStat | None, *, body_links: bool = True
    ) -> tuple[Entry | None, Note | None, str | None]:
        """Read one file: its catalog entry, its note (None if unreadable; see parse_note
        for `body_links`), a warning."""
        from aikb.vault.parse import parse_note  # not on the no-change path: YAML is slow to import

        try:
            data = self.vault.path(rel).read_bytes()
        except FileNotFoundError:
            return None, None, None
        except OSError as exc:
            return None, None, f"{rel}: cannot read ({exc.strerror})"
        if st is None:
            stat = os.stat(self.vault.path(rel))
            st = FileStat(stat.st_size, stat.st_mtime_ns)
        digest = _digest(data)
        name = note_id(rel).rsplit("/", 1)[-1]
        size_warning = None
        if len(data) > MAX_INDEXED_BYTES:
            # Indexing time grows with size (about 1 s per MB): a pasted dump must not stall
            # every command, so only its beginning, cut at a line end, is indexed.
            data = data[: data.rfind(b"\n", 0, MAX_INDEXED_BYTES) + 1 or MAX_INDEXED_BYTES]
            size_warning = (
                f"{rel}: {st.size / 2**20:.1f} MB; only its first "
                f"{MAX_INDEXED_BYTES // 2**20} MB is indexed"
            )
        try:
            text, warning = self.vault.decode(rel, data)
        except InvalidNote as exc:
            entry = Entry(st.size, st.mtime_ns, digest, name, None, [], [], str(exc), False)
            return entry, None, str(exc)
        note = parse_note(text, rel, body_links=body_links)
        if note.warning:
            warning = f"{rel}: {note.warning}"
        elif not text.strip():
            warning = f"{rel}: empty note"
        warning = warning or size_warning
        entry = Entry(
            st.size,
            st.mtime_ns,
            digest,
            note.title,
            note.type,
            note.aliases,
            note.tags,
            warning,
            True,
        )
        return entry, note, warning

    def _rebuild(
        self, reason: str, scan: dict[str, FileStat], started: int, on_progress: Progress | None
    ) -> RefreshReport:
        """Build a new index in a new folder; saving the catalog switches readers to it.

        Until that moment the old index stays whole, so readers keep answering and a
        crash (even SIGKILL) leaves the last committed index in use.
        """
        import shutil

        from whoosh import index as windex

        from aikb.index.build import build
        from aikb.index.schema import make_schema

        report = RefreshReport(rebuilt=reason)
        state = self.vault.state_dir
        new_dir = state / f"index-{os.urandom(4).hex()}"
        new_dir.mkdir()  # not mkdtemp: the folder's mode follows the umask, like the notes
        total = len(scan)
        try:
            ix = windex.create_in(str(new_dir), make_schema())
            results = build(self, ix, sorted(scan), scan, _processes(total), on_progress)
            entries: dict[str, Entry] = {}
            for rel, entry, indexed, warning in results:
                if entry is not None:
                    entries[rel] = entry
                if indexed:
                    report.changes.append(("added", rel))
                if warning:
                    report.warnings.append(warning)
            report.added = len(report.changes)
            catalog = Catalog(entries, index_dir=new_dir.name, scanned_ns=started)
            catalog.save(self._catalog_path)
        except BaseException:
            shutil.rmtree(new_dir, ignore_errors=True)
            raise
        self.catalog = catalog
        for old in state.iterdir():  # earlier indexes, and those of rebuilds that died
            if old.name.startswith("index") and old != new_dir and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        if on_progress:
            on_progress(total * 2, total * 2)
        return report

    def _update(
        self,
        scan: dict[str, FileStat],
        changed: list[str],
        deleted: list[str],
        started: int,
        on_progress: Progress | None,
    ) -> RefreshReport:
        opened, self._opened = self._opened, None
        report = RefreshReport(unchanged=len(scan) - len(changed))
        entries = dict(self.catalog.entries)
        old = self.catalog.entries
        to_index: dict[str, Note] = {}
        to_delete: set[str] = set(deleted)
        affected: set[str] = set()  # names whose owner may have changed
        for rel in deleted:
            e = entries.pop(rel)
            affected |= note_keys(rel, e.title, e.aliases)
        for rel in changed:
            previous = old.get(rel)
            entry, note, warning = self._read(rel, scan[rel])
            if entry is None:  # vanished between scan and read
                if previous is not None:
                    entries.pop(rel, None)
                    to_delete.add(rel)
                    affected |= note_keys(rel, previous.title, previous.aliases)
                if warning:
                    report.warnings.append(warning)
                continue
            if previous is not None and previous.digest == entry.digest:
                entries[rel] = entry  # touched, not changed
                report.unchanged += 1
                continue
            if warning:
                report.warnings.append(warning)
            entries[rel] = entry
            if note is None:
                to_delete.add(rel)
            else:
                to_index[rel] = note
            if previous is None:
                report.added += 1
            else:
                report.updated += 1
            report.changes.append(("added" if previous is None else "updated", rel))
            if previous is None or (previous.title, previous.aliases) != (
                entry.title,
                entry.aliases,
            ):
                if previous is not None:
                    affected |= note_keys(rel, previous.title, previous.aliases)
                affected |= note_keys(rel, entry.title, entry.aliases)
        report.deleted = len(deleted)
        report.changes += [("deleted", rel) for rel in sorted(deleted)]
        index_dir, skipped = self.catalog.index_dir, self.catalog.skipped
        if not to_index and not to_delete:
            self.catalog = Catalog(
                entries, index_dir=index_dir, scanned_ns=started, skipped=skipped
            )
            self.catalog.save(self._catalog_path)
            return report

        from whoosh import index as windex
        from whoosh.query import Or, Term

        self.catalog = Catalog(entries, index_dir=index_dir, scanned_ns=started, skipped=skipped)
        ix = opened or windex.open_dir(str(self.dir))
        writer = ix.writer(timeout=_lock_timeout(), compound=False)
        try:
            for rel in to_delete:
                writer.delete_by_term("id", note_id(rel))
            if affected:
                with ix.searcher() as searcher:
                    query = Or([Term("targets", k) for k in sorted(affected)])
                    for hit in searcher.search(query, limit=None):
                        rel = hit["path"]
                        if rel in to_index or rel in to_delete or rel not in entries:
                            continue
                        _, note, _ = self._read(rel, scan.get(rel))
                        if note is not None:
                            to_index[rel] = note
                            report.relinked += 1
                            report.changes.append(("relinked", rel))
            total = len(to_index)
            resolver = Resolver.for_targets(
                ((p, e.title, e.aliases) for p, e in self.catalog.notes().items()),
                (link.target for note in to_index.values() for link in note.links),
            )
            for i, note in enumerate(to_index.values()):
                writer.update_document(**document(note, resolver))
                if on_progress and i % 100 == 0:
                    on_progress(i, total)
            writer.commit(mergetype=_merge_small)
        except BaseException:
            writer.cancel()
            raise
        self.catalog.save(self._catalog_path)
        return report


# Below this many notes a rebuild runs in one process: starting workers costs more.
_PARALLEL_FROM = 1000


def _merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy for incremental commits.

    Each commit adds a segment. Merge the small ones (at most a tenth of the notes) once
    there are four, so searches do not slow down as edits pile up, and any segment whose
    notes are mostly deleted (edited since), so dead notes do not stay on disk. Never
    merge the large segments of a rebuild otherwise: that costs as much as indexing.
    """
    from whoosh.reading import SegmentReader

    total = sum(s.doc_count_all() for s in segments)
    small = [s for s in segments if s.doc_count_all() <= max(100, total // 10)]
    stale = [s for s in segments if s not in small and s.deleted_count() * 2 > s.doc_count_all()]
    merge = (small if len(small) >= 4 else []) + stale
    for segment in merge:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in merge]


def _processes(notes: int) -> int:
    """How many processes a rebuild of `notes` notes uses."""
    import threading

    if notes < _PARALLEL_FROM or threading.active_count() > 1:
        return 1  # forking a process that runs threads can deadlock it
    return max(1, min(len(os.sched_getaffinity(0)), 4))
