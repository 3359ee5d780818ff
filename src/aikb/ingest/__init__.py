"""Ingest: texts in, typed and linked notes out (see `run` and `notes`)."""

from aikb.ingest.run import IngestReport, collect_texts, ingest

__all__ = ["IngestReport", "collect_texts", "ingest"]
