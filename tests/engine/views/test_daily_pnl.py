"""Daily P&L: positions held at the prior close are marked from it, today's trades from their fill."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok, order, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
)

D = Decimal


@pytest.fixture
def holder(make_engine):
    """H holds 100 AAPL and 1 ESZ6 from before today, with AAPL at 150.00 now."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("H", AccountType.MARGIN, cash=(("USD", D(500000)),),
                                  positions=(SeedPosition("AAPL", D(100), D("140")),
                                             SeedPosition("ESZ6", D(1), D(5800))))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    return engine


def test_a_position_held_from_yesterday_is_marked_from_the_prior_close(holder) -> None:
    close = holder.quote("AAPL").close
    future = holder.quote("ESZ6")

    pnl = holder.daily_pnl("H")

    assert pnl["AAPL"] == (D("150.00") - close) * 100
    assert pnl["ESZ6"] == (future.last - future.close) * 50  # the E-mini's multiplier


def test_shares_bought_today_count_from_their_fill_price(holder) -> None:
    close = holder.quote("AAPL").close
    order_id = placed_id(holder.execute(order("H", "AAPL", Action.BUY, "50", OrderType.LMT, lmt="1.00")))
    ok(holder.execute(ForceExecution(order_id, D(50), D("149.00"))))
    ok(holder.execute(SetPrice("AAPL", D("152.00"))))

    assert holder.daily_pnl("H")["AAPL"] == (D("152.00") - close) * 100 + (D("152.00") - D("149.00")) * 50


def test_a_round_trip_within_the_day_keeps_its_gain_after_the_position_is_gone(make_engine) -> None:
    engine = make_engine()
    ok(engine.execute(OpenAccount("T", AccountType.MARGIN, cash=(("USD", D(100000)),))))
    bought = placed_id(engine.execute(order("T", "MSFT", Action.BUY, "10", OrderType.LMT, lmt="1.00")))
    ok(engine.execute(ForceExecution(bought, D(10), D("400.00"))))
    sold = placed_id(engine.execute(order("T", "MSFT", Action.SELL, "10", OrderType.LMT, lmt="9999")))
    ok(engine.execute(ForceExecution(sold, D(10), D("404.50"))))

    assert engine.account("T").position_quantity("MSFT") == 0
    assert engine.daily_pnl("T") == {"MSFT": D("45.00")}


def test_a_busted_execution_never_counted(holder) -> None:
    before = holder.daily_pnl("H")
    order_id = placed_id(holder.execute(order("H", "AAPL", Action.BUY, "50", OrderType.LMT, lmt="1.00")))
    executed = ok(holder.execute(ForceExecution(order_id, D(50), D("140.00"))))
    exec_id = next(e.exec_id for e in executed.events if hasattr(e, "exec_id"))
    assert holder.daily_pnl("H") != before

    ok(holder.execute(BustExecution(exec_id)))

    assert holder.daily_pnl("H") == before


def _advisor_group_order(engine: Engine) -> int:
    """An advisor FA whose clients A and B (30 and 10 shares) share group G, and FA's working
    KO order for G; returns the order id."""
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    for client in "AB":
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA")))
    ok(engine.execute(DefineGroup("FA", "G", AllocationMethod.CONTRACTS_OR_SHARES, (("A", D(30)), ("B", D(10))))))
    return placed_id(engine.execute(PlaceOrder("FA", "KO", Action.BUY, D(0), OrderType.LMT, D("1.00"),
                                               fa_group="G")))


def test_each_client_gets_the_daily_pnl_of_its_share_of_an_advisor_fill(make_engine) -> None:
    engine = make_engine()
    order_id = _advisor_group_order(engine)
    ok(engine.execute(ForceExecution(order_id, D(40), D("60.00"))))
    ok(engine.execute(SetPrice("KO", D("61.00"))))

    assert engine.daily_pnl("A") == {"KO": D("30.00")}
    assert engine.daily_pnl("B") == {"KO": D("10.00")}


def test_the_next_session_starts_again_from_its_own_prior_close(holder) -> None:
    order_id = placed_id(holder.execute(order("H", "AAPL", Action.BUY, "50", OrderType.LMT, lmt="1.00")))
    ok(holder.execute(ForceExecution(order_id, D(50), D("149.00"))))

    ok(holder.execute(AdvanceClock(holder.now + timedelta(days=1))))  # Wednesday 10:00, after the open
    quote = holder.quote("AAPL")

    assert holder.daily_pnl("H")["AAPL"] == (quote.last - quote.close) * 150


def test_a_bust_or_a_correction_of_yesterdays_fill_leaves_todays_trades_alone(holder) -> None:
    yesterdays = placed_id(holder.execute(order("H", "AAPL", Action.BUY, "50", OrderType.LMT, lmt="1.00")))
    ok(holder.execute(ForceExecution(yesterdays, D(20), D("149.00"))))
    ok(holder.execute(ForceExecution(yesterdays, D(20), D("148.00"))))
    corrected, busted = (e.exec_id for e in holder.executions(yesterdays))
    ok(holder.execute(AdvanceClock(holder.now + timedelta(days=1))))  # the next session, after the open

    ok(holder.execute(BustExecution(busted)))  # before today's trade, which would forbid it
    todays = placed_id(holder.execute(order("H", "AAPL", Action.BUY, "10", OrderType.LMT, lmt="1.00")))
    ok(holder.execute(ForceExecution(todays, D(10), D("151.00"))))
    ok(holder.execute(CorrectExecution(corrected, D("147.00"))))

    quote = holder.quote("AAPL")
    assert holder.account("H").position_quantity("AAPL") == 130
    # only today's 10 count from their fill; what was held at the close is marked from the close
    assert holder.daily_pnl("H")["AAPL"] == (quote.last - quote.close) * 120 + (quote.last - D("151.00")) * 10


def test_todays_advisor_fill_is_corrected_and_busted_per_client_after_a_snapshot_round_trip(universe) -> None:
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False)
    order_id = _advisor_group_order(engine)
    ok(engine.execute(ForceExecution(order_id, D(8), D("60.00"))))
    ok(engine.execute(ForceExecution(order_id, D(8), D("60.50"))))  # the order still works: not distributed
    ok(engine.execute(SetPrice("KO", D("61.00"))))
    corrected, busted = (e.exec_id for e in engine.executions(order_id))
    restored = Engine.from_snapshot(universe, engine.snapshot(), history=engine._history)

    ok(restored.execute(CorrectExecution(corrected, D("59.00"))))
    ok(restored.execute(BustExecution(busted)))

    assert restored.daily_pnl("A") == {"KO": D("12.00")}  # 6 of the 8 bought at 59.00, now 61.00
    assert restored.daily_pnl("B") == {"KO": D("4.00")}
