"""`aikb show`, `backlinks` and `links` through the real CLI."""

import json

import pytest


def test_show_prints_properties_body_backlinks_and_mentions(cli):
    out = cli("show", "ilya-sutskever").stdout
    assert "Ilya Sutskever" in out and "person" in out and "Ilya, Sutskever" in out
    assert "Co-founder of OpenAI" in out  # wikilink rendered as its label
    backlinks = out.split("Backlinks (2)")[1].split("Unlinked mentions")[0]
    assert "people/geoffrey-hinton.md:7" in backlinks and "Supervised" in backlinks
    assert "papers/alexnet.md:9" in backlinks
    mentions = out.split("Unlinked mentions (1)")[1]
    assert "openai.md:6" in mentions and "Ilya Sutskever was its chief scientist" in mentions


@pytest.mark.parametrize("ref", ["people/ilya-sutskever", "ILYA-SUTSKEVER", "Ilya Sutskever",
                                 "sutskever", "people/ilya-sutskever.md"])  # fmt: skip
def test_show_resolves_path_name_title_alias(cli, ref):
    data = json.loads(cli("show", ref, "--json").stdout)
    assert data["id"] == "people/ilya-sutskever"


def test_show_json_shape(cli):
    data = json.loads(cli("show", "speculative sampling", "--json").stdout)
    assert data["path"] == "speculative-sampling.md" and data["type"] == "concept"
    assert data["aliases"] == ["speculative decoding"] and data["tags"] == ["inference"]
    assert data["body"].startswith("A small draft model")
    assert [(b["id"], b["path"]) for b in data["backlinks"]] == [
        ("openai", "openai.md"),
        ("sources/import-ai-318", "sources/import-ai-318.md"),
    ]
    assert all(set(b) >= {"id", "path", "context"} for b in data["backlinks"])
    assert [m["id"] for m in data["unlinked_mentions"]] == ["scratch"]
    assert "speculative decoding" in data["unlinked_mentions"][0]["context"]


def test_show_raw_prints_the_file(cli, vault):
    assert cli("show", "openai", "--raw").stdout == (vault / "openai.md").read_text()


def test_unknown_note_exits_1_with_suggestions(cli):
    result = cli("show", "ilya-sutskevr", code=1)
    assert "aikb: error: no note 'ilya-sutskevr'; did you mean people/ilya-sutskever" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_ambiguous_name_lists_the_candidates(cli, vault):
    (vault / "sources" / "alexnet.md").write_text("# AlexNet, the blog post\n")
    err = cli("show", "alexnet", code=1).stderr
    assert err.endswith(
        "aikb: error: 'alexnet' could be any of 2 notes; give one of these ids:\n"
        "  papers/alexnet   AlexNet\n"
        "  sources/alexnet  AlexNet, the blog post\n"
    )
    # An exact vault path is never ambiguous.
    (vault / "sources" / "openai.md").write_text("# OpenAI blog\n")
    assert '"id": "openai"' in cli("show", "openai", "--json").stdout


def test_backlinks_json(cli):
    data = json.loads(cli("backlinks", "AlexNet", "--json").stdout)
    assert [(d["id"], d["line"]) for d in data] == [
        ("people/geoffrey-hinton", 7),
        ("people/ilya-sutskever", 10),
        ("scratch", 3),
    ]
    assert data[1]["context"] == (
        "He co-wrote [[papers/alexnet|AlexNet]] with [[Geoffrey Hinton]] in 2012."
    )
    assert set(data[0]) >= {"id", "path", "title", "type"}


def test_links_shows_resolved_broken_and_attachments(cli):
    data = json.loads(cli("links", "papers/alexnet", "--json").stdout)
    assert [(d["target"], d["id"], d["status"]) for d in data] == [
        ("Ilya Sutskever", "people/ilya-sutskever", "ok"),
        ("Geoffrey Hinton", "people/geoffrey-hinton", "ok"),
        ("alexnet-figure.png", None, "attachment"),
    ]
    out = cli("links", "speculative-sampling").stdout
    assert "DeepMind" in out and "broken" in out


def test_show_of_a_huge_note_renders_its_beginning_and_says_so(cli, vault):
    paragraphs = [f"Paragraph {i} about [[openai]] and `code`." for i in range(6000)]
    (vault / "huge.md").write_text("# Huge\n\n" + "\n\n".join(paragraphs) + "\n")
    out = cli("show", "huge").stdout
    assert "Paragraph 0 about" in out and "Paragraph 5999" not in out
    assert "characters are shown" in out and "aikb show 'huge' --raw" in " ".join(out.split())
    assert json.loads(cli("show", "huge", "--json").stdout)["body"].count("Paragraph") == 6000
    assert cli("show", "huge", "--raw").stdout.count("Paragraph") == 6000
