"""Futures margin intraday and overnight, and IB's Full and LookAhead values.

Sources: IB's API AccountSummaryTags (https://interactivebrokers.github.io/tws-api/classIBApi_1_1AccountSummaryTags.html):
"FullInitMarginReq - Initial Margin of whole portfolio with no discounts or intraday credits", "LookAheadNextChange -
Time when look-ahead values take effect", "LookAheadInitMarginReq - Initial Margin requirement of whole portfolio as
of next period's margin change". MEXEM, clearing through IB (https://support.mexem.com/faq-tags/intraday): "Margin
accounts with lower Intraday futures margins have higher Overnight margins, applicable 15 minutes before the end of
Regular Trading Hours ... Cash and IRA accounts don't have Intraday margin rates." Decisions D7.1 (intraday = 50% of
overnight), D7.2 (securities: no scheduled change), D7.3 (15 minutes before the NYSE close, back at the open).
"""

from datetime import datetime
from decimal import Decimal

from tests.factories import OPEN_TIME, ok, trade
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.account_margin import intraday_ratio
from workstation.engine.margin.overnight import margin_period
from workstation.engine.margin.rates import DEFAULT_RATES
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SetPrice

D = Decimal
NYSE = ExchangeCalendar.nyse()


def _et(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=EASTERN)


def test_the_intraday_period_runs_from_the_open_to_fifteen_minutes_before_the_close():
    # Tue 24 Nov 2026, NYSE 09:30-16:00: intraday 09:30-15:45, then overnight until Wed 09:30.
    period = margin_period(NYSE, _et(24, 10))
    assert period.intraday and period.next_change == _et(24, 15, 45)
    assert margin_period(NYSE, _et(24, 9, 29)).intraday is False
    assert margin_period(NYSE, _et(24, 9, 29)).next_change == _et(24, 9, 30)
    assert margin_period(NYSE, _et(24, 15, 44)).intraday is True
    at_flip = margin_period(NYSE, _et(24, 15, 45))
    assert not at_flip.intraday and at_flip.next_change == _et(25, 9, 30)
    assert margin_period(NYSE, _et(24, 20)).next_change == _et(25, 9, 30)


def test_the_period_follows_holidays_and_early_closes():
    # Wed 25 Nov after the flip: Thu 26 is Thanksgiving (closed), so the next open is Fri 27 09:30.
    assert margin_period(NYSE, _et(25, 15, 50)).next_change == _et(27, 9, 30)
    # Fri 27 Nov closes early at 13:00: the overnight rate applies from 12:45.
    assert margin_period(NYSE, _et(27, 12, 44)).intraday is True
    assert margin_period(NYSE, _et(27, 12, 44)).next_change == _et(27, 12, 45)
    assert margin_period(NYSE, _et(27, 12, 45)).intraday is False


def test_cash_accounts_have_no_intraday_rate():
    # MEXEM: "Cash and IRA accounts don't have Intraday margin rates."
    assert intraday_ratio(Account("C1", AccountType.CASH, "USD"), DEFAULT_RATES) == 1.0
    assert intraday_ratio(Account("M1", AccountType.MARGIN, "USD"), DEFAULT_RATES) == 0.5


def _futures_account(make_engine, cash: str = "100000"):
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(cash)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    return engine


