"""The only vault module that touches disk: list, read and write the `.md` files."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from aikb.errors import DuplicateNote, InvalidArgument, InvalidNote, VaultNotFound
from aikb.vault.model import Note

STATE_DIR = ".aikb"
_BINARY_SNIFF = 8192


class FileStat(NamedTuple):  # a tuple: cheap to make, compared in C by the no-change check
    size: int
    mtime_ns: int


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Vault:
    """A folder of Markdown notes. Paths given to and returned by it are vault-relative."""

    def __init__(self, root: Path | str, *, create: bool = False) -> None:
        root = Path(root).expanduser()
        if create:
            root.mkdir(parents=True, exist_ok=True)
        if not root.is_dir():
            what = "is not a folder" if root.exists() else "does not exist"
            raise VaultNotFound(
                f"vault {root} {what} (point --vault or AIKB_VAULT at your notes folder)"
            )
        self.root = root.resolve()

    @property
    def state_dir(self) -> Path:
        """Where aikb keeps its index; made on demand and git-ignored."""
        path = self.root / STATE_DIR
        if not path.is_dir():
            path.mkdir(exist_ok=True)
            (path / ".gitignore").write_text(
                "# made by aikb: the index is rebuilt from the notes\n*\n"
            )
        return path

    def scan(self) -> tuple[dict[str, FileStat], list[str]]:
        """Every note's path and stat, plus warnings for what was skipped.

        Folders whose name starts with a dot (`.aikb`, `.obsidian`, `.git`, `.trash`) are
        skipped. Symlinks are not followed, so nothing outside the vault is read.
        """
        found: dict[str, FileStat] = {}
        warnings: list[str] = []
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                entries = os.scandir(self.root / rel_dir) if rel_dir else os.scandir(self.root)
            except OSError as exc:
                warnings.append(f"{rel_dir or '.'}: cannot read folder ({exc.strerror})")
                continue
            prefix = f"{rel_dir}/" if rel_dir else ""
            with entries:
                for entry in entries:
                    rel = prefix + entry.name
                    try:
                        # Every command runs this for every note: the common case (a plain
                        # .md file) goes first, with one stat call (d_type answers the rest).
                        if entry.name[-3:].lower() == ".md" and entry.is_file(
                            follow_symlinks=False
                        ):
                            st = entry.stat(follow_symlinks=False)
                            found[rel] = FileStat(st.st_size, st.st_mtime_ns)
                            continue
                        if entry.is_symlink():
                            if entry.name.lower().endswith(".md") or entry.is_dir():
                                warnings.append(f"{rel}: symlink not followed")
                            continue
                        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                            stack.append(rel)
                    except OSError as exc:
                        warnings.append(f"{rel}: cannot read ({exc.strerror})")
        return found, warnings

    def path(self, rel: str) -> Path:
        """The absolute path of a vault-relative path, refusing anything outside the vault."""
        if not rel or "\x00" in rel or os.path.isabs(rel):
            raise InvalidArgument(f"{rel!r} is not a path inside the vault")
        full = self.root / rel
        if not full.resolve().is_relative_to(self.root):
            raise InvalidArgument(f"{rel!r} points outside the vault {self.root}")
        return full

    def read_text(self, rel: str) -> tuple[str, str | None]:
        """A note's text and a warning (or None). Raises InvalidNote for what is no text."""
        try:
            data = self.path(rel).read_bytes()
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise InvalidNote(f"{rel}: cannot read ({exc.strerror})") from exc
        return self.decode(rel, data)

    @staticmethod
    def decode(rel: str, data: bytes) -> tuple[str, str | None]:
        """Bytes to text; a binary file is InvalidNote, bad UTF-8 a warning."""
        if b"\x00" in data[:_BINARY_SNIFF]:
            raise InvalidNote(f"{rel}: binary file, not a Markdown note")
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            return (
                data.decode("utf-8", errors="replace"),
                f"{rel}: invalid UTF-8 at byte {exc.start}; unreadable bytes shown as \ufffd",
            )

    def read(self, rel: str) -> Note:
        """Read and parse one note."""
        from aikb.vault.parse import parse_note  # YAML: only commands that parse pay for it

        text, warning = self.read_text(rel)
        note = parse_note(text, rel)
        if warning and not note.warning:
            note.warning = warning
        return note

    def write(self, rel: str, text: str, *, exclusive: bool = False) -> Path:
        """Write a note atomically: temporary file in the same folder, fsync, rename.

        An existing file keeps its permissions. With `exclusive`, an existing note is never
        replaced (DuplicateNote), also when another process creates it at the same moment.
        """
        dest = self.path(rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = dest.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        import tempfile  # only writers pay for it (it imports random and shutil)

        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".aikb-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fchmod(fh.fileno(), mode)
                os.fsync(fh.fileno())
            if exclusive:
                try:
                    os.link(tmp, dest)
                except FileExistsError:
                    raise DuplicateNote(f"{rel} already exists; not overwritten") from None
            else:
                os.replace(tmp, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _fsync_dir(dest.parent)
        return dest

    def iter_notes(self) -> Iterator[Note]:
        """Every readable note (unreadable ones are skipped; the index reports them)."""
        for rel in sorted(self.scan()[0]):
            with contextlib.suppress(InvalidNote, FileNotFoundError):
                yield self.read(rel)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
