"""Combination orders: legs traded together for a net price, and an advisor's combos allocated as
a unit (guaranteed) or leg by leg (non-guaranteed smart combos)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, assert_refused, ok, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import (
    AccountType,
    Action,
    AllocationMethod,
    ComboLeg,
    OrderStatus,
    OrderType,
    TimeInForce,
)
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    DefineGroup,
    DefineModel,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
)
from workstation.engine.orders.matching import combo_net_price

D = Decimal
C230 = "AAPL  261218C00230000"  # bid 7.31 x 10, ask 7.55 x 190 with AAPL at 232.50
C240 = "AAPL  261218C00240000"  # bid 3.00 x 20, ask 3.10 x 140
SPREAD = (ComboLeg(C230, Action.BUY, 1), ComboLeg(C240, Action.SELL, 1))


def combo(account="U1", action=Action.BUY, units="5", lmt=None, legs=SPREAD, guaranteed=True, **fa) -> PlaceOrder:
    return PlaceOrder(account, "", action, D(units), OrderType.LMT if lmt else OrderType.MKT,
                      D(lmt) if lmt else None, legs=legs, guaranteed=guaranteed, **fa)


def legs_of(engine, combo_id):
    return [engine.order(leg_id) for leg_id in engine.order(combo_id).combo.leg_ids]


@pytest.fixture
def trader(make_engine) -> Engine:
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT"))))
    return engine


def test_a_vertical_spread_buys_and_sells_its_legs_together_at_the_net_price(trader):
    combo_id = placed_id(trader.execute(combo(lmt="4.60")))

    bought, sold = legs_of(trader, combo_id)
    spread = trader.order(combo_id)
    assert spread.status is OrderStatus.FILLED and spread.filled == 5
    assert spread.avg_fill_price == D("4.55")  # 7.55 paid for the 230 call, 3.00 received for the 240
    assert (bought.action, bought.filled, bought.avg_fill_price) == (Action.BUY, 5, D("7.55"))
    assert (sold.action, sold.filled, sold.avg_fill_price) == (Action.SELL, 5, D("3.00"))
    # Each leg pays its own commission (0.65 a contract), and the combo shows their sum.
    assert bought.commission == sold.commission == D("3.25")
    assert spread.commission == D("6.50")
    account = trader.account("U1")
    assert account.position_quantity(C230) == 5 and account.position_quantity(C240) == -5
    assert account.cash_in("USD") == D(100000) - 5 * D("4.55") * 100 - D("6.50")
    assert [e.symbol for e in trader.executions()] == [C230, C240]


def test_a_limit_combo_waits_for_its_net_price_and_a_credit_spread_sells_for_a_credit(trader):
    # Selling the spread receives 7.31 - 3.10 = 4.21 now; the limit asks for more.
    combo_id = placed_id(trader.execute(combo(action=Action.SELL, units="2", lmt="4.30")))
    assert trader.order(combo_id).status is OrderStatus.SUBMITTED and not trader.executions()

    ok(trader.execute(ModifyOrder(combo_id, lmt_price=D("4.20"))))

    sold, bought = legs_of(trader, combo_id)
    assert (sold.action, sold.avg_fill_price, bought.action, bought.avg_fill_price) == (
        Action.SELL, D("7.31"), Action.BUY, D("3.10"))
    assert trader.order(combo_id).avg_fill_price == D("4.21")


def test_a_debit_limit_below_the_net_leaves_the_combo_working_and_a_negative_limit_is_a_credit(trader):
    placed_id(trader.execute(combo(lmt="4.50")))  # costs 4.55 now
    reversed_legs = (ComboLeg(C240, Action.BUY, 1), ComboLeg(C230, Action.SELL, 1))
    credit_id = placed_id(trader.execute(combo(lmt="-4.30", legs=reversed_legs)))  # pays -4.21: a credit too small
    assert not trader.executions()
    ok(trader.execute(ModifyOrder(credit_id, lmt_price=D("-4.21"))))
    assert trader.order(credit_id).status is OrderStatus.FILLED
    assert trader.order(credit_id).avg_fill_price == D("-4.21")


def test_a_guaranteed_combo_fills_whole_units_only_as_far_as_every_book_allows(trader):
    # Selling the spread sells the 230 call into a bid of only 10.
    combo_id = placed_id(trader.execute(combo(action=Action.SELL, units="25")))
    spread = trader.order(combo_id)
    assert spread.filled == 10 and spread.status is OrderStatus.SUBMITTED
    assert [leg.filled for leg in legs_of(trader, combo_id)] == [10, 10]


def test_a_non_guaranteed_combo_legs_in_unevenly_and_counts_only_whole_units(trader):
    combo_id = placed_id(trader.execute(combo(action=Action.SELL, units="25", guaranteed=False)))

    first, second = legs_of(trader, combo_id)
    assert (first.filled, second.filled) == (10, 25)  # the 240 call's ask shows 140
    assert trader.order(combo_id).filled == 10
    assert first.status is OrderStatus.SUBMITTED and second.status is OrderStatus.FILLED
    account = trader.account("U1")
    assert account.position_quantity(C230) == -10 and account.position_quantity(C240) == 25


def test_a_forced_execution_cannot_take_a_leg_past_its_size(trader):
    combo_id = placed_id(trader.execute(combo(action=Action.SELL, units="25", guaranteed=False)))  # legs 10 / 25
    assert_refused(trader, ForceExecution(combo_id, D(11), leg_prices=(D("7.30"), D("3.10"))), "INVALID_QUANTITY",
                   "quantity")
    second_leg = trader.order(combo_id).combo.leg_ids[1]
    assert_refused(trader, ForceExecution(second_leg, D(1), D("3.10")), "ORDER_ALREADY_DONE", "order_id")
    ok(trader.execute(ForceExecution(trader.order(combo_id).combo.leg_ids[0], D(15), D("7.30"))))
    assert trader.order(combo_id).status is OrderStatus.FILLED


def test_cancelling_a_combo_cancels_its_working_legs(trader):
    combo_id = placed_id(trader.execute(combo(lmt="1.00")))
    ok(trader.execute(CancelOrder(combo_id)))
    assert {o.status for o in [trader.order(combo_id), *legs_of(trader, combo_id)]} == {OrderStatus.CANCELLED}


def test_a_day_combo_expires_at_the_close_with_its_legs(trader):
    combo_id = placed_id(trader.execute(combo(lmt="1.00")))
    close = trader.now.replace(hour=16, minute=1)
    ok(trader.execute(AdvanceClock(close)))
    assert {o.status for o in [trader.order(combo_id), *legs_of(trader, combo_id)]} == {OrderStatus.CANCELLED}
    assert trader.order(combo_id).status_reason == "DAY order expired at the close"


def test_a_forced_combo_execution_prices_every_leg(trader):
    combo_id = placed_id(trader.execute(combo(lmt="1.00", units="4")))
    ok(trader.execute(ForceExecution(combo_id, D(3), leg_prices=(D("7.40"), D("3.05")))))
    spread = trader.order(combo_id)
    assert (spread.filled, spread.avg_fill_price, spread.status) == (3, D("4.35"), OrderStatus.SUBMITTED)


@pytest.mark.parametrize(("command", "code", "field"), [
    (combo(legs=SPREAD[:1]), "INVALID_COMBO", "legs"),
    (combo(legs=(SPREAD[0], ComboLeg(C230, Action.SELL, 2))), "INVALID_COMBO", "legs"),
    (combo(legs=(SPREAD[0], ComboLeg("NOPE", Action.SELL, 1))), "UNKNOWN_CONTRACT", "legs[1].symbol"),
    (combo(legs=(ComboLeg("KO", Action.BUY, 1), ComboLeg("EUR.USD", Action.SELL, 1))), "INVALID_COMBO",
     "legs[1].symbol"),
    (combo(legs=(ComboLeg("KO", Action.BUY, 1), ComboLeg("SAP", Action.SELL, 1))), "INVALID_COMBO", "legs"),
    (PlaceOrder("U1", "", Action.BUY, D(1), OrderType.STP, aux_price=D(5), legs=SPREAD), "INVALID_ORDER_TYPE",
     "order_type"),
    (combo(lmt="4.555"), "INVALID_PRICE", "lmt_price"),
    (combo(units="0"), "INVALID_QUANTITY", "total_quantity"),
    (combo(legs=(ComboLeg("KO", Action.BUY, 1), ComboLeg("ESZ6", Action.SELL, 1))), "NO_TRADING_PERMISSION",
     "legs[1].symbol"),
])
def test_a_bad_combo_is_refused_naming_the_field(trader, command, code, field):
    assert_refused(trader, command, code, field)


def test_a_leg_ratio_must_be_a_positive_whole_number():
    with pytest.raises(ValueError, match=r"legs\[1\]\.ratio"):
        combo(legs=(SPREAD[0], ComboLeg(C240, Action.SELL, D("1.5"))))


def test_a_working_combo_changes_price_only_and_its_legs_are_not_handled_alone(trader):
    combo_id = placed_id(trader.execute(combo(lmt="1.00")))
    leg_id = trader.order(combo_id).combo.leg_ids[0]
    assert_refused(trader, ModifyOrder(combo_id, total_quantity=D(9)), "NOT_MODIFIABLE", "total_quantity")
    assert_refused(trader, ModifyOrder(combo_id, lmt_price=D("1.005")), "INVALID_PRICE", "lmt_price")
    assert_refused(trader, CancelOrder(leg_id), "COMBO_LEG", "order_id")
    assert_refused(trader, ForceExecution(combo_id, D(1), D("4.00")), "MISSING_LEG_PRICES", "leg_prices")
    assert_refused(trader, ForceExecution(leg_id, D(1), D("7.00")), "GUARANTEED_COMBO", "order_id")


def test_a_combo_execution_is_not_busted_leg_by_leg(trader):
    combo_id = placed_id(trader.execute(combo()))
    exec_id = legs_of(trader, combo_id)[0].execution_ids[0]
    assert_refused(trader, BustExecution(exec_id), "NOT_CORRECTABLE", "exec_id")


def test_a_cash_account_cannot_sell_the_short_leg_of_an_american_spread(make_engine):
    # IB's options margin table, "Cash or IRA Cash" column (https://www.zackstrade.com/faq/margin-faq/option-margin/):
    # a spread is "N/A" unless both legs are European-style cash-settled; AAPL's are American (decision D4.2:
    # leg by leg), so the short 240 call needs 100 AAPL per contract, and C1 holds none.
    engine = make_engine()
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT"))))
    assert_refused(engine, combo(account="C1"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")


def test_a_cash_account_pays_for_every_leg_together(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),))))
    pair = (ComboLeg("KO", Action.BUY, 1), ComboLeg("MSFT", Action.BUY, 1))
    # 100 KO (6,431) and 100 MSFT (42,133) each fit alone in neither case. A market combo carries IB's 5% cash
    # cushion (https://www.interactivebrokers.co.in/en/index.php?f=1588&p=acctypes): 20 of each cost
    # 20 x 64.31 + 20 x 421.33 + 2 x 1.00 = 9,714.80, x 1.05 = 10,200.54 > 10,000.00; 19 of each
    # 9,229.16, x 1.05 = 9,690.62, fit together.
    assert_refused(engine, combo(account="C1", units="100", legs=pair), "INSUFFICIENT_CASH", "total_quantity")
    assert_refused(engine, combo(account="C1", units="20", legs=pair), "INSUFFICIENT_CASH", "total_quantity")
    ok(engine.execute(combo(account="C1", units="19", legs=pair)))
    # Left: 10,000.00 - 9,229.16 = 770.84; 2 more of each need (971.28 + 2.00) x 1.05 = 1,021.94.
    assert_refused(engine, combo(account="C1", units="2", legs=pair), "INSUFFICIENT_CASH", "total_quantity")


def test_the_preview_of_a_combo_shows_its_net_price_and_every_legs_commission(trader):
    preview = trader.preview(combo(units="5"))
    assert preview.rejected is None
    assert preview.estimated_price == D("4.55") and preview.commission == D("6.50")


# -- an advisor's combos ---------------------------------------------------------------------------

RATIO_SPREAD = (ComboLeg(C230, Action.BUY, 1), ComboLeg(C240, Action.SELL, 2))


@pytest.fixture
def advisor(make_engine) -> Engine:
    """FA1's clients A, B and C want the article's 25, 15 and 10 units."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name in "ABC":
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(500000)),), advisor="FA1",
                                      permissions=("STK", "OPT"))))
    ok(engine.execute(DefineGroup("FA1", "Article", AllocationMethod.CONTRACTS_OR_SHARES,
                                  (("A", D(25)), ("B", D(15)), ("C", D(10))))))
    return engine


