"""Foreign stocks have loan value only with a ready market (the seed's four conditions), keeping
it for a 5-business-day window after they stop meeting them."""

import copy
from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SeedPosition, SetPrice
from workstation.engine.messages.events import MarginabilityChanged
from workstation.resources import demo_universe_spec

D = Decimal


@pytest.fixture(scope="module")
def foreign_universe():
    """The demo universe with two London listings: a large company listed for years, and one
    listed a month ago."""
    spec = copy.deepcopy(demo_universe_spec())
    spec["stocks"] += [
        {"symbol": "BIGCO", "description": "BIG CO PLC", "exchange": "LSE", "country": "GB", "currency": "GBP",
         "price": "20.00", "listed_since": "2001-05-01", "shares_outstanding": "100000000",
         "typical_volume": "300000"},
        {"symbol": "NEWCO", "description": "NEW CO PLC", "exchange": "LSE", "country": "GB", "currency": "GBP",
         "price": "20.00", "listed_since": "2026-10-26", "shares_outstanding": "100000000",
         "typical_volume": "300000"},
    ]
    return build_universe(spec)


def holder(universe) -> Engine:
    engine = Engine.new(universe, 2, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("G1", AccountType.MARGIN, cash=(("USD", D(200000)),),
                                  positions=(SeedPosition("BIGCO", D(1000), D(20)),
                                             SeedPosition("NEWCO", D(1000), D(20))),
                                  permissions=("STK",))))
    return engine


def test_a_stock_listed_under_90_days_ago_has_no_loan_value(foreign_universe):
    engine = holder(foreign_universe)
    # Both at 20 GBP x 1,000: BIGCO at 25%, NEWCO (a month listed) at 100%.
    value = D(20) * 1000 * engine.price_of("GBP.USD")
    assert engine.account_values("G1")["InitMarginReq"] == (value * D("0.25") + value).quantize(D("0.01"))


def test_a_stock_that_loses_its_ready_market_keeps_margin_five_business_days(foreign_universe):
    engine = holder(foreign_universe)
    before = engine.account_values("G1")["InitMarginReq"]
    ok(engine.execute(SetPrice("BIGCO", D("3.00"))))   # market capitalisation falls to 300m GBP (381m USD)
    changes = []
    for day in (24, 25, 27, 30):                           # Thanksgiving (26th) is no business day
        result = ok(engine.execute(AdvanceClock(datetime(2026, 11, day, 17, 0, tzinfo=EASTERN))))
        changes += [e for e in result.events if isinstance(e, MarginabilityChanged)]
    assert changes == []                                   # failing 4 business days: still in the window
    result = ok(engine.execute(AdvanceClock(datetime(2026, 12, 2, 17, 0, tzinfo=EASTERN))))
    [change] = [e for e in result.events if isinstance(e, MarginabilityChanged)]
    assert (change.symbol, change.marginable) == ("BIGCO", False)
    assert "market capitalisation" in change.reason
    value = D(3) * 1000 * engine.price_of("GBP.USD")
    newco = D(20) * 1000 * engine.price_of("GBP.USD")
    assert engine.account_values("G1")["InitMarginReq"] == (value + newco).quantize(D("0.01"))
    assert before != engine.account_values("G1")["InitMarginReq"]


def test_a_listed_company_with_volume_and_size_keeps_its_margin(foreign_universe):
    engine = holder(foreign_universe)
    result = ok(engine.execute(AdvanceClock(datetime(2026, 12, 4, 17, 0, tzinfo=EASTERN))))
    assert not [e for e in result.events if isinstance(e, MarginabilityChanged) and e.symbol == "BIGCO"]
