"""Words per second of `aikb ingest` (for `make bench`).

Ingests the given texts (default: seeds/) into a fresh temporary vault, `--runs` times,
each in a new vault, and prints one line per run plus the best. The first run in the
process pays for loading the spaCy model; later runs show the steady rate.

Usage: python tools/ingest_speed.py [PATH ...] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from aikb.ingest import ingest
from aikb.vault.store import Vault

ROOT = Path(__file__).resolve().parent.parent


def measure(paths: list[Path]) -> tuple[int, float]:
    """(words, seconds) of one ingest of `paths` into an empty vault."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = ingest(Vault(tmp), paths)
        return report.words, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    best = 0.0
    for run in range(1, args.runs + 1):
        words, seconds = measure(args.paths)
        rate = words / seconds
        best = max(best, rate)
        note = " (includes loading the NER model)" if run == 1 else ""
        print(f"ingest run {run}: {words} words in {seconds:.2f} s = {rate:,.0f} words/s{note}")
    print(f"ingest best: {best:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
