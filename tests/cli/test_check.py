"""`aikb check` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def test_check_json_shape_and_exit_code(obsidian_vault: Path, expected):
    result = Cli(obsidian_vault)("check", "--json", code=1)
    data = json.loads(result.stdout)
    assert set(data) == {"notes", "links", "broken", "orphans", "same_title", "warnings"}
    assert data["notes"] == len(expected["links"])
    assert [[b["source"], b["line"], b["target"]] for b in data["broken"]] == expected["broken"]
    assert data["broken"][0] == {
        "source": "Broken",
        "path": "Broken.md",
        "target": "Missing Note",
        "line": 4,
        "context": "[[Missing Note]], [a missing file](missing.md), [[people/Nobody]] and",
    }
    assert [o["id"] for o in data["orphans"]] == expected["orphans"]
    assert data["same_title"] == [
        {
            "title": "Design",
            "notes": [
                {"id": "archive/Design", "path": "archive/Design.md", "title": "Design",
                 "type": None},
                {"id": "projects/notes/Design", "path": "projects/notes/Design.md",
                 "title": "design", "type": None},
            ],
        }
    ]  # fmt: skip
    assert [w["path"] for w in data["warnings"]] == ["Broken YAML.md"]


def test_check_text_names_file_and_line(obsidian_vault: Path):
    out = Cli(obsidian_vault)("check", code=1).stdout
    assert "Broken links (10)" in out
    assert "Home.md:17  Node.js" in out
    assert "projects/notes/Design.md:9  ../../../Outside" in out
    assert "Orphan notes (3)" in out and "archive/Old Ideas.md  Old Ideas" in out
    assert "Design: archive/Design.md, projects/notes/Design.md" in out
    assert out.rstrip().endswith("10 broken links, 3 orphans, 1 shared title")


def test_check_passes_when_no_link_is_broken(tmp_path: Path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]] and ![[pic.png]]\n")
    (vault / "b.md").write_text("[[a#Top]]\n")
    out = Cli(vault)("check", code=0).stdout
    assert "2 notes, 2 links: 0 broken links, 0 orphans, 0 shared titles" in out


def test_check_on_an_empty_vault(tmp_path: Path):
    vault = tmp_path / "empty"
    vault.mkdir()
    data = json.loads(Cli(vault)("check", "--json").stdout)
    assert data == {"notes": 0, "links": 0, "broken": [], "orphans": [], "same_title": [],
                    "warnings": []}  # fmt: skip


def test_check_lists_files_it_could_not_read(tmp_path: Path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]]\n")
    (vault / "b.md").write_text("[[a]]\n")
    (vault / "blob.md").write_bytes(b"\x00\x01binary")
    data = json.loads(Cli(vault)("check", "--json").stdout)
    assert [w["path"] for w in data["warnings"]] == ["blob.md"]
    assert "binary" in data["warnings"][0]["problem"] and data["notes"] == 2
