"""aikb: a command-line knowledge base over a folder of Markdown notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aikb.errors import AikbError
    from aikb.vault.model import Link, Note, NoteType
    from aikb.vault.store import Vault

__all__ = ["AikbError", "Link", "Note", "NoteType", "Vault"]
__version__ = "0.1.0"

# Imported on first use: every `aikb` command imports this package, and most need none of
# these (the YAML parser behind Vault alone costs more than Python's own start-up).
_LAZY = {
    "AikbError": "aikb.errors",
    "Link": "aikb.vault.model",
    "Note": "aikb.vault.model",
    "NoteType": "aikb.vault.model",
    "Vault": "aikb.vault.store",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'aikb' has no attribute {name!r}")
