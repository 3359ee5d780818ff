"""Vault.path: the fast check (each folder resolved once per scan) refuses what the full
resolve refused."""

from pathlib import Path

import pytest

from aikb.errors import InvalidArgument
from aikb.vault.store import Vault


def test_path_refuses_everything_that_leads_outside(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "people" / "ada.md").write_text("# Ada\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret\n")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "people" / "secret.md").symlink_to(outside / "secret.md")
    (root / "people" / "alias.md").symlink_to(root / "people" / "ada.md")
    vault = Vault(root)
    assert vault.path("people/ada.md") == vault.root / "people" / "ada.md"
    assert vault.path("people/alias.md").name == "alias.md"  # a symlink that stays inside
    for rel in ["linked/secret.md", "people/secret.md", "../outside/secret.md", "people/../..",
                "people/../../outside/secret.md", "/etc/passwd", "a\x00b", ""]:  # fmt: skip
        with pytest.raises(InvalidArgument):
            vault.path(rel)


def test_a_folder_swapped_for_a_symlink_is_seen_at_the_next_scan(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "people" / "ada.md").write_text("# Ada\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ada.md").write_text("secret\n")
    vault = Vault(root)
    assert vault.scan()[0].keys() == {"people/ada.md"}
    vault.path("people/ada.md")  # the folder is now known to be inside
    (root / "people" / "ada.md").unlink()
    (root / "people").rmdir()
    (root / "people").symlink_to(outside, target_is_directory=True)
    found, skipped = vault.scan()
    assert found == {} and skipped == {"people": "people: symlink not followed"}
    with pytest.raises(InvalidArgument):
        vault.path("people/ada.md")
