"""Compliance liquidation: Soft Edge Margin waits until 15:45, a deficit beyond it is liquidated at
once with market orders, selling only what the deficit needs."""

from decimal import Decimal

from tests.factories import ok, trade
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import SetPrice

D = Decimal


def test_soft_edge_margin_waits_until_1545_then_liquidates_the_deficit(desk):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock
    from workstation.engine.messages.events import LiquidationStarted

    trade(desk, "AAPL", Action.BUY, 1500, "232.50")
    result = ok(desk.execute(SetPrice("AAPL", D("218.00"))))
    assert not [e for e in result.events if isinstance(e, LiquidationStarted)]
    result = ok(desk.execute(AdvanceClock(datetime(2026, 11, 24, 15, 50, tzinfo=EASTERN))))
    started, *_ = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert started.time.hour == 15 and started.time.minute == 45
    assert "below the maintenance margin" in started.reason and started.orders[0][:2] == ("AAPL", Action.SELL)
    assert desk.account_values("M1")["ExcessLiquidity"] >= 0


def test_a_deficit_beyond_soft_edge_is_liquidated_at_once_with_market_orders(desk):
    from workstation.engine.messages.events import LiquidationStarted

    trade(desk, "AAPL", Action.BUY, 1500, "232.50")
    result = ok(desk.execute(SetPrice("AAPL", D("200.00"))))   # equity 51,200 against 75,000 of maintenance
    [started] = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert started.deficit > 0
    liquidation = [o for o in desk.orders() if o.order_ref == "Liquidation"]
    assert liquidation and all(o.order_type is OrderType.MKT and o.action is Action.SELL for o in liquidation)
    assert desk.account_values("M1")["ExcessLiquidity"] >= 0
    assert desk.account("M1").position_quantity("AAPL") > 0   # only what the deficit needs is sold
