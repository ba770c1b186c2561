"""The Excess Funds Sweep moves only settled securities cash: where settlement and the segments meet.

Source: MEXEM FAQ "Insufficient Settled Cash" (research note §2.1 and §8.1): a user who has "sold or closed a
position in the Securities segment and [is] attempting to apply the proceeds from that transaction to a new
futures or futures option transaction" is refused because "securities and commodities transactions are subject
to distinct regulation ... which require that settlement be completed before proceeds can be transferred between
the two account segments". Research note §8.4: "The sweep is limited to the securities segment's settled cash".
Commissions: US stock 0.005 a share, minimum 1.00; ESZ6 0.85 a contract, booked to the commodities segment.
"""

from datetime import datetime
from decimal import Decimal

from tests.factories import ok, trade
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SeedPosition, SetPrice

D = Decimal


def test_unsettled_sale_proceeds_are_not_swept_to_commodities_until_they_settle(make_engine):
    engine = make_engine()  # Tue 24 Nov 2026 10:00 ET, intraday futures margin
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(1000)),),
                                  positions=(SeedPosition("AAPL", D(100), D(200)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("AAPL", D("200.00"))))
    # SELL 100 AAPL @ 200.00: proceeds 20,000.00 settle Wed 25 (T+1); commission 1.00 now.
    # TotalCashValue = 1,000.00 + 20,000.00 - 1.00 = 20,999.00; SettledCash = 999.00.
    trade(engine, "AAPL", Action.SELL, "100", "200.00")
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    # As example G1 at 10:00 (intraday): IM-C = 9,786.56; NLV-C = -0.85 - 25.00 = -25.85; wanted 9,812.41.
    # Only the 999.00 of settled securities cash may move: cash-C = -0.85 + 999.00 = 998.15,
    # NLV-C = 998.15 - 25.00 = 973.15; AvailableFunds-C = 973.15 - 9,786.56 = -8,813.41 (a real deficiency).
    values = engine.account_values("M1")
    assert values["TotalCashValue-C"] == D("973.15")
    assert values["TotalCashValue-S"] == D("20000.00")  # 20,973.15 - 973.15: the unsettled proceeds stay
    assert values["AvailableFunds-C"] == D("-8813.41")
    assert values["SettledCash"] == D("998.15")  # 20,973.15 + 25.00 (FuturesPNL) - 20,000.00 unsettled

    # Wed 25 Nov: the proceeds settle at the pre-market step; the sweep then tops -C up to its initial margin
    # (from the 09:30 open, intraday again: 9,786.56): 9,786.56 - 973.15 = 8,813.41 more, cash-C = 9,811.56.
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 25, 10, tzinfo=EASTERN))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["TotalCashValue-C"] == D("9786.56")  # 9,811.56 - 25.00, as in G1
    assert values["TotalCashValue-S"] == D("11186.59")  # 20,973.15 - 9,786.56


def test_an_unsettled_futures_option_premium_is_not_swept_to_securities_until_it_settles(make_engine):
    # The same rule the other way: the commodities segment's proceeds reach securities once settled.
    engine = make_engine()  # Tue 24 Nov 2026 10:00 ET
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("AAPL", D("200.00"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")  # G1 at 10:00: cash-C 9,811.56, cash-S 90,187.59
    ok(engine.execute(SetPrice("ESZ6", D("6331.25"))))  # +400 points: FuturesPNL = 399.50 x 50 = 19,975.00
    # SELL 1 ESZ6 P5700 @ 20.00: premium 20.00 x 50 = 1,000.00 to -C, settling Wed 25; commission 0.85 in -C:
    # cash-C = 9,811.56 + 1,000.00 - 0.85 = 10,810.71, of which 9,810.71 settled.
    trade(engine, "ESZ6 P5700", Action.SELL, "1", "20.00")
    assert engine.account_values("M1")["TotalCashValue-C"] == D("30785.71")  # 10,810.71 + 19,975.00
    # BUY 550 AAPL @ 200.00: 110,000.00 + 2.75 commission; cash-S = 90,187.59 - 110,002.75 = -19,815.16, a
    # debit paid from the commodities cash above IM-C (AvailableFunds-C 19,583.74): its settled 9,810.71 only.
    # cash-C = 1,000.00 (the premium, unsettled); TotalCashValue-C = 1,000.00 + 19,975.00 = 20,975.00;
    # TotalCashValue-S = -19,815.16 + 9,810.71 = -10,004.45 (integ17 moved 10,810.71: 19,975.00 and -9,004.45).
    trade(engine, "AAPL", Action.BUY, "550", "200.00")
    values = engine.account_values("M1")
    assert (values["TotalCashValue-C"], values["TotalCashValue-S"]) == (D("20975.00"), D("-10004.45"))
