"""`make eval`'s scorer on a real held-out text, and its `--only` selection."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from eval_ingest import main  # noqa: E402


def test_only_scores_the_named_annotations_in_natural_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    heldout = str(ROOT / "tests/fixtures/heldout")
    assert main(["--annotations", heldout, "--texts", heldout, "--only", "h2", "h10"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert rows == ["text", "h2", "h10", "all"]
