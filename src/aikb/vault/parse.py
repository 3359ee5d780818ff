"""Text -> Note and Note -> text. Pure: no file access.

Front matter is read with python-frontmatter's YAML handler, which uses PyYAML's safe
(C) loader: YAML tags that try to build Python objects are refused, never run.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from aikb.vault.links import extract_front_matter_links, extract_links, mask_code
from aikb.vault.model import Note

if TYPE_CHECKING:
    from frontmatter.default_handlers import YAMLHandler

# python-frontmatter's YAMLHandler.FM_BOUNDARY, for split_body, which must not import YAML.
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


@cache
def _yaml_handler() -> YAMLHandler:
    """Imported on first use: PyYAML and python-frontmatter take ~40 ms to import, and
    searching never parses front matter."""
    from frontmatter.default_handlers import YAMLHandler

    return YAMLHandler()


_MAY_HIDE = re.compile(r"```|~~~|%%|<!--|<pre|<script|<style|<textarea", re.IGNORECASE)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_FRONT_MATTER_KEYS = ("title", "type", "aliases", "tags", "created", "updated", "sources")


def _str_list(value: Any) -> list[str]:
    """Front matter lists as other tools write them: a list, a string, or empty."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _tags(value: Any) -> list[str]:
    """Tags as a list or as one string of comma- or space-separated tags; `#` dropped."""
    raw = re.split(r"[,\s]+", value) if isinstance(value, str) else _str_list(value)
    tags: list[str] = []
    for tag in raw:
        tag = tag.strip().lstrip("#")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def plain(value: Any) -> Any:
    """Front matter values made JSON-safe (dates become ISO strings)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def split_body(text: str) -> tuple[str, int]:
    """A note's body and the file line it starts on, without loading the YAML: for search
    snippets and mentions, which read many files per command."""
    if not _BOUNDARY.match(text):
        return text, 1
    parts = _BOUNDARY.split(text, 2)
    if len(parts) != 3:
        return text, 1
    body = parts[2]
    if body.startswith("\n"):
        body = body[1:]
    return body, text.count("\n", 0, len(text) - len(body)) + 1


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int, str | None]:
    """Split a note into (front matter, body, body's first line, warning or None)."""
    import yaml

    handler = _yaml_handler()
    if not handler.detect(text):
        return {}, text, 1, None
    try:
        fm, body = handler.split(text)
    except ValueError:
        return {}, text, 1, "front matter has no closing '---' line"
    if body.startswith("\n"):  # the closing `---` line's own newline
        body = body[1:]
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    try:
        meta = handler.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, body, body_line, f"malformed YAML front matter{where}: {reason}"
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, body, body_line, "front matter is not a mapping of keys to values"
    return {str(k): plain(v) for k, v in meta.items()}, body, body_line, None


def parse_note(text: str, path: str, *, body_links: bool = True) -> Note:
    """Parse a note's text. Bad front matter is reported in `Note.warning`, never raised.

    With `body_links=False`, only the links in the front matter are extracted: showing a
    note needs none, a build extracts them later note by note, and a 10 MB body takes
    seconds to scan."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, body_line, warning = split_front_matter(text)
    title = meta.get("title")
    if isinstance(title, (int, float)) and not isinstance(title, bool):
        title = str(title)  # `title: 1984` is a number to YAML
    if not isinstance(title, str) or not title.strip():
        heading = _HEADING.search(body)
        if heading and _MAY_HIDE.search(body, 0, heading.start()):
            heading = _HEADING.search(mask_code(body))  # not a `# comment` in a code block
        title = heading.group(1) if heading else path.rsplit("/", 1)[-1].removesuffix(".md")
    note_type = meta.get("type")
    links = extract_links(body, body_line) if body_links else []
    if meta:  # Obsidian tracks links in properties too: `up: "[[Parent]]"`
        links[:0] = extract_front_matter_links(text[: len(text) - len(body)])
    return Note(
        path=path,
        title=title.strip(),
        body=body,
        type=str(note_type).strip().lower() if note_type else None,
        aliases=_str_list(meta.get("aliases") or meta.get("alias")),
        tags=_tags(meta.get("tags") or meta.get("tag")),
        meta=meta,
        links=links,
        body_line=body_line,
        warning=warning,
    )


def dump_front_matter(meta: dict[str, Any]) -> str:
    """Front matter as YAML between `---` lines, known keys first, in a stable order."""
    ordered = {k: meta[k] for k in _FRONT_MATTER_KEYS if k in meta and meta[k] not in (None, [])}
    ordered.update({k: v for k, v in meta.items() if k not in ordered and v not in (None, [])})
    import yaml

    text = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n"


def render_note(meta: dict[str, Any], body: str) -> str:
    """The full text of a note: front matter, a blank line, then the body."""
    body = body.strip("\n")
    return dump_front_matter(meta) + ("\n" + body + "\n" if body else "")
