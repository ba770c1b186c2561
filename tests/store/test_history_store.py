"""The history tables in the workstation file: written with the journal entry of the command that
wrote them, rewound to the restored snapshot on reopen and written again by the replay, added to a
file from before them, and refused by name when damaged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workstation.engine.api import Accepted, Engine, EngineHalted
from workstation.engine.core.terms import Action, OrderStatus, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, Command, PlaceOrder
from workstation.engine.messages.events import ExecutionReported, OrderModified, OrderPlaced, OrderStatusChanged
from workstation.engine.orders.order import Order
from workstation.engine.views.frozen import freeze
from workstation.store import SqliteStore, StoreError
from workstation.store.history_tables import TABLES
from workstation.store.sqlite_store import SCHEMA_VERSION

Opener = Callable[..., tuple[Engine, SqliteStore]]
Digest = Callable[[Engine], dict[str, Any]]
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=EASTERN)


def run(engine: Engine, commands: list[Command]) -> None:
    for command in commands:
        assert isinstance(engine.execute(command), Accepted), command


def tick(engine: Engine, seconds: int = 1) -> AdvanceClock:
    return AdvanceClock(engine.now + timedelta(seconds=seconds))


def execution(exec_id: str, price: str = "100.00", order_id: int = 1) -> ExecutionReported:
    return ExecutionReported(exec_id, order_id, "U1", "AAPL", Action.BUY, Decimal(10), Decimal(price),
                             T0, Decimal("1.00"), "USD", Decimal(0))


def done_order(order_id: int, filled: str) -> Order:
    return Order(order_id, "U1", "AAPL", Action.BUY, Decimal(10), OrderType.MKT, TimeInForce.DAY, T0,
                 status=OrderStatus.CANCELLED, filled=Decimal(filled))


def placed(order_id: int) -> OrderPlaced:
    return OrderPlaced(order_id, "U1", "AAPL", Action.BUY, Decimal(10), OrderType.MKT, None, None, TimeInForce.DAY,
                       False, "", T0)


def rows(path: Path, table: str, columns: str = "seq") -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        found = connection.execute(f"SELECT {columns} FROM {table} ORDER BY 1").fetchall()
    connection.close()
    return found


# -- writing with the journal ------------------------------------------------------------------------


def test_a_commands_history_rows_are_written_with_its_journal_entry(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    history = store.history
    history.keep_order(done_order(1, "0"))
    history.add_execution(execution("E1"))
    history.add_audit([placed(1)])

    # Act: nothing reaches the file until the command is journaled
    before = [rows(path, table) for table in ("done_orders", "executions", "audited_events")]
    store.record(tick(engine), [])
    seq = store.journal_length()
    store.close()

    # Assert
    assert before == [[], [], []]
    assert rows(path, "done_orders", "order_id, seq") == [(1, seq)]
    assert rows(path, "executions", "position, exec_id, seq") == [(0, "E1", seq)]
    assert rows(path, "audited_events", "position, order_id, seq") == [(0, 1, seq)]


def test_the_engines_own_orders_executions_and_order_events_read_back_equal(
        tmp_path: Path, open_demo: Opener, script: list[Command]) -> None:
    # Arrange: what a day and a half of trading produced (limit, futures, modified, expired, cancelled orders)
    engine, store = open_demo(tmp_path / "ws.db")
    heard: list[Any] = []
    engine.subscribe(heard.append)
    run(engine, script)
    audited = [event for event in heard if isinstance(event, (OrderPlaced, OrderModified, OrderStatusChanged,
                                                               ExecutionReported))]
    working = {order.order_id for order in engine.working_orders()}
    done = [order for order in engine.orders() if order.order_id not in working]
    executions, orders, trail = engine.executions(), engine.orders(), engine.audit_trail()

    # Act: the engine wrote them through the port as it went; read them back from the file itself
    store.close()
    reopened, store = open_demo(tmp_path / "ws.db")

    # Assert
    with store:
        history = store.history
        assert [freeze(order) for order in history.orders()] == done and len(done) > 3
        assert history.executions() == executions and len(executions) > 3
        assert history.audit() == audited and len(audited) > 20
        assert reopened.orders() == orders and reopened.audit_trail() == trail


def test_a_second_writer_fails_cleanly_and_writes_none_of_its_history(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: two engines on one file (the lock keeps a second workstation away; the journal must too)
    path = tmp_path / "ws.db"
    first, first_store = open_demo(path)
    second, second_store = open_demo(path)
    run(first, [tick(first)])
    second_store.history.add_execution(execution("SECOND"))

    # Act / Assert: the second engine's entry would fork the journal
    with pytest.raises(EngineHalted) as halted:
        second.execute(tick(second))
    assert isinstance(halted.value.__cause__, StoreError) and str(path) in str(halted.value.__cause__)
    assert second_store.history.execution("SECOND") is None and second_store.history.execution_count() == 0
    first_store.close()
    second_store.close()
    assert rows(path, "executions") == []


# -- reopening -------------------------------------------------------------------------------------


def test_reopen_from_a_snapshot_and_its_tail_reads_the_same_orders_executions_and_trail(
        tmp_path: Path, open_demo: Opener, script: list[Command], digest: Digest) -> None:
    # Arrange: snapshots every 5 commands, so the script ends with a tail after the last one
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    run(engine, script)
    before = (engine.orders(), engine.executions(), engine.audit_trail(), digest(engine))
    first_order_trail = engine.audit_trail(1)
    store.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=5)

    # Assert
    with store:
        assert store.recovery.snapshot_seq is not None and store.recovery.replayed > 0
        assert (reopened.orders(), reopened.executions(), reopened.audit_trail(), digest(reopened)) == before
        assert reopened.audit_trail(1) == first_order_trail


def test_reopen_rewinds_the_tables_to_the_snapshot_it_restores(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: rows written up to a snapshot, then rows, a replaced execution and a replaced order after it
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=0)
    history = store.history
    history.keep_order(done_order(1, "2"))
    history.add_execution(execution("E1"))
    history.add_audit([placed(1)])
    run(engine, [tick(engine)])
    store.save_snapshot(store.journal_length(), engine.snapshot())
    history.keep_order(done_order(1, "3"))
    history.replace_execution(execution("E1", price="99.00"))
    history.add_execution(execution("E2"))
    history.add_audit([placed(2)])
    run(engine, [tick(engine)])
    history.replace_execution(execution("E1", price="98.00"))
    run(engine, [tick(engine)])
    assert history.execution("E1") == execution("E1", price="98.00") and history.execution_count() == 2
    store.close()

    # Act: the tail replays commands that wrote none of those rows
    _, store = open_demo(path, snapshot_every=0)

    # Assert: the tables are as the snapshot left them, for the replay to fill
    with store:
        reopened = store.history
        assert store.recovery.replayed == 2
        assert reopened.execution_count() == 1 and reopened.execution("E2") is None
        assert reopened.execution("E1") == execution("E1") and reopened.executions() == [execution("E1")]
        assert reopened.order(1) == done_order(1, "2") and reopened.audit() == [placed(1)]
    assert rows(path, "replaced_executions") == [] and rows(path, "replaced_orders") == []


def test_replaced_versions_are_kept_only_as_far_back_as_the_oldest_snapshot(tmp_path: Path,
                                                                           open_demo: Opener) -> None:
    # Arrange: an execution corrected in six commands, a snapshot after each (three are kept)
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1)
    store.history.add_execution(execution("E1"))
    run(engine, [tick(engine)])

    # Act
    for cents in range(6):
        store.history.replace_execution(execution("E1", price=f"99.0{cents}"))
        run(engine, [tick(engine)])

    # Assert: only the versions a rewind to a kept snapshot can need
    with store:
        oldest = min(seq for seq, _ in store.snapshots())
        assert store.history.execution("E1") == execution("E1", price="99.05")
    assert [seq for (seq,) in rows(path, "replaced_executions")] == list(range(oldest + 1, store.journal_length() + 1))


def test_the_replay_writes_its_history_rows_as_the_entries_it_replays(tmp_path: Path, open_demo: Opener,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Arrange: a snapshot, then three clock steps journaled after it
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=0)
    run(engine, [tick(engine)])
    snapshot_seq = store.journal_length()
    store.save_snapshot(snapshot_seq, engine.snapshot())
    run(engine, [tick(engine), tick(engine), tick(engine)])
    store.close()
    replay = Engine.replay

    def replay_writing_history(self: Engine, command: Command) -> None:
        # An engine whose replay writes an execution per clock step, as fills would
        replay(self, command)
        self._history.add_execution(execution(f"R{self.commands_applied}"))

    monkeypatch.setattr(Engine, "replay", replay_writing_history)

    # Act
    _, store = open_demo(path, snapshot_every=0)
    store.close()

    # Assert: each entry's rows carry its seq, committed with the recovery
    tail = range(snapshot_seq + 1, snapshot_seq + 4)
    assert rows(path, "executions", "exec_id, seq") == [(f"R{seq}", seq) for seq in tail]


def test_a_file_from_before_the_history_tables_gets_them_and_replays_from_genesis(
        tmp_path: Path, open_demo: Opener, script: list[Command], digest: Digest) -> None:
    # Arrange: a schema-1 file with snapshots, as the version before the tables wrote it
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    run(engine, script)
    before = (engine.orders(), engine.executions(), engine.audit_trail(), digest(engine))
    store.close()
    with sqlite3.connect(path) as old:
        for table in TABLES:
            old.execute(f"DROP TABLE {table}")
        old.execute("DELETE FROM meta WHERE key = 'history_format'")
        old.execute("PRAGMA user_version = 1")
        snapshots = old.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    old.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=5)

    # Assert: upgraded, rebuilt from the whole journal, with a fresh snapshot for the next open
    with store:
        assert store.recovery.snapshot_seq is None and store.recovery.skipped_snapshots == snapshots > 0
        assert store.recovery.replayed == store.journal_length()
        assert (reopened.orders(), reopened.executions(), reopened.audit_trail(), digest(reopened)) == before
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert {t for (t,) in upgraded.execute("SELECT name FROM sqlite_master")} >= set(TABLES)
    upgraded.close()
    _, store = open_demo(path, snapshot_every=5)
    with store:
        assert store.recovery.snapshot_seq == store.journal_length()


# -- damage ----------------------------------------------------------------------------------------


def test_a_missing_history_table_is_refused_by_name(tmp_path: Path, open_demo: Opener) -> None:
    path = tmp_path / "ws.db"
    _, store = open_demo(path)
    store.close()
    with sqlite3.connect(path) as damaged:
        damaged.execute("DROP TABLE executions")
    damaged.close()

    with pytest.raises(StoreError, match=f"{path}: the workstation database is damaged \\(no executions table\\); "
                                         "restore it from a backup"):
        open_demo(path)


def test_a_history_row_that_does_not_load_is_reported_by_name(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: an order row overwritten with bytes that are no pickle
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    store.history.keep_order(done_order(7, "0"))
    run(engine, [tick(engine)])
    store.save_snapshot(store.journal_length(), engine.snapshot())   # so the reopen keeps the row
    store.close()
    with sqlite3.connect(path) as damaged:
        damaged.execute("UPDATE done_orders SET data = x'00ff00ff' WHERE order_id = 7")
    damaged.close()
    _, store = open_demo(path)

    # Act / Assert
    with store, pytest.raises(StoreError, match=f"{path}: the workstation database's history is damaged "
                                                "\\(order 7 does not load"):
        store.history.order(7)


def test_a_history_table_lost_while_open_is_reported_by_name(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: another program drops the audited events under the running store
    path = tmp_path / "ws.db"
    _, store = open_demo(path)
    with sqlite3.connect(path) as other:
        other.execute("DROP TABLE audited_events")
    other.close()

    # Act / Assert
    with store, pytest.raises(StoreError, match=f"{path}: the workstation database is damaged .*audited_events.*"
                                                "restore it from a backup"):
        store.history.audit()


def test_placing_an_order_on_a_database_keeps_working_with_the_tables(tmp_path: Path, open_demo: Opener) -> None:
    # The engine's own path: place, fill, reopen, keep going
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    run(engine, [PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100)), tick(engine)])
    store.close()
    engine, store = open_demo(path)
    with store:
        run(engine, [PlaceOrder("U1", "AAPL", Action.SELL, Decimal(100)), tick(engine)])
        assert [o.status for o in engine.orders()] == [OrderStatus.FILLED, OrderStatus.FILLED]


# -- reads while a command's events are published ------------------------------------------------------


def order_queries(store: SqliteStore) -> list[str]:
    """The statements that read the done orders' table from now on."""
    statements: list[str] = []
    store.history._conn.set_trace_callback(  # noqa: SLF001 - the reads themselves are what is asserted
        lambda sql: statements.append(sql) if sql.startswith("SELECT data FROM done_orders") else None)
    return statements


