"""`aikb ingest`: turn texts into entity notes and source notes in a vault.

Two passes over the texts. The first finds what each text names, with what the vault
and the lexicon already know; the second matches every text again against all the
names the batch found, so a name learnt from one text links in all of them and the
result does not depend on the order of the texts. Then each note is merged: new notes
are created, existing ones only gain lines in their machine-written sections.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aikb.errors import DuplicateNote, InvalidArgument, InvalidNote, NoteChanged
from aikb.extract import (
    VAULT_LEXICON,
    Analysis,
    Dictionary,
    Entity,
    Extraction,
    Known,
    analyse,
    extract,
    load_lexicon,
    quotes,
)
from aikb.extract.merge import name_key, near
from aikb.extract.model import ENTITY_TYPES
from aikb.ingest.notes import (
    ENTITIES,
    MENTIONS,
    RELATED,
    NotePlan,
    merge_note,
    quote_line,
    snippet,
    wikilink,
)
from aikb.vault.parse import split_front_matter
from aikb.vault.store import Vault

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# (files analysed so far, total files, the file being read)
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    """What one ingest did."""

    files: int = 0
    words: int = 0
    seconds: float = 0.0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)  # notes touched, per type
    warnings: list[str] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def collect_texts(paths: Iterable[Path], vault_root: Path | None = None) -> list[Path]:
    """The text files named or found (recursively, hidden folders skipped) in `paths`.

    Raises InvalidArgument for a path that does not exist, a file that is not a text,
    a folder with no texts, or a path inside the vault.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InvalidArgument(f"{path}: no such file or folder")
        resolved = path.resolve()
        if vault_root is not None and resolved.is_relative_to(vault_root):
            raise InvalidArgument(
                f"{path} is inside the vault {vault_root}; ingest texts from elsewhere"
            )
        if path.is_dir():
            texts = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not texts:
                raise InvalidArgument(f"{path}: no .txt or .md files in this folder")
            found.extend(texts)
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidArgument(f"{path}: not a file or folder")
    return list(dict.fromkeys(found))


def read_text(path: Path) -> str:
    """A text file's content; InvalidArgument naming the file when it is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidArgument(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text, _warning = Vault.decode(str(path), data)
    except InvalidNote as exc:
        raise InvalidArgument(f"{path}: binary file, not a text") from exc
    return text


def _vault_known(vault: Vault) -> tuple[list[Known], dict[str, str], set[str]]:
    """Vault notes as dictionary entries; source notes by digest; every note id."""
    known: list[Known] = []
    sources: dict[str, str] = {}
    ids: set[str] = set()
    for note in vault.iter_notes():
        ids.add(note.id)
        if note.type == "source":
            if note.meta.get("digest"):
                sources[str(note.meta["digest"])] = note.id
            continue
        if note.warning:
            continue
        names = (note.title, *note.aliases)
        known.append(Known(f"note:{note.id}", note.title, note.type, names, (), note.id))
    return known, sources, ids


def _slug(title: str) -> str:
    """A note's file name from its title, as `aikb add` makes them (shorter for long titles)."""
    from slugify import slugify

    return slugify(title, max_length=80, word_boundary=True) or "untitled"


