"""Everything Whoosh: schema, bringing the index up to date, and queries.

Results leave this package as aikb's own types (`SearchHit`, `Backlink`), never as
Whoosh objects.
"""
