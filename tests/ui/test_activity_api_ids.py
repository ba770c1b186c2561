"""The Activity panel's Orders page shows who placed an order over the TWS API: TWS's Client ID and Order ID
columns (IB's Order.clientId and orderId, ibapi order.py; the engine's order id is the permId, shown under
Order Id), blank for an order entered in the workstation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.ui.test_activity_panel import cell, orders, place, show
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import PlaceOrder
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.columns import RAW_VALUE_ROLE
from workstation.ui.panels.activity_panel import ActivityPanel


@pytest.fixture
def panel(qtbot, bridge: EngineBridge) -> ActivityPanel:
    return show(qtbot, ActivityPanel(bridge))


def test_an_api_order_shows_its_client_id_and_api_order_id(panel: ActivityPanel, bridge: EngineBridge,
                                                           account: str) -> None:
    order_id = place(bridge, account, api_client_id=5, api_order_id=12)

    model = orders(panel)
    assert [cell(model, order_id, header) for header in ("Order Id", "Client ID", "API Order ID")] == \
        [str(order_id), "5", "12"]
    assert cell(model, order_id, "Client ID", RAW_VALUE_ROLE) == 5


def test_client_0_shows_as_0_not_blank(panel: ActivityPanel, bridge: EngineBridge, account: str) -> None:
    order_id = place(bridge, account, api_client_id=0, api_order_id=1)

    assert [cell(orders(panel), order_id, header) for header in ("Client ID", "API Order ID")] == ["0", "1"]


def test_an_order_entered_in_the_workstation_shows_blanks(panel: ActivityPanel, bridge: EngineBridge,
                                                          account: str) -> None:
    order_id = place(bridge, account)

    model = orders(panel)
    assert [cell(model, order_id, header) for header in ("Client ID", "API Order ID")] == ["", ""]
    assert cell(model, order_id, "Client ID", RAW_VALUE_ROLE) is None


def test_a_refused_api_order_shows_its_ids_on_its_line(panel: ActivityPanel, bridge: EngineBridge,
                                                       account: str) -> None:
    bridge.submit(PlaceOrder(account, "NOPE", Action.BUY, Decimal(1), api_client_id=7, api_order_id=3))

    model = orders(panel)
    [line] = bridge.engine.rejected_orders()
    assert [cell(model, line.order_id, header) for header in ("Order Id", "Client ID", "API Order ID")] == \
        ["", "7", "3"]
