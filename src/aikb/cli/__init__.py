"""The typer app: one module per command; `context` wires the vault and index together."""

from aikb.cli import add, index, ingest, lists, search, show, watch  # noqa: F401  (registers the commands)
from aikb.cli.app import app


def main() -> None:
    app(prog_name="aikb")
