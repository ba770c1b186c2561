"""Persistence: the SQLite journal the engine writes to, and the JSON codec of its entries.

The engine only knows the ``Journal`` protocol; this package is the one that touches SQLite.
"""

from workstation.store.codec import decode, dumps, encode, loads
from workstation.store.sqlite_store import (
    Genesis,
    JournalEntry,
    Recovery,
    SqliteStore,
    StoreError,
    open_engine,
    reset,
)

__all__ = [
    "Genesis", "JournalEntry", "Recovery", "SqliteStore", "StoreError", "decode", "dumps", "encode", "loads",
    "open_engine", "reset",
]
