"""The cash ledger's entries in the history: every CashBooked kept with its journal entry, so an
account's cash as of a past moment is one indexed lookup, the same in memory, on a database, after a
reopen half-way and on a schema-2 file upgraded (its table filled from the journal)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from workstation.engine.api import Accepted, Engine
from workstation.engine.messages.commands import Command
from workstation.engine.messages.events import CashBooked
from workstation.store import SqliteStore
from workstation.store.sqlite_store import SCHEMA_VERSION

Opener = Callable[..., tuple[Engine, SqliteStore]]


def run(engine: Engine, commands: list[Command]) -> list[CashBooked]:
    booked: list[CashBooked] = []
    for command in commands:
        result = engine.execute(command)
        assert isinstance(result, Accepted), command
        booked.extend(e for e in result.events if type(e) is CashBooked)
    return booked


def balances_at(engine: Engine, moments: list[datetime]) -> list[Decimal | None]:
    history = engine._state.history  # the port the statements read
    return [history.cash_balance("U1", "USD", moment) for moment in moments]


def test_cash_as_of_any_moment_is_the_balance_after_the_last_booking_before_it(
        tmp_path: Path, open_demo: Opener, script: list[Command], start: datetime, opening_cash: Decimal) -> None:
    engine, store = open_demo(tmp_path / "ws.db", snapshot_every=5)
    with store:
        booked = run(engine, script)
        usd = [b for b in booked if b.account_id == "U1" and b.currency == "USD"]
        assert len(usd) > 4
        history = engine._state.history
        # Before anything: no balance; the opening balance is the first entry.
        assert history.cash_balance("U1", "USD", start - timedelta(seconds=1)) is None
        assert history.cash_bookings("U1", start, start + timedelta(microseconds=1))[0].balance == opening_cash
        # After the last booking: the live balance.
        assert history.cash_balance("U1", "USD", engine.now + timedelta(days=1)) == engine.cash("U1")["USD"]
        # Each booking's own balance is what a moment just after it reads (same-time bookings: the last).
        for booking in usd:
            same_time = [b for b in usd if b.time == booking.time]
            assert history.cash_balance("U1", "USD", booking.time + timedelta(microseconds=1)) == same_time[-1].balance
        period = history.cash_bookings("U1", start, engine.now + timedelta(seconds=1))
        assert [b for b in period if b.currency == "USD"][1:] == usd   # the opening balance, then the script's


def test_a_reopened_database_reads_the_same_balances_as_the_engine_that_wrote_them(
        tmp_path: Path, open_demo: Opener, script: list[Command]) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    with store:
        booked = run(engine, script)
        moments = sorted({b.time + timedelta(microseconds=1) for b in booked})
        written = balances_at(engine, moments)
        entries = engine._state.history.cash_bookings("U1", moments[0] - timedelta(days=9), moments[-1])
    reopened, store = open_demo(path, snapshot_every=5)
    with store:
        assert balances_at(reopened, moments) == written
        assert reopened._state.history.cash_bookings("U1", moments[0] - timedelta(days=9), moments[-1]) == entries
        assert len(entries) > 10


def test_a_schema_2_file_gets_the_table_filled_from_its_journal(
        tmp_path: Path, open_demo: Opener, script: list[Command]) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=5)
    with store:
        booked = run(engine, script)
        moments = sorted({b.time + timedelta(microseconds=1) for b in booked})
        written = balances_at(engine, moments)
    with sqlite3.connect(path) as old:   # as the version before the cash table wrote it
        old.execute("DROP TABLE cash_bookings")
        old.execute("PRAGMA user_version = 2")
    old.close()

    reopened, store = open_demo(path, snapshot_every=5)

    with store:
        assert store.recovery.snapshot_seq is None and store.recovery.replayed == store.journal_length()
        assert balances_at(reopened, moments) == written
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    upgraded.close()
