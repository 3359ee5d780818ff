"""Extraction and ingest stay pure of the terminal layer, and other commands never load spaCy."""

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "aikb"


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_extract_and_ingest_import_no_cli_or_terminal_library():
    for folder in (SRC / "extract", SRC / "ingest"):
        assert not {"typer", "rich", "whoosh"} & _imports(folder), folder


def test_other_commands_never_import_spacy(tmp_path):
    code = (
        "import sys; from typer.testing import CliRunner; from aikb.cli import app; "
        f"r = CliRunner().invoke(app, ['list', '--vault', {str(tmp_path)!r}]); "
        "assert r.exit_code == 0, r.output; "
        "assert 'spacy' not in sys.modules and 'aikb.extract' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
