"""Day-trading buying power of pattern day traders, the refusal of opening orders that exceed it, and the
day-trading call when fills exceed it anyway.

IB's options margin page (https://www.interactivebrokers.ca/html/retailAccount/optionMarginReq.html): "Day
Trading Buying Power = ((lesser of prior night's closing account equity or current account equity) - account
maintenance margin requirement) times 4" and "Opening orders that exceed the account's Day Trading Buying
Power will be rejected." FINRA's day-trading call as brokers publish it
(https://experts123.com/q/what-is-a-day-trading-margin-call-and-how-does-it-affect-my-account.html): DTBP
"reduced to two (2) times maintenance margin excess", five business days to deposit, then "a cash-available
basis for ninety (90) days or until the call is met". Examples D1 and D2 are the research note's (issue 17,
section 6.2); decisions D6.1-D6.4.

The account PDT: margin, USD 30,008.00 on Tue 24 Nov 2026 10:00. Four day trades (BUY then SELL 200 KO at
64.00, 200 x 0.005 = 1.00 commission a side) leave cash 30,008.00 - 8 x 1.00 = 30,000.00 and flag it a pattern
day trader (the fourth day trade in five business days; allowed at or above USD 25,000). At Tuesday's 16:00
close its previous-day equity is recorded: 30,000.00.
"""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, placed_id
from workstation.engine.core.terms import AccountType, Action, ComboLeg, OrderType
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.margin.rates import DEFAULT_RATES
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Deposit,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)

D = Decimal
DTBP = "DayTradingBuyingPower"
WEDNESDAY_10 = datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)


def fill(engine, action, symbol, quantity, price, account="PDT"):
    order_id = placed_id(engine.execute(PlaceOrder(account, symbol, action, D(quantity), OrderType.LMT, D(price))))
    ok(engine.execute(ForceExecution(order_id, D(quantity), D(price))))


def four_day_trades(engine, account="PDT"):
    ok(engine.execute(OpenAccount(account, AccountType.MARGIN, cash=(("USD", D("30008.00")),))))
    for _ in range(4):
        fill(engine, Action.BUY, "KO", 200, "64.00", account)
        fill(engine, Action.SELL, "KO", 200, "64.00", account)


@pytest.fixture
def flagged(make_engine):
    """PDT flagged on Tuesday; Wednesday 10:00, AAPL 150.00, MSFT 420.00."""
    engine = make_engine()
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    four_day_trades(engine)
    ok(engine.execute(AdvanceClock(WEDNESDAY_10)))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    ok(engine.execute(SetPrice("MSFT", D("420.00"))))
    return engine


def test_the_fourth_day_trade_flags_the_account_and_publishes_its_buying_power(make_engine):
    engine = make_engine()
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    ok(engine.execute(OpenAccount("PDT", AccountType.MARGIN, cash=(("USD", D("30008.00")),))))
    for trade in range(4):
        assert DTBP not in engine.account_values("PDT"), f"flagged after {trade} day trades"
        fill(engine, Action.BUY, "KO", 200, "64.00")
        fill(engine, Action.SELL, "KO", 200, "64.00")
    # Flagged on Tuesday, before any close: previous-day equity is the value at opening, 30,008.00, and ELV is
    # 30,000.00: DTBP = 4 x (min(30,008.00, 30,000.00) - 0.00) = 120,000.00.
    assert engine.account_values("PDT")[DTBP] == D("120000.00")


