"""A journal write that did not reach the disk is never reported as accepted: the engine halts at
that write with a message naming the file, and publishes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine, EngineHalted
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.messages.events import Event
from workstation.store import SqliteStore, StoreError

Opener = Callable[..., tuple[Engine, SqliteStore]]


def buy(quantity: int = 100) -> PlaceOrder:
    return PlaceOrder("U1", "AAPL", Action.BUY, Decimal(quantity))


def _halt_reason(error: EngineHalted) -> str:
    assert isinstance(error.__cause__, StoreError), repr(error.__cause__)
    return str(error.__cause__)


def test_deleting_the_write_ahead_log_halts_the_next_command_by_name(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: a running store with an order saved, then its -wal file deleted under it
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    assert isinstance(engine.execute(buy()), Accepted)
    saved = store.journal_length()
    heard: list[Event] = []
    engine.subscribe(heard.append)
    wal = path.with_name(path.name + "-wal")
    wal.unlink()

    # Act / Assert: the next command is not reported accepted, nor are any after it
    with pytest.raises(EngineHalted) as halted:
        engine.execute(buy(200))
    reason = _halt_reason(halted.value)
    assert reason.startswith(f"{wal}: the database's write-ahead log was deleted")
    assert reason.endswith("so PlaceOrder was not saved")
    with pytest.raises(EngineHalted):
        engine.execute(buy(300))
    assert heard == []
    assert store.journal_length() == saved

    # What was saved before the deletion is still there; nothing after it is.
    store.close()
    reopened = SqliteStore.open(path)
    try:
        assert reopened.journal_length() == saved
    finally:
        reopened.close()


def test_replacing_the_database_file_halts_the_next_command(tmp_path: Path, open_demo: Opener) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    path.rename(tmp_path / "moved-aside.db")
    path.write_bytes(b"")

    with pytest.raises(EngineHalted) as halted:
        engine.execute(buy())

    assert _halt_reason(halted.value).startswith(f"{path}: the database's file was replaced")
    store.close()


def test_an_sqlite_error_on_append_halts_with_the_file_named(tmp_path: Path, open_demo: Opener) -> None:
    # Arrange: the next journal insert fails inside SQLite (as a full disk would)
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    heard: list[Event] = []
    engine.subscribe(heard.append)
    with sqlite3.connect(path) as other:
        other.execute("CREATE TRIGGER refuse BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    other.close()

    # Act / Assert
    with pytest.raises(EngineHalted) as halted:
        engine.execute(buy())
    reason = _halt_reason(halted.value)
    assert reason.startswith(f"{path}: PlaceOrder could not be saved (disk full)")
    assert heard == []
    store.close()
