"""The SQLite journal: every applied command and its events, committed before they are published.

One file holds the genesis (seed, start time, universe specification), the journal (one row per
applied command with its journaled events), periodic snapshots of the engine's live state and the
history tables (done orders, executions, the Audit Trail: store/history_tables.py), written with the
command that wrote them. Reopening loads the newest usable snapshot and replays the journal tail
after it, so history is rebuilt exactly and quickly.

Snapshots and history rows are pickles: open only workstation files you trust, as you would a script.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from workstation import __version__, gc_policy
from workstation.engine.api import SNAPSHOT_FORMAT, Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import Command
from workstation.engine.messages.events import Event
from workstation.store import codec, history_tables
from workstation.store.errors import START_AFRESH as _START_AFRESH
from workstation.store.errors import StoreError
from workstation.store.history_tables import SqliteHistory
from workstation.store.settings_table import SettingsTable
from workstation.store.sqlite_files import check_usable, connect, explain, identities, identity, naming, short

SCHEMA_VERSION = 3   # 2: the history tables (store/history_tables.py); 3: their cash_bookings table
# PRAGMA application_id: "MOSW", so a workstation file is recognisable without reading a table.
APPLICATION_ID = 0x4D4F5357
# Older snapshots are pruned; a few are kept as fallbacks should the newest fail to load.
SNAPSHOTS_KEPT = 3
_SIDE_FILES = ("-wal", "-shm", "-journal")

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE journal (seq INTEGER PRIMARY KEY, command TEXT NOT NULL, events TEXT NOT NULL)",
    "CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)",
)
_INSERT_ENTRY = "INSERT INTO journal (seq, command, events) VALUES (?, ?, ?)"
_INSERT_SNAPSHOT = "INSERT OR REPLACE INTO snapshots (seq, data) VALUES (?, ?)"
_PRUNE_SNAPSHOTS = ("DELETE FROM snapshots WHERE seq NOT IN "
                    "(SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)")


@dataclass(frozen=True, slots=True)
class Genesis:
    """What a history starts from. With the journal it determines every later state."""

    seed: int
    start: datetime
    universe_spec: Mapping[str, Any]
    created_with: str
    random_walk: bool = True  # False: prices move only when commands set them (scenarios may ask for it)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One applied command and the journaled events it produced; ``seq`` counts from 1."""

    seq: int
    command: Command
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Recovery:
    """How :func:`open_engine` rebuilt the engine: from the snapshot at ``snapshot_seq`` (None:
    from genesis) plus ``replayed`` journal commands; ``skipped_snapshots`` did not load;
    ``under_earlier_rules`` of the replayed commands today's account rules refuse, applied as the version
    that journaled them accepted them."""

    created: bool
    snapshot_seq: int | None = None
    replayed: int = 0
    skipped_snapshots: int = 0
    under_earlier_rules: int = 0


