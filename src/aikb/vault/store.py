"""The only vault module that touches disk: list, read and write the `.md` files."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from aikb.errors import (
    DuplicateNote,
    InvalidArgument,
    InvalidNote,
    NoteChanged,
    NoteNotWritten,
    VaultNotFound,
)
from aikb.gcpause import paused_gc
from aikb.vault.model import Note

STATE_DIR = ".aikb"
_BINARY_SNIFF = 8192
# A folder is listed through a descriptor; O_NOFOLLOW: a folder swapped for a symlink after
# it was listed is refused, not followed out of the vault.
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_TEMP_PREFIX, _TEMP_SUFFIX = ".aikb-", ".tmp"
# A temporary file this old is left over from a write that died (a write takes milliseconds).
_STALE_TEMP_NS = 3600 * 10**9


class FileStat(NamedTuple):  # a tuple: cheap to make, compared in C by the no-change check
    size: int
    mtime_ns: int


_new = tuple.__new__


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
        self._inside: dict[str, bool] = {}

    @property
    def state_dir(self) -> Path:
        """Where aikb keeps its index; made on demand and git-ignored."""
        path = self.root / STATE_DIR
        if not path.is_dir():
            try:
                path.mkdir(exist_ok=True)
                (path / ".gitignore").write_text(
                    "# made by aikb: the index is rebuilt from the notes\n*\n"
                )
            except FileExistsError:
                raise VaultNotFound(
                    f"{path} is not a folder; aikb keeps its index there (move that file away)"
                ) from None
            except OSError as exc:
                raise VaultNotFound(f"cannot make the index folder {path}: {exc.strerror}") from exc
        return path

    def scan(self) -> tuple[dict[str, FileStat], dict[str, str]]:
        """Every note's path and stat, plus what was skipped and why, by path.

        Folders whose name starts with a dot (`.aikb`, `.obsidian`, `.git`, `.trash`) are
        skipped. Symlinks are not followed, so nothing outside the vault is read. Temporary
        files left by aikb writes that died long ago are removed on the way.
        """
        with paused_gc():
            return self._scan()

    def _scan(self) -> tuple[dict[str, FileStat], dict[str, str]]:
        found: dict[str, FileStat] = {}
        skipped: dict[str, str] = {}
        self._inside.clear()  # `path` trusts the folders checked since the last scan
        root = str(self.root)
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                # Listing through a folder descriptor: each stat is then relative to it,
                # not a walk down the whole path (a quarter of the scan at 10,000 notes).
                fd = os.open(os.path.join(root, rel_dir), _DIR_FLAGS)
            except OSError as exc:
                skipped[rel_dir or "."] = f"{rel_dir or '.'}: cannot read folder ({exc.strerror})"
                continue
            prefix = f"{rel_dir}/" if rel_dir else ""
            try:
                with os.scandir(fd) as entries:
                    for entry in entries:
                        name = entry.name
                        try:
                            # Every command runs this for every note: the common case (a
                            # plain .md file) goes first, one stat call (d_type does the rest).
                            if (
                                name.endswith(".md") or name[-3:].lower() == ".md"
                            ) and entry.is_file(follow_symlinks=False):
                                st = entry.stat(follow_symlinks=False)
                                # tuple.__new__: FileStat(...) runs a Python-level __new__.
                                found[prefix + name] = _new(FileStat, (st.st_size, st.st_mtime_ns))
                                continue
                            rel = prefix + name
                            if entry.is_symlink():
                                # `.#name.md` is Emacs's lock while a note is being edited.
                                if not name.startswith(".#") and (
                                    name.lower().endswith(".md") or entry.is_dir()
                                ):
                                    skipped[rel] = f"{rel}: symlink not followed"
                                continue
                            if entry.is_dir(follow_symlinks=False):
                                if not name.startswith("."):
                                    stack.append(rel)
                            elif name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX):
                                _remove_if_stale(entry, fd)
                        except OSError as exc:
                            skipped[prefix + name] = (
                                f"{prefix + name}: cannot read ({exc.strerror})"
                            )
            finally:
                os.close(fd)
        return found, skipped

    def path(self, rel: str) -> Path:
        """The absolute path of a vault-relative path, refusing anything outside the vault."""
        if not rel or "\x00" in rel or os.path.isabs(rel):
            raise InvalidArgument(f"{rel!r} is not a path inside the vault")
        full = self.root / rel
        parent, _, name = rel.rpartition("/")
        # Resolving every component costs ~0.1 ms a file (a search reads ten, `show` of a
        # hub hundreds): a plain name that is no symlink, in a folder that resolves inside
        # the vault, is inside; anything else is resolved in full.
        plain = name not in ("", ".", "..") and self._folder_inside(parent)
        if not (plain and not full.is_symlink()) and not full.resolve().is_relative_to(self.root):
            raise InvalidArgument(f"{rel!r} points outside the vault {self.root}")
        return full

    def _folder_inside(self, rel_dir: str) -> bool:
        """Whether a vault-relative folder resolves inside the vault (remembered until the
        next scan)."""
        inside = self._inside.get(rel_dir)
        if inside is None:
            real = os.path.realpath(os.path.join(self.root, rel_dir))
            inside = self._inside[rel_dir] = Path(real).is_relative_to(self.root)
        return inside

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

    def read(self, rel: str, *, body_links: bool = True) -> Note:
        """Read and parse one note (see parse_note for `body_links`)."""
        from aikb.vault.parse import parse_note  # YAML: only commands that parse pay for it

        text, warning = self.read_text(rel)
        note = parse_note(text, rel, body_links=body_links)
        if warning and not note.warning:
            note.warning = warning
        return note

    def write(
        self, rel: str, text: str, *, exclusive: bool = False, expect: str | None = None
    ) -> Path:
        """Write a note atomically: temporary file in the same folder, fsync, rename.

        An existing file keeps its permissions. With `exclusive`, an existing note is never
        replaced (DuplicateNote), also when another process creates it at the same moment.
        With `expect` (the text the caller read and changed), a note that no longer holds
        that text is left alone (NoteChanged): someone edited it meanwhile.
        """
        dest = self.path(rel)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                mode = dest.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            import tempfile  # only writers pay for it (it imports random and shutil)

            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fchmod(fh.fileno(), mode)
                    os.fsync(fh.fileno())
                if exclusive:
                    _link_new(tmp, dest, rel)
                else:
                    if expect is not None and self._current(dest, rel) != expect:
                        raise NoteChanged(
                            f"{rel} changed while aikb was writing it; not overwritten"
                        )
                    os.replace(tmp, dest)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError as exc:
            raise NoteNotWritten(f"cannot write {rel}: {exc.strerror or exc}") from exc
        _fsync_dir(dest.parent)
        return dest

    def _current(self, dest: Path, rel: str) -> str | None:
        """The text at `dest` now (None if it is gone or unreadable)."""
        try:
            return self.decode(rel, dest.read_bytes())[0]
        except (OSError, InvalidNote):
            return None

    def iter_notes(self) -> Iterator[Note]:
        """Every readable note (unreadable ones are skipped; the index reports them)."""
        for rel in sorted(self.scan()[0]):
            with contextlib.suppress(InvalidNote, FileNotFoundError):
                yield self.read(rel)


def _link_new(tmp: str, dest: Path, rel: str) -> None:
    """Put the finished `tmp` at `dest` unless something is there, atomically."""
    try:
        os.link(tmp, dest)
        return
    except FileExistsError:
        raise DuplicateNote(f"{rel} already exists; not overwritten") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    # No hard links here (FAT, some network shares): claim the name, then replace the empty
    # placeholder; readers may see it empty for a moment, never half-written.
    try:
        os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise DuplicateNote(f"{rel} already exists; not overwritten") from None
    os.replace(tmp, dest)


def _remove_if_stale(entry: os.DirEntry[str], dir_fd: int) -> None:
    if time.time_ns() - entry.stat(follow_symlinks=False).st_mtime_ns > _STALE_TEMP_NS:
        with contextlib.suppress(OSError):
            os.unlink(entry.name, dir_fd=dir_fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
