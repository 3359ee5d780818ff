"""`aikb rename` on the Obsidian fixture vault: every link follows, in its own form, and
the index stays right."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from aikb.kb import KnowledgeBase
from tests.conftest import Cli


@pytest.fixture
def ocli(obsidian_vault: Path) -> Cli:
    return Cli(obsidian_vault)


def line(vault: Path, rel: str, n: int) -> str:
    return (vault / rel).read_text("utf-8").splitlines()[n - 1]


def backlink_ids(vault: Path, ref: str) -> list[str]:
    kb = KnowledgeBase(vault)
    kb.refresh()
    return sorted({r.id for r in kb.backlinks(ref)})


def test_rename_in_place_rewrites_every_form(ocli, obsidian_vault):
    v = obsidian_vault
    before = backlink_ids(v, "people/Ada Lovelace")
    out = ocli("rename", "Ada Lovelace", "Augusta Ada King").stdout
    assert "moved people/Ada Lovelace.md → people/Augusta Ada King.md" in out
    assert not (v / "people/Ada Lovelace.md").exists()
    assert (v / "people/Augusta Ada King.md").read_text().startswith("---\ntitle: Ada Lovelace")
    assert line(v, "Home.md", 5).startswith("- [[Augusta Ada King]] by file name")
    assert line(v, "Home.md", 6).startswith("- [[Augusta Ada King|Ada]] with a label")
    assert line(v, "Home.md", 9) == (
        "- [Ada](people/Augusta%20Ada%20King.md) and "
        "[Ada again](<people/Augusta Ada King.md>) as Markdown links."
    )
    # A link by alias still resolves, so it is left as written.
    assert "[[The Enchantress of Numbers]]" in line(v, "Home.md", 18)
    assert line(v, "projects/notes/Design.md", 7) == (
        "- [up two](../../Home.md) and [[../../people/Augusta Ada King|Ada]]."
    )
    # A broken link stays broken and as written.
    assert line(v, "projects/notes/Design.md", 8).startswith("- [[./Ada Lovelace]] is broken")
    assert line(v, "Tables.md", 5) == "| Ada | [[Augusta Ada King\\|the countess]] |"
    assert line(v, "Embeds.md", 4) == "![[Augusta Ada King#Work]]"
    assert line(v, "notes with spaces/My Note (draft).md", 5).startswith(
        "to [Ada](../people/Augusta%20Ada%20King.md), "
    )
    daily = (v / "Daily/2024-01-01.md").read_text()
    assert "> But [[Augusta Ada King]] in the callout is a link." in daily
    assert daily.count("Ada Lovelace") == 0 and "[[Quoted Fence]]" in daily
    # The index follows: same backlinks under the new id, the old id is gone.
    assert backlink_ids(v, "people/Augusta Ada King") == before
    assert "people/Ada Lovelace" not in {n["id"] for n in json.loads(ocli("list", "--json").stdout)}
    assert ocli("check", "--json", code=1).stdout.count('"target": "./Ada Lovelace"') == 2


def test_move_rewrites_relative_links_inside_the_moved_note(ocli, obsidian_vault):
    v = obsidian_vault
    ocli("rename", "notes/Design", "/Design Notes")
    moved = (v / "Design Notes.md").read_text().splitlines()
    assert moved[5] == "- [[./projects/Analytical Engine]] is one folder up, " + (
        "[[./projects/notes/Overview]] is beside this note."
    )
    assert moved[6] == "- [up two](./Home.md) and [[./people/Ada Lovelace|Ada]]."
    assert moved[7].startswith("- [[./Ada Lovelace]] is broken")  # still broken, untouched
    assert moved[9].startswith("- [[Design Notes]] here means this note")
    assert line(v, "Home.md", 13).endswith("[[Design Notes]] names the other.")
    assert line(v, "projects/notes/Overview.md", 3) == (
        "[[Design Notes]] resolves in this folder; [[archive/Design]] names the other one."
    )
    assert line(v, "projects/notes/Overview.md", 4).startswith("[local](Design%20Notes.md) ")
    assert backlink_ids(v, "Design Notes") == [
        "Home", "projects/Analytical Engine", "projects/notes/Overview",
    ]  # fmt: skip


def test_a_new_name_that_would_capture_other_links_rewrites_them(ocli, obsidian_vault):
    """Renaming v1.2 Release to `Design` at the top makes `[[Design]]` an exact vault
    path; links that meant another Design note are rewritten to keep their meaning."""
    v = obsidian_vault
    ocli("rename", "v1.2 Release", "Design")
    assert line(v, "Home.md", 13).startswith("- [[archive/Design]] is ambiguous")
    assert line(v, "Home.md", 15).startswith("- [[Design]] has a dot in its name")
    assert "See [[archive/Design]] (the same" in line(v, "projects/Analytical Engine.md", 14)
    assert line(v, "projects/notes/Overview.md", 3).startswith("[[projects/notes/Design]] resolves")
    assert line(v, "projects/notes/Overview.md", 4).startswith("[local](projects/notes/Design.md) ")
    assert line(v, "projects/notes/Design.md", 10).startswith("- [[projects/notes/Design]] here")
    data = json.loads(ocli("check", "--json", code=1).stdout)
    assert len(data["broken"]) == 10  # no link changed its meaning or broke
    assert backlink_ids(v, "archive/Design") == [
        "Home", "projects/Analytical Engine", "projects/notes/Overview",
    ]  # fmt: skip
    assert backlink_ids(v, "Design") == ["Home"]


def test_dry_run_writes_nothing(ocli, obsidian_vault):
    v = obsidian_vault
    snapshot = {p: p.read_bytes() for p in v.rglob("*.md")}
    data = json.loads(ocli("rename", "Self", "Me", "--dry-run", "--json").stdout)
    assert data["dry_run"] and data["old"] == "Self.md" and data["new"] == "Me.md"
    assert [(e["path"], e["line"], e["old"], e["new"]) for e in data["edits"]] == [
        ("Home.md", 15, "[[Self]]", "[[Me]]"),
        ("Self.md", 3, "[[Self]]", "[[Me]]"),
        ("Self.md", 4, "[[Self#Details|details]]", "[[Me#Details|details]]"),
    ]
    assert {p: p.read_bytes() for p in v.rglob("*.md")} == snapshot
    text = ocli("rename", "Self", "Me", "--dry-run").stdout
    assert "would move Self.md → Me.md" in text and "would rewrite 3 links in 2 notes" in text


def test_move_into_a_folder_keeps_the_name_and_file_mode(ocli, obsidian_vault):
    v = obsidian_vault
    os.chmod(v / "Self.md", 0o640)
    ocli("rename", "Self", "archive/")
    assert (v / "archive/Self.md").stat().st_mode & 0o777 == 0o640
    assert line(v, "Home.md", 15).endswith("[[Self]] links to itself.")  # name still unique
    assert backlink_ids(v, "archive/Self") == ["Home"]


def test_crlf_and_bom_survive(ocli, obsidian_vault):
    v = obsidian_vault
    (v / "win.md").write_bytes("\ufeffSee [[Self]].\r\nAnd [[Self|me]].\r\n".encode())
    ocli("rename", "Self", "Me")
    assert (v / "win.md").read_bytes() == "\ufeffSee [[Me]].\r\nAnd [[Me|me]].\r\n".encode()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Home", "Home.md already exists; not overwritten"),
        ("a|b", "a note's name cannot hold |"),
        ("x/../../y", "is not a path inside the vault"),
        (".hidden/x", "is not a path inside the vault"),
        ("Self", "Self is already at Self.md"),
    ],
)
def test_refusals_are_one_clear_line(ocli, obsidian_vault, new, message):
    ocli("index")  # so the fixture's malformed-note warning is not repeated below
    snapshot = {p: p.read_bytes() for p in obsidian_vault.rglob("*.md")}
    result = ocli("rename", "Self", new, code=1)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in obsidian_vault.rglob("*.md")} == snapshot


def test_unknown_note(ocli):
    assert "no note 'Nobody'" in ocli("rename", "Nobody", "Somebody", code=1).stderr


def test_front_matter_links_and_a_name_left_to_another_note(ocli, obsidian_vault):
    """After Home moves away, `[[Home]]` in projects/ would mean projects/Home.md: links
    that named the old file follow it to its new name instead."""
    v = obsidian_vault
    ocli("rename", "Home", "Start")
    assert line(v, "Properties.md", 6) == 'up: "[[Start]]"'
    assert line(v, "Properties.md", 10) == "# a YAML comment: [[Home]]"  # not a link: untouched
    assert line(v, "projects/Home.md", 5).startswith("The projects' own home page. [[Start]] here")
    assert "Back to [[Start]] and [[./Home|project home]]." in line(
        v, "projects/Analytical Engine.md", 15
    )
    assert line(v, "projects/notes/Design.md", 7).startswith("- [up two](../../Start.md) and")
    assert line(v, "Start.md", 7).startswith(
        "- [[Analytical Engine#^summary]] to a block, [[Start]]"
    )
    assert backlink_ids(v, "Start") == [
        "Broken YAML", "Properties", "notes with spaces/My Note (draft)",
        "projects/Analytical Engine", "projects/Home", "projects/notes/Design", "v1.2 Release",
        "日本語のノート",
    ]  # fmt: skip
    assert backlink_ids(v, "projects/Home") == ["projects/Analytical Engine"]


def test_a_file_that_cannot_be_written_stops_the_rename_with_one_line(ocli, obsidian_vault):
    home = obsidian_vault / "Home.md"
    before = home.read_bytes()
    ocli("index")
    if subprocess.run(["chattr", "+i", str(home)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here (needed to make a write fail as root)")
    try:
        result = ocli("rename", "Self", "Me", code=1)
    finally:
        subprocess.run(["chattr", "-i", str(home)], check=True)
    assert result.stderr == (
        "aikb: error: rename stopped (cannot write Home.md: Operation not permitted); "
        "written so far: Me.md\n"
    )
    assert home.read_bytes() == before  # whole: the old text, not half of the new one
    assert (obsidian_vault / "Self.md").exists() and (obsidian_vault / "Me.md").exists()
    assert backlink_ids(obsidian_vault, "Me") == []  # the index tells the truth about it
    assert backlink_ids(obsidian_vault, "Self") == ["Home"]
