"""Orders against the simulated book: partial fills, limits, stops, time in force, modify, cancel."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok, order, placed_id
from workstation.engine.core.terms import AccountType, Action, OrderStatus, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, CancelOrder, ModifyOrder, OpenAccount, SetPrice
from workstation.engine.messages.events import ExecutionReported, OrderStatusChanged


@pytest.fixture
def whale(engine) -> str:
    """An account rich enough that large orders pass the pre-trade margin check."""
    ok(engine.execute(OpenAccount("W1", AccountType.MARGIN, cash=(("USD", Decimal(100_000_000)),))))
    return "W1"


def statuses(result):
    return [e.status for e in result.events if isinstance(e, OrderStatusChanged)]


def test_a_market_order_goes_pending_submit_then_submitted_then_filled(engine):
    result = ok(engine.execute(order(quantity="100")))
    assert statuses(result)[:2] == [OrderStatus.PENDING_SUBMIT, OrderStatus.SUBMITTED]
    assert statuses(result)[-1] is OrderStatus.FILLED
    # bought at the ask: AAPL marked 150.00 with a one-cent half spread
    [execution] = [e for e in result.events if isinstance(e, ExecutionReported)]
    assert execution.price == Decimal("150.01")


def test_a_large_order_takes_only_displayed_size_and_fills_over_several_refreshes(engine, whale):
    displayed = engine.quote("AAPL").ask_size
    order_id = placed_id(engine.execute(order(account=whale, quantity="20000")))
    first = engine.order(order_id)
    assert first.filled == displayed and first.status is OrderStatus.SUBMITTED
    minute = OPEN_TIME
    while not engine.order(order_id).is_done:
        minute += timedelta(minutes=1)
        ok(engine.execute(AdvanceClock(minute)))
    executions = engine.executions(order_id)
    assert len(executions) > 2
    assert sum(e.quantity for e in executions) == Decimal(20000)
    # one order, one commission schedule: 20,000 x 0.005 = 100.00 across all its executions
    assert sum(e.commission for e in executions) == Decimal("100.00")


def test_a_limit_order_waits_until_the_market_reaches_it(engine):
    order_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="149.00")))
    assert engine.order(order_id).status is OrderStatus.SUBMITTED
    ok(engine.execute(SetPrice("AAPL", Decimal("148.50"))))
    filled = engine.order(order_id)
    # the ask (148.51) is better than the limit, and the improvement goes to the customer
    assert filled.status is OrderStatus.FILLED and filled.avg_fill_price == Decimal("148.51")


def test_a_stop_is_held_until_the_last_trade_reaches_it(engine):
    order_id = placed_id(engine.execute(order(action=Action.SELL, order_type=OrderType.STP, aux="145.00")))
    assert engine.order(order_id).status is OrderStatus.PRE_SUBMITTED
    ok(engine.execute(SetPrice("AAPL", Decimal("146.00"))))
    assert engine.order(order_id).status is OrderStatus.PRE_SUBMITTED
    ok(engine.execute(SetPrice("AAPL", Decimal("144.90"))))
    assert engine.order(order_id).status is OrderStatus.FILLED
    assert engine.order(order_id).avg_fill_price == Decimal("144.89")  # sold at the bid


def test_a_stop_limit_becomes_a_limit_when_triggered(engine):
    order_id = placed_id(engine.execute(order(order_type=OrderType.STP_LMT, aux="155.00", lmt="155.50")))
    ok(engine.execute(SetPrice("AAPL", Decimal("156.00"))))
    # triggered (last 156 >= 155) but the ask 156.01 is above the limit: working, not filled
    assert engine.order(order_id).status is OrderStatus.SUBMITTED
    ok(engine.execute(SetPrice("AAPL", Decimal("155.40"))))
    assert engine.order(order_id).avg_fill_price == Decimal("155.41")


def test_ioc_fills_what_is_displayed_and_cancels_the_rest(engine, whale):
    displayed = engine.quote("AAPL").ask_size
    order_id = placed_id(engine.execute(order(account=whale, quantity="50000", tif=TimeInForce.IOC)))
    done = engine.order(order_id)
    assert done.status is OrderStatus.CANCELLED and done.filled == displayed


def test_day_orders_end_at_the_close_and_gtc_orders_carry_over(engine):
    day_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="100.00")))
    gtc_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="100.00", tif=TimeInForce.GTC)))
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 16, 30, tzinfo=EASTERN))))
    assert engine.order(day_id).status is OrderStatus.CANCELLED
    assert engine.order(day_id).status_reason == "DAY order expired at the close"
    assert engine.order(gtc_id).status is OrderStatus.PRE_SUBMITTED
    # Wednesday's open releases it again
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 25, 9, 31, tzinfo=EASTERN))))
    assert engine.order(gtc_id).status is OrderStatus.SUBMITTED


def test_an_order_placed_before_the_open_is_held_then_fills_at_the_open(make_engine, engine):
    early = make_engine(start=datetime(2026, 11, 24, 8, 0, tzinfo=EASTERN))
    from workstation.engine.core.terms import AccountType
    from workstation.engine.messages.commands import OpenAccount
    ok(early.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal("100000")),))))
    order_id = placed_id(early.execute(order()))
    assert early.order(order_id).status is OrderStatus.PRE_SUBMITTED
    ok(early.execute(AdvanceClock(datetime(2026, 11, 24, 9, 30, tzinfo=EASTERN))))
    assert early.order(order_id).status is OrderStatus.FILLED


def test_modify_changes_a_working_order_and_it_fills_at_the_new_limit(engine):
    order_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="140.00")))
    ok(engine.execute(ModifyOrder(order_id, lmt_price=Decimal("151.00"))))
    assert engine.order(order_id).status is OrderStatus.FILLED
    assert engine.order(order_id).lmt_price == Decimal("151.00")


def test_cancel_goes_through_pending_cancel(engine):
    order_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="140.00")))
    result = ok(engine.execute(CancelOrder(order_id)))
    assert statuses(result) == [OrderStatus.PENDING_CANCEL, OrderStatus.CANCELLED]
    assert engine.working_orders() == []


def test_a_gtc_order_on_an_option_becomes_inactive_when_the_option_expires(engine):
    option = "AAPL  261218C00260000"
    order_id = placed_id(engine.execute(order(symbol=option, action=Action.SELL, quantity="1",
                                              order_type=OrderType.LMT, lmt="50.00", tif=TimeInForce.GTC)))
    assert engine.order(order_id).status is OrderStatus.SUBMITTED
    ok(engine.execute(AdvanceClock(datetime(2026, 12, 21, 9, 0, tzinfo=EASTERN))))
    expired = engine.order(order_id)
    assert expired.status is OrderStatus.INACTIVE
    assert expired.status_reason == f"{option} expired on 2026-12-18"


def test_quote_updates_name_what_changed(engine):
    from workstation.engine.messages.events import QuotesUpdated

    priced = ok(engine.execute(SetPrice("AAPL", Decimal("151.00"))))
    [update] = [e for e in priced.events if isinstance(e, QuotesUpdated)]
    assert update.symbols[0] == "AAPL" and "AAPL  261218C00200000" in update.symbols
    traded = ok(engine.execute(order(symbol="KO")))
    # the fill took displayed size off KO's book
    assert [e.symbols for e in traded.events if isinstance(e, QuotesUpdated)] == [("KO",)]


def test_a_day_order_allowed_outside_rth_works_until_the_end_of_after_hours(engine):
    rth_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="100.00")))
    extended_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="100.00", outside_rth=True)))
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 17, 0, tzinfo=EASTERN))))
    assert engine.order(rth_id).status is OrderStatus.CANCELLED
    assert engine.order(extended_id).status is OrderStatus.SUBMITTED  # still working after hours
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 20, 0, tzinfo=EASTERN))))
    assert engine.order(extended_id).status_reason == "DAY order expired at the end of after-hours trading"


def test_a_day_order_placed_after_the_close_is_for_the_next_session(engine):
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 17, 0, tzinfo=EASTERN))))
    order_id = placed_id(engine.execute(order(order_type=OrderType.LMT, lmt="100.00")))
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 25, 12, 0, tzinfo=EASTERN))))
    assert engine.order(order_id).status is OrderStatus.SUBMITTED
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 25, 16, 0, tzinfo=EASTERN))))
    assert engine.order(order_id).status is OrderStatus.CANCELLED


def test_an_ioc_stop_that_has_not_triggered_is_cancelled_at_once(engine):
    order_id = placed_id(engine.execute(order(action=Action.SELL, order_type=OrderType.STP, aux="140.00",
                                              tif=TimeInForce.IOC)))
    assert engine.order(order_id).status is OrderStatus.CANCELLED
    assert engine.order(order_id).filled == 0


def test_an_account_holding_only_foreign_cash_is_revalued_when_fx_moves(engine):
    from workstation.engine.core.terms import AccountType
    from workstation.engine.messages.commands import OpenAccount
    from workstation.engine.messages.events import AccountValuesChanged

    ok(engine.execute(OpenAccount("E1", AccountType.MARGIN, cash=(("EUR", Decimal(1000)),))))
    result = ok(engine.execute(SetPrice("EUR.USD", Decimal("1.2000"))))
    [changed] = [e for e in result.events if isinstance(e, AccountValuesChanged)]
    assert "E1" in changed.account_ids
    assert engine.account_values("E1")["NetLiquidation"] == Decimal("1200.00")


def test_expired_contracts_settle_overnight_and_stop_moving(engine):
    from workstation.engine.core.terms import AccountType
    from workstation.engine.messages.commands import OpenAccount, SeedPosition
    from workstation.engine.messages.events import ContractExpired, PositionSettled

    ok(engine.execute(OpenAccount("X1", AccountType.MARGIN, cash=(("USD", Decimal(100000)),), positions=(
        SeedPosition("AAPL  261218C00200000", Decimal(2), Decimal("5.00")),    # in the money: exercised
        SeedPosition("AAPL  261218P00200000", Decimal(-1), Decimal("1.00")),   # out of the money: expires
        SeedPosition("ESZ6", Decimal(1), Decimal("5900.00")),                 # cash-settled
    ))))
    ok(engine.execute(SetPrice("AAPL", Decimal("230.00"))))
    ok(engine.execute(SetPrice("ESZ6", Decimal("5950.00"))))
    result = ok(engine.execute(AdvanceClock(datetime(2026, 12, 21, 9, 0, tzinfo=EASTERN))))
    settled = {e.symbol: e.kind for e in result.events if isinstance(e, PositionSettled)}
    assert settled == {"AAPL  261218C00200000": "Exercise", "AAPL  261218P00200000": "Expiration",
                       "ESZ6": "Cash Settlement"}
    assert {e.symbol for e in result.events if isinstance(e, ContractExpired)} >= {"ESZ6", "AAPL  261218C00200000"}
    account = engine.account("X1")
    # two calls exercised: 200 AAPL bought at the 200 strike; the option premium is realized as a loss
    assert account.positions["AAPL"].quantity == Decimal(200)
    assert account.positions["AAPL"].avg_price == Decimal(200)
    assert account.positions["AAPL  261218C00200000"].realized_pnl == Decimal("-1000.00")
    # the future settles at its final price: (5,950 - 5,900) x 50 = 2,500
    assert account.positions["ESZ6"].realized_pnl == Decimal("2500.00")
    frozen = engine.quote("ESZ6").last
    ok(engine.execute(AdvanceClock(datetime(2026, 12, 21, 15, 0, tzinfo=EASTERN))))
    assert engine.quote("ESZ6").last == frozen


def test_an_outside_rth_order_keeps_filling_after_hours_as_the_book_refreshes(engine, whale):
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 17, 0, tzinfo=EASTERN))))
    order_id = placed_id(engine.execute(order(account=whale, quantity="20000", outside_rth=True, tif=TimeInForce.GTC)))
    first = engine.order(order_id).filled
    assert 0 < first < 20000
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 18, 0, tzinfo=EASTERN))))
    assert engine.order(order_id).filled > first


def test_a_mutual_fund_order_executes_in_full_at_the_closing_nav(engine, whale):
    order_id = placed_id(engine.execute(order(account=whale, symbol="VFIAX", quantity="50000")))
    assert engine.order(order_id).status is OrderStatus.SUBMITTED
    assert engine.order(order_id).status_reason == "Awaiting the day's net asset value"
    ok(engine.execute(SetPrice("VFIAX", Decimal("550.00"))))
    assert engine.order(order_id).filled == 0  # no intraday fills, however large the book
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 16, 0, tzinfo=EASTERN))))
    filled = engine.order(order_id)
    assert filled.status is OrderStatus.FILLED and filled.avg_fill_price == Decimal("550.00")
    assert len(engine.executions(order_id)) == 1


def test_mutual_funds_take_market_orders_only(engine):
    from workstation.engine.core.errors import Rejected

    result = engine.execute(order(symbol="VFIAX", quantity="10", order_type=OrderType.LMT, lmt="500.00"))
    assert isinstance(result, Rejected) and result.code == "INVALID_ORDER_TYPE"
