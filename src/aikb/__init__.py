"""aikb: a command-line knowledge base over a folder of Markdown notes."""

from aikb.errors import AikbError
from aikb.vault.model import Link, Note, NoteType
from aikb.vault.store import Vault

__all__ = ["AikbError", "Link", "Note", "NoteType", "Vault"]
__version__ = "0.1.0"
