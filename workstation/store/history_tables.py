"""The History port in SQLite: done orders, executions, the Audit Trail and cash bookings in append-only tables.

The engine's writes while it applies a command wait in a small buffer, which the reads see; the
store writes them (:meth:`SqliteHistory.write`) in the transaction that journals the command, so a
crash keeps a command with its history rows or neither. Every row records the journal seq that
wrote it. A reopen restores the snapshot at seq S and replays the journal after it: :meth:`rewind`
first puts the tables back as they were at S (rows written after S deleted, versions replaced after
S restored from the ``replaced_*`` tables), so the replay writes the same rows at the same
positions again and ``execution_count()`` numbers exec ids as it did.

Rows are pickles of (class, field values), like snapshots. Measured per row, pickling a whole
execution costs what the journal's JSON codec costs (17 us to write, 13 us to read, against 13 and
18), an order holds a list the codec does not journal, and pickling the field values instead of the
object is 2-3x faster again for orders and audited events. The pickled classes change shape only
with SNAPSHOT_FORMAT, which is recorded beside the tables (a file written under another format gets
its tables rebuilt from the journal). Nothing is cached: memory holds one command's writes, never
the history, and the rows of the command last written, as written: its events are published after it
is journaled, and every view that follows them reads the orders it just retired again and again
(placing an order from the GUI read each some 30 times), a query and an unpickling each.
"""

from __future__ import annotations

import dataclasses
import pickle
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import Any

from workstation.engine.messages.events import CashBooked, ExecutionReported
from workstation.engine.orders.audit import AuditedEvent
from workstation.engine.orders.order import Order
from workstation.store.errors import START_AFRESH, StoreError
from workstation.store.sqlite_files import explain

# The meta key naming the SNAPSHOT_FORMAT the rows were pickled under.
FORMAT_KEY = "history_format"
TABLES = ("done_orders", "replaced_orders", "executions", "replaced_executions", "audited_events", "cash_bookings")

CASH_SCHEMA = (
    # The cash ledger's entries (schema 3): an account's balance as of a moment is the row found
    # last before it on the (account, currency, time) index, a period's entries a range on (account, time).
    "CREATE TABLE cash_bookings (position INTEGER PRIMARY KEY, account TEXT NOT NULL, currency TEXT NOT NULL, "
    "time INTEGER NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX cash_bookings_currency ON cash_bookings (account, currency, time)",
    "CREATE INDEX cash_bookings_time ON cash_bookings (account, time)",
    "CREATE INDEX cash_bookings_seq ON cash_bookings (seq)",
)

SCHEMA = (
    "CREATE TABLE done_orders (order_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX done_orders_seq ON done_orders (seq)",
    # The version an update replaced, so a rewind to a seq before the update can put it back.
    "CREATE TABLE replaced_orders (seq INTEGER NOT NULL, order_id INTEGER NOT NULL, old_seq INTEGER NOT NULL, "
    "data BLOB NOT NULL, PRIMARY KEY (seq, order_id))",
    "CREATE TRIGGER done_orders_replaced BEFORE UPDATE ON done_orders WHEN old.seq < new.seq BEGIN "
    "INSERT INTO replaced_orders (seq, order_id, old_seq, data) VALUES (new.seq, old.order_id, old.seq, old.data); "
    "END",
    # time: microseconds since the epoch (UTC), so ranges compare instants whatever the offset.
    "CREATE TABLE executions (position INTEGER PRIMARY KEY, exec_id TEXT NOT NULL UNIQUE, "
    "order_id INTEGER NOT NULL, time INTEGER NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX executions_order ON executions (order_id)",
    "CREATE INDEX executions_time ON executions (time)",
    "CREATE INDEX executions_seq ON executions (seq)",
    "CREATE TABLE replaced_executions (seq INTEGER NOT NULL, position INTEGER NOT NULL, old_seq INTEGER NOT NULL, "
    "time INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, position))",
    "CREATE TRIGGER executions_replaced BEFORE UPDATE ON executions WHEN old.seq < new.seq BEGIN "
    "INSERT INTO replaced_executions (seq, position, old_seq, time, data) "
    "VALUES (new.seq, old.position, old.seq, old.time, old.data); END",
    "CREATE TABLE audited_events (position INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
    "data BLOB NOT NULL)",
    "CREATE INDEX audited_events_order ON audited_events (order_id)",
    "CREATE INDEX audited_events_seq ON audited_events (seq)",
    *CASH_SCHEMA,
)

_KEEP_ORDER = ("INSERT INTO done_orders (order_id, seq, data) VALUES (?, ?, ?) "
               "ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq, data = excluded.data")
