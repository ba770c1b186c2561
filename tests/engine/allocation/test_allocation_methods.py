"""Desired quantities by allocation method: IB's documented examples (ib-domain §9.1)."""

from decimal import Decimal

import pytest

from workstation.engine.allocation.methods import AccountFacts, desired_quantities, validate_amounts
from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import Action, AllocationMethod

M = AllocationMethod


def facts(**positions_or_values):
    return {a: AccountFacts(Decimal(v), Decimal(v), Decimal(v)) for a, v in positions_or_values.items()}


def want(method, quantity, accounts, action=Action.BUY, amounts=None, account_facts=None, pct=None, unit=None):
    return desired_quantities(method, action=action, order_quantity=Decimal(quantity), accounts=accounts,
                              amounts={a: Decimal(v) for a, v in (amounts or {}).items()},
                              facts=account_facts or {}, fa_percentage=None if pct is None else Decimal(pct),
                              unit_value=None if unit is None else Decimal(unit))


def test_a1_equal_splits_evenly():
    assert want(M.EQUAL, 400, list("ABCD")) == dict(A=100, B=100, C=100, D=100)


def test_a2_equal_floors_then_gives_the_remainder_one_unit_at_a_time():
    # 400 / 6 = 66 r 4: the first four accounts get 67
    assert want(M.EQUAL, 400, list("ABCDEF")) == dict(A=67, B=67, C=67, D=67, E=66, F=66)


@pytest.mark.parametrize("method", [M.NET_LIQ, M.AVAILABLE_EQUITY])
def test_a3_a4_value_weighted_methods(method):
    # weights 25k : 50k : 100k = 1 : 2 : 4 of 700
    assert want(method, 700, list("ABC"), account_facts=facts(A=25000, B=50000, C=100000)) == dict(A=100, B=200, C=400)


def test_a5_a6_percent():
    assert want(M.PERCENT, 300, list("AB"), amounts=dict(A=60, B=40)) == dict(A=180, B=120)
    assert want(M.PERCENT, 1000, list("ABCD"), amounts=dict(A=25, B=25, C=25, D=25)) == dict(A=250, B=250, C=250, D=250)


def test_a7_percentages_must_total_100():
    with pytest.raises(Rejection) as refusal:
        validate_amounts(M.PERCENT, {"A": Decimal(50), "B": Decimal(40)}, "groups.G.accounts")
    assert refusal.value.code == "PERCENTAGES_NOT_100"
    assert refusal.value.text == "groups.G.accounts: percentages total 90, not 100"


def test_a8_a9_ratio():
    assert want(M.RATIO, 300, list("AB"), amounts=dict(A=1, B=2)) == dict(A=100, B=200)
    assert want(M.RATIO, 1000, list("ABCD"), amounts=dict(A=4, B=2, C=1, D=1)) == dict(A=500, B=250, C=125, D=125)


def test_a10_contracts_or_shares_sets_the_order_size():
    assert want(M.CONTRACTS_OR_SHARES, 0, list("AB"), amounts=dict(A=100, B=200)) == dict(A=100, B=200)
    assert M.CONTRACTS_OR_SHARES.sets_order_size


def test_monetary_amount_buys_whole_units_for_each_amount():
    # 1,000 / 150 = 6.67 -> 6; 2,000 / 150 = 13.3 -> 13
    assert want(M.MONETARY_AMOUNT, 0, list("AB"), amounts=dict(A=1000, B=2000), unit=150) == dict(A=6, B=13)


def test_a11_pct_change_grows_long_positions_and_skips_flat_accounts():
    positions = facts(A=100, B=400, C=200, D=0, E=0, F=0)
    assert want(M.PCT_CHANGE, 0, list("ABCDEF"), account_facts=positions, pct=50) == \
        dict(A=50, B=200, C=100, D=0, E=0, F=0)


def test_a12_pct_change_minus_100_closes_every_long():
    positions = facts(A=300, B=0, C=125, D=0, E=80)
    assert want(M.PCT_CHANGE, 0, list("ABCDE"), Action.SELL, account_facts=positions, pct=-100) == \
        dict(A=300, B=0, C=125, D=0, E=80)


@pytest.mark.parametrize(("action", "position", "pct", "expected"), [
    (Action.BUY, -500, 20, 0),     # A13: a buy cannot "increase" a short
    (Action.BUY, -500, -20, 100),  # A14: covers 20% of the short
    (Action.SELL, -500, 20, 100),  # A15: adds 20% to the short
    (Action.SELL, 500, -20, 100),  # A16: sells 20% of the long
    (Action.SELL, 500, 20, 0),     # a sell cannot increase a long
])
def test_a13_to_a16_the_pct_change_sign_matrix(action, position, pct, expected):
    assert want(M.PCT_CHANGE, 0, ["A"], action, account_facts=facts(A=position), pct=pct) == {"A": expected}


