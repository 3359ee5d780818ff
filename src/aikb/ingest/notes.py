"""Building and merging the notes ingest writes. Pure: text in, text out.

The boundary between aikb and a person is by section. In an entity note, `## Mentions`
and `## Related` are machine-written; in a source note, `## Entities` is. Ingest only
ever adds lines to those sections (lines already there, whoever wrote them, stay).
Everything else is the person's: the summary and any text outside those sections, and
every front matter key. Ingest adds new `aliases` and `sources` to the lists already
there and never removes one; `title`, `type` and `tags` are written once, when ingest
creates the note. The summary is written when the note has no text of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aikb.vault.parse import render_note, split_front_matter

MENTIONS = "Mentions"
RELATED = "Related"
ENTITIES = "Entities"
MACHINE_SECTIONS = (MENTIONS, RELATED, ENTITIES)
_SECTION = re.compile(r"^##[ \t]+(?P<name>.+?)[ \t#]*$")
_ANY_HEADING = re.compile(r"^#{1,2}[ \t]")
_LINK = re.compile(r"\[\[([^\]|#]+)")
# Sections with one bullet per linked note: a note already linked there is not added again
# (so a bullet a person rewrote, or one written by an older aikb, is not doubled).
_ONE_PER_LINK = {RELATED.casefold(), ENTITIES.casefold()}


def wikilink(note_id: str, title: str) -> str:
    """`[[note-id|Title]]`: resolves by file name in Obsidian and in aikb alike."""
    label = title.replace("|", "-").replace("[", "(").replace("]", ")")
    return f"[[{note_id}|{label}]]"


def snippet(sentence: str, names: list[str], focus: Sequence[str] = (), width: int = 120) -> str:
    """The part of `sentence` around the `names` it contains (around the `focus` names
    when not all fit in `width` characters), cut at word boundaries, "…" where cut."""
    text = " ".join(sentence.split()).replace("[[", "[").replace("]]", "]")
    if len(text) <= width:
        return text
    lower = text.casefold()

    def found(ns: list[str]) -> list[tuple[int, int]]:
        return [(at, at + len(n)) for n in ns if n and (at := lower.find(n.casefold())) >= 0]

    spans = found([*names, *focus])
    if not spans:
        start, end = 0, width
    else:
        start, end = min(a for a, _ in spans), max(b for _, b in spans)
        if end - start > width:
            start, end = min(found(list(focus)) or spans)
        pad = max(0, width - (end - start)) // 2
        start, end = max(0, start - pad), min(len(text), end + pad)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return (
        ("…" if start > 0 else "")
        + text[start:end].strip(" ,;:")
        + ("…" if end < len(text) else "")
    )


def link_target(line: str) -> str | None:
    """The note a bullet links to first (`- [[openai|OpenAI]] — ...` -> "openai")."""
    m = _LINK.search(line)
    return m.group(1).strip().casefold() if m else None


def quote_line(sentence: str, source_id: str, source_title: str) -> str:
    """A Mentions bullet: the sentence in quotes, then the link to its source note."""
    text = " ".join(sentence.split()).replace("[[", "[").replace("]]", "]")
    return f"- “{text}” — {wikilink(source_id, source_title)}"


@dataclass
class NotePlan:
    """What ingest wants a note to contain; merged into whatever the note holds now."""

    title: str
    type: str
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    summary: str | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)  # section -> bullet lines
    extra_meta: dict[str, Any] = field(default_factory=dict)  # origin, file, digest (sources)


def _add(items: list[str], new: list[str], key: Any = str.casefold) -> list[str]:
    out = list(items)
    seen = {key(i) for i in out}
    for item in new:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def split_sections(body: str) -> tuple[str, list[tuple[str | None, list[str]]]]:
    """(text before the first `##` section, [(section name, its lines)])."""
    lines = body.strip("\n").split("\n") if body.strip() else []
    head: list[str] = []
    sections: list[tuple[str | None, list[str]]] = []
    for line in lines:
        m = _SECTION.match(line)
        if m:
            sections.append((m.group("name").strip(), []))
        elif sections:
            if _ANY_HEADING.match(line):
                sections.append((None, [line]))  # a `#` heading: not a section of ours
            else:
                sections[-1][1].append(line)
        else:
            head.append(line)
    return "\n".join(head).strip("\n"), sections


def _render_body(head: str, sections: list[tuple[str | None, list[str]]]) -> str:
    parts = [head] if head.strip() else []
    for name, lines in sections:
        content = "\n".join(lines).strip("\n")
        if name is None:
            parts.append(content)
        else:
            parts.append(f"## {name}\n\n{content}" if content else f"## {name}")
    return "\n\n".join(parts)


def merge_body(body: str, plan: NotePlan) -> str:
    """The body with the plan's bullets added to the machine sections; all else kept."""
    head, sections = split_sections(body)
    if not head.strip() and plan.summary:
        head = plan.summary
    names = [name.casefold() if name else None for name, _ in sections]
    for section, bullets in plan.sections.items():
        if not bullets:
            continue
        if section.casefold() in names:
            i = names.index(section.casefold())
            lines = [ln for ln in sections[i][1]]
            while lines and not lines[-1].strip():
                lines.pop()
            present = {ln.strip() for ln in lines}
            linked = {link_target(ln) for ln in lines} - {None}
            for b in bullets:
                if b.strip() in present:
                    continue
                if section.casefold() in _ONE_PER_LINK and link_target(b) in linked:
                    continue
                lines.append(b)
                present.add(b.strip())
                linked.add(link_target(b))
            sections[i] = (sections[i][0], lines)
        else:
            fresh: list[str] = []
            for b in dict.fromkeys(bullets):
                target = link_target(b)
                if (
                    section.casefold() in _ONE_PER_LINK
                    and target
                    and any(link_target(f) == target for f in fresh)
                ):
                    continue
                fresh.append(b)
            sections.append((section, ["", *fresh]))
            names.append(section.casefold())
    return _render_body(head, sections)


def merge_meta(meta: dict[str, Any], plan: NotePlan, *, new: bool) -> dict[str, Any]:
    """Front matter with the plan's aliases and sources added; a new note gets it all."""
    out = dict(meta)
    if new:
        out.update(title=plan.title, type=plan.type)
        if plan.tags:
            out["tags"] = list(plan.tags)
        out.update(plan.extra_meta)
    aliases = out.get("aliases", out.get("alias")) or []
    if isinstance(aliases, str):
        aliases = [aliases]
    title = str(out.get("title") or plan.title)
    fresh = [a for a in plan.aliases if a.casefold() != title.casefold()]
    merged = _add([str(a) for a in aliases], fresh)
    if merged:
        out["aliases" if "alias" not in out else "alias"] = merged
    if plan.sources:
        sources = out.get("sources") or []
        sources = [sources] if isinstance(sources, str) else [str(s) for s in sources]
        out["sources"] = _add(sources, plan.sources, key=str)
    return out


def merge_note(existing: str | None, plan: NotePlan) -> str:
    """The note's new text: `plan` merged into `existing` (None: a new note)."""
    if existing is None:
        return render_note(merge_meta({}, plan, new=True), merge_body("", plan))
    meta, body, _, warning = split_front_matter(existing)
    if warning:
        return existing  # unreadable front matter: leave the note as the person wrote it
    new_meta = merge_meta(meta, plan, new=False)
    new_body = merge_body(body, plan)
    if new_meta == meta and new_body.strip("\n") == body.strip("\n"):
        return existing
    return render_note(new_meta, new_body)
