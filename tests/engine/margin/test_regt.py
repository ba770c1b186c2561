"""Reg T margin of stocks and options (with strategies), as ib-domain §9.4 and §9.5 work them
by hand in comments."""

from decimal import Decimal

import pytest

from tests.factories import C220, C230, C240, C250, P210, P220, ok, trade
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.margin.rates import DEFAULT_RATES
from workstation.engine.margin.regt import stock_requirement
from workstation.engine.messages.commands import OpenAccount, SeedPosition, SetPrice

D = Decimal


# -- Reg T stocks (ib-domain §9.4) -------------------------------------------------------------------

def test_a_long_stock_needs_a_quarter_now_and_half_at_the_close(desk):
    trade(desk, "KO", Action.BUY, 100, "50.00")
    ok(desk.execute(SetPrice("KO", D("50.00"))))
    tags = desk.account_values("M1")
    assert tags["InitMarginReq"] == D("1250.00")    # 25% x 5,000 (R1)
    assert tags["MaintMarginReq"] == D("1250.00")
    assert tags["RegTMargin"] == D("2500.00")       # 50% x 5,000 at the end of the day
    # ELV = cash 94,999 (after 5,000 and 1.00 commission) + stock 5,000
    assert tags["EquityWithLoanValue"] == D("99999.00")
    assert tags["AvailableFunds"] == D("99999.00") - D("1250.00")
    assert tags["BuyingPower"] == 4 * tags["AvailableFunds"]


@pytest.mark.parametrize(("price", "maintenance"), [
    ("20.00", "600.00"),   # 30% x 2,000 (R2)
    ("10.00", "500.00"),   # $5.00 a share beats 30% x 1,000 (R3)
    ("3.00", "300.00"),    # 100% of 300 beats $2.50 a share (R4)
    ("1.00", "250.00"),    # $2.50 a share (R5)
])
def test_short_stock_maintenance_follows_the_low_priced_rules(desk, price, maintenance):
    trade(desk, "KO", Action.SELL, 100, price)
    ok(desk.execute(SetPrice("KO", D(price))))
    assert desk.account_values("M1")["MaintMarginReq"] == D(maintenance)


def test_a_holding_above_one_percent_of_the_shares_outstanding_is_margined_more_up_to_full_at_five(desk):
    outstanding = float(desk.universe.catalog["F"].shares_outstanding)

    def requirement(fraction):
        shares = fraction * outstanding
        initial, maintenance, _ = stock_requirement(shares, 10.0, 1.0, 1.0, True, DEFAULT_RATES,
                                                    outstanding=outstanding)
        return initial / (shares * 10.0), maintenance / (shares * 10.0)

    assert requirement(0.01) == pytest.approx((0.25, 0.25))         # the normal rates up to 1%
    assert requirement(0.03) == pytest.approx((0.625, 0.625))       # halfway: 25% + 75% x 1/2
    assert requirement(0.05) == pytest.approx((1.0, 1.0))           # fully margined from 5%
    assert requirement(0.20) == pytest.approx((1.0, 1.0))
    # Through the account: 3% of Ford's shares needs 62.5% of their value.
    engine = desk
    shares = D(int(outstanding * 0.03))
    ok(engine.execute(OpenAccount("BIG", AccountType.MARGIN, cash=(("USD", D(10**10)),),
                                  positions=(SeedPosition("F", shares, D(10)),))))
    ok(engine.execute(SetPrice("F", D(10))))
    assert engine.account_values("BIG")["MaintMarginReq"] == (shares * 10 * D("0.625")).quantize(D("0.01"))


def test_a_leveraged_etf_multiplies_the_rates_and_a_fund_is_paid_in_full(desk):
    trade(desk, "TQQQ", Action.BUY, 100, "80.00")
    ok(desk.execute(SetPrice("TQQQ", D("80.00"))))
    tags = desk.account_values("M1")
    assert tags["InitMarginReq"] == D("6000.00")   # min(3 x 25%, 100%) x 8,000 (R6)
    assert tags["RegTMargin"] == D("8000.00")      # min(3 x 50%, 100%)