class SqliteStore:
    """The engine's journal in one SQLite file. Build it with :func:`open_engine` or
    :meth:`SqliteStore.open`; use it from one thread at a time, as the engine is used."""

    def __init__(self, path: Path, connection: sqlite3.Connection, genesis: Genesis) -> None:
        self.path = path
        self.genesis = genesis
        self.recovery = Recovery(created=False)
        self._conn = connection
        self._wal = path.with_name(path.name + "-wal")
        count, last = connection.execute("SELECT count(*), coalesce(max(seq), 0) FROM journal").fetchone()
        if count != last:
            raise StoreError(f"{path}: the journal has gaps ({count} entries up to seq {last}); the file is damaged: "
                             f"restore it from a backup, or {_START_AFRESH}")
        self._length: int = last
        missing = history_tables.missing_tables(connection)
        if missing:
            raise StoreError(f"{path}: the workstation database is damaged (no {', '.join(missing)} table); restore "
                             f"it from a backup, or {_START_AFRESH}")
        self.history = SqliteHistory(connection, path)
        self.settings = SettingsTable(connection, path)  # not journaled: the API settings
        # What the path and its write-ahead log were when opened: a commit that lands in a file that
        # has since been deleted or replaced is not saved, though SQLite reports success.
        self._files = identities(path, self._wal)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> SqliteStore:
        """Open an existing workstation file, for reading its journal or journaling into it."""
        path = Path(path)
        if not path.exists():
            raise StoreError(f"{path}: no such workstation database")
        check_usable(path)
        connection = connect(path)
        try:
            with naming(path):
                if _prepare(connection, path):
                    raise StoreError(f"{path}: the database is empty; it holds no workstation history")
                return cls(path, connection, _read_genesis(connection, path))
        except BaseException:
            connection.close()
            raise

    @classmethod
    def _create(cls, path: Path, connection: sqlite3.Connection, genesis: Genesis) -> SqliteStore:
        """Write schema and genesis inside the caller's open transaction."""
        for statement in _SCHEMA:
            connection.execute(statement)
        history_tables.create_tables(connection)
        history_tables.record_format(connection, SNAPSHOT_FORMAT)
        meta = {
            "seed": str(genesis.seed),
            "start": genesis.start.isoformat(),
            "universe_spec": _spec_json(genesis.universe_spec),
            "created_with": genesis.created_with,
            "random_walk": "true" if genesis.random_walk else "false",
        }
        connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        store = cls(path, connection, genesis)
        store.recovery = Recovery(created=True)
        return store

    # -- the Journal protocol ----------------------------------------------------------------------

    def record(self, command: Command, events: Sequence[Event], state_bytes: bytes | None = None) -> None:
        """Append one entry (and the snapshot taken after it) in one transaction, committed before
        returning. Raises if it could not be made durable; the engine then halts."""
        seq = self._length + 1
        command_text = codec.dumps(command)
        events_text = codec.dumps_all(events)
        conn = self._conn
        own_transaction = not conn.in_transaction   # inside open_engine's creation batch otherwise
        if own_transaction:
            self._check_files(command)
        try:
            if own_transaction:
                conn.execute("BEGIN IMMEDIATE")
            # An explicit seq makes a second writer on the same file fail here instead of forking history.
            conn.execute(_INSERT_ENTRY, (seq, command_text, events_text))
            # The history rows the command wrote commit with it: a crash keeps both or neither.
            self.history.write(seq)
            if state_bytes is not None:
                self._insert_snapshot(seq, state_bytes)
            if own_transaction:
                conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._roll_back(own_transaction)
            raise StoreError(f"{self.path}: {type(command).__name__} could not be saved ({short(error)})") \
                from error
        except BaseException:
            self._roll_back(own_transaction)
            raise
        self.history.written()
        if own_transaction:
            self._check_files(command)   # deleted between the check above and the commit
        self._length = seq
        if state_bytes is not None:
            gc_policy.after_snapshot()

    def _insert_snapshot(self, seq: int, data: bytes) -> None:
        conn = self._conn
        conn.execute(_INSERT_SNAPSHOT, (seq, data))
        conn.execute(_PRUNE_SNAPSHOTS, (SNAPSHOTS_KEPT,))
        # No reopen rewinds the history before the oldest snapshot kept.
        self.history.forget_replaced(conn.execute("SELECT min(seq) FROM snapshots").fetchone()[0])

    def _roll_back(self, own_transaction: bool) -> None:
        self.history.discard()
        # The error being raised says more than a failed rollback would.
        with suppress(sqlite3.Error):
            if own_transaction and self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    def _check_files(self, command: Command) -> None:
        """Raise if the database file or its write-ahead log is no longer the one opened."""
        if self._files[1] is None:   # not created yet when the store was opened: adopt it
            self._files = (self._files[0], identity(self._wal))
        now = identities(self.path, self._wal)
        for (file, was, is_now) in ((self.path, self._files[0], now[0]), (self._wal, self._files[1], now[1])):
            if was is not None and is_now != was:
                what = "deleted" if is_now is None else "replaced"
                raise StoreError(f"{file}: the database's {'file' if file == self.path else 'write-ahead log'} "
                                 f"was {what} while the workstation had it open, so {type(command).__name__} "
                                 f"was not saved")

    # -- reading -----------------------------------------------------------------------------------

    def journal_length(self) -> int:
        """How many commands the journal holds (the seq of the last entry)."""
        return self._length

    def entries(self, after: int = 0) -> Iterator[JournalEntry]:
        """Journal entries with seq greater than ``after``, decoded, in order."""
        rows = self._conn.execute("SELECT seq, command, events FROM journal WHERE seq > ? ORDER BY seq", (after,))
        for seq, command_text, events_text in rows:
            yield JournalEntry(seq, codec.loads(command_text), tuple(codec.loads_all(events_text)))

    def commands(self, after: int = 0) -> Iterator[Command]:
        """The commands of the entries after ``after``, decoded, in order: what a replay applies."""
        for _seq, command_text in self._command_rows(after):
            yield codec.loads(command_text)

    def _command_rows(self, after: int) -> sqlite3.Cursor:
        return self._conn.execute("SELECT seq, command FROM journal WHERE seq > ? ORDER BY seq", (after,))

    def events(self, after: int = 0) -> Iterator[Event]:
        """Every journaled event of the entries after ``after``, decoded, in order."""
        for entry in self.entries(after):
            yield from entry.events

    def __iter__(self) -> Iterator[Event]:
        return self.events()

    def journal_text(self) -> Iterator[tuple[int, str, str]]:
        """Raw rows ``(seq, command JSON, events JSON)``: what determinism checks compare."""
        yield from self._conn.execute("SELECT seq, command, events FROM journal ORDER BY seq")

    def snapshots(self) -> Iterator[tuple[int, bytes]]:
        """Stored snapshots, newest first."""
        yield from self._conn.execute("SELECT seq, data FROM snapshots ORDER BY seq DESC")

    def save_snapshot(self, seq: int, data: bytes) -> None:
        """Keep ``data`` as the state after entry ``seq`` (the state after a recovery, say)."""
        if not 0 < seq <= self._length:
            raise ValueError(f"seq: {seq} is not an entry of the journal (1..{self._length})")
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._insert_snapshot(seq, data)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- lifetime ----------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r}, entries={self._length})"