_ADD_EXECUTION = "INSERT INTO executions (position, exec_id, order_id, time, seq, data) VALUES (?, ?, ?, ?, ?, ?)"
_REPLACE_EXECUTION = "UPDATE executions SET time = ?, seq = ?, data = ? WHERE position = ?"
_ADD_AUDIT = "INSERT INTO audited_events (position, order_id, seq, data) VALUES (?, ?, ?, ?)"
_ADD_CASH = "INSERT INTO cash_bookings (position, account, currency, time, seq, data) VALUES (?, ?, ?, ?, ?, ?)"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def create_tables(connection: sqlite3.Connection) -> None:
    """Create the history tables, inside the caller's transaction."""
    for statement in SCHEMA:
        connection.execute(statement)


def create_cash_tables(connection: sqlite3.Connection) -> None:
    """Add the cash ledger's table to a schema-2 file, inside the caller's transaction."""
    for statement in CASH_SCHEMA:
        connection.execute(statement)


def forget_format(connection: sqlite3.Connection) -> None:
    """Have the next recovery rebuild every history table from the journal (a new table starts empty)."""
    connection.execute("DELETE FROM meta WHERE key = ?", (FORMAT_KEY,))


def missing_tables(connection: sqlite3.Connection) -> list[str]:
    """The history tables the file lacks (none in an intact schema-2 file)."""
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [name for name in TABLES if name not in present]


def recorded_format(connection: sqlite3.Connection) -> int | None:
    """The SNAPSHOT_FORMAT the rows were pickled under (None: tables not yet filled, as after an upgrade)."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (FORMAT_KEY,)).fetchone()
    return None if row is None or not row[0].isdigit() else int(row[0])


def record_format(connection: sqlite3.Connection, snapshot_format: int) -> None:
    """Say the rows are pickled under ``snapshot_format``, inside the caller's transaction."""
    connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (FORMAT_KEY, str(snapshot_format)))


def instant(moment: datetime) -> int:
    """``moment`` as microseconds since the epoch: the executions' time column."""
    return (moment - _EPOCH) // _MICROSECOND


_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's field names and a getter of their values, made once per class."""
    known = _FIELDS.get(cls)
    if known is None:
        names = tuple(field.name for field in dataclasses.fields(cls))
        known = _FIELDS[cls] = (names, attrgetter(*names))
    return known


