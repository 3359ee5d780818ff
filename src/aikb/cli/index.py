"""`aikb index`."""

from __future__ import annotations

from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, err_console, open_kb


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
    counts = (
        f"{report.added} added, {report.updated} updated, {report.deleted} deleted, "
        f"{report.relinked} relinked, {report.unchanged} unchanged"
    )
    why = f" ({report.rebuilt})" if report.rebuilt and report.rebuilt != "asked for" else ""
    prefix = "rebuilt" if report.rebuilt else "indexed"
    typer.echo(f"{prefix} {kb.vault.root}{why}: {counts}")
    # Other commands warn about a file once, when it changes; this lists every open problem.
    problems = kb.index.problems()
    if problems:
        what = "file has a problem" if len(problems) == 1 else "files have problems"
        typer.echo(f"{len(problems)} {what}:")
        for message in problems.values():
            typer.echo(f"  {message}")
