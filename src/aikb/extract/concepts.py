"""Stage 3: concepts, models and papers the text introduces by name.

Each finder is a pattern a reader would use too: acronyms defined in the text, things
"called X", quoted terms with a head noun ("the 'speculative sampling' approach"),
coined names (CamelCase, names with a version number), and paper titles after
"Read more:" or "a paper titled ...".
"""

from __future__ import annotations

import re

from aikb.extract.model import Candidate

_ACRONYM = re.compile(
    r"\(\s*(?:or\s+|aka\s+|a\.k\.a\.\s+|i\.e\.\s+)?(?P<acr>[A-Z][A-Za-z0-9&\-]{1,9}?)(?P<pl>s?)\s*\)"
)
_COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|Labs?|Technologies|University|Institute|"
    r"Foundation|Laboratory|Laboratories|Research|College|Group|Company)\b\.?$"
)
_CALLED = re.compile(
    r"\b(?P<cue>(?:[A-Za-z\-]+[ \t]+){0,3}?)"
    r"(?:called|named|dubbed|known[ \t]+as|nicknamed|titled)[ \t]+(?:the[ \t]+)?"
    r"(?:[\"“'‘](?P<q>[^\"”'’\n]{2,80}?)[\"”'’]"
    r"|(?P<n>[A-Z][\w\-.]*[\w](?:[ \t]+[A-Z0-9][\w\-]*){0,3}))"
)
_QUOTED_HEAD = re.compile(
    r"[\"“'‘](?P<term>[a-z][a-z0-9\- ]{2,40}?)[\"”'’]\s+(?P<head>approach|method|technique|"
    r"algorithm|model|architecture|framework|trick|paradigm|scheme|objective|procedure)s?\b"
)
_QUOTED_NAME = re.compile(
    r"(?<![\w])[\"“'‘](?P<name>[A-Z][\w\-.]*[A-Za-z0-9](?:\s[A-Z0-9][\w\-]*){0,2})[\"”'’](?![\w])"
)
_NAME_HEAD = re.compile(
    r"\b(?P<name>[A-Z][\w\-]*[A-Za-z0-9](?:[ \t]+[A-Z0-9][\w\-]*){0,2}?)[ \t]+(?P<head>(?i:model|"
    r"models|benchmark|dataset|chip|GPU|library|framework|agent|system|tool|kernels?)\b|"
    r"(?P<part>(?i:network|architecture|algorithm|optimi[sz]er|initiali[sz]ation)\b))"
)
# Coined names: inner capitals (DeepMind, HumanEval), or a version number (GPT-2, Gemma 2).
_SHAPE = re.compile(
    r"(?<![\w\-.])(?P<name>(?:[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]+|[A-Z]{2,}[a-z]+[A-Za-z]*)"
    r"(?:[\-.]?\d+(?:\.\d+)?[A-Za-z]?)?|[A-Za-z][A-Za-z]+-\d+(?:\.\d+)?[A-Za-z]?(?:-[a-z]+)*"
    r"|[A-Z][A-Za-z]+\d+"
    r"|[A-Z][a-z]+\s\d(?:\.\d)?(?=\s+(?:model|[a-z]+\s+model)))(?![\w\-])"
)
_READ_MORE = re.compile(
    r"^(?:read\s+more|read\s+the\s+(?:paper|research|study|report|post|blog\s+post)|paper|"
    r"arxiv|source\s+paper)\s*:\s*(?P<title>[^()\n]{8,200}?)\s*\((?P<venue>[^()\n]{2,60})\)\s*\.?\s*$",
    re.IGNORECASE,
)
_PAPER_QUOTE = re.compile(
    r"\b(?:paper|preprint|study|article|report)\s*(?:,?\s+(?:titled|entitled|called)|:)\s*"
    r"[\"“](?P<title>[^\"”\n]{8,200})[\"”]"
)
_STARTERS = {
    "The", "A", "An", "If", "This", "That", "These", "Those", "When", "While", "And", "But",
    "Our", "Their", "Its", "In", "On", "For", "With", "As", "So", "Then", "Some", "Most",
}  # fmt: skip
_PUBLICATION = r"(?:weekly\s+|daily\s+|monthly\s+)?(?:newsletter|podcast|blog|show|digest)"
_NAME = r"[A-Z][\w.\-]*(?:[ \t]+[A-Z0-9][\w.\-]*){0,3}"
_SELF_NAME = re.compile(
    r"\b(?:Welcome\s+to|Subscribe\s+to|You(?:'re|’re|\s+are)\s+reading)\s+(?:the\s+)?"
    rf"(?P<a>{_NAME})|(?P<b>{_NAME}),?\s+(?:is\s+)?an?\s+{_PUBLICATION}\b"
)
_COMPANY_CUES = {
    "company", "startup", "start-up", "lab", "laboratory", "organization", "organisation",
    "firm", "nonprofit", "non-profit", "university", "institute", "group", "maker", "team",
}  # fmt: skip
_PERSON_CUES = {"researcher", "scientist", "engineer", "founder", "ceo", "professor", "author"}


_CONCEPT_CUES = {
    "model", "tool", "benchmark", "dataset", "method", "technique", "process", "system",
    "task", "architecture", "algorithm", "chip", "approach", "program", "library", "framework",
    "network", "game", "environment", "language", "product", "app", "service", "test",
}  # fmt: skip


def _cue_type(cue: str) -> str | None:
    """The type the words before "called X" give X, if they give one."""
    words = {w.lower().strip(".,") for w in cue.split()}
    if words & _COMPANY_CUES:
        return "company"
    if words & _PERSON_CUES:
        return "person"
    if words & _CONCEPT_CUES:
        return "concept"
    return None


