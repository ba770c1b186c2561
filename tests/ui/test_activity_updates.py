"""Activity keeps up per event with a long history: the Trades Summary repaints, inserts or removes only the row an
event names, and the Orders page reads a long history page by page while new orders still list at the top."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtTest import QSignalSpy

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import (
    BustExecution,
    CancelOrder,
    CorrectExecution,
    ForceExecution,
    PlaceOrder,
)
from workstation.ui.bridge import EngineBridge
from workstation.ui.models import orders_table_model
from workstation.ui.models.columns import KEY_ROLE
from workstation.ui.models.orders_table_model import OrdersTableModel
from workstation.ui.models.trades_table_model import TradesTableModel
from workstation.ui.panels import activity_panel
from workstation.ui.panels.activity_panel import ActivityPanel

D = Decimal


def placed(bridge: EngineBridge, account: str, symbol: str = "AAPL", action: Action = Action.BUY,
           quantity: str = "100", limit: str = "200.00") -> int:
    """A limit order far from the market (it works until forced); its id."""
    result = bridge.submit(PlaceOrder(account, symbol, action, D(quantity), OrderType.LMT, D(limit)))
    assert isinstance(result, Accepted), result
    return result.events[0].order_id


def fill(bridge: EngineBridge, order_id: int, quantity: str, price: str) -> None:
    assert isinstance(bridge.submit(ForceExecution(order_id, D(quantity), D(price))), Accepted)


@pytest.fixture
def panel(qtbot, bridge: EngineBridge) -> ActivityPanel:
    panel = ActivityPanel(bridge)
    qtbot.addWidget(panel)
    return panel


def test_a_fill_repaints_its_summary_row_and_a_new_row_is_inserted_in_order(panel: ActivityPanel,
                                                                              bridge: EngineBridge, account: str,
                                                                              engine: Engine) -> None:
    model = panel.trades_summary_model
    fill(bridge, placed(bridge, account, "MSFT"), "10", "380.00")
    resets, inserted, changed = (QSignalSpy(model.modelReset), QSignalSpy(model.rowsInserted),
                                 QSignalSpy(model.dataChanged))

    fill(bridge, placed(bridge, account, "AAPL"), "100", "199.00")   # a new row, sorted before MSFT
    aapl = placed(bridge, account, "AAPL")
    fill(bridge, aapl, "50", "198.00")                              # the same row again

    assert (resets.count(), inserted.count()) == (0, 1)
    assert changed.count() == 1
    assert [model.index(r, 0).data(KEY_ROLE) for r in range(model.rowCount())] == [
        f"{account}|AAPL|BUY", f"{account}|MSFT|BUY"]
    assert [line.row for line in model._rows] == engine.trades_summary()


def test_busting_a_rows_only_execution_removes_that_row_alone(panel: ActivityPanel, bridge: EngineBridge,
                                                              account: str, engine: Engine) -> None:
    model = panel.trades_summary_model
    fill(bridge, placed(bridge, account, "MSFT"), "10", "380.00")
    aapl = placed(bridge, account, "AAPL")
    fill(bridge, aapl, "100", "199.00")
    resets, removed = QSignalSpy(model.modelReset), QSignalSpy(model.rowsRemoved)

    assert isinstance(bridge.submit(BustExecution(engine.executions(aapl)[0].exec_id)), Accepted)

    assert (resets.count(), removed.count()) == (0, 1)
    assert [model.index(r, 0).data(KEY_ROLE) for r in range(model.rowCount())] == [f"{account}|MSFT|BUY"]


def test_a_bust_that_restates_the_orders_commission_repaints_its_summary_row(panel: ActivityPanel,
                                                                            bridge: EngineBridge, account: str,
                                                                            engine: Engine) -> None:
    model = panel.trades_summary_model
    order_id = placed(bridge, account, "AAPL", quantity="400")
    fill(bridge, order_id, "300", "199.00")
    fill(bridge, order_id, "100", "199.00")
    changed = QSignalSpy(model.dataChanged)

    # 400 x 0.005 = 2.00; with the 300 busted, 100 x 0.005 = 0.50 is the 1.00 minimum
    assert isinstance(bridge.submit(BustExecution(engine.executions(order_id)[0].exec_id)), Accepted)

    [line] = model._rows
    assert (line.row.quantity, line.row.commission) == (D(100), D("1.00"))
    assert changed.count() >= 1


def test_the_orders_page_reads_a_long_history_page_by_page(qtmodeltester, qtbot, monkeypatch, bridge: EngineBridge,
                                                           account: str) -> None:
    monkeypatch.setattr(orders_table_model, "PAGE", 3)
    ids = [placed(bridge, account) for _ in range(7)]
    assert isinstance(bridge.submit(CancelOrder(ids[0])), Accepted)
    model = OrdersTableModel(bridge.engine)

    # the newest page only, newest first; the rest waits for a view to scroll to it
    assert model.order_ids() == ids[:-4:-1]
    assert model.canFetchMore()
    # an older order's change is the list's, read as it is when its page comes
    assert model.refresh_order(ids[0])
    newer = placed(bridge, account)
    assert model.add_order(newer)
    assert not model.add_order(ids[0])

    while model.canFetchMore():
        model.fetchMore()

    assert model.order_ids() == [newer, *ids[::-1]]
    assert model.order_at(model.row_of(ids[0])).status.value == "Cancelled"
    qtmodeltester.check(model)


def test_the_trades_page_reads_older_executions_above_the_newest(qtmodeltester, bridge: EngineBridge,
                                                                 account: str, engine: Engine) -> None:
    ids = [placed(bridge, account) for _ in range(5)]
    for order_id in ids:
        fill(bridge, order_id, "10", "199.00")
    every = [e.exec_id for e in engine.executions()]
    model = TradesTableModel(bridge.engine, page=2)

    assert model.exec_ids() == every[-2:] and model.has_older()
    fill(bridge, ids[0], "5", "198.00")            # a new fill appends below
    model.add_execution(engine.executions()[-1])
    assert model.fetch_older() == 2
    # an older row, read since, follows a correction
    assert isinstance(bridge.submit(CorrectExecution(every[1], D("198.50"))), Accepted)
    assert model.refresh_order(ids[1])

    model.fetch_older()

    assert not model.has_older()
    assert model.exec_ids() == [e.exec_id for e in engine.executions()]
    assert [model.row_object(row).execution.price for row in range(model.rowCount())] == [
        D("199.00"), D("198.50"), D("199.00"), D("199.00"), D("199.00"), D("198.00")]
    assert model.exec_ids(ids[0]) == [every[0], engine.executions()[-1].exec_id]
    qtmodeltester.check(model)


def test_scrolling_the_trades_page_to_its_top_reads_the_older_executions(qtbot, monkeypatch, bridge: EngineBridge,
                                                                         account: str, engine: Engine) -> None:
    order_id = placed(bridge, account, quantity="60")
    for _ in range(60):
        fill(bridge, order_id, "1", "199.00")
    monkeypatch.setattr(activity_panel, "TRADES_PAGE", 30)
    panel = ActivityPanel(bridge)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    panel.tabs.setCurrentWidget(panel.trades_table)
    bar = panel.trades_table.verticalScrollBar()
    # a long history opens at its newest fills
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    assert panel.trades_model.rowCount() == 30

    bar.setValue(bar.minimum())

    assert panel.trades_model.rowCount() == 60
    assert panel.trades_model.exec_ids() == [e.exec_id for e in engine.executions()]
    assert bar.value() > bar.minimum()  # the rows in view stay in view, the older ones above them