def test_pct_change_needs_a_percentage():
    with pytest.raises(Rejection) as refusal:
        want(M.PCT_CHANGE, 0, ["A"], account_facts=facts(A=100))
    assert refusal.value.field == "fa_percentage"


@pytest.mark.parametrize(("text", "method"), [
    ("EqualQuantity", M.EQUAL), ("Equal", M.EQUAL), ("netliq", M.NET_LIQ), ("Percentages", M.PERCENT),
    ("Financial Ratios", M.RATIO), ("Shares", M.CONTRACTS_OR_SHARES), ("PctChange", M.PCT_CHANGE),
])
def test_ib_names_old_and_new_are_understood(text, method):
    assert AllocationMethod.parse(text) is method


def test_bad_group_amounts_are_refused_with_the_account():
    with pytest.raises(Rejection) as refusal:
        validate_amounts(M.RATIO, {"A": Decimal(1), "B": Decimal(-2)}, "groups.G.accounts")
    assert refusal.value.text.startswith("groups.G.accounts.B: -2 must be greater than zero")
    with pytest.raises(Rejection) as empty:
        validate_amounts(M.EQUAL, {}, "groups.G.accounts")
    assert empty.value.code == "EMPTY_ALLOCATION_GROUP"


def test_a20_round_lots_with_an_odd_lot_account():
    # 1,000 at 33 / 33 / 34 %: 330 / 330 / 340 round to 300 lots; the 100 left go to A
    assert desired_quantities(M.PERCENT, action=Action.BUY, order_quantity=Decimal(1000), accounts=list("ABC"),
                              amounts={"A": Decimal(33), "B": Decimal(33), "C": Decimal(34)}, facts={},
                              lot=100, odd_lot_account="A") == dict(A=400, B=300, C=300)


def test_a21_without_round_lots_the_percentages_apply_as_they_are():
    assert want(M.PERCENT, 1000, list("ABC"), amounts=dict(A=33, B=33, C=34)) == dict(A=330, B=330, C=340)


def test_a22_the_odd_lot_account_takes_what_an_even_split_leaves():
    # 349 / 3 = 116.33: 116 each, the leftover unit to the odd-lot account C
    assert desired_quantities(M.EQUAL, action=Action.BUY, order_quantity=Decimal(349), accounts=list("ABC"),
                              amounts={}, facts={}, odd_lot_account="C") == dict(A=116, B=116, C=117)


def test_accounts_with_negative_weight_get_nothing_and_the_order_keeps_its_size():
    shares = want(M.NET_LIQ, 100, list("ABN"), account_facts=facts(A=100000, B=100000, N=-50000))
    assert shares == dict(A=50, B=50, N=0)


def test_pct_change_below_minus_100_still_only_closes():
    assert want(M.PCT_CHANGE, 0, ["A"], Action.SELL, account_facts=facts(A=100), pct=-150) == {"A": 100}


def test_round_lots_share_whole_lots_before_the_odd_units():
    # 250 over three: 83.3 each floors to 0 lots; two whole lots go to the largest remainders
    # (A, B: earlier first on a tie), and the odd 50 to the largest remainder
    assert desired_quantities(M.EQUAL, action=Action.BUY, order_quantity=Decimal(250), accounts=list("ABC"),
                              amounts={}, facts={}, lot=100) == dict(A=150, B=100, C=0)


def test_a17_advisor_portal_equal_tops_up_to_equal_post_trade_positions():
    # A holds 100 and B 50: buying 150 gives A 50 and B 100, so both end at 150
    equal = desired_quantities(M.EQUAL, action=Action.BUY, order_quantity=Decimal(150), accounts=list("AB"),
                               amounts={}, facts=facts(A=100, B=50), equal_positions=True)
    assert equal == dict(A=50, B=100)


def test_equal_positions_trims_the_largest_holders_first_on_a_sale():
    # selling 100 from 100 / 50 / 0: A comes down to 50, then A and B together to 25
    equal = desired_quantities(M.EQUAL, action=Action.SELL, order_quantity=Decimal(100), accounts=list("ABC"),
                               amounts={}, facts=facts(A=100, B=50, C=0), equal_positions=True)
    assert equal == dict(A=75, B=25, C=0)
