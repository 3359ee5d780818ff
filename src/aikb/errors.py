"""Errors raised by aikb's library code. Each message is a sentence written for the user."""


class AikbError(Exception):
    """Base class: the CLI prints the message as `aikb: error: <message>` and exits 1."""


class VaultNotFound(AikbError):
    """The vault folder does not exist."""


class NoteNotFound(AikbError):
    """No note matches the id, file name, title or alias given."""


class AmbiguousNote(AikbError):
    """A name matches more than one note."""


class DuplicateNote(AikbError):
    """A note already exists where a new one would be written."""


class NoteChanged(AikbError):
    """A note changed on disk between aikb reading it and writing it back; not overwritten."""


class NoteNotWritten(AikbError):
    """A note could not be written (disk full, no permission); the old file is unchanged."""


class InvalidNote(AikbError):
    """A note's file cannot be read or parsed."""


class InvalidQuery(AikbError):
    """A search query cannot be parsed."""


class IndexLocked(AikbError):
    """Another process holds the index's write lock past the timeout."""


class InvalidArgument(AikbError):
    """A value given on the command line cannot be used."""
