"""`aikb add`."""

import os
import subprocess
import sys
from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, open_kb, report_warnings
from aikb.errors import InvalidArgument
from aikb.vault.model import NoteType


@app.command()
def add(
    title: Annotated[str, typer.Argument(help="The note's title; its file name is made from it.")],
    type: Annotated[NoteType, typer.Option("--type", "-t", help="What the note is about.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", help="Another name (repeatable).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    body: Annotated[
        str | None, typer.Option("--body", "-b", help="The note's text; '-' reads stdin.")
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", "-e", help="Open $VISUAL or $EDITOR on the new note.")
    ] = False,
    vault: VaultOption = None,
) -> None:
    """Add a new note; never overwrites an existing one.

    Example: aikb add "Speculative decoding" --type concept --alias "assisted generation"
    """
    from aikb.kb import NewNote

    if body is not None and edit:
        raise typer.BadParameter("--body and --edit can't be used together", param_hint="--edit")
    if body == "-":
        body = sys.stdin.read()
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if edit and not editor:
        raise InvalidArgument("--edit needs $VISUAL or $EDITOR to name your editor")
    kb = open_kb(vault, refresh=False, create=True)
    path = kb.add(NewNote(title, type, alias or [], tag or [], body or ""))
    if edit and editor:
        # Run without a shell: `code --wait` is split into words, the path is one argument.
        import shlex

        try:
            subprocess.run([*shlex.split(editor), str(kb.vault.path(path))], check=False)
        except OSError as exc:
            raise InvalidArgument(f"cannot start editor {editor!r}: {exc.strerror}") from exc
    report_warnings(kb.refresh(wait=False))
    typer.echo(f"added {path}")
