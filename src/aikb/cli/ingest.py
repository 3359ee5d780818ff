"""`aikb ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aikb.cli.app import app
from aikb.cli.context import VaultOption, console, err_console, open_kb, report_warnings, warn


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Text or Markdown files, or folders of them.")
    ],
    vault: VaultOption = None,
) -> None:
    """File what AI news texts are about as notes: people, companies, papers, concepts,
    and one source note per text. Running it again on the same texts changes nothing.

    Example: aikb ingest seeds/ --vault notes
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from aikb.ingest import ingest as run_ingest
    from aikb.render.ingest import render_ingest

    kb = open_kb(vault, refresh=False, create=True)
    columns = (
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err_console(), transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_progress(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, description=Path(path).name)

        report = run_ingest(kb.vault, paths, on_progress=on_progress)
    for message in report.warnings:
        warn(message)
    report_warnings(kb.refresh(wait=False))
    console().print(render_ingest(report, str(kb.vault.root)))
