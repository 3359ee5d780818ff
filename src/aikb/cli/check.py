"""`aikb check`."""

from __future__ import annotations

import typer

from aikb.cli.app import app
from aikb.cli.context import JsonOption, VaultOption, console, open_kb, print_json


@app.command()
def check(json: JsonOption = False, vault: VaultOption = None) -> None:
    """Check the vault's links: broken links (file and line), orphan notes (no link in or
    out), notes with the same title, and notes that could not be read.

    Exits 1 when a link is broken, so a vault's own CI can run it.

    Example: aikb check --json
    """
    kb = open_kb(vault, search=True)
    report = kb.check()
    if json:
        print_json(report.to_dict())
    else:
        from aikb.render.check import render_check

        console().print(render_check(report), soft_wrap=True)  # one problem per line
    if report.broken:
        raise typer.Exit(1)
