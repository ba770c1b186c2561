"""The SQLite journal: state survives a reopen, snapshots shorten it, history is deterministic, and
a file that is not ours is refused by name."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workstation.engine.api import Accepted, Engine, EngineHalted
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, ComboLeg, OrderStatus, OrderType
from workstation.engine.core.universe import build_universe
from workstation.engine.messages.commands import Command, OpenAccount, PlaceOrder
from workstation.engine.messages.events import AccountOpened, CashBooked, Event
from workstation.store import SqliteStore, StoreError, open_engine, reset

Digest = Callable[[Engine], dict[str, Any]]
Opener = Callable[..., tuple[Engine, SqliteStore]]


def run(engine: Engine, commands: list[Any]) -> None:
    for command in commands:
        result = engine.execute(command)
        assert isinstance(result, Accepted), f"{command} was refused: {result}"


def full_replay(store: SqliteStore) -> Engine:
    """The engine rebuilt from genesis and every journal entry, ignoring snapshots."""
    genesis = store.genesis
    engine = Engine.new(build_universe(genesis.universe_spec), genesis.seed, genesis.start)
    for command in store.commands():
        engine.replay(command)
    return engine


# -- a new file ------------------------------------------------------------------------------------


def test_a_new_file_journals_its_opening_commands(tmp_path: Path, open_demo: Opener,
                                                  opening_cash: Decimal) -> None:
    # Act
    engine, store = open_demo(tmp_path / "ws.db")

    # Assert
    with store:
        assert store.recovery.created
        assert store.journal_length() == 1
        [entry] = store.entries()
        assert entry.command.account_id == "U1"
        assert [type(e) for e in entry.events] == [AccountOpened, CashBooked]
        assert engine.cash("U1") == {"USD": opening_cash}


def test_a_rejected_opening_command_raises_and_leaves_no_file(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: the second account names an advisor that does not exist
    path = tmp_path / "ws.db"
    opening = (OpenAccount("U1", AccountType.MARGIN), OpenAccount("U2", AccountType.CASH, advisor="F9"))

    # Act / Assert
    with pytest.raises(ValueError, match=r"initial_commands\[1\] \(OpenAccount\) was rejected: UNKNOWN_ACCOUNT"):
        open_demo(path, initial_commands=opening)
    assert list(tmp_path.iterdir()) == []


def test_stored_events_are_the_journaled_events_published(tmp_path: Path, open_demo: Opener,
                                                          script: list[Command]) -> None:
    # Arrange
    engine, store = open_demo(tmp_path / "ws.db")
    published: list[Event] = []
    engine.subscribe(lambda e: published.append(e) if e.journaled else None)

    # Act
    run(engine, script)

    # Assert: the opening entry first, then exactly what subscribers heard
    with store:
        stored = list(store.events())
        assert stored[2:] == published
        assert store.journal_length() == 1 + len(script)


# -- reopening -------------------------------------------------------------------------------------


def test_combo_orders_survive_reopen(tmp_path: Path, open_demo: Opener, digest: Digest) -> None:
    # Arrange: a spread that legs in unevenly and keeps working, and one still waiting for its price
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    calls = ("AAPL  261218C00230000", "AAPL  261218C00240000")
    spread = (ComboLeg(calls[0], Action.BUY, 1), ComboLeg(calls[1], Action.SELL, 1))
    for action, units, guaranteed in ((Action.SELL, 25, False), (Action.BUY, 2, True)):
        result = engine.execute(PlaceOrder("U1", "", action, Decimal(units), OrderType.LMT, Decimal("0.05"),
                                           legs=spread, guaranteed=guaranteed))
        assert isinstance(result, Accepted), result
    before = digest(engine)
    combos = [o.combo for o in engine.orders()]
    store.close()

    # Act
    reopened, store = open_demo(path)

    # Assert
    with store:
        assert digest(reopened) == before
        assert [o.combo for o in reopened.orders()] == combos
        assert before["executions"], "the non-guaranteed spread legged in before the reopen"


def test_state_survives_reopen(tmp_path: Path, open_demo: Opener, script: list[Command], digest: Digest) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    run(engine, script)
    before = digest(engine)
    store.close()

    # Act
    reopened, store = open_demo(path)

    # Assert
    with store:
        after = digest(reopened)
        assert after["cash"] == before["cash"]
        assert after["positions"] == before["positions"]
        assert after["orders"] == before["orders"]
        assert after["executions"] == before["executions"]
        assert reopened.now == engine.now
        assert after == before
        assert not store.recovery.created


def test_the_reopened_engine_keeps_working_and_journaling(tmp_path: Path, open_demo: Opener,
                                                          script: list[Command]) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    run(engine, script)
    store.close()
    reopened, store = open_demo(path)
    next_id = max(o.order_id for o in reopened.orders()) + 1

    # Act
    result = reopened.execute(PlaceOrder("U1", "SPY", Action.BUY, Decimal(10)))
    placed, placed_executions = reopened.order(next_id), reopened.executions(next_id)
    store.close()
    again, store = open_demo(path)

    # Assert: order 10 filled, and it is in the file for the next reopen
    with store:
        assert isinstance(result, Accepted)
        assert placed.status is OrderStatus.FILLED
        assert again.order(next_id).status is OrderStatus.FILLED
        assert again.executions(next_id) == placed_executions


def test_the_files_genesis_wins_over_the_arguments(tmp_path: Path, open_demo: Opener, script: list[Command],
                                                   digest: Digest, start: datetime) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    run(engine, script)
    expected = digest(engine)  # read while its store is open: a done order is read from the file
    store.close()

    # Act: another seed, start and universe are ignored for an existing file
    reopened, store = open_demo(path, seed=99, start=start.replace(year=2027), universe_spec={"stocks": []})

    # Assert
    with store:
        assert reopened.seed == 7
        assert store.genesis.start == start
        assert digest(reopened) == expected


# -- snapshots -------------------------------------------------------------------------------------


def test_reopen_restores_a_snapshot_and_replays_only_the_tail(tmp_path: Path, open_demo: Opener,
                                                              script: list[Command], digest: Digest) -> None:
    # Arrange: 18 entries with a snapshot every 5 commands -> snapshots at 5, 10, 15
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    run(engine, script)
    assert store.journal_length() == 18
    expected = digest(engine)  # read while its store is open: a done order is read from the file
    store.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=5)

    # Assert: entries 16..18 replayed on the snapshot after 15, equal to a replay from genesis
    with store:
        assert [seq for seq, _ in store.snapshots()] == [15, 10, 5]
        assert store.recovery.snapshot_seq == 15
        assert store.recovery.replayed == 3
        assert digest(reopened) == digest(full_replay(store)) == expected


def test_an_unloadable_snapshot_falls_back_to_an_older_one(tmp_path: Path, open_demo: Opener,
                                                           script: list[Command], digest: Digest) -> None:
    # Arrange: the newest snapshot is damaged
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    run(engine, script)
    store.save_snapshot(15, b"not a pickle")
    expected = digest(engine)  # read while its store is open: a done order is read from the file
    store.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=5)

    # Assert
    with store:
        assert store.recovery.skipped_snapshots == 1
        assert store.recovery.snapshot_seq == 10
        assert store.recovery.replayed == 8
        assert digest(reopened) == expected


def test_no_usable_snapshot_replays_from_genesis_and_saves_a_fresh_one(tmp_path: Path, open_demo: Opener,
                                                                       script: list[Command],
                                                                       digest: Digest) -> None:
    # Arrange: written without snapshots; opened with snapshot_every=5
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=0)
    run(engine, script)
    expected = digest(engine)  # read while its store is open: a done order is read from the file
    store.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=5)
    replayed = digest(reopened)
    store.close()
    third, store = open_demo(path, snapshot_every=5)

    # Assert: the long replay happened once; the next open starts from its snapshot
    with store:
        assert store.recovery.snapshot_seq == 18
        assert store.recovery.replayed == 0
        assert replayed == digest(third) == expected


def test_only_the_newest_snapshots_are_kept(tmp_path: Path, open_demo: Opener, script: list[Command]) -> None:
    # Arrange / Act
    engine, store = open_demo(tmp_path / "ws.db", snapshot_every=2)
    run(engine, script)

    # Assert: 18 entries, snapshots after 2, 4, ... 18; the three newest remain
    with store:
        assert [seq for seq, _ in store.snapshots()] == [18, 16, 14]


# -- determinism -----------------------------------------------------------------------------------


def test_same_seed_and_commands_give_identical_journal_text(tmp_path: Path, open_demo: Opener,
                                                            script: list[Command]) -> None:
    # Arrange
    first, first_store = open_demo(tmp_path / "a.db")
    second, second_store = open_demo(tmp_path / "b.db")

    # Act
    run(first, script)
    run(second, script)

    # Assert
    with first_store, second_store:
        first_text = list(first_store.journal_text())
        assert len(first_text) == 18
        assert first_text == list(second_store.journal_text())


# -- failure ---------------------------------------------------------------------------------------


def test_a_failed_record_halts_the_engine_before_publishing(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: the journal can no longer write
    engine, store = open_demo(tmp_path / "ws.db")
    heard: list[Event] = []
    engine.subscribe(heard.append)
    store.close()

    # Act / Assert
    with pytest.raises(EngineHalted, match="PlaceOrder failed while being applied or journaled"):
        engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100)))
    assert heard == []


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange
    path = tmp_path / "notes.db"
    path.write_text("these are my trading notes, not a database\n" * 100)

    # Act / Assert
    with pytest.raises(StoreError, match=f"{path}: not a Mosaic Workstation database"):
        open_demo(path)
    assert path.read_text().startswith("these are my trading notes")


def test_another_applications_database_is_refused_and_left_untouched(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE contacts (name TEXT)")
    other.close()
    before = path.read_bytes()

    # Act / Assert
    with pytest.raises(StoreError, match=f"{path}: not a Mosaic Workstation database"):
        open_demo(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_by_name(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    _, store = open_demo(path)
    store.close()
    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 99")
    newer.close()

    # Act / Assert
    with pytest.raises(StoreError, match=f"{path}: written by a newer workstation \\(schema 99"):
        open_demo(path)


def test_open_for_reading_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="missing.db: no such workstation database"):
        SqliteStore.open(tmp_path / "missing.db")


def test_open_for_reading_iterates_the_journal(tmp_path: Path, open_demo: Opener, script: list[Command]) -> None:
    # Arrange
    engine, store = open_demo(tmp_path / "ws.db")
    run(engine, script)
    expected = list(store.events())
    store.close()

    # Act
    with SqliteStore.open(tmp_path / "ws.db") as reader:
        events = list(reader)

    # Assert
    assert events == expected
    assert reader.genesis.seed == 7


def test_reset_removes_the_file_and_its_side_files(tmp_path: Path, universe_spec: dict[str, Any],
                                                   start: datetime) -> None:
    # Arrange: an open store keeps its -wal and -shm files
    path = tmp_path / "ws.db"
    _, store = open_engine(path, universe_spec=universe_spec, seed=1, start=start)
    side_files = sorted(p.name for p in tmp_path.iterdir())
    store.close()

    # Act
    reset(path)
    reset(path)   # a missing file is fine

    # Assert
    assert side_files == ["ws.db", "ws.db-shm", "ws.db-wal"]
    assert list(tmp_path.iterdir()) == []


def test_a_journal_with_a_gap_is_refused_as_damaged(tmp_path: Path, open_demo: Opener,
                                                    script: list[Command]) -> None:
    # Arrange: entry 5 of 18 is lost
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    run(engine, script)
    store.close()
    with sqlite3.connect(path) as damaged:
        damaged.execute("DELETE FROM journal WHERE seq = 5")
    damaged.close()

    # Act / Assert
    with pytest.raises(StoreError, match=f"{path}: the journal has gaps \\(17 entries up to seq 18\\)"):
        open_demo(path)


def test_a_rejected_order_is_listed_for_the_session_and_never_journaled(tmp_path: Path, open_demo: Opener,
                                                                         digest: Digest) -> None:
    engine, store = open_demo(tmp_path / "ws.db")
    with store:
        length = store.journal_length()
        before = digest(engine)
        refused = engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(10_000_000)))
        assert isinstance(refused, Rejected)
        assert [o.status.value for o in engine.rejected_orders()] == ["Inactive"]
        assert store.journal_length() == length and digest(engine) == before

    reopened, store = open_demo(tmp_path / "ws.db")
    with store:
        assert reopened.rejected_orders() == []                 # as in TWS, gone after a restart
        assert digest(reopened) == before


def test_the_price_bars_are_the_same_after_a_reopen(tmp_path: Path, open_demo: Opener, start: datetime) -> None:
    from datetime import timedelta

    import numpy as np

    from workstation.engine.messages.commands import AdvanceClock

    engine, store = open_demo(tmp_path / "ws.db", snapshot_every=4)   # a snapshot, then commands after it
    with store:
        for minutes in range(1, 10):
            engine.execute(AdvanceClock(start + timedelta(minutes=minutes)))
        before = engine.bars("MSFT")

    reopened, store = open_demo(tmp_path / "ws.db", snapshot_every=4)
    with store:
        after = reopened.bars("MSFT")
        assert len(after) == len(before) and after.synthetic == before.synthetic
        for column in ("time", "open", "high", "low", "close", "volume"):
            assert np.array_equal(getattr(after, column), getattr(before, column)), column
