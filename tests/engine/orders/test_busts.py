"""Trade busts: an execution is cancelled and every account is put back as if it never traded."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, assert_refused, ok, order, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.commissions import order_commission
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderStatus, OrderType
from workstation.engine.messages.commands import (
    BustExecution,
    CancelOrder,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
)

D = Decimal


def ledger_of(engine, account_id):
    """Cash per currency and every position's (quantity, avg cost, avg price, realized): exact,
    except that averages are quotients, kept to 12 places (Decimal holds 28 digits)."""
    account = engine.account(account_id)
    cash = {currency: amount for currency, amount in account.cash.items() if amount}
    places = D("1e-12")
    positions = {symbol: (p.quantity, p.avg_cost.quantize(places), p.avg_price.quantize(places), p.realized_pnl)
                 for symbol, p in account.positions.items() if p.quantity or p.realized_pnl}
    return cash, positions


@pytest.fixture
def holder(make_engine):
    """U2 holds 200 AAPL bought at 140 (plus commission) and 2 ESZ6 at 5,800, with USD and EUR cash."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", D(500000)), ("EUR", D(1000))),
                                  positions=(SeedPosition("AAPL", D(200), D("140.005")),
                                             SeedPosition("ESZ6", D(2), D(5800))))))
    return engine


@pytest.mark.parametrize(("symbol", "action", "quantity"), [
    ("AAPL", Action.BUY, "100"),     # opens more
    ("AAPL", Action.SELL, "100"),    # closes part, realizing P&L
    ("AAPL", Action.SELL, "200"),    # closes all
    ("AAPL", Action.SELL, "300"),    # closes all and opens a short
    ("ESZ6", Action.SELL, "1"),      # futures close: only the P&L moved cash
    ("ESZ6", Action.BUY, "3"),       # futures open: no premium moved
    ("EUR.USD", Action.BUY, "20000"),
])
def test_a_busted_execution_leaves_the_account_exactly_as_before_the_order(holder, symbol, action, quantity):
    before = ledger_of(holder, "U2")
    order_id = placed_id(holder.execute(order("U2", symbol, action, quantity)))
    [execution] = holder.executions(order_id)
    assert ledger_of(holder, "U2") != before

    ok(holder.execute(BustExecution(execution.exec_id)))

    assert ledger_of(holder, "U2") == before
    placed = holder.order(order_id)
    assert (placed.filled, placed.commission, placed.status) == (0, 0, OrderStatus.CANCELLED)
    assert "not resubmitted" in placed.status_reason
    assert holder.is_busted(execution.exec_id)


def test_a_bust_on_a_working_order_puts_the_quantity_back_to_work(engine):
    order_id = placed_id(engine.execute(order(quantity="300", order_type=OrderType.LMT, lmt="100.00")))
    ok(engine.execute(ForceExecution(order_id, D(100), D("99.00"))))
    ok(engine.execute(ForceExecution(order_id, D(50), D("99.50"))))
    first, second = engine.executions(order_id)

    ok(engine.execute(BustExecution(first.exec_id)))

    working = engine.order(order_id)
    assert working.status is OrderStatus.SUBMITTED
    assert (working.filled, working.remaining, working.avg_fill_price) == (50, 250, D("99.50"))
    assert engine.account("U1").positions["AAPL"].quantity == 50
    # the commission is what an order of the 50 shares left costs: the USD 1.00 minimum
    assert working.commission == D("1.00")
    ok(engine.execute(ForceExecution(order_id, D(250), D("99.00"))))
    assert engine.order(order_id).status is OrderStatus.FILLED


def test_an_advisor_orders_bust_takes_the_units_back_from_the_accounts_that_got_them(pair_order):
    engine, order_id = pair_order
    untouched = {name: ledger_of(engine, name) for name in "AB"}
    ok(engine.execute(ForceExecution(order_id, D(80), D("50.00"))))   # 48 to A, 32 to B
    ok(engine.execute(ForceExecution(order_id, D(10), D("51.00"))))
    first, second = engine.executions(order_id)

    ok(engine.execute(BustExecution(first.exec_id)))

    rows = {row.account: row for row in engine.order(order_id).allocation.rows}
    for name, units in second.allocations:
        assert rows[name].allocated == units
        assert engine.account(name).positions["KO"].quantity == units
    assert engine.order(order_id).remaining == 90
    # the rest fills and the order is distributed by the rules over what is left
    ok(engine.execute(ForceExecution(order_id, D(90), D("50.00"))))
    rows = {row.account: row for row in engine.order(order_id).allocation.rows}
    assert [rows[name].allocated for name in "AB"] == [60, 40]
    for name in "AB":
        cash, positions = ledger_of(engine, name)
        paid = untouched[name][0]["USD"] - cash["USD"]
        row = rows[name]
        assert paid == row.filled_value + row.commission  # share x average + own commission, nothing more


