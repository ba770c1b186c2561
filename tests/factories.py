"""Builders shared by the test suites: a known open-market moment, order commands, result checks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from workstation.engine.api import Accepted
from workstation.engine.core.terms import Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import PlaceOrder

# Tuesday 24 Nov 2026, 10:00 ET: the NYSE is open (Thanksgiving is Thursday the 26th).
OPEN_TIME = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)


def ok(result):
    assert isinstance(result, Accepted), result
    return result


def order(account: str = "U1", symbol: str = "AAPL", action: Action = Action.BUY, quantity: str = "100",
          order_type: OrderType = OrderType.MKT, lmt: str | None = None, aux: str | None = None,
          tif: TimeInForce = TimeInForce.DAY, outside_rth: bool = False) -> PlaceOrder:
    return PlaceOrder(account, symbol, action, Decimal(quantity), order_type,
                      Decimal(lmt) if lmt else None, Decimal(aux) if aux else None, tif, outside_rth)


def placed_id(result) -> int:
    return ok(result).events[0].order_id


def assert_refused(engine, command, code: str, field: str):
    """The command is refused with ``code``, its message starts with ``field``, and nothing changed."""
    from workstation.engine.core.errors import Rejected

    before = engine.snapshot()
    result = engine.execute(command)
    assert isinstance(result, Rejected) and result.code == code, result
    assert result.message.startswith(f"{field}:"), result.message
    assert engine.snapshot() == before
    return result
