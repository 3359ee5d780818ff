"""`aikb show`, `aikb links`, `aikb backlinks`."""

from __future__ import annotations

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json

NoteArg = Annotated[str, typer.Argument(help="Note id (path), file name, title or alias.")]


@app.command()
def show(
    note: NoteArg,
    json: JsonOption = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file exactly as it is.")] = False,
    vault: VaultOption = None,
) -> None:
    """Show a note: properties, body, backlinks with context, and unlinked mentions.

    Example: aikb show ilya-sutskever
    """
    kb = open_kb(vault, search=True)
    path = kb.lookup(note)
    if raw:
        typer.echo(kb.vault.read_text(path)[0], nl=False)
        return
    found = kb.vault.read(path)
    backlinks = kb.backlinks(path)
    mentions = kb.mentions(found)
    if json:
        print_json(
            {
                "id": found.id,
                "path": found.path,
                "title": found.title,
                "type": found.type,
                "aliases": found.aliases,
                "tags": found.tags,
                "properties": found.meta,
                "body": found.body,
                "backlinks": [r.to_dict() for r in backlinks],
                "unlinked_mentions": [r.to_dict() for r in mentions],
            }
        )
        return
    from aikb.render.note import render_note

    console().print(render_note(found, backlinks, mentions))


@app.command()
def backlinks(note: NoteArg, json: JsonOption = False, vault: VaultOption = None) -> None:
    """List the notes that link to a note, each with the line around the link.

    Example: aikb backlinks openai --json
    """
    kb = open_kb(vault, search=True)
    refs = kb.backlinks(note)
    if json:
        print_json([r.to_dict() for r in refs])
        return
    from aikb.render.note import render_references

    console().print(render_references(refs))


@app.command()
def links(note: NoteArg, json: JsonOption = False, vault: VaultOption = None) -> None:
    """List a note's outgoing links and what each resolves to (or that it is broken).

    Example: aikb links ilya-sutskever
    """
    kb = open_kb(vault, search=True)
    out = kb.links(note)
    if json:
        print_json([link.to_dict() for link in out])
        return
    from aikb.render.note import render_outlinks

    console().print(render_outlinks(out))