def advisor_combo(guaranteed: bool, **overrides) -> PlaceOrder:
    fields = {"account": "FA1", "units": "0", "lmt": "0.05", "legs": RATIO_SPREAD, "guaranteed": guaranteed,
              "fa_group": "Article"} | overrides
    return combo(**fields)


def to_12(value: Decimal) -> Decimal:
    """Averages are quotients held to 28 digits: compare them to 12 places."""
    return value.quantize(D("1e-12"))


def held(engine, symbol):
    return {name: engine.account(name).position_quantity(symbol) for name in "ABC"}


def test_a_guaranteed_combo_is_allocated_as_a_unit_so_every_account_holds_whole_combos(advisor):
    combo_id = placed_id(advisor.execute(advisor_combo(guaranteed=True)))
    assert [row.desired_quantity for row in advisor.allocation_drift(combo_id)] == [25, 15, 10]

    ok(advisor.execute(ForceExecution(combo_id, D(7), leg_prices=(D("7.40"), D("3.05")))))

    # The article's fill of 7: floors 3, 2, 1, and the last unit to C (the smallest fill ratio).
    assert [row.allocated for row in advisor.allocation_drift(combo_id)] == [3, 2, 2]
    assert held(advisor, C230) == {"A": 3, "B": 2, "C": 2}
    assert held(advisor, C240) == {"A": -6, "B": -4, "C": -4}


