"""The link graph as one self-contained HTML page: data, library and code inlined.

The page draws the graph with force-graph (MIT, vendored in aikb/data by
scripts/vendor-force-graph), so it opens from a file with no network.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources

from aikb.vault.graph import Graph

_SLOT = re.compile(r"__TITLE__|/\*__FORCE_GRAPH__\*/|__DATA__|__LICENSE__")


def graph_page(graph: Graph, title: str, *, focus: str | None = None, depth: int = 1) -> str:
    """The page for `graph`; `focus` (a note id) is selected when it opens."""
    data = dict(graph.to_dict(), title=title, focus=focus, depth=depth)
    files = resources.files("aikb") / "data"
    # `<` escaped, so no `</script>` or `<!--` in a note title can end the data block.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    slots = {
        "__TITLE__": html.escape(title),
        "/*__FORCE_GRAPH__*/": (files / "force-graph.min.js").read_text("utf-8"),
        "__DATA__": payload,
        "__LICENSE__": (files / "force-graph.LICENSE").read_text("utf-8").replace("--", "- -"),
    }
    template = (files / "graph.html").read_text("utf-8")
    return _SLOT.sub(lambda m: slots[m.group()], template)
