"""A deterministic generator of synthetic vaults for `make bench`.

Same seed and size, same bytes: every choice comes from one `random.Random(seed)` and no
iteration over a set or a hash-ordered container, so PYTHONHASHSEED cannot change the output.

A vault of N notes has:
- four note types (person, company, paper, concept) in subfolders, some files named by slug
  (`people/ada-lovelace.md`) and some by title (`people/Ada Lovelace.md`), as Obsidian makes them;
- YAML front matter with aliases and tags (lists, and sometimes a plain string, as other tools
  write them), a few notes without front matter (title from the first heading);
- prose built from sentence templates over a Zipf-weighted vocabulary with a long tail of rare
  words, so term statistics look like real notes (a few very common words, many rare ones);
- 3 to 15 links per note in every form: [[Name]], [[name|label]], [[Name#Heading]], ![[embed]],
  [[folder/name]], [[alias]], lower-case names, [label](../folder/name.md) with %20 escapes;
- hub notes that thousands of notes link to, some broken links, attachment embeds;
- links inside fenced code blocks and code spans, which are not links.

Usage: python bench/generate.py OUT_DIR [--notes N] [--seed S]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    """`|`-separated phrases; line breaks inside the text are spaces."""
    return [p.strip() for p in " ".join(text.split()).split("|")]


VERSION = 2  # bump when the output changes, so cached vaults are made anew

FOLDERS = {"person": "people", "company": "companies", "paper": "papers", "concept": "concepts"}
TYPE_SHARE = [("person", 0.34), ("company", 0.10), ("paper", 0.30), ("concept", 0.26)]

FIRST = _words(
    """
    Ada Alan Alice Amir Ana Andrei Anya Arjun Aya Beatriz Ben Bianca Boris Carla Carlos Chen
    Chiara Chloe Daniel Dario Dmitri Elena Elif Emma Eric Esther Fatima Felix Fernando Fiona
    Gabriel Grace Hana Hannah Hassan Helena Hiro Ibrahim Ines Irene Isaac Ivan Jakob James Jana
    Javier Jin Joao Jonas Julia Kai Karim Kate Kenji Laila Lars Laura Leo Lena Li Lucas Lucia
    Luis Maya Mei Mateo Max Mia Mikhail Min Miriam Nadia Naomi Nina Noah Nora Olga Omar Oscar
    Pablo Paula Pedro Priya Rafael Rahul Rania Ravi Rosa Ruth Sam Sana Sara Sergei Shira Simone
    Sofia Sven Tara Theo Tomas Una Valentina Vera Victor Wei Xin Yara Yusuf Yuki Zara Zoe
"""
)
SYLL = _words(
    """
    ba be bi bo ca ce chi co da de di do el en fa fe fi fo ga ge gi go ha he hi ho ja ka ke ki
    ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te
    ti to tu va ve vi vo wa we ya yo za ze zi
"""
)
SURNAME_END = _words(
    """
    son sen ova ez ini ski berg ler ton ham ada ura man etti ard ieu ov ak
"""
)
COMPANY_END = _phrases(
    """
    AI|Labs|Research|Systems|Robotics|Compute|Intelligence|
"""
)
ADJ = _words(
    """
    sparse dense efficient scalable robust adaptive hierarchical contrastive causal recurrent
    generative discriminative multimodal federated probabilistic bayesian neural differentiable
    latent structured modular self-supervised semi-supervised low-rank quantized distilled
    retrieval-augmented instruction-tuned reward-guided memory-efficient long-context zero-shot
    few-shot continual offline online equivariant implicit energy-based
"""
)
NOUN = _words(
    """
    attention transformers diffusion embeddings agents planning reasoning alignment tokenization
    pretraining finetuning distillation pruning quantization retrieval memory optimization
    exploration compression calibration interpretability evaluation benchmarks decoding sampling
    routing scaling representations kernels graphs policies rewards priors adapters experts
    search verification inference
