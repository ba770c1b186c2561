"""Booking many accounts' parts of one execution at once does, event for event and digit for digit,
what booking each account's part alone does, whether or not the accounts' positions and parts hold
the same objects (alike accounts are worked out once)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.booking import book_execution, book_executions
from workstation.engine.messages.events import Event

NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)
# Shared objects, and equal values written with other exponents, so alike and merely equal both occur.
PARTS = (Decimal(10), Decimal(10), Decimal("10.0"), Decimal(3), Decimal(25))
FEES = (Decimal("1.00"), Decimal("1.0"), Decimal(0), Decimal("0.35"))
SHARED = (Decimal(20), Decimal("60.00"), Decimal("60.0"), Decimal(0))
POSITIONS = (None, (SHARED[0], SHARED[1], SHARED[1], SHARED[3]), (SHARED[0], SHARED[2], SHARED[2], SHARED[3]),
             (Decimal(20), Decimal("60.00"), Decimal("60.00"), Decimal(0)), (Decimal(-5), Decimal("61.5"),
                                                                           Decimal("61.5"), Decimal("12.25")),
             (Decimal(10), Decimal("59.99"), Decimal("59.98"), Decimal(0)))


def _desk(layout: list[tuple[int, int, int]]) -> list[Account]:
    accounts = []
    for n, (position, _, _) in enumerate(layout):
        account = Account(f"C{n}", AccountType.MARGIN, "USD", cash={"USD": Decimal("100000.00")})
        if POSITIONS[position] is not None:
            quantity, cost, price, realized = POSITIONS[position]
            account.positions["KO"] = Position("KO", quantity, cost, price, realized)
        accounts.append(account)
    return accounts


def _exact(events: list[Event]) -> list[str]:
    return [repr(event) for event in events]  # a Decimal's repr keeps its exponent


@pytest.mark.parametrize(("sec_type", "multiplier"), [(SecType.STK, 1), (SecType.FUT, 50)])
@settings(max_examples=60, deadline=None)
@given(layout=st.lists(st.tuples(st.integers(0, len(POSITIONS) - 1), st.integers(0, len(PARTS) - 1),
                                 st.integers(0, len(FEES) - 1)), min_size=1, max_size=12),
       action=st.sampled_from([Action.BUY, Action.SELL]))
def test_booking_parts_at_once_is_booking_each_alone(universe, sec_type: SecType, multiplier: int,
                                                     layout: list[tuple[int, int, int]], action: Action) -> None:
    # Arrange
    instrument = dataclasses.replace(universe.catalog["KO"], sec_type=sec_type, multiplier=Decimal(multiplier))
    price = Decimal("64.30")
    alone, together = _desk(layout), _desk(layout)
    parts = [PARTS[part] for _, part, _ in layout]
    fees = [FEES[fee] for _, _, fee in layout]

    # Act
    each: list[Event] = []
    effects = [book_execution(account, instrument, action, part, price, fee, "USD", NOW, each)
               for account, part, fee in zip(alone, parts, fees, strict=True)]
    sink: list[Event] = []
    booked = book_executions(together, instrument, action, parts, price, fees, "USD", NOW, sink)

    # Assert
    assert _exact(sink) == _exact(each)
    assert [repr((a.cash, a.positions, a.revision)) for a in together] == [
        repr((a.cash, a.positions, a.revision)) for a in alone]
    assert repr(booked.closed) == repr([(i, effect) for i, effect in enumerate(effects) if effect.closed])
    assert booked.realized == sum((effect.realized for effect in effects), Decimal(0))
    signed = [part if action is Action.BUY else -part for part in parts]
    trade_cash = [effect.price_pnl for effect in effects] if sec_type is SecType.FUT else [
        -units * price * instrument.multiplier for units in signed]
    assert repr(booked.cash) == repr(trade_cash)
