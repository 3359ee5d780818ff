"""Baseline: a bare Whoosh script. Open aikb's index, run the same query, print the top 10.

Nothing else: no freshness check, no snippets, no CLI framework. The difference between
this and `aikb search` is what aikb adds on top of its engine.

    python bench/whoosh_bare.py INDEX_DIR search QUERY
    python bench/whoosh_bare.py INDEX_DIR backlinks FOLDED_ID
    python bench/whoosh_bare.py INDEX_DIR build VAULT

`build` is Whoosh's own floor for a full build: stock fields (StemmingAnalyzer text with
positions, as aikb's body), each note's front matter split off as bench/fts5.py does it,
no link parsing or resolution, Whoosh's multiprocessing writer on every core (procs,
multisegment, limitmb 256, as aikb), into a new index at INDEX_DIR.
"""

import os
import sys

from whoosh.index import open_dir

index_dir, mode, text = sys.argv[1:4]
if mode == "build":
    from fts5 import _notes, _row
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
    from whoosh.index import create_in

    os.makedirs(index_dir, exist_ok=True)
    ana = StemmingAnalyzer()
    schema = Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, stored=True),
        type=KEYWORD(stored=True),
        aliases=TEXT(analyzer=ana, stored=True),
        tags=KEYWORD(commas=True, scorable=True),
        body=TEXT(analyzer=ana),
        extra=STORED(),
    )
    ix = create_in(index_dir, schema)
    procs = len(os.sched_getaffinity(0))
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, **options)
    for rel in _notes(text):
        path, title, kind, aliases, tags, body = _row(text, rel)
        writer.add_document(
            path=path, title=title, type=kind, aliases=aliases, tags=tags, body=body
        )
    writer.commit()
    print(ix.doc_count(), "notes")
    sys.exit(0)
ix = open_dir(index_dir)
with ix.searcher() as searcher:
    if mode == "search":
        from whoosh.qparser import MultifieldParser

        query = MultifieldParser(["title", "aliases", "tags", "body"], ix.schema).parse(text)
        for hit in searcher.search(query, limit=10):
            print(hit["path"], hit["title"])
    else:
        from whoosh.query import Term

        # Every linking note with its stored fields, as a backlinks listing needs them.
        hits = searcher.search(Term("links", text), limit=None)
        for hit in hits:
            print(hit["path"], hit["title"])
        print(len(hits), "notes")
