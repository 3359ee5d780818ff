"""Link parsing edge cases and Obsidian's resolution order."""

import pytest

from aikb.vault.links import Resolver, extract_links, mask_code


def targets(text: str) -> list[str]:
    return [link.target for link in extract_links(text)]


def test_link_forms():
    links = extract_links(
        "[[a]] [[b|Label]] [[c#Heading]] [[d#^block|x]] ![[e.png]] [[f/g]] [[#Self]]\n"
        "[md](h.md) [sp](my%20note.md) [ang](<with space.md>) [rel](../up/i.md#Top)"
    )
    assert [link.target for link in links] == [
        "a", "b", "c", "d", "e.png", "f/g", "", "h.md", "my note.md", "with space.md", "../up/i.md",
    ]  # fmt: skip
    by = {link.target: link for link in links}
    assert by["b"].label == "Label"
    assert by["c"].heading == "Heading"
    assert by["d"].heading == "^block" and by["d"].label == "x"
    assert by["e.png"].embed and by["e.png"].is_attachment
    assert by[""].heading == "Self"
    assert by["../up/i.md"].heading == "Top" and by["../up/i.md"].markdown


def test_escaped_pipe_in_tables():
    links = extract_links("| col | [[note\\|shown]] |")
    assert [(link.target, link.label) for link in links] == [("note", "shown")]


def test_not_links():
    text = (
        "```python\n[[in-fence]]\n```\n"
        "> ```\n> [[in-quoted-fence]]\n> ```\n"
        "~~~~\n[[tilde]]\n~~~~\n"
        "`[[in-span]]` and ``x [[double]] x``\n"
        "%%[[commented]]%% <!-- [[html]] -->\n"
        "%%\n[[multi-line comment]]\n%%\n"
        "[site](https://example.com/a.md) [mail](mailto:a@b.c) [here](#local)\n"
        "[[real]]"
    )
    assert targets(text) == ["real"]


def test_unclosed_fence_hides_the_rest():
    assert targets("[[before]]\n```\n[[after]]\n") == ["before"]


def test_mask_keeps_offsets():
    text = "a `code` b\n```\nx\n```\nc"
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "code" not in masked and masked.endswith("c")


def test_line_numbers_and_context():
    body = "First line.\n\n- A long sentence here. Then [[target]] appears in this one. Last."
    (link,) = extract_links(body, first_line=5)
    assert link.line == 7
    assert link.context == "A long sentence here. Then [[target]] appears in this one. Last."


def test_long_line_context_is_the_sentence():
    body = "Filler words go here. " * 20 + "The key sentence has [[x]] in it. " + "More. " * 40
    (link,) = extract_links(body)
    assert link.context == "The key sentence has [[x]] in it."


NOTES = [
    ("a.md", "Alpha", ["First"]),
    ("folder/a.md", "Folder A", []),
    ("folder/b.md", "B", []),
    ("deep/er/b.md", "Deep B", []),
    ("x/y/c.md", "C", []),
    ("z/c.md", "Other C", []),
    ("Mixed Case.md", "Mixed", []),
]


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [
        ("a", "z/c.md", "a.md"),  # exact vault path beats same-folder and suffix
        ("a", "folder/b.md", "a.md"),
        ("folder/a", "a.md", "folder/a.md"),
        ("b", "folder/a.md", "folder/b.md"),  # same folder
        ("b", "a.md", "folder/b.md"),  # shortest path wins
        ("c", "a.md", "z/c.md"),
        ("y/c", "a.md", "x/y/c.md"),  # path suffix
        ("./b", "folder/a.md", "folder/b.md"),  # relative to the linking note only
        ("./c", "folder/a.md", None),
        ("../a.md", "folder/b.md", "a.md"),
        ("MIXED case", "a.md", "Mixed Case.md"),  # case-insensitive
        ("a.md", "z/c.md", "a.md"),  # .md optional
        ("First", "z/c.md", "a.md"),  # alias fallback
        ("deep b", "a.md", "deep/er/b.md"),  # title fallback
        ("nothing", "a.md", None),
        ("", "z/c.md", "z/c.md"),  # [[#Heading]] is the note itself
    ],
)
def test_resolution_order(target, source, expected):
    assert Resolver(NOTES).resolve(target, source) == expected
    # A resolver made only of the notes a target could reach answers the same.
    assert Resolver.for_targets(NOTES, [target]).resolve(target, source) == expected


def test_targeted_resolver_matches_the_full_one_on_odd_targets():
    targets = ["a", "A.MD", "./b", "../a.md", "folder/", "..", ".", "/a", "x\\y\\c", "First",
               "deep b", "Mixed Case", "folder/../a", "nothing", " b ", "y/c.md"]  # fmt: skip
    sources = ["a.md", "folder/b.md", "z/c.md", "x/y/c.md", "deep/er/b.md"]
    full = Resolver(NOTES)
    for target in targets:
        one = Resolver.for_targets(NOTES, [target])
        for source in sources:
            assert one.resolve(target, source) == full.resolve(target, source), (target, source)


def test_candidates_for_ambiguous_names():
    assert Resolver(NOTES).candidates("c") == ["z/c.md", "x/y/c.md"]
    assert Resolver(NOTES).candidates("Alpha") == ["a.md"]


def test_link_alone_in_a_list_gets_its_heading_as_context():
    body = "# Top\n\n## Related\n\n- [[a|A]]\n- [[b]], [[c]]\n- see [[d]] for more\n1. [e](e.md)\n"
    contexts = {link.target: link.context for link in extract_links(body)}
    assert contexts == {
        "a": "Related › [[a|A]]",
        "b": "[[b]], [[c]]",
        "c": "[[b]], [[c]]",
        "d": "see [[d]] for more",
        "e.md": "Related › [e](e.md)",
    }
    (no_heading,) = extract_links("- [[x]]\n")
    assert no_heading.context == "[[x]]"
