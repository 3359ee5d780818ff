"""Fixtures for the live-vault tests (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import aikb, make_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A three-note vault, indexed once."""
    root = make_vault(tmp_path / "notes")
    assert aikb(root, "index").exit_code == 0
    return root
