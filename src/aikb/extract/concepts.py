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
# "long form or LF"
_OR_ACRONYM = re.compile(r"[ \t]+or[ \t]+(?P<acr>[A-Z][A-Z0-9&\-]{1,9}?)(?P<pl>s?)(?![\w\-])")
# "LF (long form, ...)"
_ACRONYM_FIRST = re.compile(
    r"(?<![\w\-])(?P<acr>[A-Z][A-Za-z0-9&\-]{1,9}?)(?P<pl>s?)[ \t]+"
    r"\((?P<long>[A-Za-z][^()\n]{3,160})\)"
)
_CAPITALS = re.compile(r"(?<![\w\-.])(?P<acr>[A-Z]{3,6})(?P<pl>s?)(?![\w\-])")
_COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|Labs?|Technologies|University|Institute|"
    r"Foundation|Laboratory|Laboratories|Research|College|Group|Company)\b\.?$"
)
_CALLED = re.compile(
    r"\b(?P<cue>(?:[A-Za-z\-]+[ \t]+){0,3}?)"
    r"(?:called|named|dubbed|known[ \t]+as|nicknamed|titled|(?:we|they|I)[ \t]+call)[ \t]+"
    r"(?:the[ \t]+)?(?:[\"“'‘](?P<q>[^\"”'’\n]{2,80}?)[\"”'’]"
    r"|(?P<n>[A-Z][\w\-.]*[\w](?:[ \t]+[A-Z0-9][\w\-]*){0,3})"
    # "a stage we call mid-training, ...": a lower-case term up to the clause's end
    r"|(?<=call[ \t])(?P<l>[a-z][\w\-]+(?:[ \t]+[a-z][\w\-]+){0,2})(?=[,.;:)]))"
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
    r"models|benchmarks?|datasets?|corpus|chips?|GPUs?|library|framework|agents?|systems?|tools?|"
    r"kernels?)\b|"
    r"(?P<part>(?i:network|architecture|algorithm|optimi[sz]er|initiali[sz]ation)\b))"
)
# A word that may be a coined name: letters and digits joined by hyphens or dots
# ("DeepMind", "DeepSeek-R1-Distill-Llama-70B", "Qwen2.5-Coder", "o3-mini", "GPT-4.5").
_TOKEN = re.compile(r"(?<![\w\-.])[A-Za-z][A-Za-z0-9]*(?:[\-.][A-Za-z0-9]+)*(?![\w\-])")
# Hyphenated endings that describe rather than name: "DeepSeek-style", "OpenAI-compatible".
_DESCRIBING_TAIL = re.compile(
    r"(?:-(?:style|like|based|powered|level|class|sized|scale|grade|compatible|native|first|"
    r"only|specific|generated|driven|trained|tuned|ready|friendly|related|centric))+$"
)
# "Gemma 2 model": a capitalised name and a small version before "model".
_SPACED_VERSION = re.compile(r"(?<![\w\-.])[A-Z][a-z]+\s\d(?:\.\d)?(?=\s+(?:model|[a-z]+\s+model))")
_YEAR = re.compile(r"(?:19|20)\d\d")


def coined_word(word: str) -> bool:
    """Whether one word looks coined rather than English: inner capitals in a part
    ("DeepSeek-V3", "xLSTM"), or letters with a version number ("GPT-4.5", "o3-mini",
    "H100"). Not: "Fei-Fei", "McDonald", acronyms, "mid-2024", a letter and one or two
    digits ("Q3")."""
    parts = [re.sub(r"(?<=[A-Z])s$", "", p) for p in re.split(r"[-.]", word)]  # "SDKs"
    parts = [re.sub(r"^Ma?c(?=[A-Z])", "", p) for p in parts]  # "McDonald": a surname
    if any(any(c.isupper() for c in p[1:]) and not p.isupper() for p in parts):
        return True
    if not any(c.isdigit() for c in word):
        return False
    if len(parts) == 1 and re.fullmatch(r"[A-Za-z]\d{1,2}", word):
        return False  # "Q3", "H1", "R1": too short to tell from a quarter or a half
    letters = [p for p in parts if p.isalpha()]
    numbers = [p for p in parts if p.isdigit()]
    return not (letters and all(p.islower() for p in letters) and numbers
                and all(_YEAR.fullmatch(p) for p in numbers))  # fmt: skip


