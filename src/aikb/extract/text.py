"""Preparing a text: title and origin, noise blanked out, sentences, headings.

Blanking keeps every offset: stages work on the masked text and quote the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from aikb.extract.concepts import capitalised, title_case
from aikb.extract.model import Sentence

_SOURCE_LINE = re.compile(r"^\s*(?:source|url|origin)\s*:\s*(?P<url>\S+)\s*$", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|(?<![\w@])@\w+")
_TIMESTAMP = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b|\[\d{1,2}:\d{2}(?::\d{2})?\]")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|[-*+–—•]\s|>\s?|\d+[.)]\s)|#{2,}|\*{1,3}|_{2,}|`+|\|")
_HEADING_MD = re.compile(r"^\s*#{1,6}\s+\S")
# "Why it matters: ...", "Introduction to X: ..." - a lead-in label before the running text.
_LABEL = re.compile(r"^\s*(?P<label>[A-Z0-9\"“'‘][^:.!?\n]{1,90}?):\s+(?=\S)")
_CLAUSE = re.compile(r"\b(?:is|are|was|were|has|have|had)\b")
_SENT_END = re.compile(
    r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])|\.{2,}\s+|\s+[–—-]{1,2}\s+(?=[A-Z])"
)
_ABBREV = re.compile(
    r"(?:\b(?:Inc|Corp|Ltd|Co|Mr|Mrs|Ms|Dr|Prof|St|vs|etc|al|et|e\.g|i\.e|approx|No|Fig|Jr|Sr|U\.S|U\.K|Ep|Vol|Nos|pp|Sec)\.|\b[A-Z]\.)$"
)
_WORD = re.compile(r"\w[\w'’\-]*")


@dataclass(frozen=True, slots=True)
class Document:
    """A text ready for the stages: the original, its masked twin, and its sentences."""

    text: str
    masked: str
    title: str
    origin: str | None
    sentences: list[Sentence]
    words: int


def normalise(text: str) -> str:
    """NFC, no BOM, `\\n` line ends. Every later offset indexes this string."""
    text = text.removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _is_symbol(ch: str) -> bool:
    """Emoji and other pictographs, with the selectors and joiners that shape them."""
    return (
        unicodedata.category(ch) in ("So", "Sk", "Cs", "Co")
        or ord(ch) > 0xFFFF
        or ch in "\ufe0e\ufe0f\u200d"
    )


def mask(text: str) -> str:
    """The text with URLs, e-mail addresses, @handles, timestamps, Markdown markup and
    emoji replaced by spaces, so no stage reads them as names; offsets are kept."""
    text = _URL.sub(_blank, text)
    text = _TIMESTAMP.sub(_blank, text)
    lines = [_MARKUP.sub(_blank, line) for line in text.split("\n")]
    return "".join(" " if _is_symbol(c) else c for c in "\n".join(lines))


def _is_heading(line: str, raw: str) -> bool:
    """A line that names a section rather than saying something."""
    if _HEADING_MD.match(raw):
        return True
    words = _WORD.findall(line)
    if not words or len(words) > 14:
        return False
    stripped = line.strip()
    if stripped[-1] in '.!?…"”’)' and not stripped.endswith("..."):
        return False
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return len(words) <= 3 or caps >= len(words) / 2 or not stripped[-1].isalnum()


def _is_label(text: str) -> bool:
    """ "Why it matters", "Cost Functions in Deep Learning": a lead-in, not a clause
    ("Hassabis describes Gemini as natively multimodal: ...")."""
    if sum(text.count(q) for q in '"“”') % 2 or _CLAUSE.search(text):
        return False  # 'his paper, "Title: Subtitle"', "Decoding is memory-bound: ..."
    words = _WORD.findall(text)
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return 0 < len(words) <= 4 or (len(words) <= 10 and caps * 2 >= len(words))


def _split_sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of one stretch of running text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if _ABBREV.search(text[start : m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append((offset + s + lead, offset + s + trail))
    return out


_HEADING_MARKUP = re.compile(r"^(?:[#>*_\-+•]+\s*)+|[*_]{2,}")


def _sentence(text: str, start: int, end: int, heading: bool) -> Sentence:
    words = " ".join(text[start:end].split())
    if heading:  # "## 1. **Title**" is quoted as "1. Title"
        words = _HEADING_MARKUP.sub("", words).strip() or words
    return Sentence(start, end, words, heading)


def _front_matter(text: str) -> tuple[dict[str, object], int]:
    """Markdown input: its YAML front matter (if any) and where the body starts."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---", 4)
    if end < 0:
        return {}, 0
    import yaml

    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return {}, 0
    nl = text.find("\n", end + 4)
    return (meta if isinstance(meta, dict) else {}), (len(text) if nl < 0 else nl + 1)


