"""Baseline: a bare Whoosh script. Open aikb's index, run the same query, print the top 10.

Nothing else: no freshness check, no snippets, no CLI framework. The difference between
this and `aikb search` is what aikb adds on top of its engine.

    python bench/whoosh_bare.py INDEX_DIR search QUERY
    python bench/whoosh_bare.py INDEX_DIR backlinks FOLDED_ID
"""

import sys

from whoosh.index import open_dir

index_dir, mode, text = sys.argv[1:4]
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
