"""`aikb graph`: JSON, DOT and Mermaid forms, neighbourhoods, and the HTML page, which is
opened in a real headless Chromium when one is installed (skipped otherwise)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from urllib.parse import urlencode

import pytest

from aikb.kb import KnowledgeBase
from tests.conftest import Cli

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)


def test_json_form(cli):
    data = json.loads(cli("graph").stdout)
    assert set(data) == {"nodes", "edges", "broken"}
    assert {"id": "openai", "path": "openai.md", "title": "OpenAI", "type": "company"} in (
        data["nodes"]
    )
    assert {"source": "people/ilya-sutskever", "target": "openai", "count": 1} in data["edges"]
    assert {"source": "speculative-sampling", "target": "missing-note", "line": 8} in data["broken"]
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert all(e["source"] != e["target"] for e in data["edges"])


def test_edges_count_repeated_links(obsidian_vault: Path):
    data = json.loads(Cli(obsidian_vault)("graph", "--format", "json").stdout)
    edges = {(e["source"], e["target"]): e["count"] for e in data["edges"]}
    # Home links Ada five times: by name twice, by two Markdown links, by alias.
    assert edges[("Home", "people/Ada Lovelace")] == 5
    assert ("Self", "Self") not in edges and ("Home", "Home") not in edges


def test_around_and_depth(obsidian_vault: Path):
    cli = Cli(obsidian_vault)
    one = json.loads(cli("graph", "--around", "Charles Babbage").stdout)
    assert sorted(n["id"] for n in one["nodes"]) == [
        "Daily/2024-01-01", "archive/Design", "people/Ada Lovelace", "people/Charles Babbage",
        "projects/Analytical Engine",
    ]  # fmt: skip
    zero = json.loads(cli("graph", "--around", "Charles Babbage", "--depth", "0").stdout)
    assert [n["id"] for n in zero["nodes"]] == ["people/Charles Babbage"] and not zero["edges"]
    two = json.loads(cli("graph", "--around", "Charles Babbage", "-d", "2").stdout)
    assert len(two["nodes"]) > len(one["nodes"])
    assert {b["source"] for b in two["broken"]} <= {n["id"] for n in two["nodes"]}


def test_dot_and_mermaid(obsidian_vault: Path):
    cli = Cli(obsidian_vault)
    dot = cli("graph", "--format", "dot", "--around", "Self").stdout
    assert dot == (
        "digraph vault {\n  node [shape=box, style=rounded];\n"
        '  "Home" [label="Home"];\n  "Self" [label="Self"];\n  "Home" -> "Self";\n}\n'
    )
    mermaid = cli("graph", "-f", "mermaid", "--around", "archive/Babbage").stdout
    assert mermaid == (
        'flowchart LR\n  n0["Babbage, the archive note"]\n  n1["The Analytical Engine"]\n'
        "  n0 --> n1\n"
    )
    home = cli("graph", "-f", "mermaid", "--around", "Home").stdout
    assert '["My Note (draft)"]' in home and "-->|5|" in home


def test_dot_and_mermaid_escape_titles(tmp_path: Path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text('---\ntitle: Say "hi" <b> & \\n\n---\n[[b]]\n')
    (vault / "b.md").write_text("b\n")
    cli = Cli(vault)
    assert '[label="Say \\"hi\\" <b> & \\\\n"]' in cli("graph", "-f", "dot").stdout
    assert '["Say #quot;hi#quot; #lt;b#gt; #amp; \\n"]' in cli("graph", "-f", "mermaid").stdout


def test_bad_options(cli, tmp_path):
    assert "--depth needs --around" in cli("graph", "--depth", "2", code=2).output
    assert (
        "can't be used together"
        in cli("graph", "--html", str(tmp_path / "g.html"), "--format", "dot", code=2).output
    )
    assert "no note 'nobody'" in cli("graph", "--around", "nobody", code=1).stderr
    missing = tmp_path / "no" / "such" / "dir" / "g.html"
    assert f"cannot write {missing}" in cli("graph", "--html", str(missing), code=1).stderr


def test_html_page_is_self_contained(obsidian_vault: Path, tmp_path: Path, expected):
    page = tmp_path / "graph.html"
    result = Cli(obsidian_vault)("graph", "--html", str(page))
    assert result.stdout == ""
    assert "notes, " in result.stderr and f"wrote {page}" in result.stderr
    html = page.read_text("utf-8")
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<script src" not in html and "@import" not in html and "fetch(" not in html
    assert "MIT License" in html  # the vendored library's licence travels with it
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html, re.S).group(1))
    assert len(data["nodes"]) == len(expected["links"]) and data["focus"] is None


def test_html_data_cannot_break_out_of_its_script(tmp_path: Path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "x.md").write_text("---\ntitle: </script><script>alert(1)</script> <!--\n---\n")
    page = tmp_path / "g.html"
    Cli(vault)("graph", "--html", str(page))
    html = page.read_text()
    assert html.count("</script>") == 3 and "alert(1)" in html  # only as escaped data
    assert "\\u003c/script>\\u003cscript>alert(1)" in html


# -- in a real browser -----------------------------------------------------------------


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            f"--user-data-dir={profile}", "--virtual-time-budget=15000",
            "--window-size=1200,800", *extra, url,
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _body(dom: str) -> dict[str, str]:
    tag = re.search(r"<body([^>]*)>", dom).group(1)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag))


def _png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the raw (filtered) scanlines of a PNG, stdlib only."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_html_page_works_in_a_headless_browser(obsidian_vault: Path, tmp_path: Path):
    page = tmp_path / "graph.html"
    Cli(obsidian_vault)("graph", "--html", str(page))
    kb = KnowledgeBase(obsidian_vault)
    kb.refresh()
    whole, near = kb.graph(), kb.graph("people/Ada Lovelace", 1)

    # The whole graph: every note drawn, no script error.
    dom = _chromium(tmp_path, page.as_uri(), "--dump-dom").stdout
    body = _body(dom)
    assert body.get("state") == "ready" and "error" not in body, body
    notes, links = len(whole.nodes), sum(whole.edges.values())
    assert (body["visible-nodes"], body["visible-links"]) == (str(notes), str(len(whole.edges)))
    assert f"{notes} of {notes} notes · {links} of {links} links · 10 broken" in dom

    # A note picked from the URL, showing only its neighbourhood: the side panel lists
    # its links and backlinks, as a click on it would.
    url = page.as_uri() + "#" + urlencode({"note": "people/Ada Lovelace", "only": "1"})
    dom = _chromium(tmp_path, url, "--dump-dom").stdout
    body = _body(dom)
    assert body.get("state") == "ready" and "error" not in body, body
    assert body["visible-nodes"] == str(len(near.nodes)) == "10"
    panel = re.search(r'<aside id="panel"[^>]*>(.*)</aside>', dom, re.S).group(1)
    assert "<h2>Ada Lovelace</h2>" in panel
    assert "Links to (2)" in panel and "Linked from (9)" in panel
    assert 'data-id="people/Charles Babbage"' in panel

    # A screenshot, to look at by hand; here only: right size, not blank.
    shot = tmp_path / "graph.png"
    _chromium(tmp_path, url, f"--screenshot={shot}")
    width, height, pixels = _png_pixels(shot)
    assert (width, height) == (1200, 800)
    assert len(set(pixels)) > 50  # drawn nodes, labels and the panel, not one flat colour
