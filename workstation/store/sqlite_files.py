"""A workstation file before and around SQLite: refuse a path that cannot hold a journal before SQLite
touches it, tell whether the file is still the one opened, and say SQLite's errors as a StoreError
naming the file and what to do."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workstation.store.errors import START_AFRESH as _START_AFRESH
from workstation.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def identities(path: Path, wal: Path) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    return identity(path), identity(wal)


def check_usable(path: Path) -> None:
    """Refuse, before SQLite touches anything, a path that cannot hold a journal: a folder, a
    read-only file, a file in a read-only folder (SQLite writes its log beside the database)."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file; give --db a file name, such as "
                         f"{path / 'workstation.db'}")
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise StoreError(f"{path}: the database file is read-only; make it writable (for example chmod u+w), "
                         f"or give --db another database")
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"{path}: the database's folder is read-only, and SQLite writes its log beside the "
                         f"database; make {folder} writable, or give --db a database in another folder")


def explain(path: Path, error: sqlite3.Error) -> StoreError:
    """SQLite's error about ``path`` as a StoreError saying what is wrong and what to do."""
    text = str(error).lower()
    if "closed database" in text:
        return StoreError(f"{path}: the workstation closed this database; reads of its history need it open "
                          f"(reopen the database)")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only ({short(error)}); make the file and its folder "
                          f"writable, or give --db another database")
    if "database is locked" in text or "database is busy" in text:
        return StoreError(f"{path}: another program is writing the database ({short(error)}); close it, "
                          f"then try again")
    if "disk is full" in text or "disk i/o" in text:
        return StoreError(f"{path}: the database could not be written ({short(error)}); free some disk "
                          f"space or check the disk, then try again")
    if not has_sqlite_header(path):
        return StoreError(f"{path}: not a Mosaic Workstation database ({short(error)}); give --db the "
                          f"workstation's database, or a new file name to start one")
    return StoreError(f"{path}: the workstation database is damaged ({short(error)}); restore it from a "
                      f"backup, or {_START_AFRESH}")


def has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def short(error: BaseException, limit: int = 80) -> str:
    """An error's text on one line, cut to ``limit`` characters (SQLite may quote a whole row)."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def connect(path: Path) -> sqlite3.Connection:
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in this module.
        # check_same_thread=False: the engine may be built on one thread and driven from another;
        # it is single-threaded, so the connection is never used by two threads at once.
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise explain(path, error) from error


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """SQLite's own errors (a damaged file, a full disk) as a StoreError naming the file."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise explain(path, error) from error
