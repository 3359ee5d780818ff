"""Helpers for the live-vault tests: a small vault, the CLI in-process and as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from aikb.cli import app

SEEDS = Path(__file__).parents[2] / "seeds"

NOTES = {
    "alpha.md": "---\ntitle: Alpha\ntype: concept\n---\nAlpha talks about [[Beta]] and apples.\n",
    "beta.md": "---\ntitle: Beta\ntype: concept\naliases: [B]\n---\nBeta is about bananas.\n",
    "people/carol.md": "---\ntitle: Carol\ntype: person\n---\nCarol studies cherries.\n",
}


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def err(self) -> str:
        """stderr with line wrapping undone, for substring checks."""
        return " ".join(self.stderr.split())

    @property
    def out(self) -> str:
        return " ".join(self.stdout.split())

    def json(self) -> object:
        return json.loads(self.stdout)


def write(vault: Path, rel: str, text: str | bytes) -> Path:
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_vault(root: Path, notes: dict[str, str] = NOTES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in notes.items():
        write(root, rel, text)
    return root


def aikb(vault: Path, *args: str, input: str | None = None, env: dict | None = None) -> Run:
    """Run the CLI in-process (CliRunner), on `vault`."""
    result = CliRunner().invoke(app, [*args, "--vault", str(vault)], input=input, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def proc_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AIKB_VAULT", None)
    env.update(NO_COLOR="1", COLUMNS="200", PYTHONUNBUFFERED="1", **extra)
    return env


def aikb_cmd(vault: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "aikb", *args, "--vault", str(vault)]


def aikb_proc(vault: Path, *args: str, timeout: float = 120, **env: str) -> Run:
    """Run the CLI as a separate process, as a user would."""
    done = subprocess.run(
        aikb_cmd(vault, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=proc_env(**env),
    )
    return Run(done.returncode, done.stdout, done.stderr)


def indexed_ids(vault: Path) -> Counter[str]:
    """Every note id in the committed Whoosh index, with how often it is there."""
    from whoosh.index import open_dir

    catalog = json.loads((vault / ".aikb" / "catalog.json").read_text())
    ix = open_dir(str(vault / ".aikb" / catalog["index"]))
    with ix.searcher() as searcher:
        return Counter(fields["id"] for fields in searcher.all_stored_fields())


def note_ids_on_disk(vault: Path) -> set[str]:
    return {
        p.relative_to(vault).as_posix()[:-3]
        for p in vault.rglob("*.md")
        if not any(part.startswith(".") for part in p.relative_to(vault).parts)
    }


def listed(vault: Path) -> list[str]:
    run = aikb(vault, "list", "--json")
    assert run.exit_code == 0, run.stderr
    return [n["id"] for n in run.json()]


def big_vault(root: Path, n: int = 300) -> Path:
    """`n` notes of 150 words, `uniq<i>marker` in note i, at `d<i % 10>/n<i>.md`."""
    words = ["model", "data", "attention", "transformer", "scaling", "compute", "token"]
    notes = {}
    for i in range(n):
        body = " ".join(words[(i * 7 + j) % len(words)] + str(j % 50) for j in range(150))
        notes[f"d{i % 10}/n{i}.md"] = (
            f"---\ntitle: Note {i}\ntype: concept\n---\nuniq{i}marker {body} [[n{(i + 1) % n}]]\n"
        )
    return make_vault(root, notes)
