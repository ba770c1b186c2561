"""Trade corrections: an execution's price changes after the fact and the ledgers are restated."""

from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, order, placed_id
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import CorrectExecution, ForceExecution

D = Decimal


def test_a_correction_on_units_still_held_moves_their_cost(engine):
    order_id = placed_id(engine.execute(order(quantity="100")))  # bought at the ask, 150.01
    [execution] = engine.executions(order_id)
    ok(engine.execute(CorrectExecution(execution.exec_id, D("149.01"))))
    # 1.00 a share less: cash back 100.00, average cost down 1.00, the order's average follows
    assert engine.cash("U1")["USD"] == D(100000) - D("15001.00") - D("1.00") + D("100.00")
    assert engine.account("U1").positions["AAPL"].avg_cost == D("149.02")
    assert engine.order(order_id).avg_fill_price == D("149.01")
    assert engine.executions(order_id)[0].price == D("149.01")


def test_a_correction_on_units_already_sold_lands_in_realized_pnl(engine):
    buy = placed_id(engine.execute(order(quantity="100")))
    ok(engine.execute(order(quantity="100", action=Action.SELL)))
    realized = engine.account("U1").positions["AAPL"].realized_pnl
    ok(engine.execute(CorrectExecution(engine.executions(buy)[0].exec_id, D("149.01"))))
    # the bought shares are gone: paying 100.00 less shows up as 100.00 more realized P&L
    assert engine.account("U1").positions["AAPL"].realized_pnl == realized + D("100.00")


def test_a_working_advisor_orders_execution_is_corrected_for_each_accounts_part(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(80), D("50.00"))))  # 48 to A, 32 to B; 20 still working
    before = {name: engine.cash(name)["USD"] for name in "AB"}
    ok(engine.execute(CorrectExecution(engine.executions(order_id)[0].exec_id, D("49.00"))))
    assert engine.cash("A")["USD"] - before["A"] == D("48.00")
    assert engine.cash("B")["USD"] - before["B"] == D("32.00")
    assert engine.account("A").positions["KO"].avg_price == D("49.00")
    # once the order is done its fills are distributed at the average: no more corrections
    ok(engine.execute(ForceExecution(order_id, D(20), D("50.00"))))
    result = engine.execute(CorrectExecution(engine.executions(order_id)[0].exec_id, D("48.00")))
    assert isinstance(result, Rejected) and result.code == "NOT_CORRECTABLE"


def test_a_futures_correction_moves_cost_not_cash_until_the_position_closes(engine):
    order_id = placed_id(engine.execute(order(symbol="ESZ6", quantity="1")))
    cash = engine.cash("U1")["USD"]
    [execution] = engine.executions(order_id)
    ok(engine.execute(CorrectExecution(execution.exec_id, execution.price - 10)))
    # futures exchange no premium: only the cost basis moves (10 points x 50 = 500 lower)
    assert engine.cash("U1")["USD"] == cash
    assert engine.account("U1").positions["ESZ6"].avg_price == execution.price - 10


@pytest.mark.parametrize(("exec_id", "price", "code", "field"), [
    ("nope", "1.00", "UNKNOWN_EXECUTION", "exec_id"),
    (None, "150.01", "NOTHING_TO_CORRECT", "price"),
    (None, "150.005", "INVALID_PRICE", "price"),
])
def test_bad_corrections_are_refused(engine, exec_id, price, code, field):
    order_id = placed_id(engine.execute(order(quantity="100")))
    assert_refused(engine, CorrectExecution(exec_id or engine.executions(order_id)[0].exec_id, D(price)), code, field)