class _Batch:
    """New entities found in this run, merged across texts, each with its note id."""

    def __init__(self, taken: set[str], vault: list[Known]) -> None:
        self.taken = set(taken)
        self.vault = vault
        self.known: list[Known] = []
        # per new entity: texts (weighted) and mentions that gave it each name
        self.votes: defaultdict[str, defaultdict[str, float]] = defaultdict(
            lambda: defaultdict(float)
        )
        self.mentions: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def _match(self, e: Entity, among: list[Known]) -> int | None:
        keys = {name_key(n) for n in (e.title, *e.aliases)}
        for i, k in enumerate(among):
            if k.type != e.type:
                continue
            theirs = {name_key(n) for n in k.names}
            if keys & theirs or near(name_key(e.title), name_key(k.title), e.type):
                return i
            if e.type == "person":  # "Sutskever" in one text, "Ilya Sutskever" in another
                last = {n.split()[-1] for n in theirs}
                if any(" " not in key and key in last for key in keys):
                    return i
        return None

    def add(self, e: Entity, weight: float = 1.0) -> str:
        """The note id for entity `e`: a vault note of that name, or an entity seen in
        another text of this batch, or else a new note. `weight`: how far the text that
        names it can be trusted to spell names (see `retitle`)."""
        v = self._match(e, self.vault)
        if v is not None and (note := self.vault[v].note):
            return note
        i = self._match(e, self.known)
        if i is not None:
            k = self.known[i]
            names = tuple(dict.fromkeys((*k.names, e.title, *e.aliases)))
            self.known[i] = Known(k.key, k.title, k.type, names, k.tags, k.note, k.weak)
            self.votes[k.key][e.title] += weight
            self.mentions[k.key][e.title] += len(e.mentions)
            assert k.note is not None
            return k.note
        slug = base = _slug(e.title)
        n = 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        self.known.append(
            Known(f"new:{slug}", e.title, e.type, (e.title, *e.aliases), tuple(e.tags), slug)
        )
        self.votes[f"new:{slug}"][e.title] += weight
        self.mentions[f"new:{slug}"][e.title] += len(e.mentions)
        return slug

    def retitle(self) -> None:
        """Give each new entity the name most texts use for it, trusted texts first, then
        the one used most often; its note id follows. The other names stay aliases."""
        self.taken -= {k.note for k in self.known if k.note}
        out = []
        for k in self.known:
            votes, mentions = self.votes[k.key], self.mentions[k.key]
            title = max(votes, key=lambda t: (votes[t], mentions[t], t == k.title))
            slug = base = _slug(title)
            n = 2
            while slug in self.taken:
                slug, n = f"{base}-{n}", n + 1
            self.taken.add(slug)
            names = (title, *(n for n in k.names if n != title))
            out.append(Known(f"new:{slug}", title, k.type, names, k.tags, slug, k.weak))
        self.known = out


def _misspells(e: Entity) -> bool:
    """Whether the text writes a person's full name two ways ("Ilyas Iskever" beside
    "Ilya Sutskever"): such a text is a weaker witness of how names are spelt."""
    if e.type != "person":
        return False
    first, last = e.title.split()[0], e.title.split()[-1]
    return any(" " in a and (a.split()[0] != first or a.split()[-1] != last) for a in e.aliases)


def note_title(name: str) -> str:
    """A new note's title: "speculative sampling" -> "Speculative sampling"; names as written."""
    return name[:1].upper() + name[1:] if name.islower() else name


def _source_id(title: str, digest: str, by_digest: dict[str, str], taken: set[str]) -> str:
    if digest in by_digest:
        return by_digest[digest]
    slug = base = _slug(title)
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    by_digest[digest] = slug
    return slug


def ingest(
    vault: Vault, paths: Iterable[Path], *, on_progress: Progress | None = None
) -> IngestReport:
    """Ingest the texts at `paths` into `vault`. Every write is atomic (Vault.write)."""
    started = time.perf_counter()
    files = collect_texts(paths, vault.root)
    texts = [(f, read_text(f)) for f in files]
    report = IngestReport(files=len(files))

    vault_known, by_digest, ids = _vault_known(vault)
    extra = vault.root / VAULT_LEXICON
    lexicon, warnings = load_lexicon(extra.read_text(encoding="utf-8") if extra.is_file() else None)
    report.warnings += warnings

    analyses: list[Analysis] = []
    for n, (path, text) in enumerate(texts):
        if on_progress:
            on_progress(n, len(texts), str(path))
        analyses.append(analyse(text))
    if on_progress:
        on_progress(len(texts), len(texts), "")

    first = Dictionary([*vault_known, *lexicon])
    batch = _Batch(ids, vault_known)
    for a in analyses:
        entities = extract(a, first).entities
        weight = 0.5 if any(_misspells(e) for e in entities) else 1.0
        for e in entities:
            if e.note is None:
                batch.add(e, weight)
    batch.retitle()
    second = Dictionary([*vault_known, *batch.known, *lexicon])
    extractions = [extract(a, second) for a in analyses]

    plans: dict[str, NotePlan] = {}
    taken = set(ids) | batch.taken
    for (path, text), ex in zip(texts, extractions, strict=True):
        report.words += ex.words
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
        source = _source_id(ex.title, digest, by_digest, taken)
        _plan_text(plans, ex, source, path.name, digest, batch)
    for note_id in sorted(plans):
        _write(vault, note_id, plans[note_id], report)
    report.seconds = time.perf_counter() - started
    return report


