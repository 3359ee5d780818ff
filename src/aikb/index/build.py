"""A full build: read and parse every note, resolve its links, index it with Whoosh.

On several cores, each forked worker reads, parses and indexes its share of the notes
into a Whoosh segment of its own; the parent only gathers the titles and aliases (every
link is resolved against all notes) and commits the segments together. Notes never cross
a process boundary, and both phases run on every core (measured in bench/NOTES.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aikb.index.catalog import Entry
from aikb.vault.links import Resolver, extract_links, fold, link_keys
from aikb.vault.model import Note, note_id
from aikb.vault.store import FileStat

if TYPE_CHECKING:
    from aikb.index.update import Index

Progress = Callable[[int, int], None]
# (path, catalog entry or None, whether it is indexed, warning or None), for each file.
Result = tuple[str, Entry | None, bool, str | None]

# Whoosh's in-memory posting buffer per writer process. A single writer of 10,000 notes at
# 128 MB spills sorted runs to disk and merges them (34 s; 21 s at 1024 MB); with two
# writer processes each holds half the notes, and 256 MB keeps peak memory in bounds.
LIMIT_MB = 256
_PROGRESS_EVERY = 200


def build(
    index: Index,
    ix: Any,
    paths: Sequence[str],
    scan: dict[str, FileStat],
    procs: int,
    on_progress: Progress | None,
) -> list[Result]:
    """Read, parse and index every path into the new, empty Whoosh index `ix`, and commit
    it. Returns each path's result, in order."""
    if procs > 1:
        return _build_parallel(index, ix, paths, scan, procs, on_progress)
    total = len(paths)
    results: list[Result] = []
    notes: list[Note] = []
    for i, rel in enumerate(paths):
        entry, note, warning = index._read(rel, scan[rel], body_links=False)  # see _worker
        results.append((rel, entry, note is not None, warning))
        if note is not None:
            notes.append(note)
        if on_progress and i % _PROGRESS_EVERY == 0:
            on_progress(i, total * 2)
    resolver = Resolver(_named(results))
    # Plain files, not one compound file: Whoosh copies a compound file's parts into
    # memory each time a searcher opens it.
    writer = ix.writer(limitmb=LIMIT_MB, compound=False)
    try:
        for i in range(len(notes)):
            note, notes[i] = notes[i], None  # type: ignore[call-overload]  # free as we go
            writer.add_document(**document(_with_links(note), resolver))
            if on_progress and i % _PROGRESS_EVERY == 0:
                on_progress(total + i, total * 2)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return results


def _named(results: list[Result]) -> list[tuple[str, str, list[str]]]:
    """(path, title, aliases) of every indexed note: what links are resolved against."""
    return [(rel, e.title, e.aliases) for rel, e, indexed, _ in results if indexed and e]