def test_example_d1_intraday_gains_do_not_raise_it_and_maintenance_lowers_it(flagged):
    # Wed 25 Nov 10:00: DTBP = 4 x (min(30,000.00, 30,000.00) - 0.00) = 120,000.00
    values = flagged.account_values("PDT")
    assert values["PreviousDayEquityWithLoanValue"] == D("30000.00") and values[DTBP] == D("120000.00")
    # BUY 400 AAPL @ 150.00 = 60,000.00 (commission 400 x 0.005 = 2.00) -> accepted (60,000.00 <= 120,000.00)
    fill(flagged, Action.BUY, "AAPL", 400, "150.00")
    # 11:00, AAPL at 175.00: ELV = 30,000.00 - 2.00 + 400 x 25.00 = 39,998.00; MM = 25% x 70,000.00 = 17,500.00
    # DTBP = 4 x (min(30,000.00, 39,998.00) - 17,500.00) = 4 x 12,500.00 = 50,000.00
    ok(flagged.execute(SetPrice("AAPL", D("175.00"))))
    values = flagged.account_values("PDT")
    assert values["EquityWithLoanValue"] == D("39998.00") and values["MaintMarginReq-S"] == D("17500.00")
    assert values[DTBP] == D("50000.00")
    # BUY 150 MSFT @ 420.00 = 63,000.00: the margin check passes (IM +15,750.00 <= AvailableFunds 22,498.00) but
    # DTBP after = 4 x (30,000.00 - (17,500.00 + 15,750.00)) = -13,000.00: it would use 63,000.00 > 50,000.00.
    too_much = PlaceOrder("PDT", "MSFT", Action.BUY, D(150), OrderType.LMT, D("420.00"))
    result = assert_refused(flagged, too_much, "DAY_TRADING_BUYING_POWER", "total_quantity")
    assert result.message.startswith("Opening orders that exceed the account's Day Trading Buying Power will be "
                                     "rejected.")
    assert "50,000.00 USD of day trading buying power" in result.message
    assert "would use 63,000.00 USD" in result.message
    preview = flagged.preview(too_much)
    assert preview.rejected.code == "DAY_TRADING_BUYING_POWER" and result.message in preview.warnings
    assert preview.margin.available_funds.after >= 0  # only DTBP stands in the way
    # BUY 100 MSFT @ 420.00 = 42,000.00 <= 50,000.00 -> accepted; DTBP after = 4 x (30,000.00 - 28,000.00) = 8,000.00
    fill(flagged, Action.BUY, "MSFT", 100, "420.00")
    assert flagged.account_values("PDT")[DTBP] == D("8000.00")
    # BUY 50 MSFT (21,000.00 > 8,000.00) is refused; SELL 400 AAPL (closing) is always accepted.
    assert_refused(flagged, PlaceOrder("PDT", "MSFT", Action.BUY, D(50), OrderType.LMT, D("420.00")),
                   "DAY_TRADING_BUYING_POWER", "total_quantity")
    ok(flagged.execute(PlaceOrder("PDT", "AAPL", Action.SELL, D(400), OrderType.LMT, D("175.00"))))
    assert flagged.day_trading_call("PDT") is None


def exceed_with_two_orders(engine):
    """Example D2's situation: two orders, each inside DTBP when entered, fill together beyond it.
    AAPL 400 bought at 150.00 and marked 175.00 (DTBP 50,000.00, as in D1). Two BUY 100 MSFT LMT 420.00
    (42,000.00 each <= 50,000.00) are accepted; both fill (1.00 commission each):
    ELV = 39,998.00 - 2.00 = 39,996.00; MM = 17,500.00 + 2 x 10,500.00 = 38,500.00 (excess liquidity 1,496.00, no
    margin deficit); DTBP = 4 x (min(30,000.00, 39,996.00) - 38,500.00) = -34,000.00: a shortfall of 34,000.00."""
    fill(engine, Action.BUY, "AAPL", 400, "150.00")
    ok(engine.execute(SetPrice("AAPL", D("175.00"))))
    orders = [placed_id(engine.execute(PlaceOrder("PDT", "MSFT", Action.BUY, D(100), OrderType.LMT, D("420.00"))))
              for _ in range(2)]
    for order_id in orders:
        ok(engine.execute(ForceExecution(order_id, D(100), D("420.00"))))
    assert engine.account_values("PDT")[DTBP] == D("-34000.00")
    # Everything is sold again before the close (no Reg T call muddles the day): SELL 400 AAPL @ 175.00
    # (commission 2.00) and 200 MSFT @ 420.00 (1.00). Cash = 30,000.00 - 60,002.00 - 84,002.00 + 69,998.00
    # + 83,999.00 = 39,993.00.
    fill(engine, Action.SELL, "AAPL", 400, "175.00")
    fill(engine, Action.SELL, "MSFT", 200, "420.00")
    assert engine.cash("PDT")["USD"] == D("39993.00")


def test_example_d2_fills_beyond_it_make_a_call_at_the_close_and_a_deposit_meets_it(flagged):
    exceed_with_two_orders(flagged)
    assert flagged.day_trading_call("PDT") is None  # recorded at the close, not before
    ok(flagged.execute(AdvanceClock(datetime(2026, 11, 25, 17, 0, tzinfo=EASTERN))))
    # The call: 34,000.00, due five business days after Wed 25 Nov, Thanksgiving skipped: Thu 3 Dec.
    assert flagged.day_trading_call("PDT") == DayTradingCall(D("34000.00"), date(2026, 11, 25), date(2026, 12, 3))
    # While it is open DTBP is 2 x maintenance excess: 2 x (min(39,993.00, 39,993.00) - 0.00) = 79,986.00
    assert flagged.account_values("PDT")[DTBP] == D("79986.00")
    # 20,000.00 deposited meets part of it; 14,000.00 more meets it: DTBP is 4 x again. Previous-day equity
    # moves with the deposits (D9.1): 39,993.00 + 34,000.00 = 73,993.00 -> 4 x 73,993.00 = 295,972.00
    ok(flagged.execute(Deposit("PDT", "USD", D("20000.00"))))
    assert flagged.day_trading_call("PDT").outstanding == D("14000.00")
    ok(flagged.execute(Deposit("PDT", "USD", D("14000.00"))))
    assert flagged.day_trading_call("PDT") is None
    assert flagged.account_values("PDT")[DTBP] == D("295972.00")