"""
)
TASK = """language modelling, image generation, protein folding, code synthesis, machine
translation, speech recognition, theorem proving, robotic control, question answering,
summarization, recommendation, time-series forecasting, video understanding, molecule design,
dialogue systems, document retrieval, weather prediction, chip placement, game playing,
object detection""".replace("\n", " ").split(", ")
CONCEPT_HEAD = _words(
    """
    sampling decoding attention learning distillation alignment regularization normalization
    scaling pruning search routing caching tokenization prompting inference embedding
    pretraining evaluation interpretability
"""
)
CONCEPT_MOD = _words(
    """
    speculative contrastive beam nucleus greedy sparse flash linear grouped-query reinforcement
    curriculum federated knowledge preference constitutional dropout batch layer weight
    activation mixture-of-experts KV-cache byte-level chain-of-thought mechanistic in-context
    few-shot test-time low-rank rotary
"""
)
TAGS = _words(
    """
    deep-learning nlp vision rl safety theory hardware open-source benchmark startup academia
    robotics multimodal efficiency policy history to-read important draft
"""
)

# Multi-word terms, frequent in AI prose: phrase queries hit their common words hard.
TERMS = """reinforcement learning|language model|neural network|gradient descent|attention
mechanism|training data|loss function|speculative sampling|reward model|context window|scaling
laws|mixture of experts|knowledge distillation|policy gradient|fine tuning|model weights|test
set|inference cost|open weights|compute budget|learning rate|hidden state|vector database|
synthetic data|chain of thought|safety evaluation|benchmark suite|parameter count""".replace(
    "\n", " "
).split("|")
WORDS = _words(
    """
    model models training data results paper method approach performance system systems work
    results task tasks dataset experiments baseline accuracy benchmark compute researchers team
    lab architecture layer layers parameters tokens sequence sequences batch gradient loss
    network networks features representation objective policy agent environment reward
    evaluation inference latency throughput memory cost hardware GPU GPUs chips cluster scale
    size version release code weights license community industry startup funding product users
    problem question idea insight limitation analysis ablation trade-off failure error errors
    bias variance noise signal distribution sample samples prior posterior estimate theory proof
    bound algorithm heuristic pipeline stage component module interface tool framework library
    implementation detail detail step steps iteration epoch checkpoint schedule budget target
    goal metric score improvement gain progress trend history future risk safety alignment
    oversight governance policy regulation debate claim evidence
"""
)
VERBS = _words(
    """
    improves reduces introduces proposes shows demonstrates extends replaces combines
    outperforms matches explains studies measures predicts scales simplifies generalizes trains
    evaluates compresses accelerates stabilizes questions revisits formalizes
"""
)
PAST = _words(
    """
    introduced proposed showed demonstrated extended replaced combined outperformed matched
    explained studied measured predicted scaled simplified trained evaluated compressed
    co-founded led joined left funded built released published criticized defended
"""
)
ADV = _words(
    """
    significantly slightly consistently surprisingly largely rarely often clearly arguably
    roughly
"""
)
CONNECT = """However, Moreover, In practice, In contrast, Notably, As a result, Later,
Earlier, In short, Still, Meanwhile, By then,""".replace("\n", " ").split(", ")
LANGS = ["python", "bash", "json", "yaml", ""]
HEADINGS = _phrases(
    """
    Background|Work|Key ideas|Results|Criticism|Timeline|Related
