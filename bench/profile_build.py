"""Where a full build's time goes: parsing versus Whoosh, and Whoosh writer options.

    python bench/profile_build.py VAULT [WRITER_OPTIONS_JSON] [--no-body-spelling]

Reads and parses every note with aikb's own code (timed), then feeds the documents to a
fresh Whoosh index with the given writer options (e.g. '{"limitmb": 512, "procs": 2,
"multisegment": true}'), and prints wall time and CPU time (this process and its children).
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time

from whoosh import index as windex

from aikb.index import update
from aikb.index.catalog import Catalog
from aikb.index.schema import make_schema
from aikb.kb import KnowledgeBase


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    vault, options = args[0], json.loads(args[1]) if len(args) > 1 else {}
    kb = KnowledgeBase(vault)
    t0, c0 = time.perf_counter(), cpu()
    scan, _ = kb.vault.scan()
    entries, notes = {}, []
    for rel in sorted(scan):
        entry, note, _ = kb.index._read(rel, scan[rel])
        if entry is not None:
            entries[rel] = entry
        if note is not None:
            notes.append(note)
    kb.index.catalog = Catalog(entries)
    resolver = kb.index.resolver()
    docs = [update._document(n, resolver) for n in notes]
    t1, c1 = time.perf_counter(), cpu()
    schema = make_schema()
    if "--no-body-spelling" in sys.argv:
        schema.remove("spell_body")
        schema["body"].spelling = False
    folder = tempfile.mkdtemp(prefix="aikb-profile-")
    try:
        ix = windex.create_in(folder, schema)
        writer = ix.writer(**options)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        t2, c2 = time.perf_counter(), cpu()
    finally:
        shutil.rmtree(folder)
    print(f"{len(docs)} notes; read+parse+resolve {t1 - t0:.2f} s wall {c1 - c0:.2f} s cpu")
    print(f"whoosh {options}: {t2 - t1:.2f} s wall, {c2 - c1:.2f} s cpu")


if __name__ == "__main__":
    main()
