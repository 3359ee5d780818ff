"""Hostile and odd input: each one is named in a warning (or refused) while the rest works."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from .helpers import aikb, listed, make_vault, write


def _search(vault: Path, query: str) -> list[str]:
    run = aikb(vault, "search", query, "--json")
    assert run.exit_code == 0, run.stderr
    return [hit["id"] for hit in run.json()]


def _added(vault: Path, rel: str, data: str | bytes) -> str:
    """Write one odd file into an indexed vault; the next command's stderr."""
    write(vault, rel, data)
    run = aikb(vault, "search", "bananas", "--json")
    assert run.exit_code == 0, run.stderr
    assert [hit["id"] for hit in run.json()] == ["beta"]  # the rest keeps working
    assert "Traceback" not in run.stderr
    return run.err


# -- broken front matter -----------------------------------------------------------------


def test_malformed_yaml(vault: Path) -> None:
    err = _added(
        vault, "bad.md", "---\ntitle: [unclosed\ntype: person\n---\nstill searchable figs\n"
    )
    assert "aikb: warning: bad.md: malformed YAML front matter" in err
    assert _search(vault, "figs") == ["bad"]


def test_front_matter_not_a_mapping(vault: Path) -> None:
    err = _added(vault, "list.md", "---\n- one\n- two\n---\nlisted limes\n")
    assert "aikb: warning: list.md: front matter is not a mapping" in err
    assert _search(vault, "limes") == ["list"]


def test_front_matter_without_closing_line(vault: Path) -> None:
    err = _added(vault, "open.md", "---\ntitle: Open\nno end here, only olives\n")
    assert "aikb: warning: open.md: front matter has no closing '---' line" in err
    assert _search(vault, "olives") == ["open"]