def test_busting_a_closing_fill_reinstates_the_position_at_its_basis(holder):
    before = holder.account("U2").positions["AAPL"]
    basis = (before.avg_cost, before.avg_price, before.realized_pnl)
    order_id = placed_id(holder.execute(order("U2", "AAPL", Action.SELL, "150")))
    assert holder.account("U2").positions["AAPL"].realized_pnl != basis[2]
    ok(holder.execute(BustExecution(holder.executions(order_id)[0].exec_id)))
    after = holder.account("U2").positions["AAPL"]
    assert (after.quantity, after.avg_cost, after.avg_price, after.realized_pnl) == (200, *basis)


def test_bad_busts_are_refused_and_change_nothing(engine):
    buy = placed_id(engine.execute(order(quantity="100")))
    exec_id = engine.executions(buy)[0].exec_id
    assert_refused(engine, BustExecution("nope"), "UNKNOWN_EXECUTION", "exec_id")
    # the account traded AAPL since (sold the shares, bought them again): taking the first buy
    # back would need the later trades re-booked
    ok(engine.execute(order(quantity="100", action=Action.SELL)))
    rebuy = placed_id(engine.execute(order(quantity="100")))
    assert_refused(engine, BustExecution(exec_id), "BUST_NOT_POSSIBLE", "exec_id")
    last = engine.executions(rebuy)[0].exec_id
    ok(engine.execute(BustExecution(last)))
    assert_refused(engine, BustExecution(last), "ALREADY_BUSTED", "exec_id")
    assert_refused(engine, CorrectExecution(last, D("149.00")), "ALREADY_BUSTED", "exec_id")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.tuples(st.just("fill"), st.integers(1, 40), st.integers(9000, 11000)),
                          st.tuples(st.just("bust"), st.integers(0, 7), st.just(0))), min_size=1, max_size=10),
       st.integers(0, 2**32 - 1))
def test_an_advisor_sale_with_busts_closes_each_accounts_share_at_the_average(universe, steps, seed):
    engine = Engine.new(universe, seed, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name in "ABC":
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(10**6)),), advisor="FA1",
                                      positions=(SeedPosition("AAPL", D(500), D(80)),))))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.CONTRACTS_OR_SHARES,
                                  (("A", D(120)), ("B", D(70)), ("C", D(45))))))
    order_id = placed_id(engine.execute(PlaceOrder("FA1", "AAPL", Action.SELL, D(0), OrderType.LMT, D("500.00"),
                                                   fa_group="G")))
    for kind, number, cents in steps:
        live = [e for e in engine.executions(order_id) if not engine.is_busted(e.exec_id)]
        if kind == "fill" and engine.order(order_id).remaining >= number:
            ok(engine.execute(ForceExecution(order_id, D(number), D(cents) / 100)))
        elif kind == "bust" and number < len(live) and not engine.order(order_id).is_done:
            ok(engine.execute(BustExecution(live[number].exec_id)))
    if not engine.order(order_id).is_done:
        ok(engine.execute(CancelOrder(order_id)))

    placed = engine.order(order_id)
    live_units = sum(e.quantity for e in engine.executions(order_id) if not engine.is_busted(e.exec_id))
    assert placed.filled == live_units == sum(row.allocated for row in placed.allocation.rows)
    aapl = engine.catalog["AAPL"]
    tolerance = D("1e-18")
    for row in placed.allocation.rows:
        share = D(row.allocated)
        commission = order_commission(aapl, share, share * placed.avg_fill_price) if share else 0
        received = engine.cash(row.account)["USD"] - 10**6
        assert abs(received - (share * placed.avg_fill_price - commission)) < tolerance, row.account
        position = engine.account(row.account).positions["AAPL"]
        assert position.quantity == 500 - share
        assert abs(position.avg_cost - 80) < tolerance
        expected_realized = share * (placed.avg_fill_price - 80) - commission
        assert abs(position.realized_pnl - expected_realized) < D("1e-16"), row.account
