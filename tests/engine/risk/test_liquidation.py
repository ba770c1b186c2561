"""Compliance liquidation: Soft Edge Margin waits until 15:45, a deficit beyond it is liquidated at
once with market orders, selling only what the deficit needs; among many holders (checked in one
array pass) only the account in deficit is."""

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



def test_among_many_holders_only_the_account_in_deficit_is_liquidated(desk):
    from workstation.engine.core.terms import AccountType
    from workstation.engine.messages.commands import OpenAccount, SeedPosition
    from workstation.engine.messages.events import LiquidationStarted

    # Arrange: more holders than the few checked one by one, M2 in the middle of them in deficit at 200
    for name in [f"H{k:02d}" for k in range(10)] + ["M2"] + [f"H{k:02d}" for k in range(10, 20)]:
        ok(desk.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(100_000)),),
                                    positions=(SeedPosition("AAPL", D(100), D(230)),) if name != "M2" else ())))
    trade(desk, "AAPL", Action.BUY, 1500, "232.50", account="M2")

    # Act
    result = ok(desk.execute(SetPrice("AAPL", D("200.00"))))

    # Assert: M2 alone is liquidated, for its own deficit
    [started] = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert started.account_id == "M2" and started.deficit > 0
    assert {o.account for o in desk.orders() if o.order_ref == "Liquidation"} == {"M2"}
    assert desk.account("H00").position_quantity("AAPL") == D(100)
