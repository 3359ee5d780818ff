"""Finding links in Markdown text and resolving them to notes, the way Obsidian does.

Parsing is a line scanner plus a few regular expressions rather than a full Markdown
parse: it is the hot path of indexing (see README, "Link semantics"), and the only
Markdown structure that matters for links is what is *not* text: fenced code (also
inside `>` quotes, callouts and list items), `<pre>` blocks, inline code spans,
`%%comments%%` and HTML comments.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from aikb.gcpause import paused_gc
from aikb.vault.model import Link, note_id

# A line's `>` quote markers (callouts are quotes too), then an opening or closing fence.
_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)$")
_BLOCK_HINT = re.compile(r"```|~~~|<(?:pre|script|style|textarea)", re.IGNORECASE)
_HTML_BLOCK = re.compile(r"[ ]{0,3}<(pre|script|style|textarea)(?=[\s>]|$)", re.IGNORECASE)
# What cannot hold a link inside a line or across lines, leftmost first: a code span
# hides a `%%` inside it, a comment hides backticks, and a wikilink that starts first
# keeps its code (`[[Note#`code`|label]]`, as Obsidian's own help writes). Code spans
# stay on one line; a backtick run with no closing run is literal as a whole. Every
# branch starts with a plain character, so the regex engine skips to candidates fast.
_INLINE = re.compile(
    r"\[\[[^\[\]\n]*?\]\]|`(`*)(?!`)[^\n]+?(?<!`)`\1(?!`)|``*|%%.*?%%|<!--.*?-->", re.DOTALL
)
# `\[[x]]` and `\[x](y.md)` are escaped text, not links.
_WIKILINK = re.compile(r"(?<!\\)(!?)\[\[([^\[\]\n]*?)\]\]")
_MDLINK = re.compile(
    r"(?<!\\)(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]"
    r"\(\s*(<[^>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_YAML_COMMENT = re.compile(r"^\s*#")
_LINE_MARKER = re.compile(r"^\s*(?:(?:>\s*)+|[*+-]\s+|\d+[.)]\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9\[])")
_CONTEXT_MAX = 300


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(part) for part in text.split("\n"))


def _mask_blocks(lines: list[str]) -> list[str]:
    """Blank every line of fenced code (fence lines included) and of `<pre>` blocks.

    A fence may sit in a `>` quote or callout (it then ends with the quote) or be
    indented under a list item. An unclosed fence runs to the end, as in CommonMark.
    A `<pre>`, `<script>`, `<style>` or `<textarea>` block (CommonMark's HTML block of
    type 1) runs to the line that closes it, and fences inside it are text.
    """
    out: list[str] = []
    fence = ""  # the opening fence's characters while inside a block
    depth = 0  # the opening fence's quote depth
    html = ""  # the closing tag while inside a <pre>-like block
    for line in lines:
        quotes = _QUOTES.match(line)
        rest = line[quotes.end() :] if quotes else line
        level = line.count(">", 0, quotes.end()) if quotes else 0
        if html:
            if html in line.lower():
                html = ""
            out.append(" " * len(line))
            continue
        if fence and level < depth:
            fence = ""  # the quote holding the fence ended (a blank line ends it too)
        if fence:
            stripped = rest.strip()
            if stripped and len(stripped) >= len(fence) and stripped == fence[0] * len(stripped):
                fence = ""
            out.append(" " * len(line))
            continue
        m = _FENCE.match(rest)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence, depth = m.group(1), level
            out.append(" " * len(line))
        elif (tag := _HTML_BLOCK.match(rest)) is not None:
            closing = f"</{tag.group(1).lower()}>"
            html = "" if closing in line[tag.end() :].lower() else closing
            out.append(" " * len(line))
        else:
            out.append(line)
    return out


def mask_code(text: str) -> str:
    """Return `text` with everything that cannot hold a link blanked out, offsets kept.

    Blanks fenced code blocks, `<pre>` blocks, inline code spans, `%%comments%%` and
    `<!-- comments -->`.
    """
    if _BLOCK_HINT.search(text):
        text = "\n".join(_mask_blocks(text.split("\n")))
    if "`" in text or "%%" in text or "<!--" in text:
        text = _INLINE.sub(_blank_inline, text)
    return text


def _blank_inline(match: re.Match[str]) -> str:
    text = match.group()
    if text[0] == "[" or (text[0] == "`" and match.group(1) is None):
        return text  # a wikilink, or a lone backtick run: both stay
    return _blank(match)


_HEADING_LINE = re.compile(r"#{1,6}[ \t]+(.*?)[ \t#]*$")
# What is left of a line once its one link is blanked, when the link is all it says.
_BARE_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])?\s*[^\w\s]{0,3}\s*")


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


def _wikilink(
    m: re.Match[str], line_no: int, line: str, context: _LineContext | None = None
) -> Link | None:
    inner = m.group(2).replace("\\|", "|")  # `\|` separates the label inside tables
    target, _, label = inner.partition("|")
    target, _, heading = target.partition("#")
    if not target.strip() and not heading.strip():
        return None  # `[[]]` and `[[|x]]` are text in Obsidian
    return Link(
        target=target.strip(),
        line=line_no,
        context=(context or _LineContext(line)).at(m.start()),
        label=label.strip() or None,
        heading=heading.strip() or None,
        embed=bool(m.group(1)),
        column=m.start(),
        raw=m.group(),
    )


def _destination(raw: str) -> str:
    raw = raw.strip()
    return raw[1:-1].strip() if raw.startswith("<") and raw.endswith(">") else raw


def _mdlink(m: re.Match[str], line_no: int, line: str, context: _LineContext) -> Link | None:
    raw = _destination(m.group(3))
    if not raw or raw.startswith("#") or _SCHEME.match(raw) or raw.startswith("//"):
        return None  # a URL, or a heading in this same note
    from urllib.parse import unquote  # ~6 ms to import; most commands parse no links

    path, _, heading = raw.partition("#")
    return Link(
        target=unquote(path).strip(),
        line=line_no,
        context=context.at(m.start()),
        label=line[m.start(2) : m.end(2)].strip() or None,  # as written, code and all
        heading=unquote(heading).strip() or None,
        embed=bool(m.group(1)),
        markdown=True,
        column=m.start(),
        raw=m.group(),
    )


def extract_links(body: str, first_line: int = 1) -> list[Link]:
    """All links in `body`, in order. `first_line` is the file line that `body` starts on.

    A link that is alone on its line (a list of links under a heading, as in a "Related"
    section or a map of content) gets the heading as context: `Related › [[x]]`."""
    if "[" not in body:
        return []
    links: list[Link] = []
    masked_lines = mask_code(body).split("\n")
    lines = body.split("\n")
    heading: str | None = None
    for i, masked in enumerate(masked_lines):
        if masked.startswith("#") and (h := _HEADING_LINE.match(masked)):
            heading = lines[i][h.start(1) : h.end(1)].strip()
        if "[" not in masked:
            continue
        line = lines[i]
        line_no = first_line + i
        context = _LineContext(line)  # several links on a line share its sentence split
        found: list[Link] = []
        if "[[" in masked:
            found = [
                x for m in _WIKILINK.finditer(masked) if (x := _wikilink(m, line_no, line, context))
            ]
            masked = _WIKILINK.sub(_blank, masked)
        if "](" in masked:
            found += [
                x for m in _MDLINK.finditer(masked) if (x := _mdlink(m, line_no, line, context))
            ]
            found.sort(key=lambda link: link.column)
            masked = _MDLINK.sub(_blank, masked)
        if heading and len(found) == 1 and _BARE_ITEM.fullmatch(masked):
            found = [replace(found[0], context=f"{heading} › {found[0].context}")]
        links.extend(found)
    return links


def extract_front_matter_links(front_matter: str, first_line: int = 1) -> list[Link]:
    """Wikilinks in front matter values (`up: "[[Parent]]"`), which Obsidian tracks as
    links too. YAML comment lines are skipped; Markdown links there are plain text."""
    links: list[Link] = []
    for i, line in enumerate(front_matter.split("\n")):
        if "[[" in line and not _YAML_COMMENT.match(line):
            links += [
                x for m in _WIKILINK.finditer(line) if (x := _wikilink(m, first_line + i, line))
            ]
    return links


# -- rewriting -----------------------------------------------------------------------

_MD_UNSAFE = re.compile(r"[ %#()<>\[\]\t]")


def _encode(path: str) -> str:
    """A Markdown link path with what would end or split it percent-encoded, as Obsidian
    writes it (`My Note.md` -> `My%20Note.md`); other characters are left as they are."""
    return _MD_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", path)


def retarget(link: Link, target: str) -> str:
    """`link.raw` pointing at `target` instead, keeping the embed mark, heading or block
    reference, label, table-escaped `|`, angle brackets and link title as they were."""
    raw = link.raw
    if not link.markdown:
        m = _WIKILINK.fullmatch(raw)
        if m is None:
            raise ValueError(f"not a wikilink: {raw!r}")
        inner = m.group(2)
        cut = min((i for i in (inner.find("#"), inner.find("|"), inner.find("\\|")) if i >= 0),
                  default=len(inner))  # fmt: skip
        return f"{m.group(1)}[[{target}{inner[cut:]}]]"
    m = _MDLINK.fullmatch(raw)
    if m is None:
        raise ValueError(f"not a Markdown link: {raw!r}")
    dest = m.group(3)
    if dest.startswith("<"):
        inner = dest[1:-1]
        fragment = inner[inner.find("#") :] if "#" in inner else ""
        new = f"<{target}{fragment}>"
    else:
        fragment = dest[dest.find("#") :] if "#" in dest else ""
        new = _encode(target) + fragment
    return raw[: m.start(3)] + new + raw[m.end(3) :]


# -- resolution ----------------------------------------------------------------------


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


def _order(path: str) -> tuple[int, int, str]:
    """Shortest path first: fewest folders, then fewest characters, then alphabetical."""
    return (path.count("/"), len(path), path)


class Resolver:
    """Resolves link targets to note paths.

    Order (case-insensitive, `.md` optional): a `./` or `../` target is relative to the
    linking note only; otherwise an exact vault path; then a note of that name in the
    linking note's folder; then any note whose path ends with the name, shortest path
    first, ties alphabetical; then, as a fallback, a note's title or alias.
    """

    def __init__(self, notes: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        with paused_gc():
            self._index(notes)

    def _index(self, notes: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_title: dict[str, list[str]] = defaultdict(list)
        self._titles: dict[str, tuple[str, list[str]]] = {}
        by_name, by_title = self._by_name, self._by_title
        for path, title, aliases in notes:
            aliases = list(aliases)
            self._titles[path] = (title, aliases)
            key = fold(note_id(path))
            self._by_path[key] = path
            by_name[key.rpartition("/")[2]].append(path)
            names = {fold(title), *map(fold, aliases)} if aliases else (fold(title),)
            for name in names:
                if name:
                    by_title[name].append(path)
        for paths in (*by_name.values(), *by_title.values()):
            if len(paths) > 1:
                paths.sort(key=_order)

    @classmethod
    def for_targets(
        cls, notes: Iterable[tuple[str, str, Iterable[str]]], targets: Iterable[str]
    ) -> Resolver:
        """A resolver that resolves these `targets` as one of all `notes` would, made only
        of the notes they could reach (so its `paths` are not every note): an edit
        resolves a few links, and a resolver of 10,000 notes costs more than the rest of
        re-indexing one."""
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

    def paths(self) -> list[str]:
        """Every note's path."""
        return list(self._titles)

    def renamed(self, old: str, new: str) -> Resolver:
        """This resolver as it will be once the note at `old` lives at `new`."""
        return Resolver(
            ((new if p == old else p), title, aliases)
            for p, (title, aliases) in self._titles.items()
        )

    def resolve(self, target: str, source: str, *, titles: bool = True) -> str | None:
        """The path of the note `target` (as written in note `source`) points to, or None.

        With `titles=False`, only paths and file names count (no title or alias fallback).
        """
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
        if not titles:
            return None
        titled = self._by_title.get(key)
        return titled[0] if titled else None

    def candidates(self, name: str) -> list[str]:
        """Every note a name could mean, for `show`: a vault path; else every note with
        that file name or path ending; else every note with that title or alias."""
        key = _target_key(name)
        if key in self._by_path:
            return [self._by_path[key]]
        tail = key.rsplit("/", 1)[-1]
        found = [
            p
            for p in self._by_name.get(tail, ())
            if "/" not in key or fold(note_id(p)).endswith("/" + key)
        ]
        return found or list(self._by_title.get(key, ()))