def test_a_non_guaranteed_smart_combo_is_allocated_leg_by_leg(advisor):
    combo_id = placed_id(advisor.execute(advisor_combo(guaranteed=False)))

    ok(advisor.execute(ForceExecution(combo_id, D(7), leg_prices=(D("7.40"), D("3.05")))))

    # Each leg is shared on its own: the 14 contracts of the second leg by desired 50, 30 and 20
    # come out 7, 4 and 3, not twice the first leg's 3, 2 and 2.
    assert held(advisor, C230) == {"A": 3, "B": 2, "C": 2}
    assert held(advisor, C240) == {"A": -7, "B": -4, "C": -3}


def test_a_non_guaranteed_combo_legs_in_for_its_accounts_one_leg_at_a_time(advisor):
    combo_id = placed_id(advisor.execute(advisor_combo(guaranteed=False)))
    first_leg = advisor.order(combo_id).combo.leg_ids[0]

    ok(advisor.execute(ForceExecution(first_leg, D(5), D("7.40"))))

    assert held(advisor, C230) == {"A": 2, "B": 2, "C": 1}
    assert held(advisor, C240) == {"A": 0, "B": 0, "C": 0}
    assert advisor.order(combo_id).filled == 0


def test_the_final_distribution_of_a_guaranteed_combo_is_made_in_units(advisor):
    combo_id = placed_id(advisor.execute(advisor_combo(guaranteed=True)))
    for units, prices in ((3, ("7.40", "3.05")), (2, ("7.50", "3.00")), (2, ("7.30", "3.10"))):
        ok(advisor.execute(ForceExecution(combo_id, D(units), leg_prices=tuple(map(D, prices)))))
    ok(advisor.execute(CancelOrder(combo_id)))

    # Seven units distributed afresh as one fill of 7: A 3, B 2, C 2, each leg at its average.
    assert [row.allocated for row in advisor.allocation_drift(combo_id)] == [3, 2, 2]
    first, second = legs_of(advisor, combo_id)
    for name, units in zip("ABC", (3, 2, 2), strict=True):
        assert advisor.account(name).position_quantity(C230) == units
        assert advisor.account(name).position_quantity(C240) == -2 * units
    assert first.avg_fill_price == (3 * D("7.40") + 2 * D("7.50") + 2 * D("7.30")) / 7
    for name in "ABC":
        assert to_12(advisor.account(name).positions[C230].avg_price) == to_12(first.avg_fill_price)
        assert to_12(advisor.account(name).positions[C240].avg_price) == to_12(second.avg_fill_price)


