"""Stage 5: give each cluster one of the four types, and drop what is not worth a note.

Dropped: names that only appear in headings, common words named once, lone first names
or surnames with no full name, and names the NER model found that never appear near
any AI vocabulary (a sandwich in an analogy, a payment app sponsoring a podcast).
"""

from __future__ import annotations

from collections import Counter

from aikb.extract.concepts import coined
from aikb.extract.merge import Cluster, is_full_name, name_key, singular

_ORG_LAST = {
    "ai", "labs", "lab", "inc", "inc.", "corp", "corp.", "ltd", "llc", "university", "institute",
    "foundation", "research", "technologies", "group", "company", "college", "laboratory",
    "department", "agency", "council", "society", "association", "robotics", "partners",
    "capital", "ventures", "commission", "authority", "office", "ministry", "center", "centre",
    "bureau", "alliance", "coalition", "consortium", "academy", "school",
}  # fmt: skip
# Last words that make a capitalised name a thing's: a law, a policy, a model, an event.
_CONCEPT_LAST = {
    "act", "bill", "order", "law", "code", "policy", "framework", "report", "protocol",
    "standard", "summit", "conference", "award", "prize", "paradox", "principle", "theorem",
    "hypothesis", "test", "benchmark", "dataset", "corpus", "model", "index", "leaderboard",
    "challenge", "competition", "library", "sdk", "api", "engine", "agent", "commitments",
    "guidelines", "treaty", "declaration", "charter", "algorithm", "architecture",
}  # fmt: skip


def name_head(title: str) -> str | None:
    """ "company" for "Sakana AI", "University of Toronto"; "concept" for "EU AI Act",
    "Responsible Scaling Policy": what the last word of a name of two words or more makes
    it (not "AI Scientist", not "Frankle")."""
    words = title.casefold().split()
    if len(words) < 2:
        return None
    # "Center for AI Safety", "Code of Practice": the word before "of" or "for" heads it
    link = next((i for i, w in enumerate(words[1:], 1) if w in ("of", "for", "on")), None)
    head = singular(words[link - 1] if link else words[-1])
    if head in _ORG_LAST or words[-1] in _ORG_LAST:
        return "company"
    if head in _CONCEPT_LAST:
        return "concept"
    return None


def decide_type(cl: Cluster, title: str) -> str | None:
    """The entity's type, or None when no stage makes a good case for any type."""
    if cl.known and cl.known.type:
        return cl.known.type
    cands = cl.cands
    for origin in ("title", "acronym", "pattern", "term", "version"):
        votes = Counter(c.type for c in cands if c.origin == origin and c.type)
        if votes:
            return votes.most_common(1)[0][0]
    if any(c.origin == "acronym" for c in cands):
        return "company" if name_head(title) == "company" else "concept"
    labels = Counter(c.label for c in cands if c.label)
    cues = Counter(c.cue for c in cands if c.cue)
    person = labels["PERSON"] + 2 * cues["person"]
    org = labels["ORG"] + 2 * cues["company"]
    head = name_head(title)
    org_like = head == "company"
    if (
        person > org
        and is_full_name(title)
        and not coined(title.split()[0])
        and not head
        and cues["concept"] <= cues["person"]
    ):
        return "person"
    if head == "concept" and not cues["company"]:
        return "concept"  # "Responsible Scaling Policy", "Frontier Safety Framework"
    # a coined or quoted name (CoinRun, 'Whisper') is a product unless the text says company
    named = any(coined(c.surface) or c.origin == "pattern" for c in cands)
    if (named or cues["concept"] > cues["company"]) and not cues["company"] and not org_like:
        return "concept"
    if (org and org >= person) or (org_like and not cues["person"]):
        return "company"
    if labels["PRODUCT"] or (labels and coined(title)):
        return "concept"
    if any(c.origin in ("shape", "version") for c in cands):
        return "concept"
    return None


def keep(cl: Cluster, kind: str | None, title: str, body_mentions: int, in_context: int) -> bool:
    """Whether the cluster deserves a note; `in_context` counts its running-text sentences
    that also name AI vocabulary (a lexicon term, a known note, a defined term)."""
    if kind is None or kind == "ignore" or body_mentions == 0:
        return False
    if cl.known and cl.known.note:
        return True  # the vault already has a note: always link to it
    if cl.known:  # lexicon: a common word ("attention?") needs two mentions
        weak = {name_key(n) for n in cl.known.weak}
        strong_hits = [c for c in cl.cands if name_key(c.alias_of or c.surface) not in weak]
        return bool(strong_hits) or len(cl.cands) >= 2
    if kind == "person":
        cued = any(c.cue == "person" for c in cl.cands)
        return is_full_name(title) and (cued or in_context * 2 >= body_mentions > 0)
    if any(c.origin == "title" for c in cl.cands):
        return True  # "Read more: <title> (arXiv)": the text cites it
    if all(c.origin == "term" for c in cl.cands):
        return True  # a term that showed termhood (see terms.py)
    if any(c.strong for c in cl.cands):
        return in_context >= 1
    if len(title) < 3 or title.isdigit():
        return False
    only_ner = all(c.origin == "ner" for c in cl.cands)
    if only_ner and " " not in title and body_mentions < 2 and not any(c.cue for c in cl.cands):
        return False  # one capitalised word, once, nothing said about it
    return in_context * 2 >= body_mentions and in_context >= 1