def test_the_orders_a_command_retired_are_read_without_a_query_while_its_events_are_published(
        tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: every view that follows the events reads the order the fill just retired, again and again
    engine, store = open_demo(tmp_path / "ws.db")
    queries = order_queries(store)
    read: list[tuple[Order, Order]] = []

    def follow(event: object) -> None:
        if isinstance(event, OrderStatusChanged) and event.status is OrderStatus.FILLED:
            read.append((store.history.order(event.order_id), store.history.order(event.order_id)))

    engine.subscribe(follow)

    # Act
    with store:
        run(engine, [PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100)), tick(engine)])
        from_table = store.history.order(1)   # the tick wrote no order: the table again

    # Assert: read as the row written, a new object each time, as the table's reads are
    assert len(read) == 1 and queries == ["SELECT data FROM done_orders WHERE order_id = 1"]
    first, second = read[0]
    assert first == second == from_table and first is not second and first.status is OrderStatus.FILLED


def test_a_done_order_is_read_from_the_history_once_per_command(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: a filled order, retired to the history by an earlier command
    engine, store = open_demo(tmp_path / "ws.db")
    with store:
        run(engine, [PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100)), tick(engine)])
        queries = order_queries(store)

        # Act: what a view reads of it (its copy, who may see it) several times
        copies = [engine.order(1) for _ in range(3)]
        accounts = engine.order_accounts(1)

    # Assert
    assert len(queries) == 1 and copies[0] == copies[2] and accounts == frozenset({"U1"})
