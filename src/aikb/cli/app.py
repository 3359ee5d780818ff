"""The typer application and the one place library errors become exit codes."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from aikb.errors import AikbError


class _Group(TyperGroup):
    """Turns AikbError into `aikb: error: <message>` and exit 1, for every command."""

    def invoke(self, ctx: Any) -> Any:  # a click Context; typer vendors click privately
        try:
            return super().invoke(ctx)
        except AikbError as exc:
            from aikb.cli.context import err_console

            err_console().print(
                f"aikb: error: {exc}", markup=False, highlight=False, soft_wrap=True
            )
            sys.exit(1)
        except KeyboardInterrupt:
            sys.exit(130)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: typer's rich formatting imports rich, markdown-it and
    # pygments (~90 ms measured), which is most of `aikb --help`.
    rich_markup_mode=None,
    help="aikb: a knowledge base of Markdown notes about AI, with a Whoosh search index.\n\n"
    "Every command first brings the index up to date with the notes folder, so edits made "
    "in any editor show up at once.",
)
