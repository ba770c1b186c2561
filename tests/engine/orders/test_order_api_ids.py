"""An order placed over the TWS API keeps the placing client id and that client's order id.

IB keeps both on the order itself (ibapi order.py ``Order.clientId`` and ``Order.orderId``; ``permId`` is
the engine's order id), so they survive a restart of whatever placed it. The engine takes them as plain
order fields; an order entered in the GUI has neither.
"""

from decimal import Decimal

import pytest

from tests.factories import ok, order, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.errors import FieldTypeError, FieldValueError
from workstation.engine.core.terms import AccountType, Action, ComboLeg, OrderType
from workstation.engine.messages.commands import CancelOrder, ModifyOrder, OpenAccount, PlaceOrder
from workstation.engine.messages.events import OrderPlaced

D = Decimal
C230 = "AAPL  261218C00230000"
C240 = "AAPL  261218C00240000"


def api_order(client_id: int | None = 5, order_id: int | None = 12, **terms) -> PlaceOrder:
    return PlaceOrder("U1", "AAPL", Action.BUY, D(100), OrderType.LMT, D("140.00"), api_client_id=client_id,
                      api_order_id=order_id, **terms)


@pytest.mark.parametrize(("client_id", "order_id", "error", "field"), [
    (-1, 12, FieldValueError, "api_client_id"),
    (5, -3, FieldValueError, "api_order_id"),
    (True, 12, FieldTypeError, "api_client_id"),     # a bool is an int to Python, not an id
    (5, "12", FieldTypeError, "api_order_id"),
    (5, 12.0, FieldTypeError, "api_order_id"),
    (5, None, FieldValueError, "api_client_id"),     # one without the other names no order
    (None, 12, FieldValueError, "api_order_id"),
])
def test_an_api_id_that_is_not_a_whole_number_from_0_is_refused_naming_its_field(client_id, order_id, error,
                                                                                   field) -> None:
    with pytest.raises(error) as refused:
        api_order(client_id, order_id)

    assert refused.value.field == field
    assert str(refused.value).startswith(f"{field}: ")


def test_client_0_and_order_id_0_are_ids() -> None:
    command = api_order(0, 0)

    assert (command.api_client_id, command.api_order_id) == (0, 0)


def test_the_order_carries_the_api_ids_it_was_placed_with(engine: Engine) -> None:
    result = engine.execute(api_order())
    order_id = placed_id(result)

    placed = engine.order(order_id)
    assert (placed.api_client_id, placed.api_order_id) == (5, 12)
    assert [(e.api_client_id, e.api_order_id) for e in result.events if isinstance(e, OrderPlaced)] == [(5, 12)]


def test_a_modified_and_a_done_order_keep_their_api_ids(engine: Engine) -> None:
    order_id = placed_id(engine.execute(api_order()))
    ok(engine.execute(ModifyOrder(order_id, lmt_price=D("141.00"))))
    ok(engine.execute(ModifyOrder(order_id, total_quantity=D(50))))
    ok(engine.execute(CancelOrder(order_id)))

    done = engine.order(order_id)
    assert done.is_done
    assert (done.api_client_id, done.api_order_id) == (5, 12)
    assert [(o.api_client_id, o.api_order_id) for o in engine.orders() if o.order_id == order_id] == [(5, 12)]


def test_an_order_entered_in_the_gui_has_no_api_ids(engine: Engine) -> None:
    order_id = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100")))

    placed = engine.order(order_id)
    assert (placed.api_client_id, placed.api_order_id) == (None, None)


def test_a_refused_api_order_keeps_its_ids_on_its_inactive_line(engine: Engine) -> None:
    engine.execute(PlaceOrder("U1", "NOPE", Action.BUY, D(1), api_client_id=7, api_order_id=3))

    line = engine.rejected_orders()[-1]
    assert (line.api_client_id, line.api_order_id) == (7, 3)


def test_a_combo_keeps_the_api_ids_and_its_legs_do_not(make_engine) -> None:
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100000)),), permissions=("STK", "OPT"))))
    combo_id = placed_id(engine.execute(PlaceOrder(
        "U1", "", Action.BUY, D(5), OrderType.LMT, D("4.60"),
        legs=(ComboLeg(C230, Action.BUY, 1), ComboLeg(C240, Action.SELL, 1)), api_client_id=2, api_order_id=40)))

    combo = engine.order(combo_id)
    assert (combo.api_client_id, combo.api_order_id) == (2, 40)
    assert combo.combo is not None
    assert [(engine.order(leg).api_client_id, engine.order(leg).api_order_id) for leg in combo.combo.leg_ids] == \
        [(None, None), (None, None)]


def test_the_audit_trail_names_the_api_client_of_an_api_order_only(engine: Engine) -> None:
    api_id = placed_id(engine.execute(api_order()))
    gui_id = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100", OrderType.LMT, lmt="140.00")))

    assert engine.audit_trail(api_id)[0].detail == "U1 BUY 100 AAPL LMT 140.00 DAY (API client 5, order 12)"
    assert engine.audit_trail(gui_id)[0].detail == "U1 BUY 100 AAPL LMT 140.00 DAY"
