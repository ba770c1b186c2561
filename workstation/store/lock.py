"""One workstation per database: an OS-level lock on a sidecar ``<db>.lock`` file.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so it dies
with its process: a crash or ``kill -9`` never leaves a stale lock, only a lock file whose old
contents the next owner overwrites. The file holds the owner's pid and command line, which is how a
second workstation can say who has the database open. Reading a database (``workstation
statement``) takes no lock; SQLite's WAL lets it read beside the running writer.
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import suppress
from pathlib import Path

from workstation.store.sqlite_store import StoreError

LOCK_SUFFIX = ".lock"

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

# msvcrt locks byte ranges, and a locked range cannot be read by others: lock a byte far past the
# owner's line so a second process can still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 20


class DatabaseInUse(StoreError):
    """Another process holds the database's lock; ``owner`` is what it wrote (pid and command)."""

    def __init__(self, path: Path, owner: str) -> None:
        self.path = path
        self.owner = owner
        who = f"another workstation ({owner})" if owner else "another workstation"
        super().__init__(f"{path} is already open in {who}; close that one first, or give --db another "
                         f"database (one workstation per database)")


def lock_path(db: str | os.PathLike[str]) -> Path:
    db = Path(db)
    return db.with_name(db.name + LOCK_SUFFIX)


def owner_of(db: str | os.PathLike[str]) -> str:
    """What the lock file says about its owner ("pid 123: workstation --db ..."), or "" if nothing."""
    try:
        return lock_path(db).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


class DatabaseLock:
    """Exclusive use of a database by this process, until :meth:`release` or the process ends.

    Acquire with :func:`lock_database`. On a platform with neither ``fcntl`` nor ``msvcrt`` it is
    a no-op (``held`` is False), and two workstations on one file are the user's to avoid.
    """

    def __init__(self, db: Path, fd: int | None) -> None:
        self.db = db
        self.path = lock_path(db)
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file and let go of the lock. Safe to call twice."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Unlinking while still holding the lock: a process waiting on the old file notices the
        # path no longer names it and starts over on a new one (see lock_database).
        with suppress(OSError):
            self.path.unlink(missing_ok=True)
        os.close(fd)  # closing the descriptor releases the OS lock

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"DatabaseLock({str(self.db)!r}, held={self.held})"


def lock_database(db: str | os.PathLike[str], command: str | None = None) -> DatabaseLock:
    """Take the database's lock for this process, or raise :class:`DatabaseInUse` naming the
    process that has it. ``command`` (default: this process's command line) is written beside the
    pid for that message. Does not wait."""
    db = Path(db)
    if fcntl is None and msvcrt is None:
        return DatabaseLock(db, None)
    path = lock_path(db)
    line = f"pid {os.getpid()}: {command if command is not None else _command_line()}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{db}: cannot create its folder ({error.strerror}); give --db a path you can "
                         f"write to") from error
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(f"{path}: cannot create the lock file beside the database ({error.strerror}); "
                             f"give --db a database in a folder you can write to") from error
        if not _try_lock(fd):
            os.close(fd)
            raise DatabaseInUse(db, owner_of(db))
        # The previous owner may have removed the file between our open and our lock: then the
        # lock we hold is on a file nobody else will find, so start again on the current one.
        try:
            current = os.stat(path)
        except FileNotFoundError:
            os.close(fd)
            continue
        mine = os.fstat(fd)
        if (current.st_dev, current.st_ino) != (mine.st_dev, mine.st_ino):
            os.close(fd)
            continue
        os.ftruncate(fd, 0)
        os.write(fd, line.encode("utf-8", errors="replace"))
        return DatabaseLock(db, fd)


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True
    os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
    return True


def _command_line() -> str:
    argv = list(sys.argv) or ["workstation"]
    if argv[0].endswith("__main__.py"):
        argv[0] = "workstation"
    else:
        argv[0] = Path(argv[0]).name
    return " ".join(argv)
