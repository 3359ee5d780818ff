"""`aikb search`."""

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json
from aikb.vault.model import NoteType


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, field:value, pre*.')],
    type: Annotated[
        NoteType | None, typer.Option("--type", "-t", help="Only notes of this type.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only notes with this tag.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most results to show.")] = 10,
    json: JsonOption = False,
    vault: VaultOption = None,
) -> None:
    """Full-text search, ranked by BM25F (titles and aliases weigh most).

    Example: aikb search '"speculative sampling" OR type:paper' --limit 5
    """
    kb = open_kb(vault, search=True)
    results = kb.search(query, type=type.value if type else None, tag=tag, limit=limit)
    if json:
        print_json([hit.to_dict() for hit in results.hits])
        return
    from aikb.render.search import render_results

    console().print(render_results(results))
    if not results.hits:
        raise typer.Exit(1)
