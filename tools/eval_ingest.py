"""Measure `aikb ingest` against hand annotations (`make eval`).

For each annotation file (tests/fixtures/annotations/NNN.yaml), ingest its text into an
empty vault and compare the entity notes made with the annotated entities:

- a note matches an entity when its title or an alias equals one of the entity's names
  (case, plural, possessive and dashes aside);
- precision: notes that match an annotated entity / all entity notes;
- recall: annotated entities with a note / all (and the same over `expected: true` ones);
- type accuracy: matched notes whose type is the annotated one / matched notes;
- duplicates: notes beyond the first that match the same entity.

Usage: python tools/eval_ingest.py [--annotations DIR] [--texts DIR] [--only NAME...] [-v]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from aikb.extract.merge import name_key
from aikb.ingest import ingest
from aikb.vault.store import Vault

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Score:
    notes: int = 0
    correct: int = 0
    entities: int = 0
    found: int = 0
    expected: int = 0
    expected_found: int = 0
    typed: int = 0
    duplicates: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    mistyped: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("notes", "correct", "entities", "found", "expected", "expected_found",
                     "typed", "duplicates"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> list[str]:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.2f}" if b else "-"

        return [
            str(self.notes),
            ratio(self.correct, self.notes),
            ratio(self.found, self.entities),
            ratio(self.expected_found, self.expected),
            ratio(self.typed, self.correct),
            str(self.duplicates),
        ]


def _keys(names: list[str]) -> set[str]:
    return {name_key(str(n)) for n in names if str(n).strip()}


def score_text(text_path: Path, entities: list[dict]) -> Score:
    """Ingest one text into an empty vault and score the entity notes against `entities`."""
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault(tmp)
        ingest(vault, [text_path])
        notes = [n for n in vault.iter_notes() if n.type != "source"]
    score = Score(notes=len(notes), entities=len(entities))
    ann = [(e, _keys([e["name"], *(e.get("forms") or [])])) for e in entities]
    hits: dict[int, int] = {}
    for note in notes:
        keys = _keys([note.title, *note.aliases])
        # the entity whose name is the note's title first, then any shared name
        matched = [i for i, (e, k) in enumerate(ann) if name_key(note.title) in k]
        matched = matched or [i for i, (e, k) in enumerate(ann) if keys & k]
        if not matched:
            score.wrong.append(f"{note.title} ({note.type})")
            continue
        i = matched[0]
        score.correct += 1
        hits[i] = hits.get(i, 0) + 1
        want = ann[i][0]["type"]
        want = want if isinstance(want, list) else [want]
        if note.type in want:
            score.typed += 1
        else:
            score.mistyped.append(f"{note.title}: {note.type}, annotated {'/'.join(want)}")
    for i, (e, _) in enumerate(ann):
        if e.get("expected"):
            score.expected += 1
        if i in hits:
            score.found += 1
            score.duplicates += hits[i] - 1
            if hits[i] > 1:
                score.wrong.append(f"duplicate notes for {e['name']}")
            score.expected_found += bool(e.get("expected"))
        else:
            score.misses.append(
                f"{e['name']} ({e['type']}{', expected' if e.get('expected') else ''})"
            )
    return score


def _natural(path: Path) -> list[str | int]:
    """ "h9" before "h10"."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.stem)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=Path, default=ROOT / "tests/fixtures/annotations")
    parser.add_argument("--texts", type=Path, default=ROOT / "seeds")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and errors")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these annotations (h9 h10)")
    args = parser.parse_args(argv)

    header = ["text", "notes", "precision", "recall", "recall(expected)", "type acc.", "dups"]
    rows = []
    total = Score()
    paths = sorted(args.annotations.glob("*.yaml"), key=_natural)
    for path in [p for p in paths if not args.only or p.stem in args.only]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = args.texts / data["source"]
        score = score_text(text, data["entities"])
        total.add(score)
        rows.append([path.stem, *score.row()])
        if args.verbose:
            print(f"== {path.stem} {data['source']}", file=sys.stderr)
            for label, items in (("missed", score.misses), ("not annotated", score.wrong),
                                 ("wrong type", score.mistyped)):  # fmt: skip
                for item in items:
                    print(f"  {label}: {item}", file=sys.stderr)
    rows.append(["all", *total.row()])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
