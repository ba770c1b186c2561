"""Pattern day trading: day trades left under USD 25,000, and the five-day window (ib-domain §5.3, §9.4)."""

from decimal import Decimal

from tests.factories import assert_refused, ok, trade
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SeedPosition, SetPrice

D = Decimal


def day_trader(make_engine, cash):
    engine = make_engine()
    ok(engine.execute(OpenAccount("DT", AccountType.MARGIN, cash=(("USD", D(cash)),),
                                  positions=(SeedPosition("AAPL", D(10), D(200)),))))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    for _ in range(3):
        trade(engine, "KO", Action.BUY, 10, "50.00", account="DT")
        trade(engine, "KO", Action.SELL, 10, "50.00", account="DT")
    return engine


def remaining(engine):
    tags = engine.account_values("DT")
    return [tags["DayTradesRemaining"], *(tags[f"DayTradesRemainingT+{k}"] for k in range(1, 5))]


def test_three_day_trades_under_25000_leave_only_closing_orders(make_engine):
    engine = day_trader(make_engine, 20000)   # NLV about 22,300 with the AAPL held
    assert remaining(engine) == [0, 0, 0, 0, 0]
    result = assert_refused(engine, PlaceOrder("DT", "KO", Action.BUY, D(10)), "PATTERN_DAY_TRADER", "action")
    assert "3 day trades in the last 5 business days" in result.message              # R13
    ok(engine.execute(PlaceOrder("DT", "AAPL", Action.SELL, D(10))))                # closing is still allowed


def test_an_account_over_25000_day_trades_without_limit(make_engine):
    engine = day_trader(make_engine, 26000)
    assert remaining(engine) == [-1] * 5                                            # R14
    ok(engine.execute(PlaceOrder("DT", "KO", Action.BUY, D(10))))


def test_day_trades_roll_out_of_the_five_day_window(make_engine):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock

    engine = day_trader(make_engine, 20000)
    # Traded Tue 24 Nov; Thanksgiving (Thu 26) is no business day, so the five days from the 24th
    # run Tue 24, Wed 25, Fri 27, Mon 30, Tue 1 Dec: the trades count until then, not on Wed 2 Dec.
    ok(engine.execute(AdvanceClock(datetime(2026, 12, 1, 10, 0, tzinfo=EASTERN))))
    assert remaining(engine) == [0, 3, 3, 3, 3]
