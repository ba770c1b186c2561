"""Engine fixtures: an engine at a known moment with accounts to trade from (the universe and `make_engine` are
the whole suite's, in tests/conftest.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ok
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount, SetPrice


@pytest.fixture
def engine(make_engine) -> Engine:
    """An open market with frozen prices, AAPL at 150.00, and a margin and a cash account."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal("100000")),),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND", "CASH"))))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", Decimal("10000")),))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    return engine


@pytest.fixture
def desk(make_engine) -> Engine:
    """A margin account M1 with USD 100,000 and every permission; AAPL at 232.50."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", Decimal(100000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND"))))
    ok(engine.execute(SetPrice("AAPL", Decimal("232.50"))))
    return engine


@pytest.fixture
def pair_order(make_engine) -> tuple[Engine, int]:
    """Advisor FA1 with clients A and B (100,000 USD each) and a working KO buy far below the
    market for its group G (ContractsOrShares, A 60 and B 40): nothing trades unless forced."""
    from workstation.engine.core.terms import Action, AllocationMethod, OrderType
    from workstation.engine.messages.commands import DefineGroup, PlaceOrder

    engine = make_engine()
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name in "AB":
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", Decimal(100000)),), advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.CONTRACTS_OR_SHARES,
                                  (("A", Decimal(60)), ("B", Decimal(40))))))
    placed = ok(engine.execute(PlaceOrder("FA1", "KO", Action.BUY, Decimal(0), OrderType.LMT, Decimal("1.00"),
                                          fa_group="G")))
    return engine, placed.events[0].order_id