def test_a_combo_cannot_be_ordered_for_a_model_or_shared_by_a_single_contract_method(advisor):
    ok(advisor.execute(DefineModel("FA1", "Growth")))
    assert_refused(advisor, advisor_combo(True, fa_group=None, model_code="Growth"), "INVALID_ALLOCATION",
                   "model_code")
    assert_refused(advisor, advisor_combo(True, fa_group="Article", fa_method=AllocationMethod.PCT_CHANGE),
                   "INVALID_ALLOCATION_METHOD", "fa_method")


def test_an_account_without_the_permission_for_a_leg_is_excluded_from_the_combo(advisor):
    ok(advisor.execute(OpenAccount("D", AccountType.MARGIN, cash=(("USD", D(500000)),), advisor="FA1",
                                   permissions=("STK",))))
    ok(advisor.execute(DefineGroup("FA1", "Four", AllocationMethod.EQUAL, (("A", D(0)), ("D", D(0))))))
    combo_id = placed_id(advisor.execute(advisor_combo(True, fa_group="Four", units="4")))
    rows = {row.account: row for row in advisor.allocation_drift(combo_id)}
    assert rows["D"].allowed_quantity == 0 and "no trading permission for OPT" in rows["D"].note
    assert advisor.order(combo_id).total_quantity == 2


