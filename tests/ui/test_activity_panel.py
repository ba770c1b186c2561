"""ActivityPanel: Orders, Staged, Trades, Trades Summary and Log pages, driven through object names as
an automation would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QComboBox, QMenu, QMessageBox, QPushButton, QTableView, QTabWidget

from workstation.client.staged_orders import StagedOrders
from workstation.client.ticket import OrderTicket, command_for
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderStatus, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    BustExecution,
    CancelOrder,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
)
from workstation.engine.messages.events import LiquidationStarted, PositionTransferred
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.activity_log_model import funding_entry, liquidation_entry
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE
from workstation.ui.panels.activity_panel import ActivityPanel

D = Decimal
LIMIT = D("200.00")
"""AAPL trades near 232.50: a buy limited at 200 works until a test forces a fill."""


@pytest.fixture
def panel(qtbot, bridge: EngineBridge) -> ActivityPanel:
    return show(qtbot, ActivityPanel(bridge))


def show(qtbot, panel: ActivityPanel) -> ActivityPanel:
    qtbot.addWidget(panel)
    panel.resize(1200, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def table(panel: ActivityPanel, name: str) -> QTableView:
    found = panel.findChild(QTableView, name)
    assert found is not None, f"no table named {name}"
    return found


def keys(model: QAbstractItemModel) -> list[object]:
    return [model.index(row, 0).data(KEY_ROLE) for row in range(model.rowCount())]


def cell(model: QAbstractItemModel, key: object, header: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return model.index(keys(model).index(key), column).data(role)


def orders(panel: ActivityPanel) -> QAbstractItemModel:
    return table(panel, names.ACTIVITY_ORDERS_TABLE).model()


def trades(panel: ActivityPanel) -> QAbstractItemModel:
    return table(panel, names.ACTIVITY_TRADES_TABLE).model()


def log_lines(panel: ActivityPanel) -> list[str]:
    model = table(panel, names.ACTIVITY_LOG).model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Message")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def place(bridge: EngineBridge, account: str, quantity: str = "100", **fields: object) -> int:
    """A buy of AAPL: limited at 200 (it works) unless ``order_type`` says otherwise; its order id."""
    fields.setdefault("order_type", OrderType.LMT)
    if fields["order_type"] is OrderType.LMT:
        fields.setdefault("lmt_price", LIMIT)
    result = bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(quantity), **fields))
    assert isinstance(result, Accepted), result
    return result.events[0].order_id


def action_named(menu: QMenu, name: str) -> QAction:
    return next(action for action in menu.actions() if action.objectName() == name)


def test_the_panel_has_its_pages_and_object_names(panel: ActivityPanel) -> None:
    tabs = panel.findChild(QTabWidget, names.ACTIVITY_TABS)

    assert panel.objectName() == names.ACTIVITY_PANEL
    assert [tabs.tabText(n) for n in range(tabs.count())] == ["Orders", "Staged", "Trades", "Trades Summary", "Log"]
    for name in (names.ACTIVITY_ORDERS_TABLE, names.ACTIVITY_TRADES_TABLE, names.ACTIVITY_LOG,
                 names.ACTIVITY_ALLOCATION_TABLE, names.ACTIVITY_STAGED_TABLE, names.ACTIVITY_TRADES_SUMMARY_TABLE):
        table(panel, name)
    assert panel.findChild(QComboBox, names.ACTIVITY_ORDERS_FILTER) is not None
    for name in (names.ACTION_PREVIEW_ORDER, names.ACTION_MODIFY_ORDER, names.ACTION_CANCEL_ORDER,
                 names.ACTION_TRANSMIT_STAGED, names.ACTION_DISCARD_STAGED):
        assert panel.findChild(QAction, name) is not None


def test_a_placed_order_shows_a_row_with_its_status(panel: ActivityPanel, bridge: EngineBridge,
                                                      account: str) -> None:
    order_id = place(bridge, account)

    model = orders(panel)
    assert keys(model) == [order_id]
    shown = {header: cell(model, order_id, header) for header in (
        "Order Id", "Time", "Account", "Action", "Quantity", "Symbol", "Type", "Lmt Price", "Aux Price", "TIF",
        "Status", "Filled", "Remaining", "Avg Price")}
    assert shown == {"Order Id": str(order_id), "Time": "10:00:00", "Account": account, "Action": "BUY",
                     "Quantity": "100", "Symbol": "AAPL", "Type": "LMT", "Lmt Price": "200.00", "Aux Price": "",
                     "TIF": "DAY", "Status": "Submitted", "Filled": "0", "Remaining": "100", "Avg Price": ""}


def test_raw_values_are_exact_engine_values(panel: ActivityPanel, bridge: EngineBridge, account: str) -> None:
    order_id = place(bridge, account)

    model = orders(panel)
    assert cell(model, order_id, "Order Id", RAW_VALUE_ROLE) == order_id
    assert cell(model, order_id, "Lmt Price", RAW_VALUE_ROLE) == D("200.00")
    assert cell(model, order_id, "Quantity", RAW_VALUE_ROLE) == D(100)
    assert cell(model, order_id, "Status", RAW_VALUE_ROLE) == OrderStatus.SUBMITTED.value
    assert cell(model, order_id, "Aux Price", RAW_VALUE_ROLE) is None
    assert isinstance(cell(model, order_id, "Time", RAW_VALUE_ROLE), datetime)


def test_newest_orders_are_listed_first(panel: ActivityPanel, bridge: EngineBridge, account: str) -> None:
    first, second = place(bridge, account), place(bridge, account, "50")

    assert keys(orders(panel)) == [second, first]


def test_a_fill_updates_the_order_in_place_and_adds_a_trade(panel: ActivityPanel, bridge: EngineBridge,
                                                            account: str) -> None:
    order_id = place(bridge, account)
    source = panel.orders_model
    inserted, reset, changed = QSignalSpy(source.rowsInserted), QSignalSpy(source.modelReset), \
        QSignalSpy(source.dataChanged)

    bridge.submit(ForceExecution(order_id, D(40), D("199.50")))

    model = orders(panel)
    assert (cell(model, order_id, "Status"), cell(model, order_id, "Filled"), cell(model, order_id, "Remaining"),
            cell(model, order_id, "Avg Price")) == ("Submitted", "40", "60", "199.50")
    assert cell(model, order_id, "Commission") == "1.00"  # 40 x 0.005 = 0.20, raised to the 1.00 minimum
    assert (inserted.count(), reset.count()) == (0, 0) and changed.count() >= 1
    [exec_id] = keys(trades(panel))
    assert exec_id == bridge.engine.executions(order_id)[0].exec_id
    assert [cell(trades(panel), exec_id, h) for h in ("Order Id", "Action", "Quantity", "Symbol", "Price")] == \
        [str(order_id), "BOT", "40", "AAPL", "199.50"]
    assert cell(trades(panel), exec_id, "Price", RAW_VALUE_ROLE) == D("199.50")

    bridge.submit(ForceExecution(order_id, D(60), D("200.00")))

    # (40 x 199.50 + 60 x 200.00) / 100 = 199.80
    assert (cell(model, order_id, "Status"), cell(model, order_id, "Avg Price")) == ("Filled", "199.80")
    assert len(keys(trades(panel))) == 2
    assert reset.count() == 0


def test_the_filter_shows_only_matching_orders(panel: ActivityPanel, bridge: EngineBridge, account: str) -> None:
    working = place(bridge, account)
    filled = place(bridge, account, "10", order_type=OrderType.MKT)
    cancelled = place(bridge, account, "20")
    bridge.submit(CancelOrder(cancelled))
    drop_down = panel.findChild(QComboBox, names.ACTIVITY_ORDERS_FILTER)
    shown = {}

    for choice in ("Working", "Filled", "Cancelled", "All"):
        drop_down.setCurrentIndex(drop_down.findText(choice))
        shown[choice] = keys(orders(panel))

    assert shown == {"Working": [working], "Filled": [filled], "Cancelled": [cancelled],
                     "All": [cancelled, filled, working]}


def test_an_order_leaves_the_working_filter_when_it_fills(panel: ActivityPanel, bridge: EngineBridge,
                                                          account: str) -> None:
    order_id = place(bridge, account)
    panel.set_filter("Working")
    assert keys(orders(panel)) == [order_id]

    bridge.submit(ForceExecution(order_id, D(100), LIMIT))

    assert keys(orders(panel)) == []
    panel.set_filter("Filled")
    assert keys(orders(panel)) == [order_id]


def test_cancel_in_the_context_menu_cancels_a_working_order(panel: ActivityPanel, bridge: EngineBridge,
                                                            account: str) -> None:
    order_id = place(bridge, account)

    menu = panel.context_menu_for(orders(panel).rowCount() - 1)
    cancel = action_named(menu, names.ACTION_CANCEL_ORDER)
    assert cancel.text() == "Cancel" and cancel.isEnabled()
    cancel.trigger()

    assert bridge.engine.order(order_id).status is OrderStatus.CANCELLED
    assert cell(orders(panel), order_id, "Status") == "Cancelled"
    assert any(line.startswith(f"Order {order_id} BUY 100 AAPL LMT: Cancelled") for line in log_lines(panel))


def test_a_finished_order_cannot_be_cancelled_or_modified(panel: ActivityPanel, bridge: EngineBridge,
                                                          account: str) -> None:
    order_id = place(bridge, account, "10", order_type=OrderType.MKT)

    menu = panel.context_menu_for(0)

    assert panel.selected_order_id() == order_id
    assert [action.objectName() for action in menu.actions() if not action.isSeparator()] == [
        names.ACTION_PREVIEW_ORDER, names.ACTION_MODIFY_ORDER, names.ACTION_CANCEL_ORDER]
    assert action_named(menu, names.ACTION_PREVIEW_ORDER).isEnabled()
    assert not action_named(menu, names.ACTION_MODIFY_ORDER).isEnabled()
    assert not action_named(menu, names.ACTION_CANCEL_ORDER).isEnabled()
    assert panel.cancel_selected() is None


def test_preview_and_modify_ask_the_window_with_the_order_id(qtbot, panel: ActivityPanel, bridge: EngineBridge,
                                                             account: str) -> None:
    place(bridge, account)
    order_id = place(bridge, account, "50")
    menu = panel.context_menu_for(0)

    with qtbot.waitSignal(panel.sig_preview_requested, timeout=0) as preview:
        action_named(menu, names.ACTION_PREVIEW_ORDER).trigger()
    with qtbot.waitSignal(panel.sig_modify_requested, timeout=0) as modify:
        action_named(menu, names.ACTION_MODIFY_ORDER).trigger()

    assert preview.args == modify.args == [order_id]


def test_status_comes_first_coloured_as_tws_colours_it(panel: ActivityPanel, bridge: EngineBridge,
                                                       account: str) -> None:
    from workstation.ui import theme
    working = place(bridge, account)
    filled = place(bridge, account, "10", order_type=OrderType.MKT)
    cancelled = place(bridge, account)
    bridge.submit(CancelOrder(cancelled))
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100_000)))   # refused: an Inactive line
    [inactive] = bridge.engine.rejected_orders()
    model = orders(panel)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Status"
    colours = {key: model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) for row, key in enumerate(keys(model))}
    assert colours == {working: theme.STATUS_WORKING, filled: theme.STATUS_FILLED,
                       cancelled: theme.STATUS_CANCELLED, inactive.order_id: theme.STATUS_INACTIVE}
    assert len({c.name() for c in colours.values()}) == 4                # each status tells itself apart


def test_a_rejected_command_is_logged_with_its_code(panel: ActivityPanel, bridge: EngineBridge,
                                                    account: str) -> None:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100_000)))  # about 5.8M of margin on 250k

    [line] = log_lines(panel)
    assert line.startswith("Rejected: INSUFFICIENT_MARGIN — Quantity: the order needs")
    assert bridge.engine.orders() == []  # a refusal places nothing


def test_a_rejected_order_is_listed_inactive_with_the_reason(qtbot, panel: ActivityPanel, bridge: EngineBridge,
                                                             account: str) -> None:
    working = place(bridge, account)
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100_000)))  # about 5.8M of margin on 250k

    [rejected, listed] = keys(orders(panel))                           # newest first, beside the accepted one
    assert listed == working and rejected < 0                          # never an accepted order's id
    assert cell(orders(panel), rejected, "Status") == "Inactive"
    assert cell(orders(panel), rejected, "Order Id") == ""
    assert cell(orders(panel), rejected, "Quantity") == "100,000"
    for header in ("Symbol", "Status", "Why Held"):                    # the whole line tells why
        assert cell(orders(panel), rejected, header, Qt.ItemDataRole.ToolTipRole).startswith(
            "Rejected: Quantity: the order needs")
    assert any(line.startswith("Rejected: INSUFFICIENT_MARGIN") for line in log_lines(panel))
    panel.set_filter("Cancelled")
    assert keys(orders(panel)) == [rejected]
    panel.set_filter("All")
    menu = panel.context_menu_for(0)
    assert not action_named(menu, names.ACTION_MODIFY_ORDER).isEnabled()
    assert not action_named(menu, names.ACTION_CANCEL_ORDER).isEnabled()
    with qtbot.waitSignal(panel.sig_preview_requested) as asked:
        action_named(menu, names.ACTION_PREVIEW_ORDER).trigger()
    assert asked.args == [rejected]
    assert command_for(bridge.engine, rejected).total_quantity == D(100_000)   # as it was entered
    rebuilt = show(qtbot, ActivityPanel(bridge))                       # a new panel lists it too
    assert keys(orders(rebuilt)) == [rejected, working]


def test_a_busted_execution_is_flagged_and_logged(panel: ActivityPanel, bridge: EngineBridge, account: str) -> None:
    order_id = place(bridge, account, "10", order_type=OrderType.MKT)
    [exec_id] = keys(trades(panel))

    bridge.submit(BustExecution(exec_id))

    assert cell(trades(panel), exec_id, "Busted") == "Busted"
    assert cell(trades(panel), exec_id, "Busted", RAW_VALUE_ROLE) is True
    assert cell(orders(panel), order_id, "Status") == "Cancelled"
    assert cell(orders(panel), order_id, "Why Held").startswith(f"Bust of {exec_id}")
    assert any(f"Bust of {exec_id}" in line for line in log_lines(panel))


def test_rows_are_built_from_the_engine_at_construction(qtbot, bridge: EngineBridge, account: str) -> None:
    working = place(bridge, account)
    filled = place(bridge, account, "10", order_type=OrderType.MKT)

    panel = show(qtbot, ActivityPanel(bridge))

    assert keys(orders(panel)) == [filled, working]
    assert cell(orders(panel), filled, "Status") == "Filled"
    assert keys(trades(panel)) == [e.exec_id for e in bridge.engine.executions()]


def test_liquidation_log_line_names_the_account_reason_and_closes() -> None:
    event = LiquidationStarted("DU1", D("1200.00"), "Equity with loan value is below the maintenance margin",
                               (("AAPL", Action.SELL, D(30)),), datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN))

    entry = liquidation_entry(event)

    assert entry.message == ("Liquidation of DU1: Equity with loan value is below the maintenance margin; "
                             "closing SELL 30 AAPL")


def test_a_position_transfer_names_ib_average_cost_per_contract_or_share(engine: Engine) -> None:
    # IB's avgCost is per contract for derivatives (TWS API updatePortfolio,
    # https://www.interactivebrokers.com.hk/en/software/api/apiguide/java/updateportfolio.htm):
    # an option held at 6.10 a share moves at 6.10 x 100 = 610.00 each; a stock at its per-share cost.
    when = datetime(2026, 11, 24, 18, 30, tzinfo=EASTERN)
    option = PositionTransferred("U1", "U1-P1", "AAPL  261218C00240000", D(5), D("6.10"), when)
    stock = PositionTransferred("U1", "U1-P1", "AAPL", D(100), D("120.00"), when)

    assert funding_entry(option, engine.catalog).message == (
        "Transferred 5 AAPL  261218C00240000 from U1 to U1-P1 at a cost of 610.00 each")
    assert funding_entry(stock, engine.catalog).message.endswith("at a cost of 120.00 each")


# -- advisor orders --------------------------------------------------------------------------------

@pytest.fixture
def advisor_bridge(engine: Engine) -> Iterator[EngineBridge]:
    """Advisor FA1 with clients A (250k) and B (500k), and the group Core: A 100 shares, B 50."""
    for command in (
        OpenAccount("FA1", AccountType.ADVISOR),
        OpenAccount("A", AccountType.MARGIN, cash=(("USD", D(250_000)),), advisor="FA1"),
        OpenAccount("B", AccountType.MARGIN, cash=(("USD", D(500_000)),), advisor="FA1"),
        DefineGroup("FA1", "Core", AllocationMethod.CONTRACTS_OR_SHARES, (("A", D(100)), ("B", D(50)))),
    ):
        assert isinstance(engine.execute(command), Accepted)
    bridge = EngineBridge(engine)
    yield bridge
    bridge.close()


def test_an_advisor_order_shows_each_accounts_allocation(qtbot, advisor_bridge: EngineBridge, account: str) -> None:
    panel = show(qtbot, ActivityPanel(advisor_bridge))
    single = place(advisor_bridge, account)
    advisor = place(advisor_bridge, "FA1", "0", fa_group="Core")
    allocation = table(panel, names.ACTIVITY_ALLOCATION_TABLE)
    assert cell(orders(panel), advisor, "Account") == "Core"

    assert panel.select_order(advisor)

    assert not allocation.isHidden()
    model = allocation.model()
    assert keys(model) == ["A", "B"]
    # Every account's row in view, not one row under a scroll bar
    assert allocation.rowViewportPosition(1) + allocation.rowHeight(1) <= allocation.viewport().height()
    assert [cell(model, "A", h) for h in ("Desired", "Allowed", "Filled", "Fill Ratio")] == ["100", "100", "0", "0.0%"]

    advisor_bridge.submit(ForceExecution(advisor, D(30), LIMIT))

    filled = {a: cell(model, a, "Filled", RAW_VALUE_ROLE) for a in ("A", "B")}
    assert sum(filled.values()) == 30  # the fill is shared between the accounts, whatever the split
    drift = {row.account: row for row in advisor_bridge.engine.allocation_drift(advisor)}
    assert all(cell(model, a, "Fill Ratio", RAW_VALUE_ROLE) == drift[a].fill_ratio for a in ("A", "B"))

    panel.select_order(single)

    assert allocation.isHidden()
    assert model.rowCount() == 0


@pytest.mark.parametrize("model_name", ["orders_model", "orders_proxy", "trades_model", "allocation_model",
                                        "log_model"])
def test_each_model_passes_the_model_tester_through_live_updates(qtmodeltester, qtbot, advisor_bridge: EngineBridge,
                                                                 account: str, model_name: str) -> None:
    panel = show(qtbot, ActivityPanel(advisor_bridge))
    place(advisor_bridge, account, "10", order_type=OrderType.MKT)
    advisor = place(advisor_bridge, "FA1", "0", fa_group="Core")
    panel.select_order(advisor)
    model = getattr(panel, model_name)
    qtmodeltester.check(model, force_py=True)

    advisor_bridge.submit(ForceExecution(advisor, D(30), LIMIT))
    cancelled = place(advisor_bridge, account)
    advisor_bridge.submit(CancelOrder(cancelled))
    advisor_bridge.submit(PlaceOrder(account, "NOPE", Action.BUY, D(1)))
    panel.set_filter("Working")
    panel.select_order(advisor)

    assert model.rowCount() > 0


# -- Trades Summary ---------------------------------------------------------------------------------

def summary(panel: ActivityPanel) -> QAbstractItemModel:
    return table(panel, names.ACTIVITY_TRADES_SUMMARY_TABLE).model()


def test_trades_summary_adds_up_fills_per_symbol_and_side_and_drops_busts(panel: ActivityPanel, bridge: EngineBridge,
                                                                          account: str) -> None:
    order_id = place(bridge, account, "300")
    bridge.submit(ForceExecution(order_id, D(100), D("199.00")))
    bridge.submit(ForceExecution(order_id, D(200), D("199.30")))
    key = f"{account}|AAPL|BUY"

    model = summary(panel)
    assert keys(model) == [key]
    # (100 x 199.00 + 200 x 199.30) / 300 = 199.20; commission 300 x 0.005 = 1.50 over the order
    assert [cell(model, key, h) for h in ("Account", "Symbol", "Action", "Quantity", "Avg Price", "Commission",
                                          "Executions")] == [account, "AAPL", "BOT", "300", "199.20", "1.50", "2"]
    assert cell(model, key, "Avg Price", RAW_VALUE_ROLE) == D("199.20")

    first, second = keys(trades(panel))
    bridge.submit(BustExecution(first))
    assert (cell(model, key, "Quantity", RAW_VALUE_ROLE), cell(model, key, "Executions", RAW_VALUE_ROLE)) == (D(200), 1)

    bridge.submit(CorrectExecution(second, D("199.10")))
    assert cell(model, key, "Avg Price", RAW_VALUE_ROLE) == D("199.10")

    bridge.submit(PlaceOrder(account, "AAPL", Action.SELL, D(20)))            # a market sale fills at once
    assert keys(model) == [key, f"{account}|AAPL|SELL"]
    assert cell(model, f"{account}|AAPL|SELL", "Action") == "SLD"


# -- Staged -----------------------------------------------------------------------------------------

@pytest.fixture
def staged(account: str) -> StagedOrders:
    return StagedOrders(account)


@pytest.fixture
def staged_panel(qtbot, bridge: EngineBridge, staged: StagedOrders) -> ActivityPanel:
    return show(qtbot, ActivityPanel(bridge, staged=staged))


def stage(staged_orders: StagedOrders, engine: Engine, quantity: str = "100", symbol: str = "AAPL") -> int:
    ticket = OrderTicket(symbol, Action.BUY, quantity, OrderType.LMT, lmt_price=str(LIMIT))
    return staged_orders.add(ticket, engine.now).staged_id


def staged_table(panel: ActivityPanel) -> QTableView:
    return table(panel, names.ACTIVITY_STAGED_TABLE)


def confirmation(panel: ActivityPanel) -> QMessageBox:
    box = panel.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG)
    assert box is not None
    return box


def transmit_button(box: QMessageBox) -> QPushButton:
    return box.findChild(QPushButton, names.ORDER_TRANSMIT)


def test_transmit_confirms_then_sends_the_staged_order(qtbot, staged_panel: ActivityPanel, staged: StagedOrders,
                                                      bridge: EngineBridge, account: str) -> None:
    staged_id = stage(staged, bridge.engine)
    assert keys(staged_table(staged_panel).model()) == [staged_id]

    menu = staged_panel.staged_page.context_menu_for(0)
    action_named(menu, names.ACTION_TRANSMIT_STAGED).trigger()
    box = confirmation(staged_panel)
    assert box.text() == f"BUY 100 AAPL LMT 200.00 DAY for account {account}"
    assert transmit_button(box).text() == "Transmit"
    assert bridge.engine.orders() == []                                    # nothing before Transmit
    qtbot.mouseClick(transmit_button(box), Qt.MouseButton.LeftButton)

    [order] = bridge.engine.orders()
    assert (order.symbol, order.total_quantity, order.lmt_price) == ("AAPL", D(100), LIMIT)
    assert keys(orders(staged_panel)) == [order.order_id]
    assert keys(staged_table(staged_panel).model()) == [] and len(staged) == 0


def test_a_large_staged_order_needs_override_and_cancel_keeps_it(qtbot, staged_panel: ActivityPanel,
                                                                 staged: StagedOrders, bridge: EngineBridge) -> None:
    staged_id = stage(staged, bridge.engine, quantity="600")
    assert staged_panel.staged_page.select(staged_id)

    box = staged_panel.staged_page.transmit_selected()

    assert transmit_button(box).text() == "Override and Transmit"
    assert "more than 5 times the default size" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert bridge.engine.orders() == [] and [s.staged_id for s in staged] == [staged_id]


def test_a_staged_order_the_engine_refuses_stays_and_the_refusal_is_logged(qtbot, staged_panel: ActivityPanel,
                                                                           staged: StagedOrders,
                                                                           bridge: EngineBridge) -> None:
    staged_id = stage(staged, bridge.engine, quantity="100000")            # 20M of stock on 250,000
    staged_panel.staged_page.select(staged_id)

    qtbot.mouseClick(transmit_button(staged_panel.staged_page.transmit_selected()), Qt.MouseButton.LeftButton)

    assert bridge.engine.orders() == []
    assert keys(staged_table(staged_panel).model()) == [staged_id]
    [line] = log_lines(staged_panel)
    assert line.startswith("Rejected: INSUFFICIENT_MARGIN — Quantity:")


def test_a_staged_ticket_that_no_longer_checks_is_logged_and_kept(staged_panel: ActivityPanel, staged: StagedOrders,
                                                                  bridge: EngineBridge) -> None:
    staged_id = stage(staged, bridge.engine, symbol="GONE")
    staged_panel.staged_page.select(staged_id)

    assert staged_panel.staged_page.transmit_selected() is None

    assert log_lines(staged_panel) == [f"Rejected: staged order {staged_id} — Symbol: GONE is not a known contract"]
    assert keys(staged_table(staged_panel).model()) == [staged_id]


def test_discard_drops_the_staged_order_by_menu_or_delete_key(qtbot, staged_panel: ActivityPanel,
                                                              staged: StagedOrders, bridge: EngineBridge) -> None:
    first, second = stage(staged, bridge.engine), stage(staged, bridge.engine, quantity="50")
    tabs = staged_panel.tabs
    assert tabs.tabText(tabs.indexOf(staged_panel.staged_page)) == "Staged (2)"

    action_named(staged_panel.staged_page.context_menu_for(0), names.ACTION_DISCARD_STAGED).trigger()
    assert keys(staged_table(staged_panel).model()) == [second] and staged.get(first) is None

    tabs.setCurrentWidget(staged_panel.staged_page)
    view = staged_table(staged_panel)
    view.selectRow(0)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Delete)

    assert keys(view.model()) == [] and len(staged) == 0
    assert tabs.tabText(tabs.indexOf(staged_panel.staged_page)) == "Staged"
    assert not staged_panel.findChild(QAction, names.ACTION_TRANSMIT_STAGED).isEnabled()   # nothing to act on
    assert bridge.engine.orders() == []


def test_the_new_models_pass_the_model_tester(qtmodeltester, staged_panel: ActivityPanel, staged: StagedOrders,
                                              bridge: EngineBridge, account: str) -> None:
    stage(staged, bridge.engine)
    order_id = place(bridge, account)
    bridge.submit(ForceExecution(order_id, D(40), LIMIT))
    for model in (staged_panel.staged_page.model, staged_panel.trades_summary_model):
        qtmodeltester.check(model, force_py=True)
    stage(staged, bridge.engine, quantity="5")
    bridge.submit(ForceExecution(order_id, D(10), LIMIT))
    assert staged_panel.staged_page.model.rowCount() == 2
