"""The direct renderers of `list` and `backlinks`: every line fits, no word is lost,
styles survive wrapping."""

import io
import random

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from aikb.index.query import Reference
from aikb.kb import NoteSummary
from aikb.render.note import _wrap, render_note_list, render_references


def render(renderable, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue().split("\n")[:-1]


def test_note_list_aligns_and_folds_within_the_width():
    notes = [
        NoteSummary("people/ada", "people/ada.md", "Ada Lovelace", "person"),
        NoteSummary("papers/" + "very-long-name-" * 4, "x.md", "A Title " * 6, "paper"),
        NoteSummary("日本/東京", "日本/東京.md", "東京 の ノート", None),
    ]
    wide = render(render_note_list(notes), 200)
    assert wide[0].split() == ["id", "type", "title"]
    assert wide[1].startswith("people/ada ") and wide[1].index("person") == wide[0].index("type")
    assert wide[-1] == "3 notes"
    for width in (30, 45, 60):
        lines = render(render_note_list(notes), width)
        assert all(cell_len(line) <= width for line in lines), width
        words = " ".join(lines).split()
        assert words.count("Title") == 6 and "person" in words and "Lovelace" in words


def test_wrap_keeps_every_word_and_style():
    rnd = random.Random(3)
    console = Console(file=io.StringIO(), width=80)
    vocabulary = ["alpha", "be", "c", "transformer-architecture", "x" * 30, "naïve", "東京"]
    for _ in range(500):
        text = Text(" ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(1, 40))))
        text.stylize("underline", 0, 5)
        width = rnd.randint(8, 60)
        lines = _wrap(console, text, width)
        assert all(cell_len(line.plain) <= width for line in lines)
        assert "".join(line.plain.replace(" ", "") for line in lines) == text.plain.replace(" ", "")
        assert any(span.style == "underline" for span in lines[0].spans)


def test_references_wrap_under_their_heading():
    ref = Reference("a", "a.md", "Alpha", None, 3, "word " * 40 + "[[beta|Beta]] end.")
    lines = render(render_references([ref]), 40)
    assert lines[0] == "• Alpha  a.md:3"
    assert all(line.startswith("    ") and len(line) <= 40 for line in lines[1:])
    assert lines[-1].rstrip().endswith("Beta end.")
