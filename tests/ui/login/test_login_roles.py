"""The user's login reaches the engine from the windows and from the API server in the window.

The bridge enters Order Entry's orders as the login (``USERNAME`` or ``USERNAME:read-only``), so the engine
refuses a read-only login's or a viewer's order (partitions/users.py: READ_ONLY_LOGIN, ROLE_NOT_ALLOWED) and
the ticket shows why. The API server in the window answers a viewer's or a read-only login's order with 321,
as TWS's Read-Only API does (ib_async wrapper.py ``error``: "Error 321, ..."), and enters an owner's API
orders as the user (the Audit Trail's user line, EnteredByUser).
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import ib_async
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from tests.tws_api.conftest import connect_ib
from tests.ui.login.conftest import LIVE, UsersDatabase
from tests.ui.test_api_in_window import AAPL, WAIT_MS
from workstation.engine.messages.events import EnteredByUser
from workstation.tws_api.api_settings import ApiSettings
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow


@pytest.fixture
def window_as(qtbot, users_db: UsersDatabase, settings):
    bridges = []

    def open_as(username: str, login: str) -> MainWindow:
        bridge = EngineBridge(users_db.engine)
        bridges.append(bridge)
        window = MainWindow(bridge, user=username, account=LIVE, settings=settings, login=login)
        qtbot.addWidget(window)
        window.show()
        return window

    yield open_as
    for bridge in bridges:
        bridge.close()


def transmit_a_limit_order(qtbot, window: MainWindow) -> str:
    panel = window.order_entry
    panel.load_symbol("AAPL")
    panel.quantity_input.setText("10")
    panel.type_input.setCurrentIndex(panel.type_input.findText("LMT"))
    panel.limit_input.setText("200.00")
    qtbot.mouseClick(panel.findChild(QAbstractButton, names.ORDER_SUBMIT), Qt.MouseButton.LeftButton)
    box = window.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG)
    qtbot.mouseClick(box.findChild(QAbstractButton, names.ORDER_TRANSMIT), Qt.MouseButton.LeftButton)
    return panel.message.text()


def test_a_read_only_login_s_order_is_refused_by_the_engine_with_the_reason_shown(qtbot, window_as, users_db):
    window = window_as("tina", "tina:read-only")
    assert (window.bridge.entered_by, window.bridge.login, window.account) == ("tina:read-only", LIVE, LIVE)

    shown = transmit_a_limit_order(qtbot, window)

    assert "tina logged in read-only (Enter Read Only)" in shown
    assert users_db.engine.orders() == []


def test_a_viewer_cannot_trade_through_the_windows(qtbot, window_as, users_db):
    shown = transmit_a_limit_order(qtbot, window_as("vera", "vera"))

    assert "vera is a viewer of U1000001 (read-only) and may not trade there" in shown
    assert users_db.engine.orders() == []


def test_an_owner_s_order_is_entered_by_the_user(qtbot, window_as, users_db):
    events = []
    users_db.engine.subscribe(events.append)
    transmit_a_limit_order(qtbot, window_as("alice", "alice"))

    (order,) = users_db.engine.orders()
    assert order.account == LIVE
    assert [(e.user, e.order_id) for e in events if isinstance(e, EnteredByUser)] == [("alice", order.order_id)]


def _place(ib: ib_async.IB) -> asyncio.Future:
    async def refused() -> tuple[int, str]:
        errors: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        ib.errorEvent += lambda _req, code, text, _c: errors.done() or errors.set_result((code, text))
        ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 1, 1.0, account=LIVE))
        try:
            return await errors
        finally:
            ib.disconnect()
    return refused()


@pytest.mark.parametrize("username, login", [("vera", "vera"), ("tina", "tina:read-only")])
def test_a_viewer_or_read_only_login_gets_321_from_the_api_in_the_window(window_as, clients, users_db,
                                                                         username, login):
    window = window_as(username, login)
    assert window.api.apply(ApiSettings(enabled=True, port=0, read_only=False)), window.api.status_text
    assert "(read-only)" in window.api.status_text   # the login makes it the Read-Only API whatever the box says

    class Endpoint:
        host, port = "127.0.0.1", window.api.port

    ib = clients.run(connect_ib(Endpoint, 3))
    code, _text = clients.run(_place(ib))

    assert code == 321
    assert users_db.engine.orders() == []


def test_an_owner_s_api_order_in_the_window_is_entered_by_the_user(window_as, clients, users_db, qtbot):
    events = []
    users_db.engine.subscribe(events.append)
    window = window_as("alice", "alice")
    assert window.api.apply(ApiSettings(enabled=True, port=0, read_only=False)), window.api.status_text

    class Endpoint:
        host, port = "127.0.0.1", window.api.port

    ib = clients.run(connect_ib(Endpoint, 4))
    ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 2, 1.0, account=LIVE))
    qtbot.waitUntil(lambda: len(users_db.engine.orders()) == 1, timeout=WAIT_MS)
    clients.run(_disconnect(ib))

    (order,) = users_db.engine.orders()
    assert (order.account, order.total_quantity) == (LIVE, Decimal(2))
    assert [e.user for e in events if isinstance(e, EnteredByUser)] == ["alice"]


async def _disconnect(ib: ib_async.IB) -> None:
    ib.disconnect()
