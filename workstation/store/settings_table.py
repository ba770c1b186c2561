"""The settings table: named text values a database keeps beside its journal (the API settings).

Settings are not engine state: they are not journaled, not in snapshots, and a rebuild never reads
them. The table is created the first time a value is written, so a database from before it opens
unchanged and reads no value (the caller's defaults).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workstation.store.sqlite_files import naming

_CREATE = "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
_WRITE = "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)"


class SettingsTable:
    """Read and write named values; used from the store's thread, as the journal is."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._conn = connection
        self._path = path

    def read(self, name: str) -> str | None:
        """The value stored under ``name``; None if there is none (or no table yet)."""
        with naming(self._path):
            if not self._exists():
                return None
            row = self._conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def write(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, committed when this returns."""
        with naming(self._path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(_CREATE)
                self._conn.execute(_WRITE, (name, value))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _exists(self) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
                                  ).fetchone() is not None
