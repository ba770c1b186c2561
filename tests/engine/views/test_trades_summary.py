"""Trades Summary: the executions added up per account, symbol and side, busted ones left out."""

from decimal import Decimal

from tests.factories import ok, order, placed_id
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import (
    BustExecution,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
)

D = Decimal


def test_fills_add_up_per_account_symbol_and_side(engine):
    buy = placed_id(engine.execute(order(quantity="300", order_type=OrderType.LMT, lmt="140.00")))
    ok(engine.execute(ForceExecution(buy, D(100), D("149.00"))))
    ok(engine.execute(ForceExecution(buy, D(200), D("149.30"))))
    sell = placed_id(engine.execute(order(action=Action.SELL, quantity="50", order_type=OrderType.LMT,
                                          lmt="160.00")))
    ok(engine.execute(ForceExecution(sell, D(50), D("160.00"))))

    rows = {(r.account, r.symbol, r.action): r for r in engine.trades_summary()}

    bought = rows["U1", "AAPL", Action.BUY]
    # (100 x 149.00 + 200 x 149.30) / 300 = (14,900 + 29,860) / 300 = 149.20
    assert (bought.quantity, bought.avg_price, bought.executions) == (D(300), D("149.20"), 2)
    # 300 x 0.005 = 1.50 for the order, split across its executions
    assert bought.commission == sum(e.commission for e in engine.executions(buy)) == D("1.50")
    sold = rows["U1", "AAPL", Action.SELL]
    assert (sold.quantity, sold.avg_price, sold.executions, sold.commission_currency) == (D(50), D("160.00"), 1, "USD")
    assert [r.key for r in engine.trades_summary()] == ["U1|AAPL|BUY", "U1|AAPL|SELL"]


def test_a_busted_execution_leaves_the_summary_and_a_corrected_one_counts_at_its_new_price(engine):
    buy = placed_id(engine.execute(order(quantity="300", order_type=OrderType.LMT, lmt="140.00")))
    ok(engine.execute(ForceExecution(buy, D(100), D("149.00"))))
    ok(engine.execute(ForceExecution(buy, D(200), D("149.30"))))
    first, second = (e.exec_id for e in engine.executions(buy))

    ok(engine.execute(BustExecution(first)))
    ok(engine.execute(CorrectExecution(second, D("149.10"))))

    [row] = engine.trades_summary()
    assert (row.quantity, row.avg_price, row.executions) == (D(200), D("149.10"), 1)
    # What the order costs now: 200 x 0.005 = 1.00 (the minimum). The execution left was reported
    # with the 0.50 that its order's first fill had not already paid; the bust restated it to 1.00,
    # so the order's executions still add up to its commission.
    assert engine.executions(buy)[1].commission == D("1.00")
    assert row.commission == engine.order(buy).commission == D("1.00")


def test_an_advisor_order_is_summarised_under_the_advisor_with_what_its_accounts_paid(engine):
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for client in ("A", "B"):
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "Core", AllocationMethod.CONTRACTS_OR_SHARES, (("A", D(100)), ("B", D(50))))))

    ok(engine.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(0), fa_group="Core")))

    [row] = engine.trades_summary()
    # A pays 100 x 0.005 = 0.50, raised to the 1.00 minimum; B 50 x 0.005 = 0.25, also 1.00
    assert (row.account, row.quantity, row.commission) == ("FA1", D(150), D("2.00"))


def test_nothing_traded_is_an_empty_summary(engine):
    placed_id(engine.execute(order(quantity="10", order_type=OrderType.LMT, lmt="100.00")))  # works, no fill

    assert engine.trades_summary() == []
