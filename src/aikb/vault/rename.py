"""Planning a rename or move: which links must change so that every link keeps
pointing at the note it pointed at before. Pure: texts in, new texts out.

A link that names the moved note's file is rewritten to its new name, in the form it
was written in (name, vault path, `./` or `../` relative path; wikilink or Markdown
link; `.md` or not), keeping its embed mark, heading or block reference and label.
A link to any other note is rewritten only when the move would change where it
resolves (the moved note's own relative links, or a new name that shadows another
note); broken links stay as they are.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aikb.errors import InvalidArgument
from aikb.vault.links import Resolver, fold, retarget
from aikb.vault.model import Link, note_id
from aikb.vault.parse import parse_note


@dataclass(frozen=True, slots=True)
class Edit:
    """One link rewritten: in note `path` (its path before the move), at `line`."""

    path: str
    line: int
    column: int
    old: str
    new: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "old": self.old, "new": self.new}


@dataclass
class RenamePlan:
    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # changed notes, by current path
    stuck: list[Edit] = field(default_factory=list)  # links no written form can keep right

    @property
    def files(self) -> list[str]:
        """The notes whose text changes (the moved note under its old path)."""
        return sorted({e.path for e in self.edits})


def _forms(link: Link, dest: str, source: str, exact: bool) -> list[str]:
    """Ways to write a link from `source` to `dest`, best first, in the link's own form."""
    written = link.target.replace("\\", "/")
    dest_id = note_id(dest)
    rel = posixpath.relpath(dest_id, posixpath.dirname(source) or ".")
    dotted = rel if rel.startswith("../") else "./" + rel
    if written.startswith(("./", "../")):
        forms = [dotted]
    elif written.startswith("/"):
        forms = ["/" + dest_id]
    elif "/" in written:
        # A Markdown path that was not a vault path was relative to the note's folder.
        forms = [dest_id] if exact or not link.markdown else [rel, dotted, dest_id]
    else:
        forms = [dest_id.rsplit("/", 1)[-1], dest_id]
    if written.lower().endswith(".md"):
        forms = [f + ".md" for f in forms]
    return list(dict.fromkeys(forms))


def _apply(text: str, edits: list[Edit]) -> str:
    """`text` with each edit made at its line and column; newlines and BOM kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = "\r\n" if "\r\n" in body else ("\r" if "\r" in body else "\n")
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        line = lines[edit.line - 1]
        if line[edit.column : edit.column + len(edit.old)] != edit.old:
            raise ValueError(f"{edit.path}:{edit.line}: {edit.old!r} is not where it was parsed")
        lines[edit.line - 1] = line[: edit.column] + edit.new + line[edit.column + len(edit.old) :]
    return bom + newline.join(lines)


def plan_rename(resolver: Resolver, old: str, new: str, texts: Mapping[str, str]) -> RenamePlan:
    """The edits that keep every link in `texts` (notes by current path, which must
    include every note whose links could resolve differently) pointing right after the
    note at `old` moves to `new`."""
    after = resolver.renamed(old, new)
    plan = RenamePlan(old, new)
    for path in sorted(texts):
        text = texts[path]
        source = new if path == old else path
        edits: list[Edit] = []
        for link in parse_note(text, path).links:
            if not link.target or not link.raw:
                continue  # [[#Heading]] is the note itself, wherever it is
            was = resolver.resolve(link.target, path)
            if was is None:
                continue  # broken before, left as written
            dest = new if was == old else was
            by_name = was == old and resolver.resolve(link.target, path, titles=False) == old
            if after.resolve(link.target, source) == dest and not by_name:
                continue
            exact = fold(note_id(link.target.lstrip("/"))) == fold(note_id(was))
            forms = _forms(link, dest, source, exact)
            chosen = next((f for f in forms if after.resolve(f, source) == dest), None)
            if chosen is None:
                plan.stuck.append(Edit(path, link.line, link.column, link.raw, link.raw))
                continue
            if chosen == link.target:
                continue
            edits.append(Edit(path, link.line, link.column, link.raw, retarget(link, chosen)))
        if edits:
            plan.edits += edits
            plan.texts[path] = _apply(text, edits)
    return plan


_FORBIDDEN = set('[]#^|\\:*?"<>')


def destination(old: str, new: str) -> str:
    """The vault path a note at `old` moves to when the user asks for `new`.

    `new` without a `/` renames the note in its folder; with a `/` it is a vault path
    (a leading `/` for the top of the vault); ending in `/` keeps the file name. `.md`
    is added when missing.
    """
    raw = unicodedata.normalize("NFC", new.strip())
    if not raw:
        raise InvalidArgument("the new name is empty")
    if raw.endswith("/"):
        raw += posixpath.basename(old)
    if "/" not in raw:
        folder = posixpath.dirname(old)
        raw = f"{folder}/{raw}" if folder else raw
    path = raw.lstrip("/")
    if not path.lower().endswith(".md"):
        path += ".md"
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", "..") or part.startswith("."):
            raise InvalidArgument(
                f"{new!r} is not a path inside the vault (no empty, '.', '..' or hidden parts)"
            )
        bad = sorted(set(part) & _FORBIDDEN)
        if bad or any(unicodedata.category(c) == "Cc" for c in part):
            shown = " ".join(bad) or "control characters"
            raise InvalidArgument(
                f"{new!r}: a note's name cannot hold {shown} (they break links or file names)"
            )
    return path
