"""A note, its backlinks and mentions, and note lists, as rich renderables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from aikb.kb import NoteSummary, OutLink
from aikb.vault.model import Note

if TYPE_CHECKING:
    from aikb.index.query import Reference

_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n|#]*)(#[^\[\]\n|]*)?(?:\\?\|([^\[\]\n]*))?\]\]")


def _wikilinks_as_links(body: str) -> str:
    """`[[target|label]]` -> a Markdown link, so the terminal shows the label, styled."""

    def swap(m: re.Match[str]) -> str:
        label = m.group(4) or (m.group(2) + (m.group(3) or "")).strip() or "this note"
        return f"[{label}](<{m.group(2).strip() or '#'}>)"

    return _WIKILINK.sub(swap, body)


def _readable(context: str) -> Text:
    """A link's context with `[[target|label]]` shown as its label, underlined."""
    text = Text(style="italic")
    pos = 0
    for m in _WIKILINK.finditer(context):
        text.append(context[pos : m.start()])
        text.append(m.group(4) or m.group(2) or m.group(0), style="underline")
        pos = m.end()
    text.append(context[pos:])
    return text


def _properties(note: Note) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    table.add_row("id", Text(note.id, style="cyan"))
    table.add_row("type", Text(note.type or "-", style="magenta"))
    shown = {"title", "type"}
    for key, value in note.meta.items():
        if key in shown or value in (None, "", []):
            continue
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        table.add_row(key, text)
    return table


class _ReferenceList:
    """References, each a `• title  path:line` line with its context indented below.

    Yields the lines' segments directly: a Group of Padding(Text) took ~2 s for a hub's
    4,700 backlinks (rich pads, crops and re-splits every line); this takes a fraction.
    Only lines wider than the terminal are wrapped.
    """

    def __init__(self, refs: Sequence[Reference]) -> None:
        self.refs = refs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        bold, cyan = Style(bold=True), Style(color="cyan")
        indent, newline = Segment("    "), Segment.line()
        for ref in self.refs:
            where = f"  {ref.path}:{ref.line}"
            if cell_len(ref.title) + cell_len(where) + 2 <= width:
                yield from (Segment("• "), Segment(ref.title, bold), Segment(where, cyan), newline)
            else:
                head = Text("• ")
                head.append(ref.title, style=bold)
                head.append(where, style=cyan)
                yield head
            for line in _wrap(console, _readable(ref.context), max(width - 4, 1)):
                yield indent
                yield from line.render(console)
                yield newline


def _references(
    title: str, refs: Sequence[Reference], limit: int, more_hint: str, count: str | None = None
) -> list:
    parts: list[RenderableType] = [
        Rule(f"{title} ({count or len(refs)})", align="left", style="dim")
    ]
    if not refs:
        parts.append(Text("none", style="dim"))
    parts.append(_ReferenceList(refs[:limit]))
    if len(refs) > limit:
        parts.append(Text(f"… and {len(refs) - limit} more: {more_hint}", style="dim"))
    return parts


# rich renders Markdown at ~1.6 ms per KB: a 10 MB note took 17 s. Longer bodies are cut
# (at a paragraph break where there is one) and the output says so.
MARKDOWN_LIMIT = 50_000


def _cut(body: str, limit: int) -> str:
    """At most `limit` characters of `body`, ending at a blank line, else a line end."""
    if len(body) <= limit:
        return body
    for end in (body.rfind("\n\n", 0, limit), body.rfind("\n", 0, limit)):
        if end > limit // 2:
            return body[:end].rstrip()
    return body[:limit]


def render_note(
    note: Note,
    backlinks: Sequence[Reference],
    mentions: Sequence[Reference],
    *,
    limit: int = 25,
    backlink_notes: int | None = None,
) -> RenderableType:
    """`backlink_notes`: how many notes link here, when `backlinks` holds only the first."""
    from rich.markdown import Markdown  # ~70 ms to import: only `show` renders Markdown

    body = note.body.strip()
    shown_body = _cut(body, MARKDOWN_LIMIT)
    parts: list[RenderableType] = [
        Text(note.title, style="bold underline"),
        _properties(note),
        Rule(style="dim"),
        Markdown(_wikilinks_as_links(shown_body) or "*(empty note)*"),
    ]
    if len(shown_body) < len(body):
        parts.append(
            Text(
                f"… the first {len(shown_body):,} of {len(body):,} characters are shown; "
                f"aikb show {note.id!r} --raw prints the whole note",
                style="dim",
            )
        )
    hint = f"aikb backlinks {note.id!r}"
    shown = len({r.id for r in backlinks[:limit]})
    if backlink_notes is not None and backlink_notes > shown:
        count = f"{backlink_notes} notes"
        parts += _references("Backlinks", backlinks[:limit], limit, "", count)
        more = backlink_notes - shown
        parts.append(Text(f"… and {more} more note{'s' * (more != 1)}: {hint}", style="dim"))
    else:
        parts += _references("Backlinks", backlinks, limit, hint)
    if len(mentions) > limit:  # the caller asked for one more than it shows
        parts += _references("Unlinked mentions", mentions[:limit], limit, "", f"{limit}+")
        parts.append(Text("… and more: aikb show --json", style="dim"))
    else:
        parts += _references("Unlinked mentions", mentions, limit, "aikb show --json")
    return Group(*parts)