def open_engine(path: str | os.PathLike[str], *, universe_spec: Mapping[str, Any], seed: int, start: datetime,
                initial_commands: Iterable[Command] = (), snapshot_every: int = 500,
                calendar: ExchangeCalendar | None = None, random_walk: bool = True) -> tuple[Engine, SqliteStore]:
    """The engine for the workstation file at ``path``, journaling into it from now on.

    A new (missing or empty) file gets the genesis from ``universe_spec``, ``seed`` and ``start``,
    and ``initial_commands`` are executed and journaled with it in one transaction; a rejected
    one raises ``ValueError`` and leaves no file. An existing file's own genesis wins over the
    arguments (``random_walk`` included): its universe is rebuilt from the stored specification, the newest loadable
    snapshot is restored and the journal after it replayed.
    """
    path = Path(path)
    check_usable(path)
    existed = path.exists()
    connection = connect(path)
    try:
        with naming(path):
            if _prepare(connection, path):
                return _create_engine(path, connection, existed, Genesis(seed, start, universe_spec, __version__,
                                                                          random_walk),
                                      tuple(initial_commands), snapshot_every, calendar)
            store = SqliteStore(path, connection, _read_genesis(connection, path))
    except BaseException:
        connection.close()
        raise
    try:
        with naming(path):
            return _recover_engine(store, snapshot_every, calendar), store
    except BaseException:
        store.close()
        raise


def reset(path: str | os.PathLike[str]) -> None:
    """Delete a workstation file and its SQLite side files (-wal, -shm); a missing file is fine.
    Close every store on it first."""
    path = Path(path)
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in _SIDE_FILES)):
        candidate.unlink(missing_ok=True)


# -- opening ---------------------------------------------------------------------------------------


