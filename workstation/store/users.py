"""The users' credentials, failed log-in attempts and sessions, in the workstation database.

Who may do what is the engine's (``DefineUser``, journaled); how a user proves who they are is not, so
it stays out of the journal and its snapshots, in three tables of the same file: ``users`` (the
password's salted hash with its parameters, the second factor's kind and its secret wrapped with a key
derived from the password: workstation/login/credentials.py), ``login_failures`` (kept so a restart
does not reset the throttle or the lock) and ``login_sessions`` (one session per user, which a second
login may take over; the replaced one finds out by polling :meth:`UserTable.session_is_current`).

The tables are created by the first write: a database from before users existed opens as it was and
has no users. Nothing here ever holds a password; rows hold what credentials.py derived from one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workstation.store.errors import StoreError
from workstation.store.sqlite_files import check_usable, connect, explain, naming
from workstation.store.sqlite_store import APPLICATION_ID

_TABLES = (
    "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT, second_factor TEXT NOT NULL, "
    "factor_secret TEXT, created REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS login_failures (username TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (username, at)",
    "CREATE TABLE IF NOT EXISTS login_sessions (username TEXT PRIMARY KEY, token TEXT NOT NULL, pid INTEGER NOT NULL, "
    "started REAL NOT NULL, read_only INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS replaced_sessions (token TEXT PRIMARY KEY, by_pid INTEGER NOT NULL, at REAL NOT NULL)",
)


@dataclass(frozen=True, slots=True)
class UserRow:
    """One user's credentials as stored: ``password_hash`` None for a passwordless (demo) user;
    ``second_factor`` ``none``, ``card`` or ``totp``; ``factor_secret`` the wrapped card seed or TOTP secret."""

    username: str
    password_hash: str | None
    second_factor: str
    factor_secret: str | None
    created: float


@dataclass(frozen=True, slots=True)
class SessionRow:
    """The user's session: who holds it (``pid``), since when, read-only or not."""

    username: str
    token: str
    pid: int
    started: float
    read_only: bool


class UserTable:
    """The users' tables of the workstation database at ``path`` (its own connection, beside the
    journal's: SQLite's WAL lets both work on the file)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        check_usable(self.path)
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path)
            with naming(self.path):
                self._conn.execute("PRAGMA busy_timeout = 5000")
        return self._conn

    def _exists(self) -> bool:
        if not self.path.exists():
            return False
        with naming(self.path):
            return self._connection().execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").fetchone() is not None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such workstation database; start the workstation once to create it")
        conn = self._connection()
        with naming(self.path):
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise StoreError(f"{self.path}: not a Mosaic Workstation database; give --db the workstation's "
                                 f"database")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _TABLES:
                conn.execute(statement)
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise explain(self.path, error) from error
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _read(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        if not self._exists():
            return []
        with naming(self.path):
            return self._connection().execute(sql, parameters).fetchall()

    # -- users ---------------------------------------------------------------------------------------

    def add(self, row: UserRow) -> None:
        """Store a new user; an existing username is refused (StoreError naming it)."""
        with self._writing() as conn:
            if conn.execute("SELECT 1 FROM users WHERE username = ?", (row.username,)).fetchone():
                raise StoreError(f"{row.username} is already a user of {self.path}")
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                         (row.username, row.password_hash, row.second_factor, row.factor_secret, row.created))

    def user(self, username: str) -> UserRow | None:
        rows = self._read("SELECT * FROM users WHERE username = ?", (username,))
        return UserRow(*rows[0]) if rows else None

    def users(self) -> list[UserRow]:
        return [UserRow(*row) for row in self._read("SELECT * FROM users ORDER BY username")]

    def has_passwords(self) -> bool:
        """Whether any user needs a password: then the workstation asks who is logging in."""
        return bool(self._read("SELECT 1 FROM users WHERE password_hash IS NOT NULL LIMIT 1"))

    # -- failed attempts -----------------------------------------------------------------------------

    def failures(self, username: str, since: float) -> list[float]:
        """When ``username``'s failed attempts since ``since`` happened, oldest first."""
        return [at for (at,) in self._read("SELECT at FROM login_failures WHERE username = ? AND at > ? ORDER BY at",
                                           (username, since))]

    def add_failure(self, username: str, at: float) -> None:
        with self._writing() as conn:
            conn.execute("INSERT INTO login_failures VALUES (?, ?)", (username, at))

    def clear_failures(self, username: str) -> None:
        """A successful log-in: the count of consecutive failures starts again."""
        with self._writing() as conn:
            conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))

    # -- sessions ------------------------------------------------------------------------------------

    def session(self, username: str) -> SessionRow | None:
        rows = self._read("SELECT * FROM login_sessions WHERE username = ?", (username,))
        return None if not rows else SessionRow(*rows[0][:4], bool(rows[0][4]))

    def start_session(self, session: SessionRow, replacing: str | None, at: float) -> bool:
        """Make ``session`` the user's; the one with token ``replacing`` (what the caller saw) is told it was
        replaced. False, and nothing changed, if the user's session is no longer the one the caller saw."""
        with self._writing() as conn:
            current = conn.execute("SELECT token FROM login_sessions WHERE username = ?",
                                   (session.username,)).fetchone()
            if (current[0] if current else None) != replacing:
                return False
            if replacing is not None:
                conn.execute("INSERT OR REPLACE INTO replaced_sessions VALUES (?, ?, ?)", (replacing, session.pid, at))
            conn.execute("INSERT OR REPLACE INTO login_sessions VALUES (?, ?, ?, ?, ?)",
                         (session.username, session.token, session.pid, session.started, int(session.read_only)))
        return True

    def replaced_by(self, token: str) -> int | None:
        """The process that took the session ``token`` over, or None if it was not replaced."""
        rows = self._read("SELECT by_pid FROM replaced_sessions WHERE token = ?", (token,))
        return rows[0][0] if rows else None

    def session_is_current(self, token: str) -> bool:
        """What a workstation or gateway polls: is its session still the user's?"""
        return bool(self._read("SELECT 1 FROM login_sessions WHERE token = ?", (token,)))

    def end_session(self, token: str) -> None:
        """Log off: the session ends (nothing if another login already took it over)."""
        if self._exists():
            with self._writing() as conn:
                conn.execute("DELETE FROM login_sessions WHERE token = ?", (token,))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> UserTable:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