# Lines above a title that are not it: calls to subscribe or follow, bylines, dates,
# reading times, "Show notes".
_BOILERPLATE = re.compile(
    r"\b(?:subscribe|follow\s+(?:us|me)|feedback|comments?\b.*\?|ping\s+me|tweet|"
    r"share\s+(?:this|it)|forward\s+(?:this|it)|sign\s+up|welcome\s+to|min(?:ute)?s?\s+read|"
    r"read(?:ing)?\s+time|show\s+notes|table\s+of\s+contents|listen\s+(?:on|now)|"
    r"(?:posted|published|updated)\s+(?:on|at|by)?\s*\w*\s*\d)|^\W*(?:by|written\s+by)\s+[A-Z]",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^[\W\d]*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\W\d]*)+$",
    re.IGNORECASE,
)
_TITLE_LINES = 8  # how far down a text its title line may be
_TITLE_WORDS = 14


def _title_line(text: str, masked: str, start: int) -> int:
    """Where the title line starts: the first line near the top, after a `SOURCE:` line,
    that is neither boilerplate nor a paragraph; else the first line."""
    pos, first, seen = start, -1, 0
    for raw in text[start:].split("\n"):
        line = masked[pos : pos + len(raw)]
        here, pos = pos, pos + len(raw) + 1
        if not line.strip() or (seen == 0 and _SOURCE_LINE.match(raw)):
            continue
        seen += 1
        first = here if first < 0 else first
        if seen > _TITLE_LINES:
            break
        if not _WORD.search(line) or _BOILERPLATE.search(line) or _DATE_LINE.match(line.strip()):
            continue
        if len(_WORD.findall(line)) <= _TITLE_WORDS or len(_split_sentences(line, 0)) == 1:
            return here
        break  # a paragraph: the text has begun, and had no title line of its own
    return first


def _clean_title(line: str) -> str:
    """A title from its (masked) line: no markup or stray punctuation; a first paragraph
    gives its first sentence."""
    title = " ".join(line.split()).strip(" -–—:|·•")
    if len(title.split()) > _TITLE_WORDS:
        first = _split_sentences(title, 0)[0]
        title = title[first[0] : first[1]]
    return title


def prepare(text: str) -> Document:
    """Split a text into what the stages need. Pure."""
    text = normalise(text)
    meta, body_start = _front_matter(text)
    masked = " " * body_start + mask(text[body_start:])
    origin = meta.get("source") or meta.get("url") or meta.get("origin")
    origin = str(origin) if origin else None
    title = str(meta["title"]).strip() if meta.get("title") else ""

    sentences: list[Sentence] = []
    pos = body_start
    first_line = True
    title_at = -1 if title else _title_line(text, masked, body_start)
    for raw in text[body_start:].split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = masked[start:end]
        if not raw.strip():
            continue
        if first_line and (m := _SOURCE_LINE.match(raw)):
            origin = origin or m.group("url")
            masked = masked[:start] + " " * len(raw) + masked[end:]
            first_line = False
            continue
        first_line = False
        if not line.strip():
            continue
        if start == title_at:
            title = _clean_title(line)
            sentences.append(_sentence(text, start, end, True))
            continue
        if start < title_at:  # boilerplate above the title: a byline, "Follow me", ...
            sentences.append(_sentence(text, start, end, True))
            continue
        if _is_heading(line, raw):
            sentences.append(_sentence(text, start, end, True))
            continue
        body_from = start
        # "DeepSeek-R1: Incentivizing Reasoning ... (github.com)", "**Name: subtitle**": a
        # title, not a lead-in
        m = _LABEL.match(line)
        rest = line[m.end() :].split("(")[0].strip(" .") if m else ""
        if (
            m
            and _is_label(m.group("label"))
            and not (capitalised(m.group("label")) and title_case(rest))
            and raw[: m.end("label")].count("**") % 2 == 0
        ):
            sentences.append(_sentence(text, start, start + m.end("label"), True))
            body_from = start + m.end()
        for s, e in _split_sentences(masked[body_from:end], body_from):
            sentences.append(_sentence(text, s, e, False))
    words = len(_WORD.findall(masked))
    return Document(text, masked, title[:200] or "Untitled text", origin, sentences, words)
