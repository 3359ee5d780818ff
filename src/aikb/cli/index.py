"""`aikb index`."""

from __future__ import annotations

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, err_console, open_kb, report_warnings


@app.command()
def index(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start the index over.")] = False,
    vault: VaultOption = None,
) -> None:
    """Bring the index up to date now and report what changed.

    Every command already does this first; use it to see the counts, or --rebuild after
    upgrading aikb. Example: aikb index --rebuild
    """
    from rich.progress import Progress

    kb = open_kb(vault, refresh=False)
    with Progress(console=err_console(), transient=True) as progress:
        task = progress.add_task("indexing", total=None)
        report = kb.refresh(
            rebuild=rebuild,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    report_warnings(report)
    counts = (
        f"{report.added} added, {report.updated} updated, {report.deleted} deleted, "
        f"{report.relinked} relinked, {report.unchanged} unchanged"
    )
    prefix = "rebuilt" if report.rebuilt else "indexed"
    typer.echo(f"{prefix} {kb.vault.root}: {counts}")
