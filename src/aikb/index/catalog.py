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

FORMAT = 6  # bump when the catalog or the Whoosh schema changes: forces a rebuild


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
    # (size, mtime_ns, inode) of the file this catalog was loaded from or saved to
    source: tuple[int, int, int] | None = None

    def notes(self) -> dict[str, Entry]:
        """The entries that are notes (readable text), by path."""
        return {p: e for p, e in self.entries.items() if e.indexed}

    @classmethod
    def load(cls, path: Path) -> Catalog:
        import json

        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = json.loads(fh.read())
            if data.get("format") != FORMAT:
                return cls(valid=False)
            entries = {p: Entry(*e) for p, e in data["notes"].items()}
            return cls(entries, source=(st.st_size, st.st_mtime_ns, st.st_ino))
        except FileNotFoundError:
            return cls(valid=False)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(valid=False)

    def save(self, path: Path) -> None:
        """Write atomically, so a crash leaves the old catalog or the new one."""
        import json
        import tempfile

        data = {"format": FORMAT, "notes": {p: list(e) for p, e in sorted(self.entries.items())}}
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
        self.save_stamp(path)

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
        for another catalog: if the two disagree, refresh takes the slow path.
        """
        if self.source is None:
            return
        files = {p: (e.size, e.mtime_ns) for p, e in self.entries.items()}
        data = marshal.dumps((FORMAT, *self.source, files))
        tmp = path.with_name(f".stamp-{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, _stamp_path(path))
        except OSError:
            tmp.unlink(missing_ok=True)  # no stamp: every command takes the slow path


def _stamp_path(catalog: Path) -> Path:
    return catalog.with_name("catalog.stamp")


def unchanged(catalog: Path, scan: Mapping[str, tuple[int, int]]) -> bool:
    """Whether a scan of the folder ({path: (size, mtime_ns)}) is exactly what the catalog
    at `catalog` was built from. Never parses the catalog itself."""
    try:
        fmt, size, mtime, inode, files = marshal.loads(_stamp_path(catalog).read_bytes())
        st = os.stat(catalog)
    except (OSError, ValueError, EOFError, TypeError):
        return False
    return (fmt, size, mtime, inode) == (FORMAT, st.st_size, st.st_mtime_ns, st.st_ino) and (
        files == scan
    )