def test_an_unmet_call_restricts_the_account_to_its_cash_for_90_days(flagged):
    exceed_with_two_orders(flagged)
    ok(flagged.execute(AdvanceClock(datetime(2026, 12, 3, 17, 0, tzinfo=EASTERN))))
    # Unmet at the close of its due day (Thu 3 Dec): cash-available basis until 3 Dec + 90 days = Wed 3 Mar 2027.
    call = flagged.day_trading_call("PDT")
    assert call.restricted_until == date(2027, 3, 3)
    ok(flagged.execute(AdvanceClock(datetime(2026, 12, 4, 10, 0, tzinfo=EASTERN))))
    ok(flagged.execute(SetPrice("KO", D("64.00"))))
    # Cash 39,993.00. BUY 700 KO LMT 64.00 = 44,800.00 + 3.50 borrows (cash -4,810.50) -> refused, although
    # DTBP, 2 x 39,993.00 = 79,986.00, and the margin would allow it. BUY 600 KO (38,403.00) is paid from cash.
    result = assert_refused(flagged, PlaceOrder("PDT", "KO", Action.BUY, D(700), OrderType.LMT, D("64.00")),
                            "DAY_TRADING_BUYING_POWER", "total_quantity")
    assert "cash-available basis until 2027-03-03" in result.message
    assert "USD cash at -4,810.50" in result.message
    ok(flagged.execute(PlaceOrder("PDT", "KO", Action.BUY, D(600), OrderType.LMT, D("64.00"))))


def test_futures_and_accounts_not_flagged_are_not_limited(flagged):
    # An account under no flag (U1, USD 30,000.00, no day trades) buys what its funds allow: 150 MSFT
    # (63,000.00; IM 15,750.00) with DTBP not published. Futures never count (ESZ6 at 100.00, 1 contract).
    ok(flagged.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(30000)),))))
    ok(flagged.execute(PlaceOrder("U1", "MSFT", Action.BUY, D(150), OrderType.LMT, D("420.00"))))
    assert DTBP not in flagged.account_values("U1")
    fill(flagged, Action.BUY, "AAPL", 400, "150.00")
    ok(flagged.execute(SetPrice("ESZ6", D("100.00"))))
    ok(flagged.execute(PlaceOrder("PDT", "ESZ6", Action.BUY, D(1), OrderType.LMT, D("100.00"))))


def test_the_switch_turns_pattern_day_trading_off(make_engine):
    # D6.4: FINRA replaced the PDT framework in July 2026. With MarginRates.pattern_day_trading off, four day
    # trades flag nothing, DayTradesRemaining is unlimited (-1) and nothing is refused for day trading.
    engine = make_engine()
    engine._margin.rates = replace(DEFAULT_RATES, pattern_day_trading=False)  # the rates the engine was built with
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    four_day_trades(engine)
    assert DTBP not in engine.account_values("PDT")
    # A small account past three day trades is no longer blocked either.
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(10000)),))))
    for _ in range(4):
        fill(engine, Action.BUY, "KO", 1, "64.00", "S1")
        fill(engine, Action.SELL, "KO", 1, "64.00", "S1")
    assert engine.account_values("S1")["DayTradesRemaining"] == D(-1)


