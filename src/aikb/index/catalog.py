"""What the index was built from: one entry per note file, kept as JSON in `.aikb/`.

Every command compares it with a scan of the folder (size and mtime, then a content hash
where those differ) to find the notes that changed since the last run. It also holds each
note's title and aliases, so links can be resolved without opening the Whoosh index.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

FORMAT = 4  # bump when the catalog or the Whoosh schema changes: forces a rebuild


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

    def notes(self) -> dict[str, Entry]:
        """The entries that are notes (readable text), by path."""
        return {p: e for p, e in self.entries.items() if e.indexed}

    @classmethod
    def load(cls, path: Path) -> Catalog:
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") != FORMAT:
                return cls(valid=False)
            return cls({p: Entry(*e) for p, e in data["notes"].items()})
        except FileNotFoundError:
            return cls(valid=False)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(valid=False)

    def save(self, path: Path) -> None:
        """Write atomically, so a crash leaves the old catalog or the new one."""
        data = {"format": FORMAT, "notes": {p: list(e) for p, e in sorted(self.entries.items())}}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
