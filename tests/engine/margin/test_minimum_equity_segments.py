"""IB's USD 2,000 minimum for borrowing where the commodities segment holds cash: the futures' margin deposit
does not pay for a securities purchase, so a purchase that leaves the securities segment's cash in debit borrows.

IB: "should the account balance fall below USD 2,000 IBKR is precluded, by regulation, from affording margin
treatment" (https://ibkr.info/es/tag/margin?page=7); the segments (research note §8.1, IB Account Management,
Excess Funds Sweep): "two underlying accounts or account segments", the commodities cash being what "satisf[ies]
margin requirements" of futures. Example G1 of the research note at 10:00 ET (intraday, decision D7.1):
BUY 1 ESZ6 @ 5,931.75, mark 5,931.25, commission 0.85 in -C; IM-C = 9,786.56, MM-C = 8,896.88; the sweep moves
9,812.41 of securities cash; ELV-C = 9,786.56 - 8,896.88 = 889.68. KO at 64.00 (ask 64.01); commission 1.00.
"""

from decimal import Decimal

from tests.factories import assert_refused, ok, trade
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SeedPosition, SetPrice

D = Decimal


def _holding_esz6(make_engine, cash: str, positions=()):
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(cash)),), positions=positions,
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    return engine


def ko_buy(quantity):
    return PlaceOrder("M1", "KO", Action.BUY, D(quantity), OrderType.LMT, D("64.00"))


def test_a_purchase_that_leaves_securities_cash_in_debit_borrows_though_the_commodities_segment_holds_cash(
        make_engine):
    # Cash 10,500.00: cash-S = 10,500.00 - 9,812.41 = 687.59; ELV = 687.59 + 889.68 = 1,577.27 < 2,000.00.
    engine = _holding_esz6(make_engine, "10500")
    values = engine.account_values("M1")
    assert (values["TotalCashValue-S"], values["EquityWithLoanValue"]) == (D("687.59"), D("1577.27"))
    # BUY 15 KO LMT 64.00: 960.00 + 1.00 = 961.00 > 687.59: securities cash -273.41, a loan; ELV after
    # 1,577.27 - 1.00 = 1,576.27 < 2,000.00 -> refused (the 9,811.56 in -C is the futures' margin).
    expected = ("account M1 would have 1,576.27 USD of equity with loan value, under the USD 2,000 IB needs to lend "
                "(\"should the account balance fall below USD 2,000 IBKR is precluded, by regulation, from affording "
                "margin treatment\"), and the order borrows: it leaves USD cash in the securities segment at "
                "-273.41 (from 687.59), a debit balance. Orders paid in full from cash and closing orders are "
                "accepted")
    assert expected in engine.preview(ko_buy("15")).warnings  # the preview says what the refusal says
    refused = assert_refused(engine, ko_buy("15"), "INSUFFICIENT_MARGIN", "total_quantity")
    assert refused.message == expected
    # BUY 10 KO LMT 64.00: 641.00 <= 687.59, paid in full from securities cash -> accepted.
    ok(engine.execute(ko_buy("10")))


def test_the_quick_credit_check_judges_the_minimum_on_the_reported_equity_with_loan_value(make_engine):
    # Cash 10,000.00 and 10 KO held: cash-S = 10,000.00 - 9,812.41 = 187.59; ELV-S = 187.59 + 10 x 64.00 =
    # 827.59; ELV = 827.59 + 889.68 = 1,717.27 < 2,000.00, though the segments' equity before the futures
    # maintenance (1,717.27 + 8,896.88 = 10,614.15) is above it.
    engine = _holding_esz6(make_engine, "10000", (SeedPosition("KO", D(10), D(60)),))
    assert engine.account_values("M1")["EquityWithLoanValue"] == D("1717.27")
    # BUY 4 KO LMT 64.00: 256.00 + 1.00 = 257.00 > 187.59: securities cash -69.41, a loan -> refused, as the
    # preview warns.
    [warning] = [w for w in engine.preview(ko_buy("4")).warnings if "USD 2,000" in w]
    refused = assert_refused(engine, ko_buy("4"), "INSUFFICIENT_MARGIN", "total_quantity")
    assert refused.message == warning
    assert "it leaves USD cash in the securities segment at -69.41 (from 187.59)" in refused.message
