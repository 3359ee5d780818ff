"""Wiring for commands: find the vault, open the knowledge base, and the two consoles."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from aikb.index.update import RefreshReport
    from aikb.kb import KnowledgeBase

DEFAULT_VAULT = "notes"

VaultOption = Annotated[
    Path | None,
    typer.Option(
        "--vault",
        envvar="AIKB_VAULT",
        help="Notes folder (default: ./notes; env AIKB_VAULT).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@cache
def console() -> Console:
    """Results go to stdout. Colour follows the terminal and NO_COLOR."""
    from rich.console import Console

    return Console()


@cache
def err_console() -> Console:
    """Status, warnings and errors go to stderr, so pipes stay clean."""
    from rich.console import Console

    # soft_wrap: a message stays on one line, however long its path; the terminal wraps it.
    return Console(stderr=True, soft_wrap=True)


def vault_path(vault: Path | None) -> Path:
    return vault if vault is not None else Path(os.environ.get("AIKB_VAULT") or DEFAULT_VAULT)


def warn(message: str) -> None:
    # soft_wrap: one line per message whatever the terminal width, so it can be grepped.
    err_console().print(
        f"aikb: warning: {message}", markup=False, highlight=False, style="yellow", soft_wrap=True
    )


def status(message: str) -> None:
    """A line of progress news on stderr (not a warning)."""
    err_console().print(f"aikb: {message}", markup=False, highlight=False)


def report_warnings(report: RefreshReport) -> None:
    if report.rebuilt == "no index yet":
        status(
            f"no index yet; built one from {report.added} note{'' if report.added == 1 else 's'}"
        )
    elif report.rebuilt and report.rebuilt != "asked for":
        warn(f"rebuilt the index: {report.rebuilt}")
    for message in report.warnings:
        warn(message)
    if report.stale:
        warn(f"{report.stale}; answering from the last committed index")


def open_kb(
    vault: Path | None, *, refresh: bool = True, search: bool = False, create: bool = False
) -> KnowledgeBase:
    """Open the knowledge base and bring its index up to date (readers never block).

    With `search`, also open the Whoosh index now, rebuilding it if it is damaged."""
    from aikb.kb import KnowledgeBase

    kb = KnowledgeBase(vault_path(vault), create=create)
    kb.on_repair = report_warnings
    if refresh:
        report_warnings(kb.refresh(wait=False))
    if search and (rebuilt := kb.open_search()):
        report_warnings(rebuilt)
    return kb


def print_json(data: Any) -> None:
    import json  # only --json output needs it

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
