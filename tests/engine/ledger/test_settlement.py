"""Settlement of trade cash: SettledCash after a sale, settlement on the clock, and a cash account that buys
only with settled cash.

Sources:
- IB TWS API AccountSummaryTags (https://interactivebrokers.github.io/tws-api/classIBApi_1_1AccountSummaryTags.html):
  "SettledCash - Cash recognized at the time of settlement - purchases at the time of trade - commissions -
  taxes - fees"; TWS Account Window (https://clientam.com.hk/php/webhelp/Screens/Account_Information.htm):
  Equity with Loan Value "Cash Account: Settled Cash".
- IB KB 814 (http://ibkb.interactivebrokers.com/node/814): a cash account has no access to sale proceeds
  "until such time the transaction has settled".
- T+1 for US stocks (SEC Rule 15c6-1(a), since 28 May 2024); T+2 for Xetra and FX spot (LYNX,
  https://www.lynxbroker.com/service/trading-and-orders/trading/settlement; IDEALPRO: mustachianpost forum).
- Order reject (error 201) as API users log it: "Available settled cash ... Cash needed for this order and
  other pending orders ..."; the 5% cushion: https://www.interactivebrokers.co.in/en/index.php?f=1588&p=acctypes.
Calendar: Mon 23 Nov 2026, Tue 24, Wed 25, Thu 26 (Thanksgiving, closed), Fri 27, Mon 30.
Commissions: US stock 0.005 a share, minimum 1.00.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, order, trade
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.market.settlement import settlement_date
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    ForceExecution,
    OpenAccount,
    SeedPosition,
    SetPrice,
)
from workstation.engine.messages.events import CashSettled

D = Decimal
SETTLED, TOTAL = AccountTag.SETTLED_CASH, AccountTag.TOTAL_CASH_VALUE
ELV, PREVIOUS = AccountTag.EQUITY_WITH_LOAN_VALUE, AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=EASTERN)


def values(engine, account_id: str, *tags: AccountTag) -> tuple[Decimal, ...]:
    got = engine.account_values(account_id)
    return tuple(got[tag] for tag in tags)


@pytest.fixture
def s1(make_engine):
    """Example S1 up to Tuesday's sale: a cash account with 10,000.00 buys 50 AAPL at 150.00 on Monday
    and sells them at 160.00 on Tuesday."""
    engine = make_engine(start=at(23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),))))
    # Mon 23 Nov: BUY 50 AAPL @ 150.00, commission max(50 x 0.005, 1.00) = 1.00; cost 7,501.00.
    trade(engine, "AAPL", Action.BUY, 50, "150.00", account="C1")
    # TotalCashValue = SettledCash = 10,000.00 - 7,501.00 = 2,499.00 (purchase and commission at trade time)
    assert values(engine, "C1", TOTAL, SETTLED) == (D("2499.00"), D("2499.00"))
    ok(engine.execute(AdvanceClock(at(24, 10))))
    # Mon 16:00: PreviousDayEquityWithLoanValue := ELV = SettledCash = 2,499.00
    assert values(engine, "C1", PREVIOUS) == (D("2499.00"),)
    # Tue 24 Nov: SELL 50 AAPL @ 160.00, commission 1.00; the 8,000.00 proceeds settle T+1 = Wed 25 Nov.
    trade(engine, "AAPL", Action.SELL, 50, "160.00", account="C1")
    return engine


def test_s1_a_sales_proceeds_join_settled_cash_at_the_pre_market_step_of_its_settlement_day(s1):
    engine = s1
    # TotalCashValue = 2,499.00 + 8,000.00 - 1.00 = 10,498.00; SettledCash = 2,499.00 - 1.00 = 2,498.00
    # A cash account's ELV is its settled cash: 2,498.00; NetLiquidation 10,498.00.
    # BuyingPower = min(2,498.00, 2,499.00) - 0.00 = 2,498.00
    assert values(engine, "C1", TOTAL, SETTLED, ELV, AccountTag.NET_LIQUIDATION, AccountTag.BUYING_POWER) == (
        D("10498.00"), D("2498.00"), D("2498.00"), D("10498.00"), D("2498.00"))
    [unsettled] = engine.unsettled_cash("C1")
    assert (unsettled.currency, unsettled.amount, unsettled.settles) == ("USD", D("8000.00"), date(2026, 11, 25))
    # The combined (vectorised) Account Window figures agree.
    totals = engine.account_totals(["C1"]).tags
    assert (totals[SETTLED].tolist(), totals[ELV].tolist()) == ([2498.0], [2498.0])

    # Tue 16:00: PreviousDayEquityWithLoanValue := 2,498.00; still unsettled at 20:00.
    result = ok(engine.execute(AdvanceClock(at(24, 20))))
    assert values(engine, "C1", SETTLED, PREVIOUS) == (D("2498.00"), D("2498.00"))
    assert not [e for e in result.events if type(e) is CashSettled]

    # Wed 25 Nov 04:00, the pre-market step: SettledCash = 2,498.00 + 8,000.00 = 10,498.00 = TotalCashValue.
    # Decision D9.1: the cash settled after the close adds to Previous Day ELV: 2,498.00 + 8,000.00 = 10,498.00,
    # so BuyingPower = min(10,498.00, 10,498.00) = 10,498.00 from the open.
    result = ok(engine.execute(AdvanceClock(at(25, 9))))
    [settled] = [e for e in result.events if type(e) is CashSettled]
    assert (settled.account_id, settled.symbol, settled.amount, settled.time) == ("C1", "AAPL", D("8000.00"),
                                                                                  at(25, 4))
    assert values(engine, "C1", TOTAL, SETTLED, ELV, PREVIOUS, AccountTag.BUYING_POWER) == (
        D("10498.00"), D("10498.00"), D("10498.00"), D("10498.00"), D("10498.00"))
    assert engine.unsettled_cash("C1") == ()
    # Realized P&L = (160 - 150) x 50 - 2.00 = 498.00 = 10,498.00 - 10,000.00
    assert values(engine, "C1", AccountTag.REALIZED_PNL) == (D("498.00"),)


def test_c1_a_cash_account_buys_only_with_settled_cash_and_the_refusal_names_it(s1):
    engine = s1
    # A working GTC BUY 20 KO LMT 60.00 reserves 20 x 60.00 + 1.00 = 1,201.00 (it fits in 2,498.00).
    ok(engine.execute(order("C1", "KO", quantity="20", order_type=OrderType.LMT, lmt="60.00", tif=TimeInForce.GTC)))
    # BUY 60 KO LMT 64.00 needs 60 x 64.00 + 1.00 = 3,841.00; with the pending order 3,841.00 + 1,201.00 = 5,042.00
    # > 2,498.00 settled (though TotalCashValue is 10,498.00).
    refused = assert_refused(engine, order("C1", "KO", quantity="60", order_type=OrderType.LMT, lmt="64.00"),
                             "INSUFFICIENT_CASH", "total_quantity")
    assert refused.message == ("Available settled cash: 2,498.00 USD Cash needed for this order and other pending "
                               "orders: 5,042.00 USD")
    # Wed 25 Nov after settlement (SettledCash 10,498.00): the same order is accepted, and it comes off at once:
    # SettledCash = 10,498.00 - 60 x 64.00 - 1.00 = 6,657.00 once filled.
    ok(engine.execute(AdvanceClock(at(25, 10))))
    order_id = ok(engine.execute(order("C1", "KO", quantity="60", order_type=OrderType.LMT, lmt="1.00"))) \
        .events[0].order_id
    ok(engine.execute(ForceExecution(order_id, D(60), D("64.00"))))
    assert values(engine, "C1", SETTLED) == (D("6657.00"),)


def test_c2_a_market_purchase_needs_a_five_percent_cash_cushion_a_limit_order_does_not(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(2000)),))))
    assert engine.quote("KO").ask == D("64.31")
    # BUY 30 KO MKT: 30 x 64.31 + 1.00 = 1,930.30; with the cushion 1,930.30 x 1.05 = 2,026.82 > 2,000.00.
    refused = assert_refused(engine, order("C1", "KO", quantity="30"), "INSUFFICIENT_CASH", "total_quantity")
    assert refused.message.endswith("Cash needed for this order and other pending orders: 2,026.82 USD")
    # A stop purchase is estimated at its stop and carries the cushion too: (30 x 64.00 + 1.00) x 1.05 = 2,017.05.
    assert_refused(engine, order("C1", "KO", quantity="30", order_type=OrderType.STP, aux="64.00"),
                   "INSUFFICIENT_CASH", "total_quantity")
    # The same as LMT 64.31: 1,930.30 <= 2,000.00 -> accepted.
    ok(engine.execute(order("C1", "KO", quantity="30", order_type=OrderType.LMT, lmt="64.31")))


def test_a_sale_in_a_cash_account_needs_no_settled_cash_its_proceeds_pay_its_commission(make_engine):
    engine = make_engine(start=at(23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(7501)),))))
    trade(engine, "AAPL", Action.BUY, 50, "150.00", account="C1")  # 7,501.00: no cash left
    ok(engine.execute(AdvanceClock(at(24, 10))))
    trade(engine, "AAPL", Action.SELL, 25, "160.00", account="C1")
    # SettledCash = 0.00 - 1.00 (the commission at trade time) = -1.00; TotalCashValue = 4,000.00 - 1.00 = 3,999.00.
    assert values(engine, "C1", SETTLED, TOTAL) == (D("-1.00"), D("3999.00"))
    trade(engine, "AAPL", Action.SELL, 25, "160.00", account="C1")
    assert values(engine, "C1", SETTLED, TOTAL) == (D("-2.00"), D("7998.00"))


def test_d1_1_a_margin_account_reports_settled_cash_too_but_its_elv_is_unchanged(make_engine):
    engine = make_engine(start=at(23, 10))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10000)),))))
    trade(engine, "AAPL", Action.BUY, 50, "150.00", account="U1")
    ok(engine.execute(AdvanceClock(at(24, 10))))
    before = values(engine, "U1", ELV, AccountTag.AVAILABLE_FUNDS)
    trade(engine, "AAPL", Action.SELL, 50, "160.00", account="U1")
    # SettledCash = 2,499.00 - 1.00 = 2,498.00; TotalCashValue = 10,498.00; ELV = cash = 10,498.00 (no positions)
    assert values(engine, "U1", SETTLED, TOTAL, ELV) == (D("2498.00"), D("10498.00"), D("10498.00"))
    assert before != values(engine, "U1", ELV, AccountTag.AVAILABLE_FUNDS)
    ok(engine.execute(AdvanceClock(at(25, 10))))
    assert values(engine, "U1", SETTLED) == (D("10498.00"),)


def test_s3_fx_bought_settles_t_plus_2_so_a_xetra_purchase_with_it_waits(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),),
                                  permissions=("STK", "CASH"))))
    ok(engine.execute(SetPrice("EUR.USD", D("1.0800"))))
    # Tue 24 Nov: BUY 1,000 EUR.USD @ 1.0800: USD -1,080.00 and a 2.00 minimum commission at trade time; the EUR
    # +1,000.00 settles T+2 on NYSE days: Wed 25, (Thu 26 closed), Fri 27.
    trade(engine, "EUR.USD", Action.BUY, 1000, "1.0800", account="C1")
    [eur] = engine.unsettled_cash("C1")
    assert (eur.currency, eur.amount, eur.settles) == ("EUR", D("1000"), date(2026, 11, 27))
    # Wed 25: SettledCash(EUR) = 0.00, TotalCashValue(EUR) = 1,000.00: a SAP (Xetra) purchase paid in EUR waits.
    ok(engine.execute(AdvanceClock(at(25, 10))))
    refused = assert_refused(engine, order("C1", "SAP", quantity="1", order_type=OrderType.LMT, lmt="200.00"),
                             "INSUFFICIENT_CASH", "total_quantity")
    assert refused.message.startswith("Available settled cash: 0.00 EUR")
    ok(engine.execute(AdvanceClock(at(27, 10))))
    ok(engine.execute(order("C1", "SAP", quantity="1", order_type=OrderType.LMT, lmt="200.00")))


def test_a_bust_of_a_sale_takes_its_unsettled_proceeds_back(make_engine):
    engine = make_engine(start=at(23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),),
                                  positions=(SeedPosition("KO", D(100), D("60.00")),))))
    trade(engine, "KO", Action.SELL, 100, "64.00", account="C1")
    assert [u.amount for u in engine.unsettled_cash("C1")] == [D("6400.00")]
    [execution] = engine.executions()
    ok(engine.execute(BustExecution(execution.exec_id)))
    # The proceeds come back out before they settled: nothing is left to settle.
    assert engine.unsettled_cash("C1") == ()
    assert values(engine, "C1", SETTLED) == values(engine, "C1", TOTAL)


@pytest.mark.parametrize(("symbol", "traded", "settles"), [
    ("AAPL", date(2026, 11, 25), date(2026, 11, 27)),   # Thu 26 is Thanksgiving
    ("AAPL", date(2026, 11, 27), date(2026, 11, 30)),   # over the weekend
    ("AAPL", date(2026, 11, 10), date(2026, 11, 12)),   # Wed 11 Nov: Veterans Day, DTC closed, NYSE open
    ("AAPL", date(2026, 10, 9), date(2026, 10, 13)),    # Mon 12 Oct: Columbus Day, DTC closed, NYSE open
    ("AAPL  261218C00230000", date(2026, 11, 24), date(2026, 11, 25)),  # US options T+1
    ("VFIAX", date(2026, 11, 24), date(2026, 11, 25)),  # a fund's own cycle, taken as T+1 (decision D1.4)
    ("SAP", date(2026, 11, 24), date(2026, 11, 27)),    # Xetra T+2 on NYSE days
    ("SAP", date(2026, 11, 10), date(2026, 11, 12)),    # DTC's holidays are for US securities only
    ("EUR.USD", date(2026, 11, 24), date(2026, 11, 27)),  # FX spot T+2
    ("ESZ6", date(2026, 11, 24), date(2026, 11, 24)),   # futures leave nothing unsettled
    ("AAPL", date(2045, 12, 29), date(2045, 12, 30)),   # the calendar's last session: never reached, no fault
])
def test_settlement_dates_follow_the_cycle_and_the_calendar(universe, symbol, traded, settles):
    assert settlement_date(universe.catalog[symbol], traded) == settles
