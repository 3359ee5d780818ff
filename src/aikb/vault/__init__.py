"""The pure model of a vault: notes, links, parsing and resolution. Only store.py touches disk."""
