from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME
from workstation.engine.core.terms import Action, OrderStatus, OrderType, TimeInForce
from workstation.engine.orders.order import DONE_STATUSES, TRANSITIONS, InvalidOrderTransition, Order


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
