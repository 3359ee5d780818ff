"""The Whoosh schema. Bump catalog.FORMAT whenever it changes."""

from __future__ import annotations

import re

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, IDLIST, KEYWORD, STORED, TEXT, Schema

# One id per line: ids may hold spaces, commas and any other character but a newline.
_LINES = re.compile(r"[^\n]+")


def make_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        # sortable: backlinks sort by id from a column, without loading stored fields.
        id=ID(stored=True, unique=True, sortable=True),
        path=STORED(),
        title=TEXT(analyzer=text, stored=True, field_boost=4.0),
        aliases=TEXT(analyzer=text, stored=True, field_boost=3.0),
        type=KEYWORD(stored=True, lowercase=True),
        tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True, field_boost=2.0),
        # Not stored: snippets are cut from the file itself, which keeps the index small.
        body=TEXT(analyzer=text),
        # Folded ids of the notes this note links to: backlinks are one term query.
        links=IDLIST(expression=_LINES),
        # Folded names this note's links ask for, resolved or not: when a note appears,
        # disappears or changes its title or aliases, these find the notes to re-resolve.
        targets=IDLIST(expression=_LINES),
        # [[target, line, context, resolved path or None, embed], ...] for show/links/check.
        linkdata=STORED(),
    )