def _shares(paths: Sequence[str], scan: dict[str, FileStat], parts: int) -> list[list[str]]:
    """`paths` cut into `parts` runs of about equal bytes (time goes with size)."""
    total = sum(scan[p].size for p in paths) or 1
    shares: list[list[str]] = [[] for _ in range(parts)]
    done = 0
    for rel in paths:
        shares[min(parts - 1, done * parts // total)].append(rel)
        done += scan[rel].size
    return [share for share in shares if share]


def _build_parallel(
    index: Index,
    ix: Any,
    paths: Sequence[str],
    scan: dict[str, FileStat],
    procs: int,
    on_progress: Progress | None,
) -> list[Result]:
    import gc
    import multiprocessing
    from multiprocessing.connection import wait

    from aikb.vault.parse import _yaml_handler

    total = len(paths)
    # What every worker needs, loaded once before forking, and kept out of the garbage
    # collector's way: the workers share these pages instead of each copying them.
    _yaml_handler()
    gc.freeze()
    ctx = multiprocessing.get_context("fork")  # workers inherit the index and the scan
    conns: list[Any] = []
    workers: list[Any] = []
    try:
        for share in _shares(paths, scan, procs):
            mine, theirs = ctx.Pipe()
            conns.append(mine)
            worker = ctx.Process(
                target=_worker, args=(index, ix.storage.folder, share, scan, theirs), daemon=True
            )
            worker.start()
            theirs.close()
            workers.append(worker)
        done = 0

        def gather(kind: str) -> list[Any]:
            """Each worker's next message of this kind, reporting progress meanwhile."""
            nonlocal done
            answers: dict[Any, Any] = {}
            while len(answers) < len(conns):
                ready: list[Any] = wait([c for c in conns if c not in answers])
                for conn in ready:
                    try:
                        what, value = conn.recv()
                    except EOFError:
                        code = workers[conns.index(conn)].exitcode
                        raise RuntimeError(f"an indexing process died (exit code {code})") from None
                    if what == "error":  # the worker's exception, and its traceback
                        error, trace = value
                        error.add_note(f"in an indexing process:\n{trace}")
                        raise error
                    if what == "progress":
                        done += value
                        if on_progress:
                            on_progress(done, total * 2)
                    else:
                        assert what == kind, (what, kind)
                        answers[conn] = value
            return [answers[c] for c in conns]

        results = [r for share in gather("read") for r in share]
        named = _named(results)
        for conn in conns:
            conn.send(named)
        segments = gather("segment")
        for worker in workers:
            worker.join()
        # Commit the workers' segments as they are (public merge-policy hook): merging
        # them would cost as much as indexing did.
        writer = ix.writer()
        writer.commit(mergetype=lambda _writer, existing: existing + segments)
        return results
    finally:
        gc.unfreeze()
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for conn in conns:
            conn.close()


def _worker(index: Index, folder: str, share: list[str], scan: dict[str, FileStat], conn: Any):
    """In a forked process: read and parse `share`, send the results, receive every
    note's title and aliases, index the notes into a new segment and send it."""
    try:
        from whoosh import index as windex
        from whoosh.writing import SegmentWriter

        results: list[Result] = []
        notes: list[Note] = []
        for i, rel in enumerate(share, 1):
            # Links are extracted while indexing, one note at a time: a worker holding
            # every note's links until then peaked 40 MB higher (at 10,000 notes).
            entry, note, warning = index._read(rel, scan[rel], body_links=False)
            results.append((rel, entry, note is not None, warning))
            if note is not None:
                note.meta = {}  # only the fields above are indexed
                notes.append(note)
            if i % _PROGRESS_EVERY == 0:
                conn.send(("progress", _PROGRESS_EVERY))
        conn.send(("progress", len(share) % _PROGRESS_EVERY))
        conn.send(("read", results))
        del results
        resolver = Resolver(conn.recv())
        # As Whoosh's own multiprocessing writer does in its sub-processes: no index lock
        # (the parent commits), and the segment is finished without a TOC.
        writer = SegmentWriter(windex.open_dir(folder), _lk=False, limitmb=LIMIT_MB, compound=False)
        try:
            for i in range(len(notes)):
                note, notes[i] = notes[i], None  # type: ignore[call-overload]  # free as we go
                writer.add_document(**document(_with_links(note), resolver))
                if (i + 1) % _PROGRESS_EVERY == 0:
                    conn.send(("progress", _PROGRESS_EVERY))
            segment = writer._finalize_segment()
        except BaseException:
            writer.cancel()
            raise
        conn.send(("progress", len(share) - len(notes) // _PROGRESS_EVERY * _PROGRESS_EVERY))
        conn.send(("segment", segment))
    except BaseException as exc:
        import pickle
        import traceback

        try:  # the parent raises the same exception (an AikbError stays one clear line)
            pickle.dumps(exc)
            error: BaseException = exc
        except Exception:
            error = RuntimeError(f"{type(exc).__name__}: {exc}")
        conn.send(("error", (error, traceback.format_exc())))
    finally:
        conn.close()


def _with_links(note: Note) -> Note:
    """The note read with `body_links=False`, its body's links added (after those of its
    front matter, as parse_note orders them)."""
    note.links = note.links + extract_links(note.body, note.body_line)
    return note


def document(note: Note, resolver: Resolver) -> dict[str, Any]:
    """The Whoosh fields of one note."""
    links: list[str] = []
    targets: set[str] = set()
    linkdata: list[list[Any]] = []
    for link in note.links:
        resolved = resolver.resolve(link.target, note.path)
        if resolved is not None and resolved != note.path:
            links.append(fold(note_id(resolved)))
        targets |= link_keys(link.target)
        linkdata.append([link.target, link.line, link.context, resolved, link.embed])
    return {
        "id": note.id,
        "path": note.path,
        "title": note.title,
        "aliases": "\n".join(note.aliases),
        "type": note.type or "",
        "tags": ",".join(note.tags),
        "body": note.body,
        "links": "\n".join(dict.fromkeys(links)),
        "targets": "\n".join(sorted(targets)),
        "linkdata": linkdata,
    }
