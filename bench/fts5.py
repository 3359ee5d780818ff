"""Baseline: SQLite FTS5 (stdlib sqlite3, porter tokenizer) over the same notes.

What a zk-style tool does: read every note, split off the front matter, keep title, type,
aliases and tags in their own columns, and let FTS5 rank with bm25. Each subcommand is one
whole process, timed by bench/run.py.

    python bench/fts5.py build VAULT DB      index every note from scratch
    python bench/fts5.py search DB QUERY     top 10 by bm25, with a snippet
    python bench/fts5.py update VAULT DB REL QUERY   re-index one note, then search
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys

_FM = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_KEY = re.compile(r"^(title|type|aliases|tags):[ \t]*(.*)$", re.MULTILINE)
_INSERT = "INSERT INTO notes(rowid, path, title, type, aliases, tags, body) VALUES (?,?,?,?,?,?,?)"
_ITEM = re.compile(r"^\s+-\s+(.*)$", re.MULTILINE)


def _row(vault: str, rel: str) -> tuple[str, str, str, str, str, str]:
    """(path, title, type, aliases, tags, body) of one note, front matter read line by line."""
    with open(os.path.join(vault, rel), encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    meta: dict[str, str] = {}
    body = text
    m = _FM.match(text)
    if m:
        body = text[m.end() :]
        block = m.group(1)
        for k in _KEY.finditer(block):
            meta[k.group(1)] = k.group(2).strip().strip("[]\"'")
        if not meta.get("aliases"):
            meta["aliases"] = " ".join(_ITEM.findall(block))
    title = meta.get("title") or os.path.basename(rel)[:-3]
    return rel, title, meta.get("type", ""), meta.get("aliases", ""), meta.get("tags", ""), body


def _notes(vault: str) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, vault)
        out += [f if rel == "." else f"{rel}/{f}" for f in files if f.endswith(".md")]
    return sorted(out)


def build(vault: str, db: str) -> None:
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE notes USING fts5("
        "path UNINDEXED, title, type, aliases, tags, body, tokenize='porter unicode61')"
    )
    # path -> rowid, so an update finds its row by an index, not a scan of the FTS table.
    con.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT UNIQUE)")
    with con:
        for i, rel in enumerate(_notes(vault), 1):
            con.execute("INSERT INTO files VALUES (?, ?)", (i, rel))
            con.execute(
                _INSERT,
                (i, *_row(vault, rel)),
            )
    con.close()


def _fts_query(query: str) -> str:
    """aikb's `type:paper word` as FTS5 syntax: `type : paper AND word`."""
    return re.sub(r"\b(type|tag|title):(\S+)", r"\1 : \2 AND", query).replace("tag :", "tags :")


def search(db: str, query: str) -> None:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT path, title, snippet(notes, 5, '[', ']', ' … ', 24) FROM notes "
        "WHERE notes MATCH ? ORDER BY bm25(notes, 0, 4.0, 1.0, 3.0, 2.0, 1.0) LIMIT 10",
        (_fts_query(query),),
    ).fetchall()
    for path, title, snip in rows:
        print(f"{title}  {path}\n    {snip}")


def update(vault: str, db: str, rel: str, query: str) -> None:
    con = sqlite3.connect(db)
    with con:
        (rowid,) = con.execute("SELECT id FROM files WHERE path = ?", (rel,)).fetchone()
        con.execute("DELETE FROM notes WHERE rowid = ?", (rowid,))
        con.execute(
            _INSERT,
            (rowid, *_row(vault, rel)),
        )
    con.close()
    search(db, query)


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"build": build, "search": search, "update": update}[cmd](*args)