def test_futures_are_margined_at_half_the_overnight_rate_intraday_with_look_ahead_and_full_at_overnight(make_engine):
    # Example L1 (research note §7.2): long 1 ESZ6 marked 5,931.25, multiplier 50.
    # Overnight (SPAN) MM = 6% x 5,931.25 x 50 = 17,793.75; IM = 17,793.75 x 1.10 = 19,573.125 -> 19,573.12
    # Intraday (10:00 ET, D7.1): MM-C = 8,896.875 -> 8,896.88; IM-C = 9,786.5625 -> 9,786.56
    engine = _futures_account(make_engine)
    values = engine.account_values("M1")
    assert values["MaintMarginReq-C"] == D("8896.88")
    assert values["InitMarginReq-C"] == D("9786.56")
    # LookAhead: the overnight figures, from 15:45 ET; Full: overnight at all times ("no intraday credits").
    assert values["LookAheadInitMarginReq"] == values["FullInitMarginReq"] == D("19573.12")
    assert values["LookAheadMaintMarginReq"] == values["FullMaintMarginReq"] == D("17793.75")
    assert values["LookAheadNextChange"] == D(int(_et(24, 15, 45).timestamp()))
    # Swept to the current requirement (segments): NLV-C = 9,786.56, AvailableFunds-C = 0.00;
    # LookAheadAvailableFunds = AvailableFunds-S + (9,786.56 - 19,573.12) = 90,187.59 - 9,786.56 = 80,401.03
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["AvailableFunds"] == D("90187.59")
    assert values["LookAheadAvailableFunds"] == values["FullAvailableFunds"] == D("80401.03")
    # LookAheadExcessLiquidity = 90,187.59 + (9,786.56 - 17,793.75) = 82,180.40
    assert values["LookAheadExcessLiquidity"] == D("82180.40")

    # Act: 15:46 ET, the overnight rate applies; the next change is Wednesday's open.
    ok(engine.execute(AdvanceClock(_et(24, 15, 46))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    values = engine.account_values("M1")
    assert values["InitMarginReq-C"] == D("19573.12") and values["MaintMarginReq-C"] == D("17793.75")
    assert values["LookAheadInitMarginReq"] == D("9786.56")
    assert values["FullInitMarginReq"] == D("19573.12")
    assert values["LookAheadNextChange"] == D(int(_et(25, 9, 30).timestamp()))


def test_securities_look_ahead_and_full_equal_the_current_requirement(make_engine):
    # D7.2 (example L2): Reg T's end-of-day 50% is enforced through SMA, not a changed requirement.
    # BUY 400 AAPL @ 150.00: IM-S = MM-S = 25% x 60,000.00 = 15,000.00; RegTMargin = 50% x 60,000.00 = 30,000.00.
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(30000)),))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    trade(engine, "AAPL", Action.BUY, "400", "150.00")
    for at in (OPEN_TIME, _et(24, 15, 50)):
        if at != OPEN_TIME:
            ok(engine.execute(AdvanceClock(at)))
        values = engine.account_values("M1")
        assert values["InitMarginReq"] == values["LookAheadInitMarginReq"] == values["FullInitMarginReq"] \
            == D("15000.00")
        assert values["RegTMargin"] == D("30000.00")


def test_the_preview_warns_when_the_overnight_futures_margin_would_not_be_met(make_engine):
    # USD 15,000.00; BUY 1 ESZ6 LMT 5,931.75 (commission 0.85) marked 5,931.25 at 10:00 ET:
    # funds after = 15,000.00 - 0.85 - 25.00 - 9,786.56 = 5,187.59 (accepted intraday);
    # at 15:45 the initial margin rises by 19,573.12 - 9,786.56 = 9,786.56 -> 5,187.59 - 9,786.56 = -4,598.97
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(15000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    preview = engine.preview(PlaceOrder("M1", "ESZ6", Action.BUY, D(1), OrderType.LMT, D("5931.75")))
    assert preview.rejected is None
    assert preview.margin.available_funds.after == D("5187.59")
    assert preview.warnings == ("Available funds at the next margin change (Tue 24 Nov 15:45 ET) would be "
                                "-4,598.97 USD: the overnight futures margin would not be met",)
    # With enough cash for the overnight margin there is nothing to warn about.
    ok(engine.execute(OpenAccount("M2", AccountType.MARGIN, cash=(("USD", D(30000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    assert engine.preview(PlaceOrder("M2", "ESZ6", Action.BUY, D(1), OrderType.LMT, D("5931.75"))).warnings == ()


def test_the_preview_warns_after_1550_when_sma_after_the_order_would_be_negative(make_engine):
    # IB's Reg T check: SMA must not be negative from 15:50 ET (ib-domain §5.2; research note §7.1, D7.2).
    # USD 30,000.00, BUY 410 AAPL @ 150.00 = 61,500.00: SMA = 30,000.00 - 50% x 61,500.00 = -750.00
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(30000)),))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    order = PlaceOrder("M1", "AAPL", Action.BUY, D(410), OrderType.LMT, D("150.00"))
    assert engine.preview(order).warnings == ()  # before 15:50 the intraday 25% is all that is checked
    ok(engine.execute(AdvanceClock(_et(24, 15, 51))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    assert engine.preview(order).warnings == (
        "Reg T initial margin (50%) is checked at 15:50 ET; SMA after this order would be -750.00 USD",)
    # 400 shares leave SMA at exactly 0.00: no warning
    assert engine.preview(PlaceOrder("M1", "AAPL", Action.BUY, D(400), OrderType.LMT, D("150.00"))).warnings == ()
