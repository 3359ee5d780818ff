"""Parsing note text: front matter dialects, titles, and bad input that must not raise."""

from aikb.vault.parse import parse_note, render_note


def test_front_matter_fields():
    note = parse_note(
        "---\ntitle: Ilya Sutskever\ntype: Person\naliases: [Ilya]\ntags: [a, '#b']\n"
        "created: 2024-06-20\n---\nBody [[openai]].\n",
        "people/ilya.md",
    )
    assert note.id == "people/ilya"
    assert note.name == "ilya"
    assert (note.title, note.type, note.aliases, note.tags) == (
        "Ilya Sutskever",
        "person",
        ["Ilya"],
        ["a", "b"],
    )
    assert note.meta["created"] == "2024-06-20"  # dates become ISO strings, JSON-safe
    assert note.body_line == 8
    assert [(link.target, link.line) for link in note.links] == [("openai", 8)]
    assert note.warning is None


def test_alias_and_tags_as_strings_and_empty_keys():
    note = parse_note("---\nalias: GPT\ntags: llm, openai ml\ntype:\n---\ntext\n", "gpt.md")
    assert note.aliases == ["GPT"]
    assert note.tags == ["llm", "openai", "ml"]
    assert note.type is None


def test_title_falls_back_to_heading_then_file_name():
    assert parse_note("intro\n# The Heading #\ntext", "a/b.md").title == "The Heading"
    assert parse_note("no heading here", "a/My Note.md").title == "My Note"
    assert parse_note("", "empty.md").title == "empty"


def test_malformed_yaml_is_a_warning_not_an_error():
    note = parse_note("---\ntitle: [unclosed\n---\nStill [[linked]].\n", "bad.md")
    assert note.warning and "malformed YAML" in note.warning and "line" in note.warning
    assert note.title == "bad"
    assert [link.target for link in note.links] == ["linked"]
    assert note.links[0].line == 4


def test_front_matter_that_is_not_a_mapping():
    note = parse_note("---\n- a\n- b\n---\nbody\n", "list.md")
    assert note.warning == "front matter is not a mapping of keys to values"
    assert note.meta == {}


def test_unclosed_front_matter():
    note = parse_note("---\ntitle: x\nbody without end\n", "open.md")
    assert note.warning and "no closing" in note.warning


def test_yaml_cannot_construct_python_objects():
    text = "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nbody\n"
    note = parse_note(text, "evil.md")
    assert note.warning and "malformed YAML" in note.warning
    assert note.title == "evil"


def test_bom_and_crlf():
    note = parse_note("\ufeff---\r\ntitle: Win\r\n---\r\nline [[x]]\r\n", "win.md")
    assert note.title == "Win" and note.warning is None
    assert note.body == "line [[x]]\n"
    assert note.links[0].line == 4


def test_render_note_round_trips():
    text = render_note({"title": "T", "type": "concept", "aliases": ["A"], "tags": []}, "Body.")
    assert text == "---\ntitle: T\ntype: concept\naliases:\n- A\n---\n\nBody.\n"
    note = parse_note(text, "t.md")
    assert (note.title, note.type, note.aliases, note.body.strip()) == (
        "T",
        "concept",
        ["A"],
        "Body.",
    )
