"""Search results as rich renderables."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from aikb.index.query import SearchResults


def render_results(results: SearchResults) -> RenderableType:
    if not results.hits:
        message = Text(f"No notes match {results.query!r}.", style="yellow")
        if results.suggestion:
            message.append("\nDid you mean: ", style="default")
            message.append(results.suggestion, style="bold cyan")
            message.append("?")
        return message
    rows: list[RenderableType] = []
    for rank, hit in enumerate(results.hits, 1):
        head = Text(f"{rank:>2}. ", style="dim")
        head.append(hit.title, style="bold")
        head.append(f"  {hit.type or 'note'}", style="magenta")
        head.append(f" · {hit.path}", style="cyan")
        head.append(f" · {hit.score:.2f}", style="dim")
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        rows.extend([head, Padding(snippet, (0, 0, 0, 4), expand=False), Text()])
    shown = len(results.hits)
    noun = "note" if results.total == 1 else "notes"
    footer = f"{shown} of {results.total} {noun}" if results.total > shown else f"{shown} {noun}"
    rows.append(Text(footer, style="dim"))
    return Group(*rows)