class _NoteTable:
    """Notes as aligned `id  type  title` columns.

    rich's Table measures and lays out every cell: ~6 s for 10,000 notes. This measures
    each column once and yields each row's segments; a cell too wide for the terminal is
    folded onto more lines within its column.
    """

    def __init__(self, notes: Sequence[NoteSummary]) -> None:
        self.notes = notes

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = [("id", "type", "title")] + [(n.id, n.type or "-", n.title) for n in self.notes]
        widths = [max(cell_len(row[i]) for row in rows) for i in range(3)]
        room = options.max_width - widths[1] - 4  # for id and title, between the gaps
        if widths[0] + widths[2] > room:  # too wide: the title keeps at least half the room
            widths[2] = max(min(widths[2], room - min(widths[0], room // 2)), 1)
            widths[0] = max(room - widths[2], 1)
        styles = [Style(color="cyan"), Style(color="magenta"), Style()]
        bold, gap, newline = Style(bold=True), Segment("  "), Segment.line()
        for number, row in enumerate(rows):
            cells = [_fold(console, text, width) for text, width in zip(row, widths, strict=True)]
            for i in range(max(len(c) for c in cells)):
                texts = [lines[i] if i < len(lines) else "" for lines in cells]
                last = max(c for c in range(3) if texts[c] or c == 0)  # no trailing blanks
                for column in range(last + 1):
                    if column:
                        yield gap
                    style = bold if number == 0 else styles[column]
                    pad = widths[column] - cell_len(texts[column]) if column < last else 0
                    yield Segment(texts[column] + " " * pad, style)
                yield newline


def _fold(console: Console, text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells, broken at spaces where possible."""
    return [line.plain for line in _wrap(console, Text(text), width)]


def _wrap(console: Console, text: Text, width: int) -> list[Text]:
    """`text` as lines of at most `width` cells (styles kept), broken at spaces where
    possible, long words folded."""
    plain = text.plain
    if cell_len(plain) <= width:
        return [text]
    if plain.isascii() and plain.isprintable():
        # One cell per character: the standard library finds the breaks 2-3x faster than
        # Text.wrap (4,700 backlink contexts: 270 ms), and each line is a slice of `text`.
        import textwrap

        lines = textwrap.wrap(
            plain, width, expand_tabs=False, replace_whitespace=False, break_on_hyphens=False
        )
        starts, pos = [], 0
        for line in lines:
            pos = plain.find(line, pos)
            starts.append(pos)
            pos += len(line)
        if lines and -1 not in starts:
            parts = text.divide(starts[1:])
            for part in parts:
                part.rstrip()
            return list(parts)
    parts = text.wrap(console, width, overflow="fold")
    for part in parts:
        part.rstrip()
    return list(parts)


def render_note_list(notes: Sequence[NoteSummary]) -> RenderableType:
    # Text, never markup: names like `a [[b]]` or `[red]` are shown as they are.
    return Group(
        _NoteTable(notes), Text(f"{len(notes)} note{'' if len(notes) == 1 else 's'}", style="dim")
    )


def render_references(refs: Sequence[Reference]) -> RenderableType:
    if not refs:
        return Text("No backlinks.", style="dim")
    return _ReferenceList(refs)


def render_outlinks(links: Sequence[OutLink]) -> RenderableType:
    if not links:
        return Text("No links.", style="dim")
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("line", justify="right", style="dim")
    table.add_column("link")
    table.add_column("note", overflow="fold")
    for link in links:
        if link.note:
            status = Text(f"{link.note.id}", style="cyan")
        elif link.attachment:
            status = Text("attachment", style="dim")
        else:
            status = Text("broken", style="red")
        table.add_row(str(link.line), Text(link.target or "#"), status)
    return table
