"""Dataclasses for notes and links; no behaviour that needs disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class NoteType(StrEnum):
    PERSON = "person"
    PAPER = "paper"
    COMPANY = "company"
    CONCEPT = "concept"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Link:
    """One link found in a note's text.

    `target` is the target as written (no label, no heading; Markdown links decoded),
    `line` is 1-based in the file, `context` the sentence or line around the link,
    `column` the link's 0-based offset in its line and `raw` its exact text there.
    """

    target: str
    line: int
    context: str
    label: str | None = None
    heading: str | None = None
    embed: bool = False
    markdown: bool = False  # [x](y.md) rather than [[y]]
    column: int = 0
    raw: str = ""

    @property
    def is_attachment(self) -> bool:
        """A link to a non-note file (image, PDF, ...), never a broken link."""
        return is_attachment(self.target)


@dataclass(slots=True)
class Note:
    """A parsed note. `path` is vault-relative, POSIX style, with the `.md` suffix."""

    path: str
    title: str
    body: str
    type: str | None = None
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    body_line: int = 1  # the file line the body starts on
    warning: str | None = None  # set when the front matter could not be read

    @property
    def id(self) -> str:
        return note_id(self.path)

    @property
    def name(self) -> str:
        """The file name without `.md` (what `[[Name]]` matches)."""
        return self.id.rsplit("/", 1)[-1]


def note_id(path: str) -> str:
    """`people/Ilya Sutskever.md` -> `people/Ilya Sutskever`."""
    return path[:-3] if path.lower().endswith(".md") else path


# Files a vault holds besides notes: Obsidian's own non-note formats (images, audio,
# video, PDF, canvas, bases), plus documents, data and archives people attach. Source
# code suffixes are left out on purpose: `[[Node.js]]` or `[[Vue.js]]` name notes.
ATTACHMENT_EXTENSIONS = frozenset(
    # images
    ("avif", "bmp", "gif", "heic", "heif", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff",
     "webp",
     # audio and video
     "aac", "aif", "aiff", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav", "3gp", "avi",
     "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "ogv", "webm", "wmv",
     # documents, Obsidian's canvas and bases, drawings
     "pdf", "epub", "djvu", "canvas", "base", "excalidraw", "drawio", "doc", "docx", "odp",
     "ods", "odt", "pages", "key", "numbers", "ppt", "pptx", "rtf", "xls", "xlsx",
     # data, web pages, archives
     "csv", "tsv", "json", "xml", "yaml", "yml", "txt", "html", "htm", "ipynb", "bib",
     "7z", "gz", "rar", "tar", "tgz", "zip")
)  # fmt: skip


def is_attachment(target: str) -> bool:
    """Whether a link target names a non-note file by its extension (`x.png`, `y.pdf`)."""
    name = target.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1].lower() in ATTACHMENT_EXTENSIONS