def _plan_text(
    plans: dict[str, NotePlan], ex: Extraction, source: str, file: str, digest: str, batch: _Batch
) -> None:
    """Add what one text says to the plans of its source note and entity notes."""
    ids = {e.title: e.note or batch.add(e) for e in ex.entities}
    by_title = {e.title: e for e in ex.entities}
    for e in ex.entities:
        note_id = ids[e.title]
        plan = plans.setdefault(note_id, NotePlan(note_title(e.title), e.type, tags=list(e.tags)))
        plan.aliases += [a for a in e.aliases if a not in plan.aliases]
        if source not in plan.sources:
            plan.sources.append(source)
        quoted = quotes(ex, e)
        if plan.summary is None:
            plan.summary = e.summary or (quoted[0] if quoted else None)
        bullets = [quote_line(q, source, ex.title) for q in quoted]
        # each related note with the words that name both together: why it is related
        related = [
            f"- {wikilink(ids[t], note_title(t))} — “{_shared(ex, e, by_title[t])}”"
            for t in ex.related.get(e.title, [])
            if ids[t] != note_id
        ]
        plan.sections.setdefault(MENTIONS, []).extend(bullets)
        plan.sections.setdefault(RELATED, []).extend(related)
    meta = {"file": file, "digest": digest}
    if ex.origin:
        meta["origin"] = ex.origin
    plan = plans.setdefault(source, NotePlan(ex.title, "source", extra_meta=meta))
    if plan.summary is None:
        plan.summary = f"Origin: <{ex.origin}>" if ex.origin else f"Ingested from `{file}`."
    # each entity with its first mention: what the text says about it
    entries = [
        f"- {wikilink(ids[e.title], note_title(e.title))} ({e.type}): "
        f"“{snippet(ex.sentences[e.mentions[0]].text, [e.title, *e.aliases])}”"
        for e in ex.entities
    ]
    plan.sections.setdefault(ENTITIES, []).extend(entries)


def _shared(ex: Extraction, a: Entity, b: Entity) -> str:
    """The first sentence that names both `a` and `b`, cut short around their names."""
    both = sorted(set(a.mentions) & set(b.mentions))
    sentence = ex.sentences[both[0]].text if both else ""
    return snippet(sentence, [a.title, *a.aliases], [b.title, *b.aliases])


def _write(vault: Vault, note_id: str, plan: NotePlan, report: IngestReport) -> None:
    path = f"{note_id}.md"
    if plan.type in ENTITY_TYPES:
        report.entities[plan.type] += 1
    # Another program (an editor, a second ingest) may write the note between our read and
    # our write: the write is refused then, and we merge into its version instead.
    for _attempt in range(3):
        try:
            existing, _ = vault.read_text(path)
        except FileNotFoundError:
            existing = None
        except InvalidNote as exc:
            report.warnings.append(f"{exc}; not updated")
            return
        if existing is not None and split_front_matter(existing)[3]:
            report.warnings.append(f"{path}: front matter cannot be read; not updated")
        text = merge_note(existing, plan)
        try:
            if existing is None:
                vault.write(path, text, exclusive=True)
                report.created.append(path)
            elif text != existing:
                vault.write(path, text, expect=existing)
                report.updated.append(path)
            else:
                report.unchanged.append(path)
            return
        except (DuplicateNote, NoteChanged):
            continue
    report.warnings.append(f"{path}: kept changing while aikb wrote it; not updated")
