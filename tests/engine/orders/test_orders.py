from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME
from workstation.engine.core.terms import Action, ComboLeg, OrderStatus, OrderType, TimeInForce
from workstation.engine.orders.allocation_plan import AccountAllocation
from workstation.engine.orders.order import (
    DONE_STATUSES,
    TRANSITIONS,
    Combo,
    InvalidOrderFill,
    InvalidOrderTransition,
    Order,
    average_price,
    combo_symbol,
)


def make_order() -> Order:
    return Order(1, "U1", "AAPL", Action.BUY, Decimal(100), OrderType.MKT, TimeInForce.DAY, OPEN_TIME)


def test_statuses_carry_ibs_names():
    assert [s.value for s in OrderStatus] == [
        "PendingSubmit", "PreSubmitted", "Submitted", "PendingCancel", "Filled", "Cancelled", "Inactive"]


@pytest.mark.parametrize("done", sorted(DONE_STATUSES, key=lambda s: s.value))
def test_a_finished_order_never_moves_again_except_a_busted_fill(done):
    moves = {(source, target) for source, target in TRANSITIONS if source is done}
    assert moves == ({(OrderStatus.FILLED, OrderStatus.CANCELLED)} if done is OrderStatus.FILLED else set())


def test_a_held_order_is_released_before_it_fills():
    order = make_order()
    order.move_to(OrderStatus.PRE_SUBMITTED)
    with pytest.raises(InvalidOrderTransition, match="PreSubmitted -> Filled"):
        order.move_to(OrderStatus.FILLED)
    order.move_to(OrderStatus.SUBMITTED)
    order.move_to(OrderStatus.FILLED)
    assert order.is_done


def test_average_fill_price_weights_each_execution():
    order = make_order()
    order.record_fill(Decimal(40), Decimal("10.00"))
    order.record_fill(Decimal(60), Decimal("11.00"))
    # (40 x 10 + 60 x 11) / 100 = 10.60
    assert order.avg_fill_price == Decimal("10.60")
    assert order.remaining == 0


def test_an_illegal_move_is_refused_and_changes_nothing():
    order = make_order()
    order.move_to(OrderStatus.SUBMITTED)
    order.move_to(OrderStatus.CANCELLED)
    with pytest.raises(InvalidOrderTransition, match="order 1: Cancelled -> Submitted"):
        order.move_to(OrderStatus.SUBMITTED)
    assert order.status is OrderStatus.CANCELLED


def test_only_an_order_as_created_is_new():
    order = make_order()
    assert order.is_new
    order.move_to(OrderStatus.SUBMITTED)
    assert not order.is_new


def test_a_correction_restates_the_value_and_average_but_not_the_units():
    order = make_order()
    order.record_fill(Decimal(40), Decimal("10.00"))
    order.record_fill(Decimal(60), Decimal("11.00"))
    order.correct_fill(Decimal(60), Decimal("11.00"), Decimal("12.00"))
    assert (order.filled, order.filled_value, order.avg_fill_price) == (Decimal(100), Decimal("1120.00"),
                                                                         Decimal("11.20"))


def test_a_correction_ends_exactly_where_filling_at_the_corrected_price_would():
    corrected, direct = make_order(), make_order()
    for order, second in ((corrected, "11.00"), (direct, "12.00")):
        order.record_fill(Decimal(40), Decimal("10.00"))
        order.record_fill(Decimal(60), Decimal(second))
    corrected.correct_fill(Decimal(60), Decimal("11.00"), Decimal("12.00"))
    assert [str(v) for v in (corrected.filled_value, corrected.avg_fill_price)] == \
        [str(v) for v in (direct.filled_value, direct.avg_fill_price)]


def test_a_bust_takes_the_units_back_and_an_order_with_nothing_left_averages_zero():
    order = make_order()
    order.record_fill(Decimal(40), Decimal("10.00"))
    order.record_fill(Decimal(60), Decimal("11.00"))
    order.bust_fill(Decimal(40), Decimal("10.00"))
    assert (order.filled, order.remaining, order.avg_fill_price) == (Decimal(60), Decimal(40), Decimal("11.00"))
    order.bust_fill(Decimal(60), Decimal("11.00"))
    assert (order.filled, order.filled_value, order.avg_fill_price) == (0, 0, 0)


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
fills = st.lists(st.tuples(st.integers(min_value=1, max_value=10_000).map(Decimal), prices), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None)
@given(fills=fills, data=st.data())
def test_busting_a_fill_leaves_the_order_as_if_it_never_traded(fills, data):
    busted = data.draw(st.integers(min_value=0, max_value=len(fills) - 1))
    order, never = make_order(), make_order()
    for i, (quantity, price) in enumerate(fills):
        order.record_fill(quantity, price)
        if i != busted:
            never.record_fill(quantity, price)
    order.bust_fill(*fills[busted])
    assert (order.filled, order.filled_value, order.avg_fill_price) == (never.filled, never.filled_value,
                                                                         never.avg_fill_price)


def make_combo() -> Order:
    legs = (ComboLeg("KO", Action.BUY, 1), ComboLeg("PEP", Action.SELL, 2))
    return Order(1, "U1", combo_symbol(legs), Action.BUY, Decimal(10), OrderType.LMT, TimeInForce.DAY, OPEN_TIME,
                 lmt_price=Decimal("-280.00"), combo=Combo(legs, True, (2, 3)))


def test_a_combo_counts_the_units_its_legs_filled_at_their_net_price():
    combo = make_combo()
    combo.follow_legs(Decimal(0), None)  # a leg has filled nothing yet: no price
    assert (combo.filled, combo.filled_value, combo.avg_fill_price) == (0, 0, 0)
    combo.follow_legs(Decimal(4), Decimal("-281.50"))
    assert (combo.filled, combo.filled_value, combo.avg_fill_price) == (Decimal(4), Decimal("-1126.00"),
                                                                         Decimal("-281.50"))


def test_a_combo_is_filled_through_its_legs_and_a_single_order_has_none():
    with pytest.raises(InvalidOrderFill, match="is a combo"):
        make_combo().record_fill(Decimal(1), Decimal("1.00"))
    with pytest.raises(InvalidOrderFill, match="not a combo"):
        make_order().follow_legs(Decimal(1), Decimal("1.00"))


def test_an_accounts_share_of_the_fill_value_is_kept_with_its_units():
    row = AccountAllocation("A1", Decimal(0), desired_quantity=100, allowed_quantity=100)
    row.record_fill(Decimal(30), Decimal("10.00"))
    row.record_fill(Decimal(20), Decimal("11.00"))
    row.correct_fill(Decimal(20), Decimal("11.00"), Decimal("10.50"))
    assert (row.allocated, row.filled_value) == (50, Decimal("510.00"))
    row.take_back(Decimal(10), Decimal("10.20"))
    assert (row.allocated, row.filled_value) == (40, Decimal("408.00"))
    row.distributed_value = Decimal("100.00")
    row.restate_period(30, Decimal("10.25"))
    assert row.filled_value == Decimal("407.50")


def test_the_order_type_says_which_prices_it_takes():
    assert {t: (t.takes_limit, t.takes_stop) for t in OrderType} == {
        OrderType.MKT: (False, False), OrderType.LMT: (True, False),
        OrderType.STP: (False, True), OrderType.STP_LMT: (True, True)}


def test_nothing_filled_averages_zero():
    assert average_price(Decimal(0), 0) == 0
    assert average_price(Decimal("1060.00"), Decimal(100)) == Decimal("10.60")