def _create_engine(path: Path, connection: sqlite3.Connection, existed: bool, requested: Genesis,
                   initial_commands: tuple[Command, ...], snapshot_every: int,
                   calendar: ExchangeCalendar | None) -> tuple[Engine, SqliteStore]:
    seed, start = requested.seed, requested.start
    if start.tzinfo is None:
        raise ValueError("start: the clock needs a time zone")
    spec_text = _spec_json(requested.universe_spec)
    # The universe is built from the stored text, exactly as a reopen will build it.
    universe = build_universe(json.loads(spec_text))
    genesis = Genesis(seed, start, json.loads(spec_text), __version__, requested.random_walk)
    # Genesis and the opening commands commit together: a file either has a whole beginning or none.
    connection.execute("BEGIN IMMEDIATE")
    try:
        store = SqliteStore._create(path, connection, genesis)
        engine = Engine.new(universe, seed, start, calendar, journal=store, snapshot_every=snapshot_every,
                            random_walk=genesis.random_walk, history=store.history)
        for index, command in enumerate(initial_commands):
            result = engine.execute(command)
            if isinstance(result, Rejected):
                raise ValueError(f"initial_commands[{index}] ({type(command).__name__}) was rejected: {result}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        if not existed:
            reset(path)
        raise
    gc_policy.after_engine_rebuilt()
    return engine, store


def _recover_engine(store: SqliteStore, snapshot_every: int, calendar: ExchangeCalendar | None) -> Engine:
    genesis = store.genesis
    universe = build_universe(genesis.universe_spec)
    history, conn = store.history, store._conn
    engine: Engine | None = None
    snapshot_seq: int | None = None
    skipped = replayed = 0
    # The history tables go back to the restored snapshot's seq and the replay writes the rest again,
    # in one transaction: a failure leaves them as they were.
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Rows pickled under another format, or none yet (a file from before the tables), are
        # rebuilt from the whole journal, so no snapshot serves.
        tables_usable = history_tables.recorded_format(conn) == SNAPSHOT_FORMAT
        for seq, data in store.snapshots():
            if not tables_usable:
                skipped += 1
                continue
            history.rewind(seq)   # before the engine is built on it: it may read the history
            try:
                candidate = Engine.from_snapshot(universe, data, calendar, journal=store,
                                                 snapshot_every=snapshot_every, history=history)
            # Unpickling old state can fail in any way (format, renamed class, missing module): every
            # failure means "not usable", and an older snapshot or the genesis replay takes over.
            except Exception:  # noqa: BLE001
                skipped += 1
                continue
            if candidate.commands_applied != seq:
                skipped += 1
                continue
            engine, snapshot_seq = candidate, seq
            break
        if engine is None:
            history.rewind(0)
            engine = Engine.new(universe, genesis.seed, genesis.start, calendar, journal=store,
                                snapshot_every=snapshot_every, random_walk=genesis.random_walk, history=history)
        history_tables.record_format(conn, SNAPSHOT_FORMAT)
        for entry_seq, command_text in store._command_rows(after=snapshot_seq or 0):
            try:
                engine.replay(codec.loads(command_text))
            except Exception as error:
                raise StoreError(f"{store.path}: journal entry {entry_seq} does not replay, so this version "
                                 f"({__version__}) cannot rebuild the history ({short(error)}); open it with the "
                                 f"version that wrote it, restore a backup, or {_START_AFRESH}") from error
            history.write(entry_seq)   # replay does not record: its history rows are written here
            history.written()
            replayed += 1
        conn.execute("COMMIT")
    except BaseException:
        history.discard()
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if snapshot_every and replayed >= snapshot_every:
        # A long replay (no snapshot, or only an unloadable one) is paid once, not at every open.
        store.save_snapshot(store.journal_length(), engine.snapshot())
    store.recovery = Recovery(False, snapshot_seq, replayed, skipped, engine.replayed_under_earlier_rules)
    gc_policy.after_engine_rebuilt()
    return engine


def _prepare(connection: sqlite3.Connection, path: Path) -> bool:
    """Check the file is a workstation database this version reads (before changing anything in
    it), then set it up for journaling, adding the tables of a newer schema. True for a fresh, empty file."""
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise explain(path, error) from error
    if application_id == 0 and version == 0 and tables == 0:
        empty = True
    elif application_id != APPLICATION_ID:
        raise StoreError(f"{path}: not a Mosaic Workstation database (an SQLite file of another application); "
                         f"give --db the workstation's database, or a new file name to start one")
    elif version > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer workstation (schema {version}; this version reads up to "
                         f"{SCHEMA_VERSION}); upgrade the workstation to open it")
    elif version < 1:
        raise StoreError(f"{path}: the workstation database is damaged (no schema version); restore it from a "
                         f"backup, or {_START_AFRESH}")
    else:
        empty = False
    # Durability: WAL with synchronous=NORMAL. A committed transaction is in the WAL file (the OS
    # page cache) when COMMIT returns, so killing the process, even with SIGKILL, loses nothing
    # committed; only a power loss or OS crash can drop the last commits, which would need
    # synchronous=FULL (an fsync per command). Journaling speed is worth more here than surviving
    # a power cut: a mock workstation loses a few seconds of simulated trading at worst.
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    if not empty and version < SCHEMA_VERSION:
        _upgrade(connection, version)
    return empty


def _upgrade(connection: sqlite3.Connection, version: int) -> None:
    """Version 1: add the history tables, empty; version 2: add the cash bookings' table and forget the
    tables' format. Either way the next recovery fills them from the journal."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if version < 2:
            history_tables.create_tables(connection)
        else:
            history_tables.create_cash_tables(connection)
            history_tables.forget_format(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _read_genesis(connection: sqlite3.Connection, path: Path) -> Genesis:
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    missing = {"seed", "start", "universe_spec", "created_with"} - set(meta)
    if missing:
        raise StoreError(f"{path}: the workstation database is damaged (genesis lacks {', '.join(sorted(missing))}); "
                         f"restore it from a backup, or {_START_AFRESH}")
    try:
        random_walk = meta.get("random_walk", "true")  # files from before scenarios ran on databases
        if random_walk not in ("true", "false"):
            raise ValueError(f"random_walk is {random_walk!r}, not true or false")
        return Genesis(int(meta["seed"]), datetime.fromisoformat(meta["start"]), json.loads(meta["universe_spec"]),
                       meta["created_with"], random_walk == "true")
    except ValueError as error:
        raise StoreError(f"{path}: the workstation database is damaged (genesis: {short(error)}); restore it "
                         f"from a backup, or {_START_AFRESH}") from error


def _spec_json(spec: Mapping[str, Any]) -> str:
    """The universe specification as canonical JSON; YAML dates and Decimals become strings."""
    def default(value: object) -> str:
        if isinstance(value, (date, Decimal)):
            return value.isoformat() if isinstance(value, date) else str(value)
        raise TypeError(f"universe_spec: {type(value).__name__} {value!r} cannot be stored")

    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default)
