"""The closing summary of `aikb ingest`, as a rich renderable."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aikb.ingest.run import IngestReport
from aikb.vault.model import NoteType


def render_ingest(report: IngestReport, vault: str) -> RenderableType:
    notes = Table(box=None, pad_edge=False, header_style="bold", title_justify="left")
    notes.add_column("notes")
    notes.add_column("count", justify="right")
    notes.add_row("created", str(len(report.created)))
    notes.add_row("updated", str(len(report.updated)))
    notes.add_row("unchanged", str(len(report.unchanged)))
    types = Table(box=None, pad_edge=False, header_style="bold")
    types.add_column("entities")
    types.add_column("notes", justify="right")
    for kind in (NoteType.PERSON, NoteType.COMPANY, NoteType.PAPER, NoteType.CONCEPT):
        types.add_row(kind.value, str(report.entities.get(kind.value, 0)))
    grid = Table.grid(padding=(0, 4))
    grid.add_row(notes, types)
    footer = Text(
        f"{report.files} texts, {report.words:,} words in {report.seconds:.1f} s "
        f"({report.words_per_second:,.0f} words/s) into {vault}",
        style="dim",
    )
    return Group(grid, footer)