def test_an_advisors_allocation_is_not_reduced_for_dtbp_and_its_fill_makes_the_call(make_engine):
    # D6.3: IB refuses orders beyond DTBP at entry; an advisor's allocation is planned on each client's margin
    # (available funds), so a fill beyond a client's DTBP is the case a call is recorded for.
    # PDT, a client of FA, flagged as above; Wed: 400 AAPL at 150.00 marked 175.00 -> DTBP 50,000.00 and
    # AvailableFunds 22,498.00. FA buys 200 MSFT LMT 420.00 (84,000.00) for its one client: IM +21,000.00 <=
    # 22,498.00, so PDT gets all 200; the preview warns in IB's words. Filled: ELV 39,998.00 - 1.00 = 39,997.00,
    # MM 17,500.00 + 21,000.00 = 38,500.00 -> DTBP 4 x (30,000.00 - 38,500.00) = -34,000.00: the call at the close.
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("PDT", AccountType.MARGIN, cash=(("USD", D("30008.00")),), advisor="FA")))
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    for _ in range(4):
        fill(engine, Action.BUY, "KO", 200, "64.00")
        fill(engine, Action.SELL, "KO", 200, "64.00")
    ok(engine.execute(AdvanceClock(WEDNESDAY_10)))
    ok(engine.execute(SetPrice("MSFT", D("420.00"))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    fill(engine, Action.BUY, "AAPL", 400, "150.00")
    ok(engine.execute(SetPrice("AAPL", D("175.00"))))
    allocation = PlaceOrder("FA", "MSFT", Action.BUY, D(200), OrderType.LMT, D("420.00"), fa_group="All",
                            fa_method="Equal")
    preview = engine.preview(allocation)
    assert preview.rejected is None
    assert any(w.startswith("Opening orders that exceed the account's Day Trading Buying Power will be rejected. "
                            "Account PDT") for w in preview.warnings)
    order_id = placed_id(engine.execute(allocation))
    ok(engine.execute(ForceExecution(order_id, D(200), D("420.00"))))
    assert engine.account_values("PDT")[DTBP] == D("-34000.00")
    fill(engine, Action.SELL, "AAPL", 400, "175.00")
    fill(engine, Action.SELL, "MSFT", 200, "420.00")
    ok(engine.execute(AdvanceClock(datetime(2026, 11, 25, 17, 0, tzinfo=EASTERN))))
    assert engine.day_trading_call("PDT").amount == D("34000.00")


def test_raising_an_orders_quantity_is_checked_as_a_new_order_is(flagged):
    # D1 at 11:00 (DTBP 50,000.00): BUY 100 MSFT LMT 410.00 (not marketable) is accepted; raising it to 150 shares
    # is refused with the same code. DTBP is used by 4 x the maintenance the position adds, valued at the market
    # (420.00): 4 x 25% x 150 x 420.00 = 63,000.00 > 50,000.00 (equity gained below the limit does not count:
    # ELV stays above the previous day's 30,000.00).
    fill(flagged, Action.BUY, "AAPL", 400, "150.00")
    ok(flagged.execute(SetPrice("AAPL", D("175.00"))))
    order_id = placed_id(flagged.execute(PlaceOrder("PDT", "MSFT", Action.BUY, D(100), OrderType.LMT, D("410.00"))))
    result = assert_refused(flagged, ModifyOrder(order_id, total_quantity=D(150)), "DAY_TRADING_BUYING_POWER",
                            "total_quantity")
    assert "would use 63,000.00 USD" in result.message


def test_a_combo_is_checked_against_it_too(flagged):
    # D1 at 11:00 (DTBP 50,000.00, AvailableFunds 22,498.00). A combo of 50 MSFT and 50 KO a unit is 50 x 420.00
    # + 50 x 64.00 = 24,200.00. 3 units, 72,600.00: IM +18,150.00 <= 22,498.00 passes the margin check, but they
    # would use 4 x 18,150.00 = 72,600.00 > 50,000.00 -> refused. 2 units (48,400.00) are accepted.
    fill(flagged, Action.BUY, "AAPL", 400, "150.00")
    ok(flagged.execute(SetPrice("AAPL", D("175.00"))))
    legs = (ComboLeg("MSFT", Action.BUY, 50), ComboLeg("KO", Action.BUY, 50))
    result = assert_refused(flagged, PlaceOrder("PDT", "", Action.BUY, D(3), OrderType.MKT, legs=legs),
                            "DAY_TRADING_BUYING_POWER", "total_quantity")
    assert "would use 72,600.00 USD" in result.message
    ok(flagged.execute(PlaceOrder("PDT", "", Action.BUY, D(2), OrderType.MKT, legs=legs)))


@pytest.mark.parametrize("seed", range(3))
def test_the_quick_check_never_clears_an_order_the_exact_figures_refuse(flagged, seed):
    # The desk skips the exact figures when the running ones are far from the limit (the quick check);
    # it must never clear an order whose exact day-trading buying power after it is negative.
    import random  # noqa: PLC0415

    from workstation.engine.margin.day_trading import buying_power_of  # noqa: PLC0415

    rng = random.Random(seed)
    engine, margin = flagged, flagged._margin
    state, account = flagged._state, flagged._state.accounts["PDT"]
    cleared = refused = 0
    for _ in range(60):
        symbol = rng.choice(["AAPL", "MSFT", "KO"])
        price = engine.quote(symbol).last
        fills = [margin.proposed_fill(symbol, Action.BUY, D(rng.choice([1, 10, 50, 100, 200, 400])), price)]
        impact = margin.impact(account, fills, state.now)
        exact_after = buying_power_of(state, "PDT", engine.account_values("PDT"), impact.equity_with_loan.change,
                                      impact.maintenance_margin.change)
        if margin.clearly_within_day_trading_power(account, fills, state.now, state.previous_day_elv.get("PDT")):
            cleared += 1
            assert exact_after >= 0, (symbol, fills[0].quantity)
        else:
            refused += exact_after < 0
        if rng.random() < 0.3:  # trade now and then, so the running figures move
            fill(engine, Action.BUY, symbol, 10, str(price))
    assert cleared and refused  # both sides of the limit were met
