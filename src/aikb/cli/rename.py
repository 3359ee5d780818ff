"""`aikb rename`."""

from __future__ import annotations

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json


@app.command()
def rename(
    old: Annotated[str, typer.Argument(help="The note: id (path), file name, title or alias.")],
    new: Annotated[
        str,
        typer.Argument(
            help="New name (stays in its folder), or a vault path with '/' to move it "
            "('/name' for the top of the vault, 'folder/' to keep the name)."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    json: JsonOption = False,
    vault: VaultOption = None,
) -> None:
    """Rename or move a note and rewrite every link to it across the vault.

    Links keep their form, label, heading, block reference and embed mark. Each file is
    written atomically and the index is brought up to date.

    Example: aikb rename "people/ilya" "people/Ilya Sutskever" --dry-run
    """
    kb = open_kb(vault, search=True)
    plan = kb.rename(old, new, dry_run=dry_run)
    if json:
        print_json(
            {
                "old": plan.old,
                "new": plan.new,
                "dry_run": dry_run,
                "edits": [e.to_dict() for e in plan.edits],
                "stuck": [e.to_dict() for e in plan.stuck],
            }
        )
        return
    from aikb.render.check import render_rename

    console().print(render_rename(plan, dry_run=dry_run), soft_wrap=True)
