"""`aikb list`, `aikb index`, and vault selection."""

import json

from typer.testing import CliRunner

from aikb.cli import app


def test_list_filters_and_json(cli):
    data = json.loads(cli("list", "--type", "person", "--json").stdout)
    assert data == [
        {"id": "people/geoffrey-hinton", "path": "people/geoffrey-hinton.md",
         "title": "Geoffrey Hinton", "type": "person"},
        {"id": "people/ilya-sutskever", "path": "people/ilya-sutskever.md",
         "title": "Ilya Sutskever", "type": "person"},
    ]  # fmt: skip
    assert [d["id"] for d in json.loads(cli("list", "--tag", "cnn", "--json").stdout)] == [
        "papers/alexnet"
    ]
    out = cli("list").stdout
    assert "scratch" in out and "Reading list" in out and "7 notes" in out


def test_index_reports_counts(cli, vault):
    assert "rebuilt" in cli("index").stdout
    assert (
        cli("index")
        .stdout.strip()
        .endswith("0 added, 0 updated, 0 deleted, 0 relinked, 7 unchanged")
    )
    (vault / "new.md").write_text("new note")
    assert "1 added" in cli("index").stdout
    assert "8 added" in cli("index", "--rebuild").stdout


def test_vault_from_environment(vault, monkeypatch):
    monkeypatch.setenv("AIKB_VAULT", str(vault))
    result = CliRunner().invoke(app, ["list", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 7


def test_empty_vault_works(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    runner = CliRunner()
    assert json.loads(runner.invoke(app, ["list", "--json", "--vault", str(empty)]).stdout) == []
    result = runner.invoke(app, ["search", "anything", "--vault", str(empty)])
    assert result.exit_code == 1 and "No notes match" in result.stdout


def test_missing_vault_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["list", "--vault", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("aikb: error: vault ")
    assert "does not exist" in result.stderr and "Traceback" not in result.output


def test_malformed_note_warns_and_rest_is_indexed(cli, vault):
    (vault / "broken.md").write_text("---\ntitle: [\n---\nwombat\n")
    result = cli("search", "wombat", "--json")
    assert "aikb: warning: broken.md: malformed YAML front matter" in result.stderr
    assert [h["id"] for h in json.loads(result.stdout)] == ["broken"]
    assert "Toronto" in cli("search", "Toronto").stdout
