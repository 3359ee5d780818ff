"""Shared fixtures: a copy of the small fixture vault, and a CLI runner bound to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the repo's notes/: AIKB_VAULT points at an empty temp folder."""
    empty = tmp_path / "default-vault"
    empty.mkdir()
    monkeypatch.setenv("AIKB_VAULT", str(empty))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/vault (8 notes, subfolders, a broken link)."""
    dest = tmp_path / "vault"
    shutil.copytree(FIXTURES / "vault", dest)
    return dest


class Cli:
    """Runs the real typer app in-process against one vault."""

    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        from aikb.cli import app

        result = self.runner.invoke(app, [*args, "--vault", str(self.vault)], input=input)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        return result


@pytest.fixture
def cli(vault: Path) -> Cli:
    return Cli(vault)


@pytest.fixture
def obsidian_vault(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/obsidian-vault: every link form and trap, with
    hand-written answers in tests/fixtures/obsidian-vault.expected.yaml."""
    dest = tmp_path / "obsidian-vault"
    shutil.copytree(FIXTURES / "obsidian-vault", dest)
    return dest


@pytest.fixture
def expected() -> dict:
    import yaml

    return yaml.safe_load((FIXTURES / "obsidian-vault.expected.yaml").read_text("utf-8"))
