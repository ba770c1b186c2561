"""Staged orders kept with the layout: saved in Order Entry, still on Activity's Staged page after a
restart, and transmittable from there."""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QTableView

from workstation.engine.core.terms import AccountType, AllocationMethod
from workstation.engine.messages.commands import DefineGroup, OpenAccount
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE

D = Decimal


def open_window(qtbot, bridge: EngineBridge, settings: QSettings, account: str) -> MainWindow:
    window = MainWindow(bridge, user="tester", account=account, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def save_ticket(qtbot, window: MainWindow, symbol: str, quantity: str, limit: str) -> None:
    panel = window.order_entry
    for name, text in ((names.ORDER_SYMBOL, symbol), (names.ORDER_QUANTITY, quantity),
                       (names.ORDER_LIMIT_PRICE, limit)):
        line = panel.findChild(QLineEdit, name)
        line.clear()
        qtbot.keyClicks(line, text)
        line.editingFinished.emit()
    qtbot.mouseClick(panel.findChild(QPushButton, names.ORDER_SAVE), Qt.MouseButton.LeftButton)


def staged_rows(window: MainWindow) -> list[tuple[object, ...]]:
    model = window.findChild(QTableView, names.ACTIVITY_STAGED_TABLE).model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [tuple(model.index(r, columns.index(h)).data(RAW_VALUE_ROLE) for h in ("Symbol", "Quantity", "Lmt Price"))
            for r in range(model.rowCount())]


def test_staged_orders_survive_a_restart_and_can_then_be_transmitted(qtbot, bridge, settings, account):
    window = open_window(qtbot, bridge, settings, account)
    save_ticket(qtbot, window, "AAPL", "100", "200.00")
    save_ticket(qtbot, window, "MSFT", "30", "400.00")
    window.close()                                                 # closing saves the layout

    again = open_window(qtbot, bridge, settings, account)
    assert staged_rows(again) == []                                # nothing until the layout is restored
    again.restore_layout()

    assert staged_rows(again) == [("AAPL", D(100), D("200.00")), ("MSFT", D(30), D("400.00"))]
    staged = again.findChild(QTableView, names.ACTIVITY_STAGED_TABLE)
    staged.selectRow(1)
    again.activity.staged_page.transmit_action.trigger()
    box = again.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG)
    qtbot.mouseClick(box.findChild(QPushButton, names.ORDER_TRANSMIT), Qt.MouseButton.LeftButton)
    [order] = bridge.engine.orders()
    assert (order.symbol, order.total_quantity) == ("MSFT", D(30))
    assert staged_rows(again) == [("AAPL", D(100), D("200.00"))]


def test_each_login_keeps_its_own_staged_orders_with_their_allocation(qtbot, engine, bridge, settings, account):
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    engine.execute(OpenAccount("C1", AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", AllocationMethod.EQUAL, (("C1", D(0)),)))
    advisor = open_window(qtbot, bridge, settings, "FA1")
    method = advisor.order_entry.method_input
    method.setCurrentIndex(method.findText("NetLiq"))
    save_ticket(qtbot, advisor, "AAPL", "100", "200.00")
    advisor.close()
    trader = open_window(qtbot, bridge, settings, account)
    trader.restore_layout()
    assert staged_rows(trader) == []                               # the advisor's ticket is not the trader's
    trader.close()

    again = open_window(qtbot, bridge, settings, "FA1")
    again.restore_layout()

    [staged] = list(again.staged_orders)
    assert staged.ticket.allocation.name == "Core" and staged.ticket.fa_method is AllocationMethod.NET_LIQ
    model = again.findChild(QTableView, names.ACTIVITY_STAGED_TABLE).model()
    assert model.index(0, 1).data() == "Core (NetLiq)" and model.index(0, 0).data(KEY_ROLE) == 1


def test_unreadable_staged_orders_are_logged_and_none_kept(qtbot, bridge, settings, account, caplog):
    settings.setValue(f"layout/staged_orders/{account}", '{"format": 1, "orders": [{"ticket": 3}]}')
    window = open_window(qtbot, bridge, settings, account)

    with caplog.at_level(logging.WARNING, logger="workstation.ui.main_window"):
        window.restore_layout()

    assert staged_rows(window) == []
    assert "saved staged orders of DU111111 are unreadable" in caplog.text