"""
)
BROKEN = """Unwritten Topic|Future Work|TODO Note|Missing Reference|Draft Idea|Old Name|
Someday Maybe|Half-Remembered Talk""".replace("\n", "").split("|")
ATTACH = ["figure.png", "diagram.svg", "slides.pdf", "plot.jpg", "poster.pdf"]

# Hubs every vault has; thousands of notes link to the first ones.
HUBS = [
    ("concept", "Transformer", ["transformer architecture", "transformers"], 0.45),
    ("company", "OpenAI", ["Open AI"], 0.25),
    ("concept", "Deep Learning", ["DL"], 0.20),
    ("person", "Geoffrey Hinton", ["Hinton", "Geoff Hinton"], 0.10),
    ("paper", "Attention Is All You Need", ["Vaswani et al. 2017"], 0.10),
    ("concept", "Speculative Sampling", ["speculative decoding"], 0.03),
]

# What the bench searches for: a word, a phrase, and a word under a type filter.
QUERIES = {
    "word": "distillation",
    "phrase": '"reinforcement learning"',
    "type": "type:paper pruning",
}


@dataclass
class Spec:
    """What `bench/run.py` needs to know about a generated vault."""

    version: int
    seed: int
    notes: int
    vault: str  # folder of the notes, relative to the spec file
    hub: str  # id of the note with the most backlinks
    hub_title: str
    hub_backlinks: int  # notes that link to it
    edit: str  # path of the note the bench edits
    queries: dict[str, str]
    words: int
    bytes: int
    digest: str  # sha256 over every path and its bytes, in path order
    link_count: int = 0
    broken_links: int = 0
    code_links: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


@dataclass
class _Note:
    type: str
    title: str
    path: str  # vault-relative, with .md
    aliases: list[str]
    weight: float = 0.0  # hubs: share of notes that link here


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


class _Names:
    """Unique titles for each type, drawn from the generator's random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, None] = {}

    def _surname(self) -> str:
        r = self.rng
        stem = "".join(r.choice(SYLL) for _ in range(r.choice((1, 2, 2, 3))))
        return (stem + r.choice(SURNAME_END)).capitalize()

    def make(self, kind: str) -> str:
        r = self.rng
        for attempt in range(1000):
            if kind == "person":
                name = f"{r.choice(FIRST)} {self._surname()}"
                if attempt > 3:
                    name = f"{r.choice(FIRST)} {chr(65 + r.randrange(26))}. {self._surname()}"
            elif kind == "company":
                stem = "".join(r.choice(SYLL) for _ in range(r.choice((2, 2, 3)))).capitalize()
                name = f"{stem} {r.choice(COMPANY_END)}".strip()
            elif kind == "paper":
                adj, noun, task = r.choice(ADJ), r.choice(NOUN), r.choice(TASK)
                name = f"{adj.capitalize()} {noun.capitalize()} for {task.title()}"
                if attempt > 2 or r.random() < 0.2:
                    part, year = f"Part {r.randint(2, 9)}", str(r.randint(1990, 2025))
                    ends = ["A Study", "Revisited", "at Scale", part, "Without Labels", year]
                    name += f": {r.choice(ends)}"
            else:
                words = [r.choice(CONCEPT_MOD), r.choice(CONCEPT_HEAD)]
                if attempt > 2 or r.random() < 0.3:
                    words.insert(0, r.choice(ADJ))
                if attempt > 6:
                    words.append(str(attempt))
                name = " ".join(words).capitalize()
            key = _slug(name)
            if key and key not in self.used:
                self.used[key] = None
                return name
        raise RuntimeError(f"ran out of {kind} names")


