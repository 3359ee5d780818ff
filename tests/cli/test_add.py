"""`aikb add` through the real CLI."""

import json
import sys

from aikb.vault.parse import parse_note


def test_add_writes_front_matter_and_is_searchable(cli, vault):
    args = ["Mixture of Experts", "--type", "concept", "--alias", "MoE", "--tag", "architecture"]
    out = cli("add", *args, "--body", "Routes tokens to [[experts]].").stdout
    assert out.strip() == "added mixture-of-experts.md"
    note = parse_note((vault / "mixture-of-experts.md").read_text(), "mixture-of-experts.md")
    assert (note.title, note.type, note.aliases, note.tags) == (
        "Mixture of Experts",
        "concept",
        ["MoE"],
        ["architecture"],
    )
    assert {"created", "updated"} <= set(note.meta)
    hits = json.loads(cli("search", "routes", "--json").stdout)
    assert [h["id"] for h in hits] == ["mixture-of-experts"]


def test_add_refuses_to_overwrite(cli, vault):
    before = (vault / "openai.md").read_bytes()
    result = cli("add", "OpenAI", "--type", "company", "--body", "new", code=1)
    assert "aikb: error: openai.md already exists; not overwritten" in result.stderr
    assert (vault / "openai.md").read_bytes() == before


def test_add_body_from_stdin(cli, vault):
    cli("add", "Stdin Note", "--type", "concept", "--body", "-", input="from stdin\n")
    assert "from stdin" in (vault / "stdin-note.md").read_text()


def test_add_edit_runs_editor_with_arguments_without_a_shell(cli, vault, tmp_path, monkeypatch):
    script = tmp_path / "fake editor.py"
    script.write_text("import sys\nopen(sys.argv[-1], 'a').write('edited by ' + sys.argv[1])\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} '{script}' --wait")
    cli("add", "Edited", "--type", "concept", "--edit")
    assert (vault / "edited.md").read_text().endswith("edited by --wait")


def test_add_bad_titles_never_leave_the_vault(cli, vault, tmp_path):
    cli("add", "../../etc/x", "--type", "concept")
    assert (vault / "etc-x.md").exists()
    cli("add", "/abs/path", "--type", "concept")
    assert (vault / "abs-path.md").exists()
    result = cli("add", "bad\x07title", "--type", "concept", code=1)
    assert "control characters" in result.stderr
    result = cli("add", "!!!", "--type", "concept", code=1)
    assert "no usable file name" in result.stderr
    assert not list(tmp_path.glob("etc*")) and not (tmp_path / "x.md").exists()


def test_add_needs_a_type(cli):
    result = cli("add", "No Type", code=2)
    assert "--type" in result.output