def best_long_form(acr: str, before: str) -> str | None:
    """The long form `acr` abbreviates at the end of `before` (Schwartz & Hearst, 2003).

    Walks the acronym's letters right to left, each found in the text right to left; the
    first letter must start a word. At most min(n + 5, 2n) words, n the acronym's length.
    """
    letters = [c.lower() for c in acr if c.isalnum()]
    words = before.split()
    limit = min(len(letters) + 5, 2 * len(letters))
    text = " ".join(words[-limit:])
    li = len(text) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        while li >= 0 and (
            text[li].lower() != c or (si == 0 and li > 0 and text[li - 1].isalnum())
        ):
            li -= 1
        if li < 0:
            return None
        li -= 1
    start = text.rfind(" ", 0, li + 2) + 1
    long = text[start:].strip(" ,;:")
    initials = {w[0].lower() for w in re.split(r"[\s\-/]+", long) if w}
    # most letters must start a word of the long form, or it is a chance match
    if sum(c in initials for c in letters) * 2 < len(letters) or long.lower() == acr.lower():
        return None
    return long


def find_acronyms(text: str) -> list[Candidate]:
    """Acronyms the text defines: "Long Form (LF)", "Long Form (or LF)".

    Returns both the long form and the acronym; the acronym's `alias_of` names the long form.
    """
    out: list[Candidate] = []
    for m in _ACRONYM.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() for c in acr) < 2 or acr.isdigit():
            continue
        before = text[max(0, m.start() - 160) : m.start()].split("\n")[-1]
        long = best_long_form(acr, before.rstrip())
        if not long:
            continue
        start = m.start() - len(before) + before.rstrip().rfind(long)
        end = start + len(long)
        kind = "company" if _COMPANY_SUFFIX.search(long) else None
        out.append(Candidate(start, end, long, kind, "acronym", strong=True))
        a, b = m.start("acr"), m.end("pl")
        out.append(Candidate(a, b, text[a:b], kind, "acronym", strong=True, alias_of=long))
    return out


def find_named(text: str) -> list[Candidate]:
    """Things the text names explicitly: "a benchmark called XSum", "the 'speculative
    sampling' approach", "the Chinchilla model", and quoted names like 'Whisper'."""
    out: list[Candidate] = []
    for m in _CALLED.finditer(text):
        group = "q" if m.group("q") else "n"
        name = m.group(group).strip(" .,;:")
        if len(name) < 2 or len(name.split()) > 5:
            continue
        start = m.start(group)
        if name[0].islower() and len(name.split()) > 3:
            continue
        out.append(Candidate(start, start + len(name), name, _cue_type(m.group("cue")),
                             "pattern", strong=True))  # fmt: skip
    for m in _QUOTED_HEAD.finditer(text):
        out.append(Candidate(m.start("term"), m.end("term"), m.group("term"), "concept",
                             "pattern", strong=True))  # fmt: skip
    for m in _QUOTED_NAME.finditer(text):
        out.append(Candidate(m.start("name"), m.end("name"), m.group("name"), None, "pattern"))
    for m in _NAME_HEAD.finditer(text):
        start, name = m.start("name"), m.group("name")
        first = name.split()[0]
        if first in _STARTERS:  # "The Elman network", "If AI models"
            if " " not in name:
                continue
            start += len(first) + 1
            name = text[start : m.end("name")].lstrip()
        before = text[max(0, start - 3) : start].rstrip(" \t")
        # "Small models": a capital that only starts a sentence is no name
        if not coined(name) and not (before[-1:].isalpha() and before[-1:].islower()):
            continue
        # "Elman network", "Hessian Free Optimizer": the head is part of the name
        end = m.end("part") if m.group("part") else m.end("name")
        out.append(Candidate(start, end, text[start:end], "concept", "pattern"))
    for m in _SHAPE.finditer(text):
        out.append(Candidate(m.start("name"), m.end("name"), m.group("name"), None, "shape"))
    return out


def coined(name: str) -> bool:
    """DeepMind, GPT-2, phi-2: a word with inner capitals (not an acronym), or a number."""
    return any(c.isdigit() for c in name) or any(
        any(c.isupper() for c in w[1:]) and not w.isupper() for w in name.split()
    )


def find_self_names(text: str) -> list[Candidate]:
    """The publication's own name ("Welcome to Import AI, a newsletter about ..."): never
    a note, like a byline. Returned as `ignore` candidates, which drop the whole entity."""
    out = []
    for m in _SELF_NAME.finditer(text[:2000]):
        group = "a" if m.group("a") else "b"
        name = m.group(group).rstrip(".,")
        start = m.start(group)
        out.append(Candidate(start, start + len(name), name, "ignore", "pattern", strong=True))
    return out


def find_paper_titles(text: str, lines: list[tuple[int, int]]) -> list[Candidate]:
    """Paper and post titles: "Read more: <Title> (arXiv)." lines, "a paper titled "..."."""
    out: list[Candidate] = []
    for start, end in lines:
        line = text[start:end]
        lead = len(line) - len(line.lstrip())
        m = _READ_MORE.match(line.strip())
        if not m:
            continue
        title = m.group("title").strip()
        words = title.split()
        if len(words) < 3 or not title[0].isupper() or words[0].lower() in {"in", "about", "at"}:
            continue
        s = start + lead + m.start("title")
        out.append(Candidate(s, s + len(title), title, "paper", "title", strong=True))
    for m in _PAPER_QUOTE.finditer(text):
        title = m.group("title").strip()
        if len(title.split()) >= 3:
            out.append(Candidate(m.start("title"), m.start("title") + len(title), title,
                                 "paper", "title", strong=True))  # fmt: skip
    return out
