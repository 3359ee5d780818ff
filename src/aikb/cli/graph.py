"""`aikb graph`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, err_console, open_kb
from aikb.errors import InvalidArgument


class GraphFormat(StrEnum):
    JSON = "json"
    DOT = "dot"
    MERMAID = "mermaid"


@app.command()
def graph(
    format: Annotated[
        GraphFormat | None,
        typer.Option("--format", "-f", help="json (default), dot (Graphviz) or mermaid."),
    ] = None,
    around: Annotated[
        str | None, typer.Option("--around", help="Only the notes near this note (id or name).")
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", "-d", min=0, help="With --around: links away (default 1)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write a page to explore the graph in a browser."),
    ] = None,
    vault: VaultOption = None,
) -> None:
    """Print the link graph (notes and the links between them) for other tools to draw,
    or write it as a page to explore.

    JSON: {"nodes": [{id, path, title, type}], "edges": [{source, target, count}],
    "broken": [{source, target, line}]}; one edge per linking note and target, without
    attachments and self-links.

    Example: aikb graph --around ilya-sutskever --depth 2 --format mermaid
    """
    if depth is not None and around is None:
        raise typer.BadParameter("--depth needs --around", param_hint="--depth")
    if html is not None and format is not None:
        raise typer.BadParameter("--html and --format can't be used together", param_hint="--html")
    kb = open_kb(vault, search=True)
    center = kb.lookup(around) if around is not None else None
    result = kb.graph(center, 1 if depth is None else depth)
    if html is None:
        text = {
            GraphFormat.DOT: result.to_dot,
            GraphFormat.MERMAID: result.to_mermaid,
        }.get(format or GraphFormat.JSON, result.to_json)()
        typer.echo(text.rstrip("\n"))
        return
    from aikb.render.graph_page import graph_page
    from aikb.vault.model import note_id

    name = kb.vault.root.name
    title = f"{name}: around {note_id(center)}" if center else f"{name}: link graph"
    page = graph_page(result, title, focus=note_id(center) if center else None, depth=depth or 1)
    try:
        html.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InvalidArgument(f"cannot write {html}: {exc.strerror}") from exc
    links = sum(result.edges.values())
    err_console().print(
        f"wrote {html}: {len(result.nodes)} notes, {links} links, {len(result.broken)} broken",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
