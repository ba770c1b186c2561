"""Engine fixtures: a demo universe and an engine at a known moment with accounts to trade from."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok
from workstation.engine.accounts import AccountType
from workstation.engine.commands import OpenAccount, SetPrice
from workstation.engine.engine import Engine
from workstation.engine.universe import Universe, build_universe
from workstation.resources import demo_universe_spec


@pytest.fixture(scope="session")
def universe() -> Universe:
    return build_universe(demo_universe_spec())


@pytest.fixture
def make_engine(universe):
    def build(start: datetime = OPEN_TIME, seed: int = 7, random_walk: bool = False) -> Engine:
        return Engine.new(universe, seed, start, random_walk=random_walk)
    return build


@pytest.fixture
def engine(make_engine) -> Engine:
    """An open market with frozen prices, AAPL at 150.00, and a margin and a cash account."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal("100000")),),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND", "CASH"))))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", Decimal("10000")),))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    return engine

