"""`aikb list`."""

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json
from aikb.vault.model import NoteType


@app.command("list")
def list_notes(
    type: Annotated[
        NoteType | None, typer.Option("--type", "-t", help="Only notes of this type.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only notes with this tag.")] = None,
    json: JsonOption = False,
    vault: VaultOption = None,
) -> None:
    """List notes, sorted by id.

    Example: aikb list --type person
    """
    kb = open_kb(vault)
    notes = kb.notes(type=type.value if type else None, tag=tag)
    if json:
        print_json([n.to_dict() for n in notes])
        return
    from aikb.render.note import render_note_list

    console().print(render_note_list(notes))