class _Writer:
    """Writes one note's text from the random stream and the table of notes."""

    def __init__(self, rng: random.Random, notes: list[_Note]) -> None:
        self.rng = rng
        self.notes = notes
        self.hubs = [n for n in notes if n.weight]
        self.counts = {"links": 0, "broken": 0, "code": 0}
        # Cumulative Zipf weights for the vocabulary and the rare-word tail.
        self.common = WORDS + [t for t in TERMS]
        self.common_cum = _zipf_cum(len(self.common), 1.0)
        self.rare_cum = _zipf_cum(60000, 1.1)

    # -- words ----------------------------------------------------------------------

    def word(self) -> str:
        r = self.rng
        if r.random() < 0.07:
            i = _pick(self.rare_cum, r.random())
            return _rare(i)
        return self.common[_pick(self.common_cum, r.random())]

    def phrase(self, n: int) -> str:
        return " ".join(self.word() for _ in range(n))

    # -- links ----------------------------------------------------------------------

    def _other(self, me: _Note) -> _Note:
        r = self.rng
        while True:
            # Skewed towards low indexes: some notes are linked far more than others.
            other = self.notes[int(len(self.notes) * r.random() ** 1.7)]
            if other is not me:
                return other

    def link(self, me: _Note, target: _Note | None) -> str:
        """One link to `target` (None: a broken link) in a randomly chosen form."""
        r = self.rng
        self.counts["links"] += 1
        if target is None:
            self.counts["broken"] += 1
            name = f"{r.choice(BROKEN)} {r.randint(1, 500)}"
            return f"[[{name}]]" if r.random() < 0.7 else f"[[{name}|{self.phrase(2)}]]"
        file = target.path.rsplit("/", 1)[-1][:-3]
        folder = target.path.rsplit("/", 1)[0]
        form = r.random()
        if form < 0.30:
            return f"[[{file}]]" if file != target.title else f"[[{target.title}]]"
        if form < 0.50:
            return f"[[{file}|{target.title}]]"
        if form < 0.58:
            return f"[[{file}#{r.choice(HEADINGS)}]]"
        if form < 0.64:
            return f"[[{folder}/{file}|{target.title}]]"
        if form < 0.72 and target.aliases:
            return f"[[{r.choice(target.aliases)}]]"
        if form < 0.78:
            return f"[[{target.title.lower()}]]"
        if form < 0.90:
            return f"[{target.title}](../{folder}/{file.replace(' ', '%20')}.md)"
        return f"[[{target.title}]]"

    def targets(self, me: _Note, k: int) -> list[_Note | None]:
        r = self.rng
        out: list[_Note | None] = [h for h in self.hubs if h is not me and r.random() < h.weight]
        while len(out) < k:
            out.append(None if r.random() < 0.03 else self._other(me))
        r.shuffle(out)
        return out[:k] if len(out) > k else out

    # -- prose ----------------------------------------------------------------------

    def sentence(self, me: _Note, link: str | None) -> str:
        r = self.rng
        subject = r.choice([me.title, "This work", "The " + self.word(), "It", "The team"])
        parts = [
            subject,
            r.choice(PAST + VERBS),
            r.choice(["the", "a", "their", "its", "this"]),
            r.choice(ADJ),
            self.word(),
        ]
        if r.random() < 0.5:
            parts += [
                r.choice(["for", "with", "on", "in", "by", "from"]),
                self.phrase(r.randint(1, 4)),
            ]
        if link:
            parts += [
                r.choice(["alongside", "building on", "as in", "unlike", "with", "after"]),
                link,
            ]
        if r.random() < 0.4:
            parts += [
                r.choice(["and", "which", "while", "because"]),
                r.choice(VERBS),
                self.phrase(r.randint(2, 6)),
            ]
        if r.random() < 0.25:
            parts += [r.choice(ADV), r.choice(["faster", "better", "worse", "cheaper", "more"])]
        text = " ".join(parts)
        if r.random() < 0.2:
            text = r.choice(CONNECT) + " " + text[0].lower() + text[1:]
        return text[0].upper() + text[1:] + "."

    def paragraph(self, me: _Note, links: list[str]) -> str:
        r = self.rng
        n = r.randint(2, 5)
        slots = sorted(r.sample(range(n), min(len(links), n)))
        out = []
        for i in range(n):
            out.append(self.sentence(me, links.pop(0) if slots and i == slots[0] else None))
            if slots and i == slots[0]:
                slots.pop(0)
        return " ".join(out)

    def code(self) -> str:
        """A fenced block or a code span holding link syntax that is not a link."""
        r = self.rng
        self.counts["code"] += 1
        fake = f"[[{r.choice(BROKEN)} in code {r.randint(1, 99)}]]"
        if r.random() < 0.5:
            return f"Write `{fake}` to link a note; that example is not a link."
        lang = r.choice(LANGS)
        lines = [f'note = "{fake}"', f"weights = load({self.word()!r})", "# [[not a link]] either"]
        fence = "~~~" if r.random() < 0.2 else "```"
        return fence + lang + "\n" + "\n".join(lines) + "\n" + fence

    def front_matter(self, me: _Note, created: str) -> str:
        r = self.rng
        if not me.weight and not me.aliases and r.random() < 0.03:
            return ""  # no front matter: the title comes from the heading
        tags = r.sample(TAGS, r.randint(1, 4))
        lines = ["---", f"title: {_yaml_str(me.title)}", f"type: {me.type}"]
        if me.aliases:
            if len(me.aliases) == 1 and r.random() < 0.3:
                lines.append(f"aliases: {_yaml_str(me.aliases[0])}")
            else:
                lines.append("aliases:")
                lines += [f"  - {_yaml_str(a)}" for a in me.aliases]
        if r.random() < 0.2:
            lines.append("tags: " + ", ".join(tags))
        else:
            lines.append("tags: [" + ", ".join(tags) + "]")
        lines += [f"created: {created}", f"updated: {created}"]
        if me.type == "paper":
            lines.append(f"year: {r.randint(1986, 2025)}")
        lines.append("---")
        return "\n".join(lines) + "\n"

    def note(self, me: _Note) -> str:
        r = self.rng
        k = r.randint(3, 15)
        links = [self.link(me, t) for t in self.targets(me, k)]
        if r.random() < 0.15:
            links.append("![[" + r.choice(ATTACH) + "]]")
        created = f"20{r.randint(18, 25)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        out = [self.front_matter(me, created) + f"# {me.title}", ""]
        sections = r.sample(HEADINGS, r.randint(1, 4))
        per = max(1, len(links) // (len(sections) + 1))
        intro, links = links[:per], links[per:]
        out += [self.paragraph(me, intro), ""]
        if intro:  # more links than sentences: the rest go in a closing line
            out += ["See also " + ", ".join(intro) + ".", ""]
        for i, heading in enumerate(sections):
            out += [f"## {heading}", ""]
            take = links if i == len(sections) - 1 else links[:per]
            links = links[len(take) :]
            if r.random() < 0.3 and take:
                out += [f"- {self.sentence(me, link)}" for link in take] + [""]
                take = []
            for _ in range(r.randint(1, 2)):
                out += [self.paragraph(me, take), ""]
            if take:
                out += ["See also " + ", ".join(take) + ".", ""]
            if r.random() < 0.12:
                out += [self.code(), ""]
        return "\n".join(out).rstrip("\n") + "\n"


def _yaml_str(text: str) -> str:
    return f'"{text}"' if re.search(r"[:#\[\]{}.,&*!|>'\"%@`]|^\d", text) else text


def _zipf_cum(n: int, s: float) -> list[float]:
    total, cum = 0.0, []
    for i in range(1, n + 1):
        total += 1.0 / i**s
        cum.append(total)
    return [c / total for c in cum]


def _pick(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _rare(i: int) -> str:
    """The i-th word of the rare tail: pronounceable, unique per i."""
    out = []
    i += len(SYLL)
    while i:
        i, d = divmod(i, len(SYLL))
        out.append(SYLL[d])
    return "".join(out) + "n"


def _plan(rng: random.Random, n: int) -> list[_Note]:
    names = _Names(rng)
    notes: list[_Note] = []
    for kind, title, aliases, weight in HUBS[: max(1, min(len(HUBS), n // 4))]:
        names.used[_slug(title)] = None
        notes.append(_Note(kind, title, f"{FOLDERS[kind]}/{_slug(title)}.md", aliases, weight))
    bounds, acc = [], 0.0
    for kind, share in TYPE_SHARE:
        acc += share
        bounds.append((acc, kind))
    while len(notes) < n:
        x = rng.random()
        kind = next(k for b, k in bounds if x < b)
        title = names.make(kind)
        aliases: list[str] = []
        if kind == "person" and rng.random() < 0.6:
            aliases.append(title.split()[-1])
        elif kind in ("concept", "company") and rng.random() < 0.4:
            initials = "".join(w[0] for w in re.split(r"[\s-]+", title) if w).upper()
            if len(initials) >= 2:
                aliases.append(initials)
        if rng.random() < 0.15:
            aliases.append(title.lower() + " " + rng.choice(["(old name)", "notes", "overview"]))
        # Obsidian names files by title; other tools by slug.
        stem = title.replace("/", "-").replace(":", " -") if rng.random() < 0.4 else _slug(title)
        notes.append(_Note(kind, title, f"{FOLDERS[kind]}/{stem}.md", aliases))
    return notes


def generate(out: Path, n: int, seed: int = 1) -> Spec:
    """Write a vault of `n` notes under `out/notes` and its spec to `out/spec.json`."""
    rng = random.Random(seed)
    notes = _plan(rng, n)
    writer = _Writer(rng, notes)
    vault = out / "notes"
    if vault.exists():
        shutil.rmtree(vault)
    for folder in FOLDERS.values():
        (vault / folder).mkdir(parents=True)
    words = size = 0
    backlinks = {notes[0].path: 0}
    by_type: dict[str, int] = {}
    for note in notes:
        text = writer.note(note)
        data = text.encode("utf-8")
        (vault / note.path).write_bytes(data)
        words += len(text.split())
        size += len(data)
        by_type[note.type] = by_type.get(note.type, 0) + 1
        # The hub's backlinks, counted the way aikb counts them: notes, not links.
        if note is not notes[0] and _links_to(text, notes[0]):
            backlinks[notes[0].path] += 1
    hub = notes[0]
    spec = Spec(
        version=VERSION,
        seed=seed,
        notes=n,
        vault="notes",
        hub=hub.path[:-3],
        hub_title=hub.title,
        hub_backlinks=backlinks[hub.path],
        edit=notes[len(notes) // 2].path,
        queries=dict(QUERIES),
        words=words,
        bytes=size,
        digest=vault_digest(vault),
        link_count=writer.counts["links"],
        broken_links=writer.counts["broken"],
        code_links=writer.counts["code"],
        by_type=by_type,
    )
    (out / "spec.json").write_text(json.dumps(asdict(spec), indent=2) + "\n")
    return spec


def _links_to(text: str, hub: _Note) -> bool:
    """Whether `text` links to the hub in one of the forms `_Writer.link` writes."""
    names = {hub.title.lower(), _slug(hub.title), *(a.lower() for a in hub.aliases)}
    for m in re.finditer(r"\[\[([^\]|#]+)|\]\(\.\./[^/]+/([^)]+)\.md\)", text):
        name = (m.group(1) or m.group(2).replace("%20", " ")).lower().rsplit("/", 1)[-1]
        if name in names:
            return True
    return False


def vault_digest(vault: Path) -> str:
    """sha256 over every note's path and bytes, in path order (aikb's state is left out)."""
    sha = hashlib.sha256()
    paths = sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    for rel in paths:
        if not rel.startswith("."):
            sha.update(rel.encode() + b"\0" + (vault / rel).read_bytes() + b"\0")
    return sha.hexdigest()


def load_or_generate(out: Path, n: int, seed: int = 1, *, force: bool = False) -> Spec:
    """The vault at `out` if it was made by this version with this seed and size, else a new one."""
    try:
        if force:
            raise ValueError("asked to generate again")
        data = json.loads((out / "spec.json").read_text())
        if (data["version"], data["seed"], data["notes"]) == (VERSION, seed, n):
            return Spec(**data)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return generate(out, n, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    spec = generate(args.out, args.notes, args.seed)
    print(json.dumps(asdict(spec), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
