"""The exposure fee: a daily stress of each portfolio by product class; an account that could lose
more than its equity gets a notice, a week, then a fee for every calendar day, charged the next
trading day; TWS shows Last and Estimated Next, and the Order Preview's Check Exposure Fee Impact."""

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import ok
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SeedPosition
from workstation.engine.messages.events import ExposureFeeCharged, ExposureFeeNotice

D = Decimal


def at(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=EASTERN)


@pytest.fixture
def leveraged(make_engine):
    """L1 holds 1,500 AAPL (348,750 at 232.50) on 250,000 of debt: a 30% fall would cost 104,625,
    more than its 98,750 of equity. U1 holds the same stock with no debt."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("L1", AccountType.MARGIN, cash=(("USD", D(-250000)),),
                                  positions=(SeedPosition("AAPL", D(1500), D("232.50")),))))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10000)),),
                                  positions=(SeedPosition("AAPL", D(100), D("232.50")),))))
    return engine


def test_the_stress_loss_beyond_equity_is_the_uncovered_amount(leveraged):
    view = leveraged.exposure_fee("L1")
    # 10% a year on (104,625.00 - 98,750.00) = 5,875.00 uncovered, for one day: 1.61
    assert view.estimated_next == {"Equity": D("1.61")}
    assert leveraged.exposure_fee("U1").estimated_next == {}


def test_a_first_detection_brings_a_notice_and_a_week_before_any_charge(leveraged):
    result = ok(leveraged.execute(AdvanceClock(at(24, hour=17))))
    notices = [e for e in result.events if isinstance(e, ExposureFeeNotice)]
    assert [(n.account_id, n.daily_fee, n.charging_from) for n in notices] == [("L1", D("1.61"),
                                                                              datetime(2026, 12, 1).date())]
    ok(leveraged.execute(AdvanceClock(at(1, month=12, hour=12))))
    assert leveraged.exposure_fee_history("L1") == []          # the week to adjust


def test_the_fee_is_charged_for_every_calendar_day_on_the_next_trading_day(leveraged):
    cash = leveraged.account("L1").cash_in("USD")
    result = ok(leveraged.execute(AdvanceClock(at(7, month=12, hour=10))))
    charged = [e for e in result.events if isinstance(e, ExposureFeeCharged)]
    # Charging starts with Tuesday 1 December's close; Friday the 4th's covers Saturday and Sunday.
    assert [e.day.day for e in charged] == [1, 2, 3, 4, 5, 6]
    assert all(e.by_class == (("Equity", D("1.61")),) for e in charged)
    assert leveraged.account("L1").cash_in("USD") == cash - 6 * D("1.61")
    view = leveraged.exposure_fee("L1")
    assert view.last == {"Equity": D("1.61")} and view.last_day.day == 6 and view.recent
    history = leveraged.exposure_fee_history("L1")
    assert history[0] == (datetime(2026, 12, 1).date(), "Equity", D("1.61"))


def test_check_exposure_fee_impact_is_offered_only_after_a_recent_fee(leveraged):
    sale = PlaceOrder("L1", "AAPL", Action.SELL, D(500), OrderType.LMT, D("232.00"))
    before = leveraged.preview(sale)
    assert before.exposure_fee is None
    assert "no exposure fee in the last 30 days" in before.exposure_fee_unavailable
    ok(leveraged.execute(AdvanceClock(at(7, month=12, hour=10))))
    impact = leveraged.preview(sale).exposure_fee
    # Selling a third of the stock pays down the debt: the stress loss falls under the equity.
    assert impact.current == {"Equity": D("1.61")}
    assert impact.post_trade == {"Equity": D(0)} and impact.change == {"Equity": D("-1.61")}
