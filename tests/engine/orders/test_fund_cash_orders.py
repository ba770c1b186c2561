"""Mutual funds bought for an amount of cash: accepted before the NAV is known, shared among an
advisor's accounts by value, turned into whole shares at the closing NAV."""

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, assert_refused, ok, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.commissions import FUND_PER_TRADE
from workstation.engine.core.terms import AccountType, Action, OrderStatus
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    DefineGroup,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)

D = Decimal
CLOSE = datetime(2026, 11, 24, 16, 0, tzinfo=EASTERN)


def fund_buy(account="U1", amount="10000.00", **fa):
    return PlaceOrder(account, "VFIAX", Action.BUY, D(0), cash_qty=D(amount), **fa)


@pytest.fixture
def advisor(universe) -> Engine:
    """FA1 with clients A (margin, 300k), B (margin, 100k) and C (cash, 3k); VFIAX's NAV at 500.00."""
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("A", AccountType.MARGIN, cash=(("USD", D(300000)),), advisor="FA1")))
    ok(engine.execute(OpenAccount("B", AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA1")))
    ok(engine.execute(OpenAccount("C", AccountType.CASH, cash=(("USD", D(3000)),), advisor="FA1")))
    ok(engine.execute(SetPrice("VFIAX", D("500.00"))))
    ok(engine.execute(DefineGroup("FA1", "Funds", M.NET_LIQ, (("A", D(0)), ("B", D(0))))))
    return engine


def test_an_amount_becomes_the_whole_shares_it_buys_at_the_closing_nav(engine):
    order_id = placed_id(engine.execute(fund_buy(amount="10000.00")))
    waiting = engine.order(order_id)
    assert (waiting.status, waiting.total_quantity, waiting.cash_qty) == (OrderStatus.SUBMITTED, 0, D("10000.00"))
    ok(engine.execute(SetPrice("VFIAX", D("550.00"))))
    ok(engine.execute(AdvanceClock(CLOSE)))
    done = engine.order(order_id)
    # 10,000 / 550 = 18.18: 18 whole shares; the 100.00 they do not spend stays in cash
    assert (done.status, done.filled, done.avg_fill_price) == (OrderStatus.FILLED, 18, D("550.00"))
    assert engine.cash("U1")["USD"] == D(100000) - 18 * D("550.00") - FUND_PER_TRADE


def test_an_advisors_amount_is_shared_by_value_first_then_in_shares_at_the_nav(advisor):
    order_id = placed_id(advisor.execute(fund_buy("FA1", "40000.00", fa_group="Funds")))
    plan = advisor.order(order_id).allocation
    # step one, on entry: the money, by net liquidation (300k : 100k)
    assert {row.account: row.amount for row in plan.rows} == {"A": D("30000.00"), "B": D("10000.00")}
    assert advisor.order(order_id).total_quantity == 0
    ok(advisor.execute(SetPrice("VFIAX", D("480.00"))))
    ok(advisor.execute(AdvanceClock(CLOSE)))
    # step two, at the NAV: 30,000 / 480 = 62.5 -> 62 shares; 10,000 / 480 = 20.8 -> 20
    assert {row.account: row.allocated for row in advisor.order(order_id).allocation.rows} == {"A": 62, "B": 20}
    assert advisor.order(order_id).filled == 82
    assert advisor.account("A").positions["VFIAX"].quantity == 62
    assert advisor.cash("B")["USD"] == D(100000) - 20 * D("480.00") - FUND_PER_TRADE


def test_a_cash_client_is_reduced_to_the_cash_it_has(advisor):
    ok(advisor.execute(DefineGroup("FA1", "Everyone", M.EQUAL, (("A", D(0)), ("B", D(0)), ("C", D(0))))))
    order_id = placed_id(advisor.execute(fund_buy("FA1", "15000.00", fa_group="Everyone")))
    rows = {row.account: row for row in advisor.order(order_id).allocation.rows}
    # C has 3,000 and owes the 14.95 commission on whatever it buys
    assert rows["C"].desired_amount == D("5000.00")
    assert rows["C"].amount == D("2985.05")
    assert rows["C"].note == "Reduced from 5,000.00: not enough cash"


def test_an_amount_too_small_for_one_share_is_cancelled_at_the_nav(engine):
    order_id = placed_id(engine.execute(fund_buy(amount="100.00")))
    ok(engine.execute(AdvanceClock(CLOSE)))
    cancelled = engine.order(order_id)
    assert cancelled.status is OrderStatus.CANCELLED and "buys no whole share" in cancelled.status_reason
    assert engine.cash("U1")["USD"] == D(100000)


@pytest.mark.parametrize(("command", "code", "field"), [
    (PlaceOrder("U1", "AAPL", Action.BUY, D(0), cash_qty=D("1000.00")), "INVALID_CASH_QTY", "cash_qty"),
    (PlaceOrder("U1", "VFIAX", Action.SELL, D(0), cash_qty=D("1000.00")), "INVALID_CASH_QTY", "cash_qty"),
    (PlaceOrder("U1", "VFIAX", Action.BUY, D(5), cash_qty=D("1000.00")), "INVALID_CASH_QTY", "cash_qty"),
    (PlaceOrder("U1", "VFIAX", Action.BUY, D(0), cash_qty=D("1000.005")), "INVALID_CASH_QTY", "cash_qty"),
    (PlaceOrder("U1", "VFIAX", Action.BUY, D(0), cash_qty=D("-5")), "INVALID_CASH_QTY", "cash_qty"),
    (PlaceOrder("C1", "VFIAX", Action.BUY, D(0), cash_qty=D("20000.00")), "INSUFFICIENT_CASH", "cash_qty"),
])
def test_bad_cash_orders_are_refused(engine, command, code, field):
    assert_refused(engine, command, code, field)


def test_a_method_that_shares_quantities_cannot_share_an_amount(advisor):
    ok(advisor.execute(DefineGroup("FA1", "Shares", M.CONTRACTS_OR_SHARES, (("A", D(10)), ("B", D(5))))))
    assert_refused(advisor, fund_buy("FA1", fa_group="Shares"), "INVALID_ALLOCATION_METHOD", "fa_method")


def test_an_order_awaiting_its_nav_cannot_be_modified(engine):
    order_id = placed_id(engine.execute(fund_buy()))
    assert_refused(engine, ModifyOrder(order_id, D(10)), "NOT_MODIFIABLE", "cash_qty")


def test_a_cash_account_counts_a_working_amount_against_its_cash(engine):
    ok(engine.execute(fund_buy("C1", "6000.00")))
    # 10,000 less 6,000 and its commission leaves about 3,985: a second 5,000 does not fit
    assert_refused(engine, fund_buy("C1", "5000.00"), "INSUFFICIENT_CASH", "cash_qty")


def test_a_preview_of_an_amount_estimates_shares_at_the_last_nav(advisor):
    preview = advisor.preview(fund_buy("FA1", "40000.00", fa_group="Funds"))
    assert preview.rejected is None
    assert preview.commission == 2 * FUND_PER_TRADE  # A and B each buy shares: each pays its own
