"""The typer app: one module per command; `context` wires the vault and index together."""

from aikb.cli import (  # noqa: F401  (registers the commands)
    add,
    check,
    graph,
    index,
    ingest,
    lists,
    rename,
    search,
    show,
    watch,
)
from aikb.cli.app import app


def main() -> None:
    app(prog_name="aikb")
