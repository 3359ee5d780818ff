"""`aikb show`, `aikb links`, `aikb backlinks`."""

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json

SHOWN = 25  # backlinks and mentions `show` prints in the terminal

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
    found = kb.vault.read(path, body_links=False)  # shown from the index; the body may be huge
    # The terminal shows the first backlinks and counts the rest; --json lists them all.
    backlinks, linking = kb.backlink_page(path, limit=None if json else SHOWN)
    # One more than shown, so the terminal can say that there are more.
    mentions = kb.mentions(found, limit=50 if json else SHOWN + 1)
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

    total = linking if len({r.id for r in backlinks}) >= SHOWN else None
    console().print(render_note(found, backlinks, mentions, limit=SHOWN, backlink_notes=total))


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
