"""What the index was built from: one entry per note file, kept as JSON in `.aikb/`.

Every command compares it with a scan of the folder (size and mtime, then a content hash
where those differ) to find the notes that changed since the last run. It also holds each
note's title and aliases, so links can be resolved without opening the Whoosh index.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from aikb.gcpause import paused_gc

FORMAT = 8  # bump when the catalog or the Whoosh schema changes: forces a rebuild

# An entry whose mtime is this close to (or after) the catalog's scan time is "racy" (git's
# word): an edit in the same timestamp tick keeps size and mtime, so it is hashed again
# until a later scan is well past it. 2 s covers coarse filesystems (FAT, HFS+) and the
# kernel's coarse clock.
RACY_NS = 2_000_000_000
_new = tuple.__new__  # Entry(*e) runs a Python-level __new__ per entry


class Entry(NamedTuple):
    size: int
    mtime_ns: int
    digest: str
    title: str
    type: str | None
    aliases: list[str]
    tags: list[str]
    warning: str | None
    indexed: bool  # False for files that are no readable text (binary, unreadable)


@dataclass
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)
    valid: bool = True  # False when the file was missing, damaged or from another version
    # Why it is not valid: "missing", "damaged" or "another version".
    problem: str | None = None
    # The folder under `.aikb/` holding the Whoosh index this catalog describes. Saving the
    # catalog is the commit point of a rebuild: until then readers use the old folder.
    index_dir: str = "index"
    # When the files were scanned (time.time_ns()), for racy entries (RACY_NS).
    scanned_ns: int = 0
    # Files the scan skipped (symlinks, unreadable folders) and why: reported once.
    skipped: dict[str, str] = field(default_factory=dict)
    # (size, mtime_ns, inode) of the file this catalog was loaded from or saved to
    source: tuple[int, int, int] | None = None
    from_copy: bool = field(default=False, compare=False)  # read from the marshal copy

    def notes(self) -> dict[str, Entry]:
        """The entries that are notes (readable text), by path."""
        return {p: e for p, e in self.entries.items() if e.indexed}

    def is_racy(self, entry: Entry) -> bool:
        """Whether an edit could have kept this entry's size and mtime (see RACY_NS)."""
        return entry.mtime_ns >= self.scanned_ns - RACY_NS

    @classmethod
    def load(cls, path: Path) -> Catalog:
        with paused_gc():
            return cls._load_copy(path) or cls._load_json(path)

    @classmethod
    def _load_json(cls, path: Path) -> Catalog:
        import json

        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = json.loads(fh.read())
            if data.get("format") != FORMAT:
                return cls(valid=False, problem="another version")
            return cls(
                _entries(data["notes"]),
                index_dir=_plain_name(data["index"]),
                scanned_ns=int(data["scanned_ns"]),
                skipped={str(p): str(w) for p, w in data["skipped"].items()},
                source=(st.st_size, st.st_mtime_ns, st.st_ino),
            )
        except FileNotFoundError:
            return cls(valid=False, problem="missing")
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(valid=False, problem="damaged")

    @classmethod
    def _load_copy(cls, path: Path) -> Catalog | None:
        """The catalog from its marshal copy (~3x faster than the JSON), if that copy was
        made from the JSON file now at `path`; else None."""
        try:
            fmt, *source, index_dir, scanned_ns, skipped, paths, columns = marshal.loads(
                _copy_path(path).read_bytes()
            )
            st = os.stat(path)
            if (fmt, *source) != (FORMAT, st.st_size, st.st_mtime_ns, st.st_ino):
                return None
            if len(columns) != len(Entry._fields) or any(len(c) != len(paths) for c in columns):
                raise ValueError("catalog copy of the wrong shape")
            return cls(
                # Column by column, rebuilt in C: ~5x faster than a loop over 10,000 rows.
                dict(zip(paths, map(_as_entry, zip(*columns, strict=True)), strict=True)),
                index_dir=_plain_name(index_dir),
                scanned_ns=scanned_ns,
                skipped=skipped,
                source=(st.st_size, st.st_mtime_ns, st.st_ino),
                from_copy=True,
            )
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            return None

    def save(self, path: Path) -> None:
        """Write atomically, so a crash leaves the old catalog or the new one."""
        import json
        import tempfile

        data = {
            "format": FORMAT,
            "index": self.index_dir,
            "scanned_ns": self.scanned_ns,
            "skipped": self.skipped,
            "notes": dict(sorted(self.entries.items())),  # entries are tuples: JSON arrays
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                # dumps, not dump: json.dump streams through the pure-Python encoder,
                # ten times slower, and every edit saves the whole catalog.
                fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
                fh.flush()
                os.fsync(fh.fileno())
            st = os.stat(tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.source = (st.st_size, st.st_mtime_ns, st.st_ino)
        self.save_copy(path)
        self.save_stamp(path)

    def save_copy(self, path: Path) -> None:
        """A marshal copy of the catalog, for commands that read it (`show`, `list`, an
        edit's refresh): it names the JSON file it copies (size, mtime, inode), so it is
        never read for another version. The JSON stays the catalog of record."""
        assert self.source is not None
        # marshal takes no NamedTuple: the entries go as one tuple per field.
        columns = list(zip(*self.entries.values(), strict=True)) or [()] * len(Entry._fields)
        data = (FORMAT, *self.source, self.index_dir, self.scanned_ns, self.skipped)
        _write_quietly(_copy_path(path), marshal.dumps((*data, list(self.entries), columns)))

    def is_current(self, path: Path) -> bool:
        """Whether the file at `path` is still the one this catalog was loaded from."""
        try:
            st = os.stat(path)
        except OSError:
            return False
        return self.source == (st.st_size, st.st_mtime_ns, st.st_ino)

    def save_stamp(self, path: Path) -> None:
        """Save what the no-change check compares a scan with: each file's (size, mtime).

        marshal loads 10,000 entries in ~2 ms where the JSON catalog takes ~30 ms. The stamp
        names the catalog file it was made from (size, mtime, inode), so it can never vouch
        for another catalog: if the two disagree, refresh takes the slow path. While an
        entry is racy there is no stamp, so the slow path hashes it again.
        """
        stamp = _stamp_path(path)
        if self.source is None or any(self.is_racy(e) for e in self.entries.values()):
            stamp.unlink(missing_ok=True)
            return
        files = {p: (e.size, e.mtime_ns) for p, e in self.entries.items()}
        data = marshal.dumps((FORMAT, *self.source, self.index_dir, self.skipped, files))
        _write_quietly(stamp, data)  # if it fails, every command takes the slow path


def _write_quietly(dest: Path, data: bytes) -> None:
    """Write a file that only speeds things up: atomically, or not at all."""
    tmp = dest.with_name(f".{dest.name}-{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, dest)
    except OSError:
        tmp.unlink(missing_ok=True)


def _as_entry(values: tuple) -> Entry:
    return _new(Entry, values)


def _entries(notes: dict[str, list | tuple]) -> dict[str, Entry]:
    entries = {p: _new(Entry, e) for p, e in notes.items()}
    if any(len(e) != len(Entry._fields) for e in entries.values()):
        raise ValueError("catalog entry of the wrong length")
    return entries


def _stamp_path(catalog: Path) -> Path:
    return catalog.with_name("catalog.stamp")


def _copy_path(catalog: Path) -> Path:
    return catalog.with_name("catalog.marshal")


def unchanged(
    catalog: Path, scan: Mapping[str, tuple[int, int]], skipped: Mapping[str, str]
) -> str | None:
    """If a scan of the folder ({path: (size, mtime_ns)}, and what it skipped) is exactly
    what the catalog at `catalog` was built from, the name of its index folder; else None.
    Never parses the catalog itself."""
    try:
        with paused_gc():
            fmt, size, mtime, inode, index_dir, was_skipped, files = marshal.loads(
                _stamp_path(catalog).read_bytes()
            )
        st = os.stat(catalog)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if (fmt, size, mtime, inode) != (FORMAT, st.st_size, st.st_mtime_ns, st.st_ino):
        return None
    return index_dir if files == scan and was_skipped == skipped else None


def _plain_name(name: object) -> str:
    """A folder name inside `.aikb/`, never a path that leads elsewhere."""
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ValueError(f"bad index folder name {name!r}")
    return name
