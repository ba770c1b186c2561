"""Trades Summary and Daily P&L on a database: a reopen restores them from the newest snapshot and the
journal after it, to the same rows and figures as the engine that wrote the file and as a replay of
the whole journal."""

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tests.factories import ok
from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CorrectExecution,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
)
from workstation.resources import demo_universe_spec
from workstation.store import open_engine

D = Decimal
START = datetime(2026, 3, 2, 15, 30, tzinfo=EASTERN)
OPENING = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(1_000_000)),)),)


def open_file(path: Path, snapshot_every: int):
    return open_engine(path, universe_spec=demo_universe_spec(), seed=7, start=START, initial_commands=OPENING,
                       snapshot_every=snapshot_every)


def figures(engine) -> tuple:
    return repr(engine.trades_summary()), engine.daily_pnl("U1")


def test_a_reopen_from_a_snapshot_and_the_journal_tail_shows_the_same_summary_and_daily_pnl(tmp_path: Path):
    # Arrange: fills over two sessions, a bust and a correction; a snapshot every 4 commands
    path = tmp_path / "ws.db"
    engine, store = open_file(path, snapshot_every=4)
    ok(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, D(100))))                 # fills at the market
    working = ok(engine.execute(PlaceOrder("U1", "KO", Action.BUY, D(300), OrderType.LMT, D("10.00"),
                                              tif=TimeInForce.GTC))).events[0]
    ok(engine.execute(ForceExecution(working.order_id, D(100), D("60.10"))))
    ok(engine.execute(AdvanceClock(datetime(2026, 3, 3, 10, 0, tzinfo=EASTERN))))  # the next session
    ok(engine.execute(ForceExecution(working.order_id, D(100), D("60.2500"))))
    ok(engine.execute(ForceExecution(working.order_id, D(100), D("60.30"))))
    first, second, third = (e.exec_id for e in engine.executions(working.order_id))
    ok(engine.execute(BustExecution(second)))
    ok(engine.execute(CorrectExecution(third, D("60.40"))))
    ok(engine.execute(PlaceOrder("U1", "AAPL", Action.SELL, D(40))))
    ok(engine.execute(AdvanceClock(engine.now + timedelta(minutes=5))))
    written = figures(engine)
    store.close()

    # Act
    reopened, store = open_file(path, snapshot_every=4)
    with store:
        from_the_tail = figures(reopened)
        recovery = store.recovery
    replayed, store = open_file(path, snapshot_every=0)
    store.close()

    # Assert: the tail after a snapshot was replayed, and every way gives the same figures
    assert recovery.snapshot_seq and recovery.replayed
    assert from_the_tail == written
    assert figures(replayed) == written
    # KO: 100 @ 60.10 yesterday and 100 corrected to 60.40 today (the 60.25 one busted)
    ko = next(row for row in reopened.trades_summary() if row.symbol == "KO")
    assert (ko.quantity, ko.avg_price, ko.executions) == (D(200), D("60.25"), 2)
    assert first != third
