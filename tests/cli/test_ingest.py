"""`aikb ingest` through the real CLI, on real files, with the real NER model."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aikb.cli import app
from aikb.vault.parse import parse_note

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
runner = CliRunner()

TEXT_A = """SOURCE: https://example.com/a
Lab news

Ilya Sutskever, the co-founder of OpenAI, has announced Safe Superintelligence Inc. (or SSI).
Sutskever said SSI will focus on safety. Large language models are not its first product.
"""
TEXT_B = """Deep learning history

In 2012 Alex Krizhevsky, Ilya Sutskever and Geoffrey Hinton trained AlexNet on GPUs.
Hinton later said that backpropagation might not be how the brain learns.
"""


def _ingest(vault: Path, *paths: Path) -> object:
    return runner.invoke(app, ["ingest", *map(str, paths), "--vault", str(vault)])


def _notes(vault: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(vault.glob("*.md"))}


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b.md").write_text(TEXT_B, encoding="utf-8")
    return folder


def test_ingest_creates_typed_linked_notes(tmp_path: Path, texts: Path) -> None:
    vault = tmp_path / "vault"
    result = _ingest(vault, texts)
    assert result.exit_code == 0, result.output
    assert "created" in result.stdout
    notes = _notes(vault)
    ilya = parse_note(notes["ilya-sutskever.md"], "ilya-sutskever.md")
    assert ilya.type == "person" and "Sutskever" in ilya.aliases
    assert ilya.meta["sources"] == ["lab-news", "deep-learning-history"]  # one note, two texts
    assert "[[lab-news|Lab news]]" in ilya.body and "[[openai|OpenAI]]" in ilya.body
    ssi = parse_note(notes["safe-superintelligence-inc.md"], "x.md")
    assert ssi.type == "company" and ssi.aliases == ["SSI"]
    hinton = parse_note(notes["geoffrey-hinton.md"], "x.md")
    assert hinton.type == "person" and hinton.aliases == ["Hinton"]
    source = parse_note(notes["lab-news.md"], "lab-news.md")
    assert source.type == "source" and source.meta["origin"] == "https://example.com/a"
    assert {"ilya-sutskever", "openai", "safe-superintelligence-inc"} <= {
        link.target for link in source.links
    }
    assert not any(name.startswith(("sutskever", "ssi")) for name in notes)  # no duplicates


def test_ingest_twice_changes_no_byte(tmp_path: Path, texts: Path) -> None:
    vault = tmp_path / "vault"
    assert _ingest(vault, texts).exit_code == 0
    before = _notes(vault)
    result = _ingest(vault, texts)
    assert result.exit_code == 0
    assert _notes(vault) == before
    assert "unchanged" in result.stdout and f"{len(before)}" in result.stdout


def test_human_edits_survive_reingest(tmp_path: Path, texts: Path) -> None:
    vault = tmp_path / "vault"
    assert _ingest(vault, texts / "a.txt").exit_code == 0
    path = vault / "ilya-sutskever.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n## Mentions")
    body_start = head.index("---\n", 4) + 4
    edited = (
        head[:body_start].replace("- Sutskever\n", "- Sutskever\n- Ilya S.\n")
        + "\nMy summary of Ilya.\n\nA paragraph of my own.\n\n## Mentions"
        + rest
    )
    path.write_text(edited, encoding="utf-8")
    assert _ingest(vault, texts).exit_code == 0  # a new text mentions him too
    after = path.read_text(encoding="utf-8")
    assert "My summary of Ilya.\n\nA paragraph of my own." in after
    assert "- Ilya S." in after
    assert "[[deep-learning-history|Deep learning history]]" in after
    assert _ingest(vault, texts).exit_code == 0
    assert path.read_text(encoding="utf-8") == after


def test_text_with_no_entities_gets_only_a_source_note(tmp_path: Path) -> None:
    text = tmp_path / "quiet.txt"
    text.write_text("A quiet week\n\nNothing much happened. We went for a walk.\n")
    vault = tmp_path / "vault"
    result = _ingest(vault, text)
    assert result.exit_code == 0, result.output
    assert list(_notes(vault)) == ["a-quiet-week.md"]
    assert parse_note(_notes(vault)["a-quiet-week.md"], "x.md").type == "source"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "no .txt or .md files in this folder"),
        (lambda d: (d / "x.txt").write_bytes(b"\x00\x01binary") and d / "x.txt", "binary file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path: Path, make, message: str) -> None:
    vault = tmp_path / "vault"
    result = _ingest(vault, make(tmp_path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aikb: error: ") and message in lines[0]
    assert not list(vault.glob("*.md"))


def test_texts_inside_the_vault_are_refused(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "t.txt").write_text("x")
    result = _ingest(vault, vault)
    assert result.exit_code == 1 and "inside the vault" in result.stderr


def test_committed_notes_are_exactly_what_ingest_of_the_seeds_makes(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    result = _ingest(vault, SEEDS)
    assert result.exit_code == 0, result.output
    committed = ROOT / "notes"
    fresh = sorted(p.name for p in vault.glob("*.md"))
    assert fresh == sorted(p.name for p in committed.glob("*.md"))
    cmp = filecmp.cmpfiles(committed, vault, fresh, shallow=False)
    assert cmp[1] == [] and cmp[2] == [], f"differ from a fresh ingest: {cmp[1] + cmp[2]}"
    before = _notes(vault)
    assert _ingest(vault, SEEDS).exit_code == 0
    assert _notes(vault) == before  # and ingesting the seeds again changes no byte


def test_seeds_ingest_files_ilya_sutskever_as_a_linked_person(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    shutil.copytree(ROOT / "notes", vault)
    note = parse_note((vault / "ilya-sutskever.md").read_text(encoding="utf-8"), "x.md")
    assert note.type == "person" and len(note.meta["sources"]) >= 3
    related = {link.target for link in note.links}
    assert {"openai", "safe-superintelligence-inc", "alexnet", "geoffrey-hinton"} <= related
    result = runner.invoke(app, ["show", "ilya-sutskever", "--vault", str(vault), "--json"])
    assert result.exit_code == 0
    assert '"backlinks"' in result.stdout and '"id": "openai"' in result.stdout


def test_the_name_trusted_texts_use_titles_a_note_across_texts(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    # a careless text: two spellings of one person, and three of a misspelt researcher
    (folder / "a.txt").write_text(
        "Deep learning podcast with Ilyas Iskever\n\nIlya Sutskever, the co-founder of "
        "OpenAI, talks about deep learning. Sutskever credits Alex Kerzhevsky for GPU code. "
        "Alex Kerzhevsky wrote CUDA kernels for neural networks. Kerzhevsky trained "
        "AlexNet. Alex Kerzhevsky left research later.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "AlexNet at twelve\n\nIn 2012 Alex Krizhevsky trained AlexNet, a convolutional "
        "neural network, on two GPUs.\n",
        encoding="utf-8",
    )
    vault = tmp_path / "v"
    assert _ingest(vault, folder).exit_code == 0
    note = parse_note((vault / "alex-krizhevsky.md").read_text(encoding="utf-8"), "x.md")
    assert note.title == "Alex Krizhevsky" and "Alex Kerzhevsky" in note.aliases
    assert not (vault / "alex-kerzhevsky.md").exists()
