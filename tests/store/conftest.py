"""Fixtures for the store tests: the demo universe, a demo opening, a trading script and a state
digest to compare engines rebuilt in different ways. Shared as fixtures, not imports, so no test
depends on which ``conftest`` module Python saw last."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    Command,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)
from workstation.resources import demo_universe_spec
from workstation.store import SqliteStore, open_engine

# Monday 2 March 2026, ten minutes before the close of a regular NYSE session (09:30-16:00 ET).
START = datetime(2026, 3, 2, 15, 50, tzinfo=EASTERN)
OPENING_CASH = Decimal("1000000")
OPENING = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", OPENING_CASH),)),)

Opener = Callable[..., tuple[Engine, SqliteStore]]


def trading_script(start: datetime = START) -> list[Command]:
    """A day and a half of trading that touches every command and the session boundaries: market,
    limit and futures orders, a modify, a mark, a DAY expiry at the close, the next session's
    open, a cancel and a forced partial execution. Order ids are 1..9 in placement order."""
    buy, sell = Action.BUY, Action.SELL
    next_morning = datetime(2026, 3, 3, 9, 45, tzinfo=EASTERN)
    return [
        PlaceOrder("U1", "AAPL", buy, Decimal(100)),                                           # 1
        PlaceOrder("U1", "MSFT", buy, Decimal(200), OrderType.LMT, lmt_price=Decimal("300.00")),  # 2
        AdvanceClock(start + timedelta(seconds=30)),
        PlaceOrder("U1", "AAPL", sell, Decimal(50)),                                           # 3
        PlaceOrder("U1", "ESZ6", buy, Decimal(2)),                                             # 4
        ModifyOrder(2, lmt_price=Decimal("310.00")),
        SetPrice("MSFT", Decimal("305.00")),
        PlaceOrder("U1", "JPM", buy, Decimal(100), OrderType.LMT, lmt_price=Decimal("100.00")),    # 5: expires
        PlaceOrder("U1", "KO", buy, Decimal(100), OrderType.LMT, lmt_price=Decimal("50.00"),
                   tif=TimeInForce.GTC),                                                       # 6: cancelled
        PlaceOrder("U1", "XOM", buy, Decimal(100), OrderType.LMT, lmt_price=Decimal("90.00"),
                   tif=TimeInForce.GTC),                                                       # 7: forced
        AdvanceClock(start.replace(hour=16, minute=5)),
        AdvanceClock(next_morning),
        PlaceOrder("U1", "ESZ6", sell, Decimal(2)),                                            # 8
        CancelOrder(6),
        ForceExecution(7, Decimal(40), Decimal("90.00")),
        PlaceOrder("U1", "AAPL", sell, Decimal(50)),                                           # 9
        AdvanceClock(next_morning + timedelta(minutes=10)),
    ]


@pytest.fixture
def script() -> list[Command]:
    return trading_script()


@pytest.fixture
def start() -> datetime:
    return START


@pytest.fixture
def opening_cash() -> Decimal:
    return OPENING_CASH


@pytest.fixture(scope="session")
def universe_spec() -> dict[str, Any]:
    return demo_universe_spec()


@pytest.fixture
def open_demo(universe_spec: dict[str, Any]) -> Opener:
    """Open (or reopen) a workstation file with the demo universe and account U1, seed 7."""

    def opener(path: Path, **overrides: Any) -> tuple[Engine, SqliteStore]:
        arguments: dict[str, Any] = {"universe_spec": universe_spec, "seed": 7, "start": START,
                                     "initial_commands": OPENING, "snapshot_every": 500}
        arguments.update(overrides)
        return open_engine(path, **arguments)

    return opener


def state_digest(engine: Engine) -> dict[str, Any]:
    """Everything a person could see of the engine, as comparable plain values."""
    return {
        "now": engine.now,
        "market_state": engine.market_state,
        "commands_applied": engine.commands_applied,
        "cash": {a: engine.cash(a) for a in engine.account_ids()},
        "positions": {a: [(p.symbol, p.quantity, p.avg_cost, p.realized_pnl) for p in engine.positions(a)]
                      for a in engine.account_ids()},
        "account_values": {a: engine.account_values(a) for a in engine.account_ids()},
        "orders": [(o.order_id, o.symbol, o.action, o.total_quantity, o.lmt_price, o.status, o.filled,
                    o.avg_fill_price, o.commission, tuple(o.execution_ids)) for o in engine.orders()],
        "working": [o.order_id for o in engine.working_orders()],
        "executions": engine.executions(),
        "quotes": {i.symbol: engine.quote(i.symbol) for i in engine.catalog},
    }


@pytest.fixture
def digest() -> Callable[[Engine], dict[str, Any]]:
    return state_digest