def _dumps(value: Any) -> bytes:
    # Pickled as (class, field values): a slots dataclass pickled whole goes through dataclasses'
    # __getstate__, which looks its fields up again for every object (2-3x slower for an order or
    # an audited event).
    cls = type(value)
    return pickle.dumps((cls, _fields(cls)[1](value)), protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> Any:
    cls, values = pickle.loads(data)
    value = object.__new__(cls)
    for name, field_value in zip(_fields(cls)[0], values, strict=True):
        object.__setattr__(value, name, field_value)   # as dataclasses' __setstate__ does, frozen or not
    return value


class SqliteHistory:
    """The History port over the workstation file's history tables. The store creates it, writes
    its buffer with each journal entry (:meth:`write`, then :meth:`written` once committed, or
    :meth:`discard`), and rewinds it before a replay."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._conn = connection
        self._path = path
        self._orders: dict[int, Order] = {}
        self._writing_orders: dict[int, bytes] = {}
        self._last_written_orders: dict[int, bytes] = {}
        """order id -> row of the command last written (being written): read as the table's row is"""
        self._added: list[ExecutionReported] = []
        self._added_at: dict[str, int] = {}
        self._replaced: dict[str, tuple[int, ExecutionReported]] = {}   # exec_id -> (position, execution)
        self._audited: list[AuditedEvent] = []
        self._cash: list[CashBooked] = []
        self._stored_executions = 0
        self._stored_audit = 0
        self._stored_cash = 0
        self._count_stored()

    # -- writes, buffered until the journal entry is recorded --------------------------------------

    def keep_order(self, order: Order) -> None:
        self._orders[order.order_id] = order

    def add_execution(self, execution: ExecutionReported) -> None:
        self._added_at[execution.exec_id] = len(self._added)
        self._added.append(execution)

    def replace_execution(self, execution: ExecutionReported) -> None:
        exec_id = execution.exec_id
        index = self._added_at.get(exec_id)
        if index is not None:
            self._added[index] = execution
            return
        row = self._read("SELECT position FROM executions WHERE exec_id = ?", (exec_id,)).fetchone()
        if row is None:
            raise KeyError(exec_id)
        self._replaced[exec_id] = (row[0], execution)

    def add_audit(self, events: Sequence[AuditedEvent]) -> None:
        self._audited.extend(events)

    def add_cash_bookings(self, bookings: Sequence[CashBooked]) -> None:
        self._cash.extend(bookings)

    # -- reads: the tables, overlaid with the buffer -------------------------------------------------

    def order(self, order_id: int) -> Order | None:
        buffered = self._orders.get(order_id)
        if buffered is not None:
            return buffered
        data = self._last_written_orders.get(order_id)
        if data is None:
            row = self._read("SELECT data FROM done_orders WHERE order_id = ?", (order_id,)).fetchone()
            if row is None:
                return None
            data = row[0]
        return self._load(data, f"order {order_id}")

    def orders(self) -> Iterator[Order]:
        rows = self._read("SELECT order_id, data FROM done_orders ORDER BY order_id")
        return self._merge_orders(rows, sorted(self._orders.items()))

    def _merge_orders(self, rows: sqlite3.Cursor, buffered: list[tuple[int, Order]]) -> Iterator[Order]:
        index = 0
        for order_id, data in rows:
            while index < len(buffered) and buffered[index][0] < order_id:
                yield buffered[index][1]
                index += 1
            if index < len(buffered) and buffered[index][0] == order_id:
                yield buffered[index][1]
                index += 1
            else:
                yield self._load(data, f"order {order_id}")
        for _, order in buffered[index:]:
            yield order

    def execution_count(self) -> int:
        return self._stored_executions + len(self._added)

    def execution(self, exec_id: str) -> ExecutionReported | None:
        index = self._added_at.get(exec_id)
        if index is not None:
            return self._added[index]
        replaced = self._replaced.get(exec_id)
        if replaced is not None:
            return replaced[1]
        row = self._read("SELECT data FROM executions WHERE exec_id = ?", (exec_id,)).fetchone()
        return None if row is None else self._load(row[0], f"execution {exec_id}")

    def executions(self, order_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> list[ExecutionReported]:
        conditions: list[str] = []
        values: list[int] = []
        for condition, value in (("order_id = ?", order_id), ("time >= ?", since), ("time < ?", until)):
            if value is not None:
                conditions.append(condition)
                values.append(value if isinstance(value, int) else instant(value))
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._read(f"SELECT position, exec_id, data FROM executions{where} ORDER BY position", values)

        def chosen(execution: ExecutionReported) -> bool:
            return ((order_id is None or execution.order_id == order_id)
                    and (since is None or execution.time >= since) and (until is None or execution.time < until))

        if not self._replaced:
            found = [self._load(data, f"execution {exec_id}") for _, exec_id, data in rows]
        else:
            # A replacement not yet written may move an execution into the range or out of it.
            stored = [(position, self._load(data, f"execution {exec_id}")) for position, exec_id, data in rows
                      if exec_id not in self._replaced]
            stored.extend(pair for pair in self._replaced.values() if chosen(pair[1]))
            found = [execution for _, execution in sorted(stored, key=lambda pair: pair[0])]
        found.extend(execution for execution in self._added if chosen(execution))
        return found

    def execution_range(self, start: int, stop: int) -> list[ExecutionReported]:
        stored = self._stored_executions
        rows = self._read("SELECT position, exec_id, data FROM executions WHERE position >= ? AND position < ? "
                          "ORDER BY position", (start, min(stop, stored))) if start < stored else ()
        found = [self._replaced.get(exec_id, (position, None))[1] or self._load(data, f"execution {exec_id}")
                 for position, exec_id, data in rows]
        found.extend(self._added[max(0, start - stored):max(0, stop - stored)])
        return found

    def audit(self, order_id: int | None = None) -> list[AuditedEvent]:
        if order_id is None:
            rows = self._read("SELECT position, data FROM audited_events ORDER BY position")
        else:
            rows = self._read("SELECT position, data FROM audited_events WHERE order_id = ? ORDER BY position",
                              (order_id,))
        events = [self._load(data, f"audited event {position}") for position, data in rows]
        events.extend(event for event in self._audited if order_id is None or event.order_id == order_id)
        return events

    def recent_audit(self, count: int) -> list[AuditedEvent]:
        if count <= 0:
            return []
        buffered = self._audited[-count:]
        wanted = count - len(buffered)
        rows = self._read("SELECT position, data FROM audited_events ORDER BY position DESC LIMIT ?",
                          (wanted,)).fetchall() if wanted else []
        events = [self._load(data, f"audited event {position}") for position, data in reversed(rows)]
        return events + buffered

    def cash_balance(self, account_id: str, currency: str, until: datetime) -> Decimal | None:
        for booking in reversed(self._cash):
            if booking.account_id == account_id and booking.currency == currency and booking.time < until:
                return booking.balance
        row = self._read("SELECT data FROM cash_bookings WHERE account = ? AND currency = ? AND time < ? "
                         "ORDER BY time DESC, position DESC LIMIT 1", (account_id, currency, instant(until))).fetchone()
        return None if row is None else self._load(row[0], f"cash booking of {account_id}").balance

    def cash_bookings(self, account_id: str, since: datetime, until: datetime) -> list[CashBooked]:
        rows = self._read("SELECT position, data FROM cash_bookings WHERE account = ? AND time >= ? AND time < ? "
                          "ORDER BY position", (account_id, instant(since), instant(until)))
        found = [self._load(data, f"cash booking {position}") for position, data in rows]
        found.extend(b for b in self._cash if b.account_id == account_id and since <= b.time < until)
        return found

    # -- the store's side ----------------------------------------------------------------------------

    def pending(self) -> bool:
        """Whether writes wait for :meth:`write`."""
        return bool(self._orders or self._added or self._replaced or self._audited or self._cash)

    def write(self, seq: int) -> None:
        """Write the buffered rows as journal entry ``seq``'s, inside the caller's transaction."""
        if not self.pending():
            return
        conn = self._conn
        if self._orders:
            self._writing_orders = {order_id: _dumps(order) for order_id, order in self._orders.items()}
            conn.executemany(_KEEP_ORDER, [(order_id, seq, data) for order_id, data in self._writing_orders.items()])
        if self._added:
            first = self._stored_executions
            conn.executemany(_ADD_EXECUTION, [(first + index, e.exec_id, e.order_id, instant(e.time), seq, _dumps(e))
                                              for index, e in enumerate(self._added)])
        if self._replaced:
            conn.executemany(_REPLACE_EXECUTION, [(instant(e.time), seq, _dumps(e), position)
                                                  for position, e in self._replaced.values()])
        if self._audited:
            first = self._stored_audit
            conn.executemany(_ADD_AUDIT, [(first + index, e.order_id, seq, _dumps(e))
                                          for index, e in enumerate(self._audited)])
        if self._cash:
            first = self._stored_cash
            conn.executemany(_ADD_CASH, [(first + index, b.account_id, b.currency, instant(b.time), seq, _dumps(b))
                                         for index, b in enumerate(self._cash)])

    def written(self) -> None:
        """The rows of :meth:`write` are committed (or in the transaction reads see): empty the buffer."""
        self._stored_executions += len(self._added)
        self._stored_audit += len(self._audited)
        self._stored_cash += len(self._cash)
        written_orders = self._writing_orders
        self._clear()
        self._last_written_orders = written_orders

    def discard(self) -> None:
        """Drop the buffer after a failed write (the transaction was rolled back)."""
        self._clear()

    def rewind(self, seq: int) -> None:
        """Put the tables back as they were after journal entry ``seq``, inside the caller's transaction."""
        conn = self._conn
        for order_id, old_seq, data in conn.execute(
                "SELECT order_id, old_seq, data FROM replaced_orders WHERE seq > ? ORDER BY seq DESC",
                (seq,)).fetchall():
            conn.execute("UPDATE done_orders SET seq = ?, data = ? WHERE order_id = ?", (old_seq, data, order_id))
        for position, old_seq, time, data in conn.execute(
                "SELECT position, old_seq, time, data FROM replaced_executions WHERE seq > ? ORDER BY seq DESC",
                (seq,)).fetchall():
            conn.execute("UPDATE executions SET seq = ?, time = ?, data = ? WHERE position = ?",
                         (old_seq, time, data, position))
        for table in TABLES:
            conn.execute(f"DELETE FROM {table} WHERE seq > ?", (seq,))
        self._clear()
        self._count_stored()

    def forget_replaced(self, seq: int) -> None:
        """Drop the replaced versions no rewind reaches: those replaced at or before ``seq`` (the
        oldest kept snapshot), inside the caller's transaction."""
        self._conn.execute("DELETE FROM replaced_orders WHERE seq <= ?", (seq,))
        self._conn.execute("DELETE FROM replaced_executions WHERE seq <= ?", (seq,))

    def _clear(self) -> None:
        self._orders.clear()
        self._writing_orders = {}
        self._last_written_orders = {}
        self._added.clear()
        self._added_at.clear()
        self._replaced.clear()
        self._audited.clear()
        self._cash.clear()

    def _count_stored(self) -> None:
        self._stored_executions = self._next_position("executions")
        self._stored_audit = self._next_position("audited_events")
        self._stored_cash = self._next_position("cash_bookings")

    def _next_position(self, table: str) -> int:
        return self._conn.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table}").fetchone()[0]

    def _read(self, sql: str, values: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, values)
        except sqlite3.DatabaseError as error:
            raise explain(self._path, error) from error

    def _load(self, data: bytes, what: str) -> Any:
        try:
            return _loads(data)
        # A damaged row can fail to unpickle in any way; each is the same damage to report.
        except Exception as error:  # noqa: BLE001
            raise StoreError(f"{self._path}: the workstation database's history is damaged ({what} does not load: "
                             f"{type(error).__name__}); restore it from a backup, or {START_AFRESH}") from error
