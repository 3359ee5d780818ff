"""The AI vocabulary shipped in `aikb/data/lexicon.txt`, extended by the vault's own
`aikb-lexicon.txt`. Data, not code: see the file's header for its format."""

from __future__ import annotations

from importlib import resources

from aikb.extract.model import Known

VAULT_LEXICON = "aikb-lexicon.txt"
_TYPES = {"concept", "paper", "company", "person", "ignore"}


def parse_lexicon(text: str, where: str = "lexicon") -> tuple[list[Known], list[str]]:
    """Entries of a lexicon file, and a warning for each line that cannot be read."""
    entries: list[Known] = []
    warnings: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        kind = parts[0].lower()
        if kind not in _TYPES or len(parts) < 2 or not parts[1].rstrip("?"):
            warnings.append(f"{where}:{n}: expected 'type | name | aliases | tags'")
            continue
        names = [parts[1]] + [a.strip() for a in (parts[2] if len(parts) > 2 else "").split(",")]
        names = [n for n in names if n.rstrip("?").strip()]
        weak = frozenset(n.rstrip("?").strip() for n in names if n.endswith("?"))
        names = [n.rstrip("?").strip() for n in names]
        tags = tuple(
            t.strip() for t in (parts[3] if len(parts) > 3 else "").split(",") if t.strip()
        )
        entries.append(
            Known(f"lexicon:{names[0].casefold()}", names[0], kind, tuple(names), tags, None, weak)
        )
    return entries, warnings


def load_lexicon(extra: str | None = None) -> tuple[list[Known], list[str]]:
    """The shipped lexicon plus `extra` (a vault's lexicon text); later entries win."""
    shipped = resources.files("aikb.data").joinpath("lexicon.txt").read_text(encoding="utf-8")
    entries, warnings = parse_lexicon(shipped, "aikb/data/lexicon.txt")
    if extra:
        more, more_warnings = parse_lexicon(extra, VAULT_LEXICON)
        names = {n.casefold() for k in more for n in k.names}
        entries = [k for k in entries if not names & {n.casefold() for n in k.names}] + more
        warnings += more_warnings
    return entries, warnings