@settings(max_examples=40, deadline=None)
@given(fills=st.lists(st.integers(1, 12), min_size=1, max_size=6), cancel=st.booleans())
def test_every_account_of_a_guaranteed_combo_always_holds_its_legs_in_ratio(universe, fills, cancel):
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name, holding in (("A", 0), ("B", 3), ("C", 0)):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(500000)),), advisor="FA1",
                                      permissions=("STK", "OPT"),
                                      positions=(SeedPosition(C240, D(holding), D(3)),) if holding else ())))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.RATIO, (("A", D(5)), ("B", D(3)), ("C", D(2))))))
    combo_id = placed_id(engine.execute(combo(account="FA1", units="40", lmt="0.05", legs=RATIO_SPREAD,
                                              fa_group="G")))
    for units in fills:
        left = engine.order(combo_id).remaining
        if left:
            ok(engine.execute(ForceExecution(combo_id, min(D(units), left), leg_prices=(D("7.40"), D("3.05")))))
    if cancel and not engine.order(combo_id).is_done:
        ok(engine.execute(CancelOrder(combo_id)))
    seeded = {"A": 0, "B": 3, "C": 0}
    total = 0
    for row in engine.allocation_drift(combo_id):
        units = engine.account(row.account).position_quantity(C230)
        assert units == row.allocated
        assert engine.account(row.account).position_quantity(C240) == seeded[row.account] - 2 * units
        total += units
    assert total == engine.order(combo_id).filled



def test_a_working_guaranteed_combo_is_distributed_in_units_at_each_close(advisor):
    combo_id = placed_id(advisor.execute(advisor_combo(True, tif=TimeInForce.GTC)))
    ok(advisor.execute(ForceExecution(combo_id, D(3), leg_prices=(D("7.40"), D("3.05")))))
    ok(advisor.execute(ForceExecution(combo_id, D(4), leg_prices=(D("7.60"), D("3.00")))))

    ok(advisor.execute(AdvanceClock(advisor.now.replace(hour=20, minute=5))))  # the trading day is over

    first, second = legs_of(advisor, combo_id)
    assert advisor.order(combo_id).status is OrderStatus.PRE_SUBMITTED  # held for the next open, still working
    assert [row.allocated for row in advisor.allocation_drift(combo_id)] == [3, 2, 2]
    for name, units in zip("ABC", (3, 2, 2), strict=True):
        assert advisor.account(name).position_quantity(C230) == units
        assert advisor.account(name).position_quantity(C240) == -2 * units
        assert to_12(advisor.account(name).positions[C230].avg_price) == to_12(first.avg_fill_price)
        assert to_12(advisor.account(name).positions[C240].avg_price) == to_12(second.avg_fill_price)


def test_the_preview_of_an_advisor_combo_shows_each_accounts_units(advisor):
    preview = advisor.preview(advisor_combo(True))
    assert preview.rejected is None
    assert [(row.account, row.allowed_quantity) for row in preview.allocation.rows] == [("A", 25), ("B", 15),
                                                                                     ("C", 10)]
    # Each account pays the commission on its own legs: 25 + 50 contracts for A at 0.65, and so on.
    assert preview.commission == D("0.65") * 3 * 50


# -- found in review: each of these once let a combo through that should not have gone --------------

PAIR = (ComboLeg("KO", Action.BUY, 1), ComboLeg("MSFT", Action.BUY, 1))


