"""A note, its backlinks and mentions, and note lists, as rich renderables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from aikb.index.query import Reference
from aikb.kb import NoteSummary, OutLink
from aikb.vault.model import Note

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


def _references(
    title: str, refs: Sequence[Reference], limit: int, more_hint: str, count: str | None = None
) -> list:
    parts: list[RenderableType] = [
        Rule(f"{title} ({count or len(refs)})", align="left", style="dim")
    ]
    if not refs:
        parts.append(Text("none", style="dim"))
    for ref in refs[:limit]:
        line = Text("• ")
        line.append(ref.title, style="bold")
        line.append(f"  {ref.path}:{ref.line}", style="cyan")
        parts.append(line)
        parts.append(Padding(_readable(ref.context), (0, 0, 0, 4), expand=False))
    if len(refs) > limit:
        parts.append(Text(f"… and {len(refs) - limit} more: {more_hint}", style="dim"))
    return parts


def render_note(
    note: Note,
    backlinks: Sequence[Reference],
    mentions: Sequence[Reference],
    *,
    limit: int = 25,
    backlink_notes: int | None = None,
) -> RenderableType:
    """`backlink_notes`: how many notes link here, when `backlinks` holds only the first."""
    parts: list[RenderableType] = [
        Text(note.title, style="bold underline"),
        _properties(note),
        Rule(style="dim"),
        Markdown(_wikilinks_as_links(note.body.strip()) or "*(empty note)*"),
    ]
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


def render_note_list(notes: Sequence[NoteSummary]) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="cyan", overflow="fold")
    table.add_column("type", style="magenta")
    table.add_column("title", overflow="fold")
    for n in notes:
        # Text, not markup: names like `a [[b]]` or `[red]` are shown as they are.
        table.add_row(Text(n.id), Text(n.type or "-"), Text(n.title))
    return Group(table, Text(f"{len(notes)} note{'' if len(notes) == 1 else 's'}", style="dim"))


def render_references(refs: Sequence[Reference]) -> RenderableType:
    if not refs:
        return Text("No backlinks.", style="dim")
    return Group(*_references("Backlinks", refs, len(refs), "")[1:])


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