# -- Reg T options (ib-domain §5.4, §9.5) --------------------------------------------------------------

def option_margin(engine, legs):
    for symbol, action, quantity, price in legs:
        trade(engine, symbol, action, quantity, price)
    return engine.account_values("M1")["MaintMarginReq"]


def test_a_naked_call_needs_its_value_and_20_percent_of_the_underlying_less_out_of_the_money(desk):
    value = desk.quote(C240).last
    # 240 call with AAPL at 232.50: value + max(20% x 232.50 - 7.50, 10% x 232.50) = value + 39.00
    expected = (value + D("39.00")) * 100
    assert option_margin(desk, [(C240, Action.SELL, 1, "3.00")]) == expected


def test_a_naked_put_floor_is_ten_percent_of_the_strike(desk):
    value = desk.quote(P210).last
    # 210 put: 20% x 232.50 - 22.50 = 24.00 beats 10% x 210 = 21.00
    assert option_margin(desk, [(P210, Action.SELL, 2, "1.00")]) == (value + D("24.00")) * 200


def test_a_credit_call_spread_needs_its_width_and_a_debit_spread_nothing(desk):
    assert option_margin(desk, [(C240, Action.BUY, 1, "3.00"), (C230, Action.SELL, 1, "7.40")]) == D("1000.00")
    # The other way round it is a debit spread: paid for, no margin (O8's mirror).
    ok(desk.execute(OpenAccount("M2", AccountType.MARGIN, cash=(("USD", D(100000)),), permissions=("OPT",))))
    trade(desk, C230, Action.BUY, 1, "7.40", account="M2")
    trade(desk, C240, Action.SELL, 1, "3.00", account="M2")
    assert desk.account_values("M2")["MaintMarginReq"] == 0


def test_butterflies_and_iron_condors_are_margined_by_their_worst_loss_at_expiry(desk):
    long_fly = [(C220, Action.BUY, 1, "14"), (C230, Action.SELL, 2, "7.40"), (C240, Action.BUY, 1, "3.00")]
    assert option_margin(desk, long_fly) == 0                      # O10: nothing beyond the debit


def test_a_short_butterfly_needs_its_wing(desk):
    short_fly = [(C230, Action.BUY, 2, "7.40"), (C220, Action.SELL, 1, "14"), (C240, Action.SELL, 1, "3.00")]
    assert option_margin(desk, short_fly) == D("1000.00")          # O11: the 10-point wing


def test_an_iron_condor_needs_the_greater_wing(desk):
    condor = [(P210, Action.BUY, 1, "1.00"), (P220, Action.SELL, 1, "2.50"),
              (C240, Action.SELL, 1, "3.00"), (C250, Action.BUY, 1, "1.20")]
    assert option_margin(desk, condor) == D("1000.00")


def test_a_covered_call_needs_the_stock_margin_only(desk):
    # O12 with the demo's prices: long 100 AAPL, short 1 240 call, out of the money:
    # max(0 + 25% x 100 x min(232.50, 240), min(23,250, max(call value, 5,812.50))) = 5,812.50
    ok(desk.execute(OpenAccount("M3", AccountType.MARGIN, cash=(("USD", D(100000)),), permissions=("STK", "OPT"),
                                positions=(SeedPosition("AAPL", D(100), D("232.50")),))))
    trade(desk, C240, Action.SELL, 1, "3.00", account="M3")
    assert desk.account_values("M3")["InitMarginReq"] == D("5812.50")


def test_a_short_straddle_needs_the_larger_side_and_the_other_sides_value(desk):
    put = "AAPL  261218P00230000"
    call_value, put_value = desk.quote(C230).last, desk.quote(put).last
    # call: value + max(46.50 - 0, 23.25) = value + 46.50; put: value + max(46.50 - 2.50, 23.00) = value + 44.00
    call_naked, put_naked = call_value + D("46.50"), put_value + D("44.00")
    expected = (max(call_naked, put_naked) + (put_value if call_naked >= put_naked else call_value)) * 100
    assert option_margin(desk, [(C230, Action.SELL, 1, "7.40"), (put, Action.SELL, 1, "5.00")]) == expected
