"""A pattern day trader's flag, its day-trading buying power and an open day-trading call on a database: they
come back the same from a snapshot and from a replay of the journal, and the call goes on after the reopen.

IB's options margin page (https://www.interactivebrokers.ca/html/retailAccount/optionMarginReq.html): "Day Trading
Buying Power = ((lesser of prior night's closing account equity or current account equity) - account maintenance
margin requirement) times 4"; the call's 2 x while open follows FINRA as brokers publish it
(https://experts123.com/q/what-is-a-day-trading-margin-call-and-how-does-it-affect-my-account.html)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Deposit,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]
D = Decimal
DTBP = "DayTradingBuyingPower"


def _run(engine: Engine, command) -> Accepted:
    result = engine.execute(command)
    assert isinstance(result, Accepted), result
    return result


def _fill(engine: Engine, action: Action, symbol: str, quantity: int, price: str) -> None:
    placed = _run(engine, PlaceOrder("PDT", symbol, action, D(quantity), OrderType.LMT, D(price)))
    _run(engine, ForceExecution(placed.events[0].order_id, D(quantity), D(price)))


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_a_day_trading_call_survives_a_reopen(tmp_path: Path, open_demo: Opener, from_snapshot: bool) -> None:
    # Mon 2 Mar 2026 15:50: PDT opens with 30,008.00; four day trades in 200 KO at 64.00 (1.00 a side) leave
    # 30,000.00 and flag it. Tue 3 Mar 10:00: previous-day equity 30,000.00, DTBP 120,000.00.
    # BUY 400 AAPL @ 150.00 (2.00), AAPL to 175.00: ELV 39,998.00, MM 17,500.00, DTBP 4 x 12,500.00 = 50,000.00.
    # Two BUY 100 MSFT @ 420.00 accepted one by one (42,000.00 each), both filled (1.00 each):
    # DTBP = 4 x (30,000.00 - 38,500.00) = -34,000.00. Sold again: cash 39,993.00 (see test_day_trading_power).
    # Tue 17:00: call of 34,000.00, due 5 business days later, Tue 10 Mar; DTBP = 2 x 39,993.00 = 79,986.00.
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    _run(engine, SetPrice("KO", D("64.00")))
    _run(engine, OpenAccount("PDT", AccountType.MARGIN, cash=(("USD", D("30008.00")),)))
    for _ in range(4):
        _fill(engine, Action.BUY, "KO", 200, "64.00")
        _fill(engine, Action.SELL, "KO", 200, "64.00")
    _run(engine, AdvanceClock(datetime(2026, 3, 3, 10, 0, tzinfo=EASTERN)))
    for symbol, price in (("AAPL", "150.00"), ("MSFT", "420.00")):
        _run(engine, SetPrice(symbol, D(price)))
    _fill(engine, Action.BUY, "AAPL", 400, "150.00")
    _run(engine, SetPrice("AAPL", D("175.00")))
    orders = [_run(engine, PlaceOrder("PDT", "MSFT", Action.BUY, D(100), OrderType.LMT, D("420.00"))).events[0]
              for _ in range(2)]
    for order in orders:
        _run(engine, ForceExecution(order.order_id, D(100), D("420.00")))
    _fill(engine, Action.SELL, "AAPL", 400, "175.00")
    _fill(engine, Action.SELL, "MSFT", 200, "420.00")
    _run(engine, AdvanceClock(datetime(2026, 3, 3, 17, 0, tzinfo=EASTERN)))
    before = engine.account_values("PDT")
    assert before[DTBP] == D("79986.00")
    call = DayTradingCall(D("34000.00"), date(2026, 3, 3), date(2026, 3, 10))
    assert engine.day_trading_call("PDT") == call
    store.close()
    if not from_snapshot:
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT COUNT(*) FROM snapshots").fetchone() == (0,)
        db.close()

    reopened, store = open_demo(path)
    assert reopened.account_values("PDT") == before
    assert reopened.day_trading_call("PDT") == call
    # 34,000.00 deposited meets it: DTBP 4 x (39,993.00 + 34,000.00) = 295,972.00.
    _run(reopened, Deposit("PDT", "USD", D("34000.00")))
    store.close()
    assert reopened.day_trading_call("PDT") is None
    assert reopened.account_values("PDT")[DTBP] == D("295972.00")
