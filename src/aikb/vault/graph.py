"""The link graph of a vault: nodes, edges, broken links; its checks and its text forms.

Pure: built from resolved link records (as the index stores them), never from disk.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aikb.vault.links import fold
from aikb.vault.model import is_attachment, note_id


@dataclass(frozen=True, slots=True)
class Node:
    path: str
    title: str
    type: str | None

    @property
    def id(self) -> str:
        return note_id(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "title": self.title, "type": self.type}


@dataclass(frozen=True, slots=True)
class BrokenLink:
    source: str  # path of the linking note
    target: str  # the target as written
    line: int
    context: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": note_id(self.source),
            "path": self.source,
            "target": self.target,
            "line": self.line,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One link as the index stores it: where it points and what it resolved to."""

    target: str
    line: int
    context: str
    resolved: str | None


@dataclass
class Graph:
    """Notes by path; `edges` counts links from one note to another (no self-links,
    attachments or broken links); `broken` lists links that resolve to no note."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: Counter[tuple[str, str]] = field(default_factory=Counter)
    broken: list[BrokenLink] = field(default_factory=list)

    def neighbours(self) -> dict[str, set[str]]:
        """Each note's linked notes, in either direction."""
        adj: dict[str, set[str]] = defaultdict(set)
        for src, dst in self.edges:
            adj[src].add(dst)
            adj[dst].add(src)
        return adj

    def around(self, center: str, depth: int) -> Graph:
        """The notes within `depth` links of `center` (either direction), and the edges
        and broken links among them."""
        adj = self.neighbours()
        seen = {center: 0}
        queue = deque([center])
        while queue:
            path = queue.popleft()
            if seen[path] >= depth:
                continue
            for other in sorted(adj.get(path, ())):
                if other not in seen:
                    seen[other] = seen[path] + 1
                    queue.append(other)
        return Graph(
            nodes={p: n for p, n in self.nodes.items() if p in seen},
            edges=Counter({e: c for e, c in self.edges.items() if e[0] in seen and e[1] in seen}),
            broken=[b for b in self.broken if b.source in seen],
        )

    def orphans(self) -> list[Node]:
        """Notes with no link in or out (as Obsidian's graph and Foam's Orphans panel)."""
        linked = {p for edge in self.edges for p in edge}
        return [n for p, n in sorted(self.nodes.items()) if p not in linked]

    def same_titles(self) -> list[tuple[str, list[Node]]]:
        """Groups of notes that share a title (case-insensitive), sorted by title."""
        groups: dict[str, list[Node]] = defaultdict(list)
        for _path, node in sorted(self.nodes.items()):
            groups[fold(node.title)].append(node)
        return sorted(
            ((nodes[0].title, nodes) for nodes in groups.values() if len(nodes) > 1),
            key=lambda group: fold(group[0]),
        )

    # -- forms for other tools ---------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form: nodes, edges (ids, one per note pair), broken links."""
        return {
            "nodes": [n.to_dict() for _, n in sorted(self.nodes.items(), key=_by_id)],
            "edges": [
                {"source": note_id(s), "target": note_id(t), "count": c}
                for (s, t), c in sorted(self.edges.items(), key=lambda e: _ids(e[0]))
            ],
            "broken": [
                {"source": note_id(b.source), "target": b.target, "line": b.line}
                for b in self.broken
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_dot(self) -> str:
        """Graphviz DOT: one node per note (labelled with its title), edges weighted by count."""
        out = ["digraph vault {", "  node [shape=box, style=rounded];"]
        for _, node in sorted(self.nodes.items(), key=_by_id):
            out.append(f"  {_dot(node.id)} [label={_dot(node.title)}];")
        for (src, dst), count in sorted(self.edges.items(), key=lambda e: _ids(e[0])):
            extra = f" [weight={count}, label={count}]" if count > 1 else ""
            out.append(f"  {_dot(note_id(src))} -> {_dot(note_id(dst))}{extra};")
        out.append("}")
        return "\n".join(out) + "\n"

    def to_mermaid(self) -> str:
        """A Mermaid flowchart: nodes get short ids (n0, n1 ...) labelled with titles."""
        names: dict[str, str] = {}
        out = ["flowchart LR"]
        for i, (path, node) in enumerate(sorted(self.nodes.items(), key=_by_id)):
            names[path] = f"n{i}"
            out.append(f'  n{i}["{_mermaid(node.title)}"]')
        for (src, dst), count in sorted(self.edges.items(), key=lambda e: _ids(e[0])):
            arrow = f"-->|{count}|" if count > 1 else "-->"
            out.append(f"  {names[src]} {arrow} {names[dst]}")
        return "\n".join(out) + "\n"


def build_graph(notes: Iterable[tuple[Node, Sequence[LinkRecord]]]) -> Graph:
    """The graph of notes and their resolved links."""
    graph = Graph()
    records: list[tuple[str, Sequence[LinkRecord]]] = []
    for node, links in notes:
        graph.nodes[node.path] = node
        records.append((node.path, links))
    for source, links in sorted(records):
        for link in links:
            if link.resolved is None:
                if not is_attachment(link.target):
                    graph.broken.append(BrokenLink(source, link.target, link.line, link.context))
            elif link.resolved != source and link.resolved in graph.nodes:
                graph.edges[(source, link.resolved)] += 1
    return graph


def _by_id(item: tuple[str, Node]) -> str:
    return item[1].id


def _ids(edge: tuple[str, str]) -> tuple[str, str]:
    return note_id(edge[0]), note_id(edge[1])


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _mermaid(text: str) -> str:
    # Mermaid takes HTML entities inside quoted labels; these would end or break one.
    for char, entity in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, entity)
    return text.replace("\n", " ")