def test_yaml_that_builds_python_objects_is_never_run(vault: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = (
        "---\ntitle: Evil\n"
        f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
        'y: !!python/object/new:subprocess.Popen [["touch", "' + str(marker) + '"]]\n'
        "---\nevil eggplants\n"
    )
    err = _added(vault, "evil.md", evil)
    assert "aikb: warning: evil.md: malformed YAML front matter" in err
    assert "python/object" in err
    assert not marker.exists()
    assert aikb(vault, "show", "evil").exit_code == 0
    assert not marker.exists()
    assert _search(vault, "eggplants") == ["evil"]


# -- encodings and sizes -----------------------------------------------------------------


def test_bom_and_crlf_are_read_as_usual(vault: Path) -> None:
    bom = "\ufeff---\ntitle: Bommed\naliases: [BM]\n---\nA byte order mark before [[Beta]].\n"
    write(vault, "bom.md", bom.encode("utf-8"))
    crlf = "---\r\ntitle: Windows Note\r\ntags: [win]\r\n---\r\nLinks [[Bommed]] on crlf.\r\n"
    write(vault, "crlf.md", crlf.encode())
    run = aikb(vault, "list", "--json")
    assert run.exit_code == 0 and run.stderr == ""  # nothing to warn about
    titles = {n["id"]: n["title"] for n in run.json()}
    assert titles["bom"] == "Bommed" and titles["crlf"] == "Windows Note"
    assert [r["id"] for r in aikb(vault, "backlinks", "BM", "--json").json()] == ["crlf"]
    assert _search(vault, "tag:win") == ["crlf"]
    backlinks = aikb(vault, "backlinks", "beta", "--json").json()
    assert {r["id"] for r in backlinks} == {"alpha", "bom"}


def test_invalid_utf8(vault: Path) -> None:
    err = _added(vault, "latin.md", b"---\ntitle: Latin\n---\ncaf\xe9 with quinces\n")
    assert "aikb: warning: latin.md: invalid UTF-8 at byte 24" in err
    assert _search(vault, "quinces") == ["latin"]
    assert "caf\ufffd" in aikb(vault, "show", "latin", "--json").json()["body"]


def test_empty_file(vault: Path) -> None:
    err = _added(vault, "empty.md", "")
    assert "aikb: warning: empty.md: empty note" in err
    assert "empty" in listed(vault)
    assert aikb(vault, "show", "empty").exit_code == 0


def test_binary_file_named_md(vault: Path) -> None:
    err = _added(vault, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "aikb: warning: image.md: binary file, not a Markdown note" in err
    assert "image" not in listed(vault)
    assert "image.md: binary file" in aikb(vault, "index").out


def test_ten_megabyte_note(vault: Path) -> None:
    line = "filler words about nothing much, repeated to make a very large note\n"
    big = "---\ntitle: Huge\n---\nhugeopening [[beta]]\n" + line * (10 * 2**20 // len(line))
    err = _added(vault, "huge.md", big + "hugeending\n")
    assert "aikb: warning: huge.md: 10.0 MB; only its first 1 MB is indexed" in err
    assert _search(vault, "hugeopening") == ["huge"]
    assert _search(vault, "hugeending") == []
    assert [r["id"] for r in aikb(vault, "backlinks", "beta", "--json").json()] == ["alpha", "huge"]


# -- names and places --------------------------------------------------------------------


def test_same_file_name_in_two_folders(vault: Path) -> None:
    write(vault, "a/note.md", "# First\n\nin folder a, apricots\n")
    write(vault, "b/note.md", "# Second\n\nin folder b, apricots\n")
    assert {"a/note", "b/note"} <= set(listed(vault))
    assert sorted(_search(vault, "apricots")) == ["a/note", "b/note"]
    ambiguous = aikb(vault, "show", "note")
    assert ambiguous.exit_code == 1
    choices = "'note' could be any of 2 notes; give one of these ids: a/note First b/note Second"
    assert choices in ambiguous.err
    assert aikb(vault, "show", "b/note", "--json").json()["title"] == "Second"


def test_symlinks_are_not_followed(vault: Path, tmp_path: Path) -> None:
    outside = make_vault(tmp_path / "elsewhere", {"secret.md": "# Secret\n\nsecret sauce\n"})
    (vault / "secret.md").symlink_to(outside / "secret.md")
    (vault / "linked").symlink_to(outside, target_is_directory=True)
    (vault / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    err = _added(vault, "other.md", "# Other\n")
    assert "aikb: warning: secret.md: symlink not followed" in err
    assert "aikb: warning: linked: symlink not followed" in err
    assert "aikb: warning: dangling.md: symlink not followed" in err
    assert _search(vault, "sauce") == []
    assert listed(vault) == ["alpha", "beta", "other", "people/carol"]
    assert aikb(vault, "show", "secret").exit_code == 1
    # An Emacs lock file (a dangling symlink named .#x.md) is ignored without a word.
    (vault / ".#alpha.md").symlink_to("user@host.1234:1700000000")
    write(vault, "other.md", "# Other, changed\n")
    assert "warning" not in aikb(vault, "list").stderr


ODD_NAMES = ["with space", "ünïcødé 日本", "C# notes", "a [[b]] c", ".leading dot", "..two dots"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names(vault: Path, name: str) -> None:
    write(vault, f"odd/{name}.md", f"# Odd {name}\n\noddity words [[beta]]\n")
    assert f"odd/{name}" in listed(vault)
    assert _search(vault, "oddity") == [f"odd/{name}"]
    shown = aikb(vault, "show", f"odd/{name}", "--json")
    assert shown.exit_code == 0 and shown.json()["path"] == f"odd/{name}.md"
    assert f"odd/{name}" in [r["id"] for r in aikb(vault, "backlinks", "beta", "--json").json()]
    table = aikb(vault, "list")
    assert f"odd/{name}" in table.stdout  # printed as is, not read as markup


# -- aikb add ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/x",
        "/etc/passwd",
        "..",
        "./.aikb/catalog",
        "a/../../b",
        "~root/.ssh/keys",
        "nul\\x",
    ],
)
def test_add_never_writes_outside_the_vault(tmp_path: Path, title: str) -> None:
    vault = make_vault(tmp_path / "v" / "notes")
    before = {p for p in tmp_path.rglob("*")}
    run = aikb(vault, "add", title, "-t", "concept", "-b", "body")
    made = {p for p in tmp_path.rglob("*")} - before
    if run.exit_code == 0:
        [path] = [p for p in made if p.suffix == ".md"]
        assert path.parent == vault and not path.name.startswith(".")
        assert run.stdout == f"added {path.name}\n"
    else:
        assert run.exit_code == 1 and run.err.startswith("aikb: error: title")
    assert all(vault in p.parents for p in made)


@pytest.mark.parametrize("title", ["bell\x07", "new\nline", "tab\tbed", "esc\x1b[31m", ""])
def test_add_refuses_control_characters(vault: Path, title: str) -> None:
    before = sorted(vault.rglob("*.md"))
    run = aikb(vault, "add", title, "-t", "concept")
    assert run.exit_code == 1
    assert "aikb: error: title" in run.err and "control characters" in run.err
    assert sorted(vault.rglob("*.md")) == before


def test_editor_with_arguments_runs_without_a_shell(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "my notes")
    bin_dir = tmp_path / "editor dir"
    bin_dir.mkdir()
    log = tmp_path / "argv.txt"
    editor = bin_dir / "fake editor"
    editor.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"open({str(log)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
        "with open(sys.argv[-1], 'a') as fh:\n"
        "    fh.write('Written in the editor: persimmons.\\n')\n"
    )
    editor.chmod(0o755)
    marker = tmp_path / "shell-ran"
    command = f"{shlex.quote(str(editor))} --wait --flag='two words' ; touch {marker}"
    run = aikb(
        vault,
        "add",
        "Edited $(touch x)",
        "-t",
        "concept",
        "--edit",
        env={"EDITOR": command, "VISUAL": None},
    )
    assert run.exit_code == 0, run.stderr
    path = vault / "edited-touch-x.md"
    assert log.read_text().split("\n") == [
        "--wait",
        "--flag=two words",
        ";",
        "touch",
        str(marker),
        str(path),
    ]
    assert not marker.exists()
    assert "persimmons" in path.read_text()
    assert _search(vault, "persimmons") == ["edited-touch-x"]


def test_missing_editor_is_a_clear_error(vault: Path) -> None:
    run = aikb(
        vault,
        "add",
        "Orphan",
        "-t",
        "concept",
        "--edit",
        env={"EDITOR": "no-such-editor -w", "VISUAL": ""},
    )
    assert run.exit_code == 1
    assert "aikb: error: cannot start editor 'no-such-editor -w'" in run.err


def test_add_refuses_to_overwrite_a_symlink_to_outside(vault: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (vault / "precious.md").symlink_to(target)
    run = aikb(vault, "add", "Precious", "-t", "concept", "-b", "overwrite?")
    assert run.exit_code == 1 and "'precious.md' points outside the vault" in run.err
    assert target.read_text() == "keep me"
    assert os.path.islink(vault / "precious.md")
