"""Finding links in Markdown text and resolving them to notes, the way Obsidian does.

Parsing is a line scanner plus two regular expressions rather than a full Markdown
parse: it is the hot path of indexing (see README, "Link semantics"), and the only
Markdown structure that matters for links is what is *not* text: fenced code (also
inside `>` quotes and callouts), inline code spans, `%%comments%%` and HTML comments.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from aikb.vault.model import Link, note_id

_FENCE = re.compile(r"^(?P<quote>(?:[ \t]{0,3}>)*)[ \t]{0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"%%.*?%%|<!--.*?-->", re.DOTALL)
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*?)\]\]")
_MDLINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]"
    r"\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_LINE_MARKER = re.compile(r"^\s*(?:(?:>\s*)+|[*+-]\s+|\d+[.)]\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9\[])")
_CONTEXT_MAX = 300


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    return " " * len(text) if "\n" not in text else _NOT_NEWLINE.sub(" ", text)


def mask_code(text: str) -> str:
    """Return `text` with everything that cannot hold a link blanked out, offsets kept.

    Blanks fenced code blocks (also when the fence sits in a `>` quote), inline code
    spans, `%%comments%%` and `<!-- comments -->`.
    """
    # Each pass runs only if its marker occurs at all: most notes have no code or comments,
    # and this runs for every note of a build.
    masked = _mask_fences(text) if "```" in text or "~~~" in text else text
    if "%%" in masked or "<!--" in masked:
        masked = _COMMENT.sub(_blank, masked)
    return _CODE_SPAN.sub(_blank, masked) if "`" in masked else masked


def _mask_fences(text: str) -> str:
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is None:
            m = _FENCE.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                fence = m.group("fence")
                out.append(" " * len(line))
            else:
                out.append(line)
            continue
        stripped = re.sub(r"^(?:[ \t]{0,3}>)*[ \t]{0,3}", "", line).rstrip()
        if set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            fence = None
        out.append(" " * len(line))
    return "\n".join(out)


class _LineContext:
    """The context of links on one line; a long line's sentences are split once."""

    __slots__ = ("offset", "text", "_sentences")

    def __init__(self, line: str) -> None:
        prefix = _LINE_MARKER.match(line)
        start = prefix.end() if prefix else 0
        rest = line[start:]
        self.text = rest.strip()
        self.offset = start + len(rest) - len(rest.lstrip())  # where `text` starts in `line`
        self._sentences: list[tuple[int, str]] | None = None

    def at(self, column: int) -> str:
        """The sentence around `column` (an offset in the line), or the whole short line."""
        text = self.text
        if len(text) <= _CONTEXT_MAX:
            return text
        column = max(0, column - self.offset)
        if self._sentences is None:
            self._sentences = []
            pos = 0
            for part in _SENTENCE_END.split(text):
                idx = text.find(part, pos)
                self._sentences.append((idx, part))
                pos = idx + len(part)
        for idx, part in self._sentences:
            if idx <= column < idx + len(part) + 1:
                text, column = part, column - idx
                break
        if len(text) <= _CONTEXT_MAX:
            return text.strip()
        lo = max(0, min(column - _CONTEXT_MAX // 2, len(text) - _CONTEXT_MAX))
        snippet = text[lo : lo + _CONTEXT_MAX].strip()
        return ("…" if lo > 0 else "") + snippet + ("…" if lo + _CONTEXT_MAX < len(text) else "")


def line_context(line: str, column: int = 0) -> str:
    """The sentence of `line` around `column`, or the whole line when it is short."""
    return _LineContext(line).at(column)


def _wikilink(m: re.Match[str], line_no: int, context: _LineContext) -> Link:
    inner = m.group(2).replace("\\|", "|")
    target, _, label = inner.partition("|")
    target, _, heading = target.partition("#")
    return Link(
        target=target.strip(),
        line=line_no,
        context=context.at(m.start()),
        label=label.strip() or None,
        heading=heading.strip() or None,
        embed=bool(m.group(1)),
    )


def _mdlink(m: re.Match[str], line_no: int, context: _LineContext) -> Link | None:
    raw = m.group(3).strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1].strip()
    if not raw or raw.startswith("#") or _SCHEME.match(raw) or raw.startswith("//"):
        return None  # a URL, or a heading in this same note
    from urllib.parse import unquote  # ~6 ms to import; most commands parse no links

    target, _, heading = unquote(raw).partition("#")
    return Link(
        target=target.strip(),
        line=line_no,
        context=context.at(m.start()),
        label=m.group(2).strip() or None,
        heading=heading.strip() or None,
        embed=bool(m.group(1)),
        markdown=True,
    )


def extract_links(body: str, first_line: int = 1) -> list[Link]:
    """All links in `body`, in order. `first_line` is the file line that `body` starts on."""
    if "[" not in body:
        return []
    links: list[Link] = []
    masked_lines = mask_code(body).split("\n")
    lines = body.split("\n")
    for i, masked in enumerate(masked_lines):
        if "[" not in masked:
            continue
        context = _LineContext(lines[i])
        line_no = first_line + i
        found: list[tuple[int, Link]] = []
        for m in _WIKILINK.finditer(masked):
            found.append((m.start(), _wikilink(m, line_no, context)))
        rest = _WIKILINK.sub(_blank, masked) if found else masked
        if "](" in rest:
            for m in _MDLINK.finditer(rest):
                link = _mdlink(m, line_no, context)
                if link is not None:
                    found.append((m.start(), link))
        found.sort(key=lambda pair: pair[0])
        links.extend(link for _, link in found)
    return links


def fold(name: str) -> str:
    """The case- and Unicode-insensitive form names are compared in."""
    if name.isascii():  # the same result, several times faster: resolvers fold every name
        return name.lower().strip()
    return unicodedata.normalize("NFC", name).casefold().strip()


def _target_key(target: str) -> str:
    key = fold(target).replace("\\", "/").lstrip("/")
    return key[:-3] if key.endswith(".md") else key


def link_keys(target: str) -> set[str]:
    """Keys under which a note could answer this link: its folded name and full target."""
    key = _target_key(target)
    return {key, key.rsplit("/", 1)[-1]} if key else set()


def note_keys(path: str, title: str, aliases: Iterable[str]) -> set[str]:
    """Keys by which links can reach a note: its file name, title and aliases."""
    keys = {fold(note_id(path)).rsplit("/", 1)[-1], fold(title)}
    keys.update(fold(a) for a in aliases)
    keys.discard("")
    return keys


class Resolver:
    """Resolves link targets to note paths.

    Order (case-insensitive, `.md` optional): a `./` or `../` target is relative to the
    linking note only; otherwise an exact vault path; then a note of that name in the
    linking note's folder; then any note whose path ends with the name, shortest path
    first, ties alphabetical; then, as a fallback, a note's title or alias.
    """

    def __init__(self, notes: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_title: dict[str, list[str]] = defaultdict(list)
        by_name, by_title = self._by_name, self._by_title
        for path, title, aliases in notes:
            key = fold(note_id(path))
            self._by_path[key] = path
            by_name[key.rpartition("/")[2]].append(path)
            names = {fold(title), *map(fold, aliases)} if aliases else (fold(title),)
            for name in names:
                if name:
                    by_title[name].append(path)
        for paths in (*by_name.values(), *by_title.values()):
            if len(paths) > 1:
                paths.sort(key=lambda p: (p.count("/"), len(p), p))

    @classmethod
    def for_targets(
        cls, notes: Iterable[tuple[str, str, Iterable[str]]], targets: Iterable[str]
    ) -> Resolver:
        """A resolver that answers as one of all `notes` would for these `targets`, made
        only of the notes they could reach: an edit resolves a few links, and a resolver
        of 10,000 notes costs more than the rest of re-indexing one."""
        keys = {_target_key(t) for t in targets if t.strip()}  # "" resolves to its source
        names = {key.rpartition("/")[2] for key in keys}
        if names & {"", ".", ".."}:  # `../` and the like resolve to folders' names
            return cls(notes)

        def reachable(note: tuple[str, str, Iterable[str]]) -> bool:
            path, title, aliases = note
            return (
                fold(note_id(path)).rpartition("/")[2] in names
                or fold(title) in keys
                or any(fold(a) in keys for a in aliases)
            )

        return cls(filter(reachable, notes))

    def __contains__(self, path: str) -> bool:
        return fold(note_id(path)) in self._by_path

    def resolve(self, target: str, source: str) -> str | None:
        """The path of the note `target` (as written in note `source`) points to, or None."""
        if not target.strip():
            return source  # [[#Heading]]: the note itself
        key = _target_key(target)
        folder = posixpath.dirname(fold(source))
        if key.startswith(("./", "../")):
            joined = posixpath.normpath(posixpath.join(folder, key))
            return self._by_path.get(joined)
        if key in self._by_path:
            return self._by_path[key]
        if folder and (hit := self._by_path.get(f"{folder}/{key}")):
            return hit
        name = key.rsplit("/", 1)[-1]
        for path in self._by_name.get(name, ()):
            if "/" not in key or fold(note_id(path)).endswith("/" + key):
                return path
        titled = self._by_title.get(key)
        return titled[0] if titled else None

    def candidates(self, name: str) -> list[str]:
        """Every note a bare name could mean (file name, then title or alias), for `show`."""
        key = _target_key(name)
        seen: dict[str, None] = {}
        if key in self._by_path:
            seen[self._by_path[key]] = None
        for path in self._by_name.get(key, ()):
            seen[path] = None
        if not seen:
            for path in self._by_title.get(key, ()):
                seen[path] = None
        return list(seen)
