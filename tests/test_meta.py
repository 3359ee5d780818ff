"""Meta-tests: layering, help text, clean imports, entry points."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aikb.cli import app

SRC = Path(__file__).parent.parent / "src" / "aikb"
# What each pure or adapter package may import, beyond the standard library.
FORBIDDEN = {
    "vault": {"typer", "rich", "whoosh", "aikb.index", "aikb.cli", "aikb.render", "aikb.kb"},
    "extract": {"typer", "rich", "whoosh", "aikb.index", "aikb.cli", "aikb.render"},
    "index": {"typer", "rich", "aikb.cli", "aikb.render", "aikb.extract"},
    "render": {"typer", "whoosh", "aikb.cli"},
}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layering(package):
    for path in (SRC / package).rglob("*.py"):
        for name in imports(path):
            for banned in FORBIDDEN[package]:
                assert not (name == banned or name.startswith(banned + ".")), (path, name)


def test_every_command_has_help_and_an_example():
    from aikb.cli.app import app as typer_app

    for command in typer_app.registered_commands:
        doc = command.callback.__doc__ or ""
        assert doc.strip(), command.callback.__name__
        assert "Example:" in doc, command.callback.__name__
        result = CliRunner().invoke(app, [command.name or command.callback.__name__, "--help"])
        assert result.exit_code == 0


def test_index_code_imports_without_warnings():
    """whoosh3 is pinned partly because it imports cleanly (whoosh 2.7.4 does not)."""
    code = "import aikb.index.query, aikb.index.update, aikb.kb, aikb.cli"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-X", "dev", "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_python_dash_m_and_help_does_not_import_whoosh():
    code = (
        "import sys, runpy; sys.argv = ['aikb', '--help']\n"
        "try:\n runpy.run_module('aikb', run_name='__main__')\nexcept SystemExit: pass\n"
        "print('WHOOSH' if 'whoosh' in sys.modules else 'CLEAN')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Usage" in result.stdout and result.stdout.strip().endswith("CLEAN")
