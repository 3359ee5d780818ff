"""Obsidian's link rules beyond the basic forms: code and comments in odd places, links
in front matter, attachments, and rewriting a link's target in place."""

import pytest

from aikb.vault.links import extract_links, retarget
from aikb.vault.model import is_attachment
from aikb.vault.parse import parse_note


def targets(text: str) -> list[str]:
    return [link.target for link in extract_links(text)]


def test_fence_inside_a_list_item_is_code():
    text = "- item\n    ```\n    [[in list fence]]\n    ```\n- [[after]]"
    assert targets(text) == ["after"]


def test_fence_in_a_quote_ends_with_the_quote():
    # CommonMark: an unclosed fence in a blockquote closes when the quote does.
    text = "> ```\n> [[quoted code]]\n\n[[outside]]\n> [[quoted text]]"
    assert targets(text) == ["outside", "quoted text"]


def test_callout_fence_closes_inside_the_callout():
    text = "> [!tip] Title\n> ```js\n> [[code]]\n> ```\n> [[text]]"
    assert targets(text) == ["text"]


def test_longer_fence_is_not_closed_by_a_shorter_one():
    assert targets("````\n```\n[[inner]]\n```\n````\n[[out]]") == ["out"]


def test_backtick_fence_info_cannot_hold_backticks():
    # "``` a ` b" is not a fence opener, so the next line is text.
    assert targets("``` a ` b\n[[text]]") == ["text"]


def test_code_span_hides_a_comment_marker_and_a_comment_hides_backticks():
    assert targets("`%%` then [[a]] and `%%`") == ["a"]
    assert targets("%% ` %% [[b]] %% ` %%") == ["b"]


def test_unclosed_backtick_is_literal():
    assert targets("it`s [[a]] and [[b]]") == ["a", "b"]


def test_empty_wikilinks_are_text():
    assert targets("[[]] [[ ]] [[|label]] [[x]]") == ["x"]


def test_markdown_link_forms():
    links = extract_links(
        '[a](x.md "T") [b](<y z.md#H I>) [c](p%20q.md#R%20S) [d](f(1).md) ![e](i.png)'
    )
    assert [(k.target, k.heading, k.embed) for k in links] == [
        ("x.md", None, False),
        ("y z.md", "H I", False),
        ("p q.md", "R S", False),
        ("f(1).md", None, False),
        ("i.png", None, True),
    ]


@pytest.mark.parametrize(
    "text",
    ["[w](https://x.org/a.md)", "[m](mailto:a@b.c)", "[o](obsidian://open?file=a)",
     "[s](//cdn.x/a.md)", "<https://x.org>"],
)  # fmt: skip
def test_urls_are_not_note_links(text):
    assert targets(text) == []


def test_columns_and_raw_text_locate_each_link():
    line = "x [[a|b]] y [c](d.md) z ![[e#f]]"
    links = extract_links(line)
    assert [(k.column, k.raw) for k in links] == [
        (2, "[[a|b]]"), (12, "[c](d.md)"), (24, "![[e#f]]"),
    ]  # fmt: skip
    assert all(line[k.column : k.column + len(k.raw)] == k.raw for k in links)


def test_front_matter_links_are_links():
    note = parse_note(
        '---\nup: "[[Parent]]"\nrelated:\n  - "[[A|x]]"\n# [[comment]]\nurl: "[m](m.md)"\n---\n'
        "Body [[b]].\n",
        "n.md",
    )
    assert [(k.target, k.line, k.label) for k in note.links] == [
        ("Parent", 2, None),
        ("A", 4, "x"),
        ("b", 8, None),
    ]


def test_front_matter_links_are_not_read_from_malformed_yaml():
    note = parse_note('---\nup: "[[P]]\n  bad: [\n---\n[[b]]\n', "n.md")
    assert note.warning and [k.target for k in note.links] == ["b"]


@pytest.mark.parametrize(
    ("target", "attachment"),
    [("a.png", True), ("dir/b.PDF", True), ("c.canvas", True), ("d.excalidraw", True),
     ("Node.js", False), ("v1.2", False), ("e.g", False), ("Dr. Who", False),
     ("note.md", False), ("plain", False)],
)  # fmt: skip
def test_attachments_by_file_type(target, attachment):
    assert is_attachment(target) is attachment


@pytest.mark.parametrize(
    ("raw", "target", "expected"),
    [
        ("[[Old]]", "New", "[[New]]"),
        ("![[Old#^block|label]]", "New", "![[New#^block|label]]"),
        ("[[Old#H#Sub]]", "dir/New", "[[dir/New#H#Sub]]"),
        ("[[Old\\|shown]]", "New", "[[New\\|shown]]"),
        ("[x](Old.md)", "New Name.md", "[x](New%20Name.md)"),
        ("[x](Old.md#Top%20Part 'T')", "a/N#1.md", "[x](a/N%231.md#Top%20Part 'T')"),
        ("[x](<Old.md#H>)", "New Name.md", "[x](<New Name.md#H>)"),
        ("![i](<old dir/Old.md>)", "../New.md", "![i](<../New.md>)"),
    ],
)
def test_retarget_keeps_everything_but_the_target(raw, target, expected):
    (link,) = extract_links(raw)
    assert retarget(link, target) == expected


def test_pre_blocks_are_code_and_their_fences_are_text():
    text = "<pre><code>```\n[[in pre]]\n```</code></pre>\n[[after]]\n<PRE>[[one line]]</PRE> [[x]]"
    assert targets(text) == ["after"]


def test_escaped_brackets_are_text():
    assert targets(r"\[\[a\]\] \[[b]] \[c](c.md) [[d]]") == ["d"]


def test_code_inside_a_wikilink_belongs_to_it():
    (link,) = extract_links("See [[Functions#`hasTag`|the `hasTag` function]].")
    assert (link.target, link.heading, link.label) == (
        "Functions",
        "`hasTag`",
        "the `hasTag` function",
    )
    (md,) = extract_links("[`code` label](x.md)")
    assert md.label == "`code` label"


def test_title_heading_is_not_a_comment_in_code():
    """Found on Obsidian's help vault: `# Login` in a shell block became two notes' title."""
    note = parse_note("Intro.\n\n```shell\n# Login\nob login\n```\n\n# Real title\n", "n.md")
    assert note.title == "Real title"
    assert parse_note("```\n# only code\n```\n", "dir/File name.md").title == "File name"