def test_an_advisors_cash_client_gets_only_the_units_all_its_legs_together_can_pay_for(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("A", AccountType.CASH, cash=(("USD", D(10000)),), advisor="FA1")))
    ok(engine.execute(OpenAccount("B", AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.CONTRACTS_OR_SHARES, (("A", D(22)), ("B", D(1))))))
    combo_id = placed_id(engine.execute(combo(account="FA1", units="0", legs=PAIR, fa_group="G")))
    # A market combo carries IB's 5% cash cushion: 19 KO + 19 MSFT cost 9,229.16, x 1.05 = 9,690.62;
    # 20 of each 9,714.80, x 1.05 = 10,200.54: more than A's 10,000.00.
    rows = {row.account: row for row in engine.allocation_drift(combo_id)}
    assert rows["A"].allowed_quantity == 19 and rows["A"].note == "Reduced from 22: not enough cash"
    assert engine.account("A").cash_in("USD") >= 0


def test_a_non_guaranteed_limit_combo_never_averages_worse_than_its_limit(trader):
    from workstation.engine.messages.commands import AdvanceClock, SetPrice

    combo_id = placed_id(trader.execute(combo(units="25", lmt="4.60", guaranteed=False)))  # legs 25 / 20
    ok(trader.execute(SetPrice("AAPL", D("215"))))
    ok(trader.execute(AdvanceClock(trader.now.replace(minute=10))))
    spread = trader.order(combo_id)
    # The 240 call now bids 0.23: selling the last 5 there would average 4.60 + more than the limit.
    assert spread.filled == 20 and spread.status is OrderStatus.SUBMITTED
    bought, sold = legs_of(trader, combo_id)
    assert combo_net_price(SPREAD, (bought.avg_fill_price, sold.avg_fill_price)) <= D("4.60")


@pytest.mark.parametrize(("legs", "units", "field"), [
    ((ComboLeg("KO", Action.BUY, 1), ComboLeg("MSFT", Action.SELL, 10**9)), "1", "legs[1].ratio"),
    ((ComboLeg("KO", Action.BUY, 1), ComboLeg("MSFT", Action.SELL, 5000)), "900000", "legs[1].ratio"),
])
def test_a_legs_size_is_held_to_a_plain_orders_limits(trader, legs, units, field):
    code = "INVALID_COMBO" if legs[1].ratio > 10_000 else "INVALID_QUANTITY"
    assert_refused(trader, combo(units=units, legs=legs), code, field)


def test_the_preview_of_a_combo_with_an_index_leg_says_why_it_is_refused(trader):
    preview = trader.preview(combo(units="1", legs=(ComboLeg("KO", Action.BUY, 1), ComboLeg("SPX", Action.SELL, 1))))
    assert preview.rejected is not None and preview.rejected.code == "NOT_TRADABLE"


def test_a_forced_combo_execution_in_a_cash_account_must_be_paid_for(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),))))
    combo_id = placed_id(engine.execute(combo(account="C1", units="20", legs=PAIR, lmt="1.00")))
    assert_refused(engine, ForceExecution(combo_id, D(20), leg_prices=(D("100.00"), D("500.00"))),
                   "INSUFFICIENT_CASH", "quantity")
    ok(engine.execute(ForceExecution(combo_id, D(20), leg_prices=(D("64.30"), D("421.30")))))
    assert engine.account("C1").cash_in("USD") >= 0


def test_a_combo_changed_from_day_to_gtc_keeps_working_past_the_close(trader):
    from workstation.engine.messages.commands import AdvanceClock

    combo_id = placed_id(trader.execute(combo(lmt="1.00")))
    ok(trader.execute(ModifyOrder(combo_id, tif=TimeInForce.GTC)))
    ok(trader.execute(AdvanceClock(trader.now.replace(hour=16, minute=30))))
    assert not trader.order(combo_id).is_done
    assert all(leg.tif is TimeInForce.GTC and not leg.is_done for leg in legs_of(trader, combo_id))


def test_a_leg_forced_alone_counts_among_the_combos_executions(trader):
    combo_id = placed_id(trader.execute(combo(units="2", lmt="1.00", guaranteed=False)))
    leg_id = trader.order(combo_id).combo.leg_ids[0]
    ok(trader.execute(ForceExecution(leg_id, D(1), D("7.40"))))
    assert trader.order(combo_id).execution_ids == trader.order(leg_id).execution_ids