def find_coined(text: str) -> list[Candidate]:
    """Coined names: words with inner capitals or with a version number (see `coined_word`)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = _DESCRIBING_TAIL.sub("", m.group())
        if re.fullmatch(r"[vV]\d+(?:\.\d+)*", word) or not coined_word(word):
            continue  # "v3.8.0": a release, not a name
        out.append(Candidate(m.start(), m.start() + len(word), word, None, "shape"))
    for m in _SPACED_VERSION.finditer(text):
        out.append(Candidate(m.start(), m.end(), m.group(), None, "shape"))
    return out


# A name with a version or a size: "OLMo 2", "Llama 3.1 8B", "Ministral 8B", "Claude 3.5
# Sonnet", "SB 1047". The size and a variant word may follow the version.
_VERSIONED = re.compile(
    r"(?<![\w.\-])(?P<name>[A-Z][\w\-]*(?:\.\d+[\w\-]*)*[A-Za-z])"
    r"(?P<ver>[ \t]+v?\d+(?:\.\d+)*[a-z]?(?![\w.]|\.\d))?"
    r"(?P<size>[ \t]+\d+(?:\.\d+)?(?:x\d+)?[BMKT](?![\w\-]))?"
    r"(?P<variant>[ \t]+(?!(?:The|A|An|And|Or|But|In|On|Of|For|With|To|At|By|As|It|We)\b)"
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b(?![\-'’])(?:[ \t]+[IVX]+\b)?)?"
)
# Words a number follows that are not names: "Episode 87", "May 2023", "Figure 3".
_NOT_VERSIONED = {
    "episode", "ep", "issue", "part", "section", "chapter", "figure", "fig", "table", "step",
    "stage", "phase", "version", "season", "week", "day", "year", "level", "round", "vol",
    "volume", "no", "number", "top", "page", "line", "item", "appendix", "question", "rule",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "the", "a", "an", "in", "on", "at", "for", "with", "by",
    "of", "to", "from", "and", "or", "than", "over", "under", "about", "around", "nearly",
    "only", "just", "all", "some", "its", "their", "our", "his", "her", "up", "down",
}  # fmt: skip
_TAIL_OF_NAME = re.compile(
    r"(?<![.!?:]\s)\b(?!(?:The|In|On|At|For|With|And|But|A|An)\b)[A-Z][\w\-]*[ \t]+$"
)
_READ_MORE = re.compile(
    r"^(?:read\s+more|read\s+the\s+(?:paper|research|study|report|post|blog\s+post)|paper|"
    r"arxiv|source\s+paper)\s*:\s*(?P<title>[^()\n]{8,200}?)\s*\((?P<venue>[^()\n]{2,60})\)\s*\.?\s*$",
    re.IGNORECASE,
)
# "a paper titled "X"", "his best-known paper, "X"", "a new paper from Google, "X""
_PAPER_QUOTE = re.compile(
    r"\b(?:paper|preprint|study|article|report)\b(?:\s+(?:from|by)\s+[A-Z][^,\"“\n]{1,40})?"
    r"\s*(?:,?\s+(?:titled|entitled|called)|:|,)?\s*[\"“](?P<title>[^\"”\n]{8,200})[\"”]"
)
# A heading that a paper's metadata follows: "## 1. Title" then "Authors: ...", "arXiv: ..."
_PAPER_META = re.compile(
    r"^\W*(?:authors?|arxiv|venue|doi|published\s+(?:in|at)|conference)\b\W*[:\s]",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\W*(?:\d+[.)]|[IVX]+\.)?\s*")
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


def _acronym_pair(text: str, acr: tuple[int, int], long: tuple[int, int]) -> list[Candidate]:
    """The long form and the acronym, as candidates that name one entity."""
    name = text[long[0] : long[1]]
    kind = "company" if _COMPANY_SUFFIX.search(name) else None
    if kind is None and name.split()[-1].lower().rstrip("s") in _CONCEPT_CUES:
        kind = "concept"  # "Liquid Foundation Models (LFMs)"
    return [
        Candidate(long[0], long[1], name, kind, "acronym", strong=True),
        Candidate(acr[0], acr[1], text[acr[0] : acr[1]], kind, "acronym", strong=True,
                  alias_of=name),
    ]  # fmt: skip


def find_acronyms(text: str) -> list[Candidate]:
    """Acronyms the text defines: "Long Form (LF)", "Long Form (or LF)", "long form or
    LF", and the other way round, "LF (long form, which ...)".

    Returns both the long form and the acronym; the acronym's `alias_of` names the long form.
    """
    out: list[Candidate] = []
    for m in [*_ACRONYM.finditer(text), *_OR_ACRONYM.finditer(text)]:
        acr = m.group("acr")
        if sum(c.isupper() for c in acr) < 2 or acr.isdigit():
            continue
        before = text[max(0, m.start() - 160) : m.start()].split("\n")[-1]
        long = best_long_form(acr, before.rstrip())
        if not long:
            continue
        start = m.start() - len(before) + before.rstrip().rfind(long)
        out += _acronym_pair(text, (m.start("acr"), m.end("pl")), (start, start + len(long)))
    for m in _ACRONYM_FIRST.finditer(text):
        acr, inside = m.group("acr"), m.group("long")
        if sum(c.isupper() for c in acr) < 2:
            continue
        # the words up to the first comma, semicolon or dash: "GRPO (group relative
        # policy optimization, a PPO variant ...)"
        long = re.split(r"[,;:]|\s[-–—]\s", inside)[0].strip()
        if best_long_form(acr, long) != long or len(long.split()) > len(acr) + 2:
            continue
        start = m.start("long") + inside.index(long)
        out += _acronym_pair(text, (m.start("acr"), m.end("pl")), (start, start + len(long)))
    return out


def find_initialisms(text: str, spans: list[Candidate], known: frozenset[str]) -> list[Candidate]:
    """Capitals that spell the initials of a name the text wrote shortly before, undefined:
    "Stochastic Taylor Derivative Estimator ... STDE makes ...", "Sparse autoencoders ...
    SAE features". The name is a run of capitalised words, one per letter, or one of
    `spans` (lower-case terms). Acronyms in `known` (folded) are left to the dictionary."""
    out: list[Candidate] = []
    defined: set[str] = set()
    for m in _CAPITALS.finditer(text):
        acr = m.group("acr")
        if acr in defined or acr.lower() in known or text[m.start() - 1 : m.start()] == "(":
            continue
        window = max(0, m.start() - 600)
        long = _title_initials(text, acr, window, m.start())
        if long is None:
            for c in sorted(spans, key=lambda c: -c.start):
                if (
                    window <= c.start
                    and c.end <= m.start()
                    and c.surface[1:].islower()  # a term, maybe starting a sentence
                    and best_long_form(acr, c.surface) == c.surface
                    and acr[-1].lower() in c.surface.split()[-1].lower()
                    and len(c.surface.split()) >= len(acr) - 1
                ):
                    long = (c.start, c.end)
                    break
        if long is not None:
            defined.add(acr)
            out += _acronym_pair(text, (m.start("acr"), m.end("pl")), long)
    return out


def _title_initials(text: str, acr: str, start: int, end: int) -> tuple[int, int] | None:
    """The last run of capitalised words in `text[start:end]` whose initials are `acr`."""
    pattern = r"(?<![\w\-])" + r"[ \t\-]+".join(rf"{c}[a-z]+" for c in acr) + r"(?![\w\-])"
    hits = list(re.finditer(pattern, text[start:end]))
    return (start + hits[-1].start(), start + hits[-1].end()) if hits else None


# A phrase set off in bold or italics: "**Structured outputs** checks", "*LLM-as-a-judge*"
_EMPHASIS = re.compile(
    r"(?<![\w*_])(?P<m>\*\*|__|\*|_)(?P<t>[^\s*_](?:[^*_\n]{0,60}[^\s*_.:,;!?])?)(?P=m)(?![\w*_])"
)
# Eponyms: "Moravec's paradox", "the Jevons paradox", "Goodhart's law"
_EPONYM = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:['’]s?)?[ \t]+(?:paradox|law|theorem|principle|razor|conjecture|"
    r"hypothesis|lemma|inequality|dilemma|curse|bound))\b"
)


def find_emphasised(text: str) -> list[Candidate]:
    """Terms the writer sets off in bold or italics, lower-case ones (a capitalised first
    word allowed): "**Structured outputs**", "**LLM-as-a-judge**". Names in bold are
    left to the stages that find names."""
    out: list[Candidate] = []
    for m in _EMPHASIS.finditer(text):
        term = m.group("t")
        words = term.split()
        rest = " ".join(words[1:])
        if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in term):
            continue
        if not (rest == rest.lower() or all(w.isupper() or w.islower() for w in words[1:])):
            continue  # a name in bold: "Claude 3.7 Sonnet", "OpenAI Agents SDK"
        if words[0][1:] != words[0][1:].lower() and not re.search(r"[a-z]-[a-z]", term):
            continue  # "OpenTelemetry", "GPT-4.5"; but "LLM-as-a-judge" is a term
        if len(words) == 1 and "-" not in term:
            continue  # "*not*", "**very**": emphasis, not a term
        out.append(Candidate(m.start("t"), m.end("t"), term, "concept", "pattern", strong=True))
    return out


def find_named(text: str) -> list[Candidate]:
    """Things the text names explicitly: "a benchmark called XSum", "the 'speculative
    sampling' approach", "the Chinchilla model", and quoted names like 'Whisper'."""
    out: list[Candidate] = []
    for m in _CALLED.finditer(text):
        group = "q" if m.group("q") else "l" if m.group("l") else "n"
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
    for m in _EPONYM.finditer(text):
        out.append(Candidate(m.start("name"), m.end("name"), m.group("name"), "concept",
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
        # "Elman network", "Hessian Free Optimizer", "Preparedness Framework": the head is
        # part of the name
        part = m.group("part") or (m.group("head") if m.group("head").istitle() else None)
        end = m.end("name") + (m.end() - m.end("name") if part else 0)
        out.append(Candidate(start, end, text[start:end], "concept", "pattern"))
    return out + find_coined(text)


def find_versions(text: str, names: set[str], orgs: set[str]) -> list[Candidate]:
    """Names with a version or a size ("OLMo 2 Instruct", "Llama 3.1 8B", "SB 1047").

    A bare "Name 3" counts when the name is coined or an acronym, when the text writes it
    with that version twice, or when `names` (things other stages found) has the name; a
    size ("8B") is enough on its own. No version: a year ("in May 2023"), a number after
    a company or person in `orgs` ("took Microsoft 14 days"), the tail of a longer name
    ("Import AI 290").
    """
    out: list[Candidate] = []
    counts: dict[str, int] = {}
    found = []
    for m in _VERSIONED.finditer(text):
        if not (m.group("ver") or m.group("size")) or m.group("name").lower() in _NOT_VERSIONED:
            continue
        if m.group("name") in orgs or _TAIL_OF_NAME.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            continue
        ver = (m.group("ver") or "").strip()
        if re.fullmatch(r"(?:19|20)\d\d", ver) and not m.group("size"):
            continue
        end = max(m.end(g) for g in ("name", "ver", "size", "variant") if m.group(g))
        base = f"{m.group('name')} {ver}".strip()
        counts[base] = counts.get(base, 0) + 1
        found.append((m, end, base))
    for m, end, base in found:
        name = m.group("name")
        if not (
            m.group("size")
            or coined(name)
            or (name.isupper() and len(name) <= 5)
            or counts[base] >= 2
            or name in names
        ):
            continue
        out.append(Candidate(m.start(), end, text[m.start() : end], "concept", "version"))
    return out


def coined(name: str) -> bool:
    """DeepMind, GPT-2, phi-2, Llama 3: a name with a coined word, or with a number."""
    return any(c.isdigit() for c in name) or any(coined_word(w) for w in name.split())


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
        if title_case(title):
            out.append(Candidate(m.start("title"), m.start("title") + len(title), title,
                                 "paper", "title", strong=True))  # fmt: skip
    out += _headed_papers(text, lines)
    out += _listed_papers(text, lines)
    return out


def capitalised(name: str) -> bool:
    """ "DeepSeek-R1", "Visual Autoregressive Modeling": one to four words, each capitalised
    (not "Read more", "Why it matters")."""
    words = name.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def title_case(title: str) -> bool:
    """ "Training Language Models to Self-Correct": three words or more, most of the longer
    ones capitalised (a quoted sentence is not a title)."""
    words = title.split()
    long = [w for w in words if len(w) > 3]
    caps = sum(1 for w in long if w[0].isupper() or w[0].isdigit())
    return len(words) >= 3 and title[0].isupper() and caps * 3 >= len(long) * 2


def _headed_papers(text: str, lines: list[tuple[int, int]]) -> list[Candidate]:
    """Headings whose next or next-but-one line is a paper's metadata ("Authors: ...")."""
    out: list[Candidate] = []
    filled = [(s, e) for s, e in lines if text[s:e].strip()]
    for n, (start, end) in enumerate(filled):
        line = text[start:end]
        following = [text[s:e] for s, e in filled[n + 1 : n + 3]]
        if _PAPER_META.match(line) or not any(_PAPER_META.match(f) for f in following):
            continue
        lead = _NUMBERING.match(line)
        assert lead is not None
        title = line[lead.end() :].strip().strip("*_").strip()
        if not title_case(title) or title.endswith((".", "?", "!")):
            continue
        s = start + line.index(title)
        out.append(Candidate(s, s + len(title), title, "paper", "title", strong=True))
    return out


# A line's lead: list marker or number, then an opening emphasis or quote.
_ITEM_LEAD = re.compile(r"^\s*(?:[-*+•]\s+|\d+[.)]\s+)?(?P<mark>\*\*|\*|__|[\"“])?")
_BOLD = re.compile(r"\*\*(?P<t>[^*\n]{8,200})\*\*")
_CLOSING = {"**": "**", "*": "*", "__": "__", '"': '"', "“": "”"}
# After a title: its authors, "(A B, C D)", "— A B, C D", "by A B et al."
_AUTHORS_LEAD = re.compile(r"^\s*(?:\((?P<paren>[^()\n]+)\)|(?:[—–-]|,?\s*by)\s+(?P<rest>[^\n]+))")
_ET_AL = re.compile(r"\s*(?:,?\s*et\s+al\.?|\s+and\s+(?:colleagues|others|co-?authors)\b.*)$")
_PERSON_NAME = re.compile(
    r"[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’\-]+|van|von|de|der|da|di|le|la)){1,3}"
)


def _author_list(text: str) -> bool:
    """ "Keyu Tian, Yi Jiang, Liwei Wang", "Zhenghao Lin et al.", "Hannah Rose Kirk and
    colleagues at Oxford": people's names and nothing else, two at least or "et al."."""
    text = text.strip().rstrip(".").strip()
    short, n = _ET_AL.subn("", text)
    names = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", short) if p.strip()]
    if not names or not all(_PERSON_NAME.fullmatch(p) for p in names):
        return False
    return len(names) >= 2 or n > 0


def _listed_papers(text: str, lines: list[tuple[int, int]]) -> list[Candidate]:
    """Titles in a list or on a line of their own that a reader knows as papers: followed
    by their authors ("**Generative Adversarial Nets** — Ian Goodfellow, ...", "Title
    (Zhenghao Lin et al.)"), or in the "Name: Subtitle" form papers take, set off by
    emphasis or followed by a venue ("DeepSeek-R1: Incentivizing ... (github.com/...)")."""
    out: list[Candidate] = []
    for start, end in lines:
        line = text[start:end]
        lead = _ITEM_LEAD.match(line)
        assert lead is not None
        mark = lead.group("mark")
        # (title start in line, title, what follows, set off by emphasis)
        spans: list[tuple[int, str, str, bool | None]] = []
        if mark:
            close = line.find(_CLOSING[mark], lead.end())
            if close > lead.end():
                spans.append(
                    (lead.end(), line[lead.end() : close], line[close + len(mark) :], True)
                )
        elif cut := re.search(r"\s+\(|\s+[—–]\s", line[lead.end() :]):
            at = lead.end() + cut.start()  # no emphasis: the title runs to a bracket or dash
            spans.append((lead.end(), line[lead.end() : at], line[at:], False))
        for m in _BOLD.finditer(line, lead.end() + 1):  # "went to **The PRISM Dataset** (...)"
            spans.append((m.start("t"), m.group("t"), line[m.end() :], None))
        for at, title, after, set_off in spans:
            title = title.strip().rstrip(".,")
            authors = _AUTHORS_LEAD.match(after)
            named = authors is not None and _author_list(
                authors.group("paren") or authors.group("rest")
            )
            # with its authors after it, a title may be in sentence case ("Stochastic Taylor
            # Derivative Estimator: Efficient amortization for ...")
            cased = title_case(title) or (
                named and set_off and title[:1].isupper() and 3 <= len(title.split()) <= 25
            )
            if not cased or title.endswith(("?", "!")):
                continue
            head, _, sub = title.partition(": ")
            subtitled = bool(sub) and capitalised(head) and len(sub.split()) >= 4
            venue = bool(authors and authors.group("paren"))
            if named or (subtitled and set_off is not None and (set_off or venue)):
                s = start + line.index(title, at)
                out.append(Candidate(s, s + len(title), title, "paper", "title", strong=True))
    return out
