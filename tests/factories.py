"""Builders shared by the test suites: a known open-market moment, order commands, forced trades,
result checks."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from decimal import Decimal

from workstation.engine.api import Accepted
from workstation.engine.core.terms import Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import ForceExecution, PlaceOrder

# Tuesday 24 Nov 2026, 10:00 ET: the NYSE is open (Thanksgiving is Thursday the 26th).
OPEN_TIME = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)

# AAPL's December 2026 options in the demo universe: calls struck at 220 to 250, puts at 210 and 220.
C220, C230, C240, C250 = (f"AAPL  261218C00{k}000" for k in (220, 230, 240, 250))
P210, P220 = "AAPL  261218P00210000", "AAPL  261218P00220000"


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


WHOLE_COMMAND = "command"
"""The field a refusal names when it is about the command as a whole (a value the engine cannot use)."""


def fields_of(command) -> set[str]:
    """The fields a refusal of ``command`` may name: its own, and for a command on a placed order
    (``order_id``) the order's as it was placed (a modification refused for the order's
    ``cash_qty``, a cancel refused for the order's ``account``)."""
    names = {f.name for f in dataclasses.fields(command)}
    return names | {f.name for f in dataclasses.fields(PlaceOrder)} if "order_id" in names else names


def assert_names_a_field_of(command, result) -> None:
    """``result`` (a ``Rejected``) names a field of ``command`` (see :func:`fields_of`), a path into
    one (``legs[1].ratio``, ``accounts.C1``, ``cash.EUR``) or the command as a whole, and words its
    text ``field: reason`` with the reason apart."""
    root = re.split(r"[.\[]", result.field, maxsplit=1)[0]
    assert root == WHOLE_COMMAND or root in fields_of(command), \
        f"{type(command).__name__} has no field {result.field!r}: {result}"
    assert result.text == f"{result.field}: {result.message}", result
    assert not result.message.startswith(f"{result.field}:"), f"the reason repeats its field: {result}"


def trade(engine, symbol, action, quantity, price, account="M1"):
    """Execute at ``price`` through an order the market cannot fill (a buy limit at one tick, a
    sell limit at 99,999), as a scenario's ``fill`` does."""
    limit = engine.catalog[symbol].tick_size if action is Action.BUY else Decimal(99999)
    order_id = placed_id(engine.execute(PlaceOrder(account, symbol, action, Decimal(quantity), OrderType.LMT, limit)))
    ok(engine.execute(ForceExecution(order_id, Decimal(quantity), Decimal(price))))


def assert_refused(engine, command, code: str, field: str):
    """The command is refused with ``code`` naming ``field`` (its text ``field: reason``), and nothing changed."""
    from workstation.engine.core.errors import Rejected

    before = engine.snapshot()
    result = engine.execute(command)
    assert isinstance(result, Rejected) and result.code == code, result
    assert result.field == field, result
    assert_names_a_field_of(command, result)
    assert engine.snapshot() == before
    return result
