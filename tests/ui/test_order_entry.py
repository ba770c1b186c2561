"""Order Entry (new orders, Save, and modify mode from an order line) and the Order Preview, driven as
a person would: through the object names."""

from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView, QWidget

from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderStatus, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
)
from workstation.ui import object_names as names
from workstation.ui.dialogs.order_preview_dialog import OrderPreviewDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE
from workstation.ui.panels.order_entry_panel import OrderEntryPanel

D = Decimal


def panel_of(window: MainWindow) -> OrderEntryPanel:
    panel = window.findChild(OrderEntryPanel, names.ORDER_ENTRY_PANEL)
    assert panel is not None
    return panel


def type_into(qtbot, panel: OrderEntryPanel, name: str, text: str) -> None:
    line = panel.findChild(QLineEdit, name)
    line.clear()
    qtbot.keyClicks(line, text)
    line.editingFinished.emit()


def click(qtbot, parent, name: str) -> None:
    button = parent.findChild(QAbstractButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def confirmation(window: MainWindow) -> QMessageBox:
    box = window.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG)
    assert box is not None
    return box


def test_typing_a_symbol_shows_its_name_and_default_size(qtbot, main_window):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "aapl")
    assert panel.description.text() == "APPLE INC"
    assert panel.quantity_input.text() == "100"
    assert "Bid" in panel.quote_label.text()
    type_into(qtbot, panel, names.ORDER_SYMBOL, "ESZ6")
    assert panel.quantity_input.text() == "1"                # futures trade one contract by default


def test_choosing_a_watchlist_row_loads_the_symbol_in_order_entry(qtbot, main_window):
    watchlist = main_window.watchlist_panels()[0]
    table = watchlist.findChild(QTableView, names.WATCHLIST_TABLE)
    row = watchlist.symbols().index("MSFT")
    table.selectRow(row)
    assert panel_of(main_window).symbol_input.text() == "MSFT"


def test_sell_turns_the_panel_red_and_buy_blue(qtbot, main_window):
    panel = panel_of(main_window)
    panel.resize(600, 200)

    def background():
        return panel.grab().toImage().pixelColor(panel.width() - 5, panel.height() - 5)

    click(qtbot, panel, names.ORDER_SELL)
    assert panel.side is Action.SELL and panel.property("side") == "sell"
    sell = background()
    click(qtbot, panel, names.ORDER_BUY)
    buy = background()
    assert sell.red() > sell.blue() and buy.blue() > buy.red()


def test_a_bad_price_is_marked_on_its_field_and_nothing_is_sent(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "232.505")
    click(qtbot, panel, names.ORDER_SUBMIT)
    assert panel.error_field == names.ORDER_LIMIT_PRICE
    assert "tick size 0.01" in panel.message.text() and panel.message.text().startswith("Limit price: ")
    assert main_window.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG) is None
    assert engine.orders() == []
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "232.50")  # typing clears the mark
    assert panel.error_field is None


def test_submit_asks_for_confirmation_then_transmits_the_order(qtbot, main_window, engine, account):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "200")
    panel.type_input.setCurrentIndex(panel.type_input.findText("LMT"))
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "200.00")
    click(qtbot, panel, names.ORDER_SUBMIT)
    box = confirmation(main_window)
    assert "BUY 200 AAPL LMT 200.00 DAY" in box.text()
    assert engine.orders() == []                              # nothing before Transmit
    click(qtbot, box, names.ORDER_TRANSMIT)
    (order,) = engine.orders()
    assert (order.account, order.symbol, order.action, order.total_quantity, order.lmt_price) == (
        account, "AAPL", Action.BUY, D(200), D("200.00"))
    assert order.status is OrderStatus.SUBMITTED
    assert panel.message.text().startswith("Transmitted")


def test_the_confirmation_shows_the_order_its_value_commission_and_margin_change(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "100")
    panel.type_input.setCurrentIndex(panel.type_input.findText("LMT"))
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "150.00")
    click(qtbot, panel, names.ORDER_SUBMIT)
    box = confirmation(main_window)
    assert box.text().startswith("BUY 100 AAPL LMT 150.00 DAY")
    expected = engine.preview(PlaceOrder(main_window.account, "AAPL", Action.BUY, D(100), OrderType.LMT,
                                         D("150.00")))
    lines = box.informativeText().splitlines()
    assert expected.value == D("15000.00")                     # 100 x 150.00, from the engine
    assert lines[0] == "Value: 15,000.00 USD"
    assert lines[1] == "Commission (estimate): 1.00 USD"
    margin = expected.margin.initial_margin
    assert lines[2] == f"Initial margin: +{margin.change:,.2f} USD (to {margin.after:,.2f})"
    assert lines[3].startswith("Maintenance margin: +")
    assert {b.text() for b in box.buttons()} == {"Transmit", "Cancel"}


def test_a_large_order_needs_override_and_transmit(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "600")
    click(qtbot, panel, names.ORDER_PRICE_BID)
    assert panel.limit_input.text() == f"{engine.quote('AAPL').bid:.2f}"
    click(qtbot, panel, names.ORDER_SUBMIT)
    box = confirmation(main_window)
    assert "more than 5 times the default size" in box.informativeText()
    assert "over 100,000 USD" in box.informativeText()
    transmit = box.findChild(QPushButton, names.ORDER_TRANSMIT)
    assert transmit.text() == "Override and Transmit"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert engine.orders() == []                              # cancelled: nothing sent


def test_an_order_the_engine_refuses_is_shown_on_the_ticket(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "5000")        # 1.16M of stock on 250,000
    panel.type_input.setCurrentIndex(panel.type_input.findText("MKT"))
    click(qtbot, panel, names.ORDER_SUBMIT)
    box = confirmation(main_window)
    figures, pause = box.informativeText().split("\n\n", 1)  # the figures, a blank line, what would stop it
    assert figures.startswith("Value: ") and "Maintenance margin: " in figures
    assert pause.startswith("The order would be rejected: ")
    click(qtbot, box, names.ORDER_TRANSMIT)
    assert "available funds" in panel.message.text()
    assert panel.error_field == names.ORDER_QUANTITY
    assert engine.orders() == []


def test_check_margin_opens_the_preview_with_the_engines_figures_and_transmits(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "230.00")
    click(qtbot, panel, names.ORDER_CHECK_MARGIN)
    dialog = main_window.findChild(OrderPreviewDialog, names.ORDER_PREVIEW_DIALOG)
    assert dialog is not None and dialog.isVisible()
    expected = engine.preview(dialog.command).margin
    table = dialog.findChild(QTableView, names.PREVIEW_MARGIN_TABLE)
    model = table.model()
    rows = {model.index(r, 0).data(KEY_ROLE): [model.index(r, c).data(RAW_VALUE_ROLE) for c in (1, 2, 3)]
            for r in range(model.rowCount())}
    assert rows["InitMarginReq"] == [expected.initial_margin.before, expected.initial_margin.change,
                                     expected.initial_margin.after]
    assert rows["EquityWithLoanValue"] == [expected.equity_with_loan.before, expected.equity_with_loan.change,
                                           expected.equity_with_loan.after]
    assert dialog.findChild(type(dialog.commission), names.PREVIEW_COMMISSION).text() == "Commission: 1.00 USD"
    link = dialog.findChild(QPushButton, names.PREVIEW_CHECK_EXPOSURE_FEE)
    assert not link.isEnabled() and "no exposure fee in the last 30 days" in link.toolTip()
    assert engine.orders() == []                              # a preview sends nothing
    click(qtbot, dialog, names.PREVIEW_TRANSMIT)
    (order,) = engine.orders()
    assert order.lmt_price == D("230.00")


def test_an_advisor_picks_a_group_and_the_preview_shows_each_accounts_share(qtbot, make_engine, settings):
    from workstation.ui.bridge import EngineBridge

    engine = make_engine()
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    for client, cash in (("C1", "100000"), ("C2", "300000")):
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", AllocationMethod.NET_LIQ, (("C1", D(0)), ("C2", D(0)))))
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="advisor", account="FA1", settings=settings)
    qtbot.addWidget(window)
    panel = panel_of(window)
    labels = [panel.allocation_input.itemText(i) for i in range(panel.allocation_input.count())]
    assert labels == ["Core (group, NetLiq)", "All (2 accounts)", "C1", "C2"]
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "400")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "230.00")
    click(qtbot, panel, names.ORDER_CHECK_MARGIN)
    dialog = window.order_preview
    allocation = dialog.findChild(QTableView, names.PREVIEW_ALLOCATION_TABLE).model()
    shares = {allocation.index(r, 0).data(KEY_ROLE): allocation.index(r, allocation.column_of("Allowed")).data(
        RAW_VALUE_ROLE) for r in range(allocation.rowCount())}
    assert shares == {"C1": 100, "C2": 300}                   # by net liquidation, 1:3
    dialog.findChild(QTableView, names.PREVIEW_ALLOCATION_TABLE).selectRow(1)
    assert "C2" in dialog.margin_heading.text()
    bridge.close()


@pytest.fixture
def fee_window(qtbot, make_engine, settings):
    """L1 holds 1,500 AAPL on 250,000 of debt and has been charged the exposure fee."""
    from workstation.ui.bridge import EngineBridge

    engine = make_engine()
    engine.execute(OpenAccount("L1", AccountType.MARGIN, cash=(("USD", D(-250000)),),
                               positions=(SeedPosition("AAPL", D(1500), D("232.50")),)))
    engine.execute(AdvanceClock(datetime(2026, 12, 7, 10, 0, tzinfo=EASTERN)))
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="trader", account="L1", settings=settings)
    qtbot.addWidget(window)
    yield window, engine
    bridge.close()


def test_check_exposure_fee_impact_expands_the_preview_by_product_class(qtbot, fee_window):
    window, engine = fee_window
    sale = PlaceOrder("L1", "AAPL", Action.SELL, D(500), OrderType.LMT, D("232.00"))
    dialog = window.open_order_preview(sale)
    table = dialog.findChild(QTableView, names.PREVIEW_EXPOSURE_FEE_TABLE)
    assert not table.isVisible()
    click(qtbot, dialog, names.PREVIEW_CHECK_EXPOSURE_FEE)
    assert table.isVisible()
    expected = engine.preview(sale).exposure_fee
    model = table.model()
    by_class = {model.index(r, 0).data(KEY_ROLE): tuple(model.index(r, c).data(RAW_VALUE_ROLE) for c in (1, 2, 3))
                for r in range(model.rowCount())}
    assert by_class["Equity"] == (expected.current["Equity"], expected.change["Equity"],
                                  expected.post_trade["Equity"])
    assert by_class["Total"] == expected.totals()


def change_colours(model) -> dict[str, object]:
    """Each row's Change cell colour, by row key."""
    return {model.index(r, 0).data(KEY_ROLE): model.index(r, 2).data(Qt.ItemDataRole.ForegroundRole)
            for r in range(model.rowCount())}


def test_costs_are_amber_and_relief_is_green_in_the_preview(qtbot, main_window, fee_window):
    from workstation.ui import theme
    buy = main_window.open_order_preview(PlaceOrder(main_window.account, "AAPL", Action.BUY, D(100), OrderType.LMT,
                                                    D("230.00")))
    colours = change_colours(buy.margin_model)
    assert buy.preview.margin.initial_margin.change > 0
    assert colours["InitMarginReq"] == theme.COST and colours["MaintMarginReq"] == theme.COST  # more margin
    window, _engine = fee_window
    sale = window.open_order_preview(PlaceOrder("L1", "AAPL", Action.SELL, D(500), OrderType.LMT, D("232.00")))
    assert sale.preview.margin.initial_margin.change < 0
    assert change_colours(sale.margin_model)["InitMarginReq"] == theme.RELIEF   # margin released
    sale.show_exposure_fee()
    assert sale.preview.exposure_fee.totals()[1] < 0
    assert change_colours(sale.exposure_fee_model)["Total"] == theme.RELIEF      # a lower fee
    assert theme.impact_colour(D(5), rise_is_cost=True) == theme.COST           # a higher fee


def test_the_preview_models_pass_the_model_tester(qtbot, qtmodeltester, fee_window):
    window, _engine = fee_window
    dialog = window.open_order_preview(PlaceOrder("L1", "AAPL", Action.SELL, D(500), OrderType.LMT, D("232.00")))
    dialog.show_exposure_fee()
    for model in (dialog.margin_model, dialog.exposure_fee_model, dialog.allocation_model):
        qtmodeltester.check(model)


def test_a_transmitted_order_shows_in_activity_and_previews_again_from_its_line(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "200.00")
    click(qtbot, panel, names.ORDER_SUBMIT)
    click(qtbot, confirmation(main_window), names.ORDER_TRANSMIT)
    (order,) = engine.orders()
    activity = main_window.activity
    orders = activity.findChild(QTableView, names.ACTIVITY_ORDERS_TABLE).model()
    assert orders.rowCount() == 1 and orders.index(0, 0).data(KEY_ROLE) == order.order_id
    assert activity.select_order(order.order_id)
    activity.context_menu_for(0)
    activity.preview_action.trigger()
    preview = main_window.order_preview
    assert preview is not None and preview.command.lmt_price == D("200.00")
    assert preview.command.total_quantity == order.remaining


def test_a_filled_or_cancelled_line_previews_as_entered_and_cannot_be_transmitted(qtbot, main_window, engine,
                                                                                     account):
    working = main_window.bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(150), OrderType.LMT,
                                                   D("200.00"))).events[0].order_id
    main_window.bridge.submit(ForceExecution(working, D(150), D("200.00")))
    assert engine.order(working).status is OrderStatus.FILLED
    activity = main_window.activity
    assert activity.select_order(working)
    activity.context_menu_for(activity.orders_table.currentIndex().row())
    activity.preview_action.trigger()
    preview = main_window.order_preview
    assert preview.command.total_quantity == D(150)               # as entered, not "BUY 0"
    assert "BUY 150 AAPL LMT 200" in preview.description.text()
    transmit = preview.findChild(QPushButton, names.PREVIEW_TRANSMIT)
    assert not transmit.isEnabled()
    assert "Filled" in transmit.toolTip() and "no longer working" in transmit.toolTip()
    assert preview.status.text() == transmit.toolTip()


def test_a_cancelled_line_previews_its_whole_size(qtbot, main_window, engine, account):
    order_id = main_window.bridge.submit(PlaceOrder(account, "AAPL", Action.SELL, D(40), OrderType.LMT,
                                                    D("300.00"))).events[0].order_id
    main_window.bridge.submit(CancelOrder(order_id))
    preview = main_window.preview_order_line(order_id)
    assert preview.command.total_quantity == D(40)
    assert not preview.transmit_button.isEnabled() and "Cancelled" in preview.status.text()


def test_a_rejected_line_previews_as_entered_with_transmit_disabled(qtbot, main_window, engine, account):
    main_window.bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100_000)))
    [line] = engine.rejected_orders()
    preview = main_window.preview_order_line(line.order_id)
    assert preview.command.total_quantity == D(100_000)
    assert not preview.transmit_button.isEnabled() and "Inactive" in preview.transmit_button.toolTip()


# -- modify mode ------------------------------------------------------------------------------------

def working_limit_buy(main_window: MainWindow, account: str, quantity: str = "100") -> int:
    """A buy of AAPL limited at 200.00 (AAPL trades near 232.50, so it works), shown in Activity."""
    result = main_window.bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(quantity), OrderType.LMT,
                                                  D("200.00")))
    return result.events[0].order_id


def modify_from_its_line(main_window: MainWindow, order_id: int) -> None:
    """Right-click the order's line in Activity and choose Modify, as a person would."""
    activity = main_window.activity
    assert activity.select_order(order_id)
    menu = activity.context_menu_for(activity.orders_table.currentIndex().row())
    modify = next(a for a in menu.actions() if a.objectName() == names.ACTION_MODIFY_ORDER)
    assert modify.isVisible() and modify.isEnabled()
    modify.trigger()


def test_modify_loads_a_working_order_into_order_entry_with_a_banner(qtbot, main_window, engine, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    main_window.workspace.dock(names.ORDER_ENTRY_DOCK).closeDockWidget()

    modify_from_its_line(main_window, order_id)

    assert main_window.workspace.is_open(names.ORDER_ENTRY_DOCK)      # Modify brings Order Entry back
    banner = panel.findChild(QLabel, names.ORDER_MODIFYING)
    assert banner.isVisibleTo(panel)
    assert banner.text() == f"Modifying order {order_id}: BUY 100 AAPL LMT 200.00 DAY"
    assert banner.toolTip() == f"BUY 100 AAPL LMT 200.00 DAY for account {account}"
    assert (panel.symbol_input.text(), panel.side, panel.quantity_input.text(), panel.type_input.currentText(),
            panel.limit_input.text(), panel.tif_input.currentText()) == ("AAPL", Action.BUY, "100", "LMT", "200.00",
                                                                         "DAY")
    assert panel.allocation_input.currentText() == account
    fixed = (names.ORDER_SYMBOL, names.ORDER_BUY, names.ORDER_SELL, names.ORDER_TYPE, names.ORDER_OUTSIDE_RTH,
             names.ORDER_ALLOCATION)
    assert not any(panel.findChild(QWidget, name).isEnabled() for name in fixed)
    assert all(panel.findChild(QWidget, name).isEnabled() for name in (
        names.ORDER_QUANTITY, names.ORDER_LIMIT_PRICE, names.ORDER_TIF, names.ORDER_SUBMIT))
    shown = {name: panel.findChild(QWidget, name).isVisibleTo(panel) for name in (
        names.ORDER_SAVE, names.ORDER_CHECK_MARGIN, names.ORDER_CANCEL_MODIFY)}
    assert shown == {names.ORDER_SAVE: False, names.ORDER_CHECK_MARGIN: False, names.ORDER_CANCEL_MODIFY: True}


def test_submit_in_modify_mode_confirms_then_modifies_the_order(qtbot, main_window, engine, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)
    type_into(qtbot, panel, names.ORDER_QUANTITY, "150")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "201.00")

    click(qtbot, panel, names.ORDER_SUBMIT)

    box = confirmation(main_window)
    assert box.text() == f"Modify order {order_id}: BUY 150 AAPL LMT 201.00 DAY for account {account}"
    assert box.informativeText() == "Quantity: 100 → 150\nLmt Price: 200.00 → 201.00"
    assert box.findChild(QPushButton, names.ORDER_TRANSMIT).text() == "Modify"
    assert engine.order(order_id).total_quantity == D(100)            # nothing before the button
    click(qtbot, box, names.ORDER_TRANSMIT)
    order = engine.order(order_id)
    assert (order.total_quantity, order.lmt_price, len(engine.orders())) == (D(150), D("201.00"), 1)
    assert panel.modifying_order_id is None                           # back to a new order
    assert not panel.findChild(QLabel, names.ORDER_MODIFYING).isVisibleTo(panel)
    assert panel.message.text().startswith(f"Modified order {order_id}")
    assert panel.symbol_input.isEnabled() and panel.quantity_input.text() == "100"
    assert panel.findChild(QPushButton, names.ORDER_SAVE).isVisibleTo(panel)
    orders = main_window.activity.orders_model
    assert orders.index(orders.row_of(order_id), orders.column_of("Quantity")).data(RAW_VALUE_ROLE) == D(150)


def test_a_modification_that_changes_nothing_is_marked_on_the_quantity(qtbot, main_window, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)

    click(qtbot, panel, names.ORDER_SUBMIT)

    assert panel.error_field == names.ORDER_QUANTITY
    assert panel.message.text() == f"Quantity: nothing to change: the ticket matches order {order_id}"
    assert main_window.findChild(QMessageBox, names.ORDER_CONFIRM_DIALOG) is None


def test_the_engines_refusal_of_a_modification_is_shown_on_the_field(qtbot, main_window, engine, account):
    order_id = working_limit_buy(main_window, account)
    main_window.bridge.submit(ForceExecution(order_id, D(60), D("200.00")))
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)
    type_into(qtbot, panel, names.ORDER_QUANTITY, "50")

    click(qtbot, panel, names.ORDER_SUBMIT)
    click(qtbot, confirmation(main_window), names.ORDER_TRANSMIT)

    assert panel.error_field == names.ORDER_QUANTITY
    assert panel.message.text().startswith("Quantity: 50 is not more than the 60 already filled")
    assert panel.modifying_order_id == order_id                       # still modifying, as typed
    assert panel.quantity_input.text() == "50"
    assert engine.order(order_id).total_quantity == D(100)


def test_a_large_modification_needs_override(qtbot, main_window, engine, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)
    type_into(qtbot, panel, names.ORDER_QUANTITY, "600")             # more than 5 x 100 shares

    click(qtbot, panel, names.ORDER_SUBMIT)

    box = confirmation(main_window)
    assert "more than 5 times the default size" in box.informativeText()
    assert box.findChild(QPushButton, names.ORDER_TRANSMIT).text() == "Override and Modify"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert engine.order(order_id).total_quantity == D(100)
    assert panel.modifying_order_id == order_id


def test_new_order_leaves_modify_mode_without_touching_the_order(qtbot, main_window, engine, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)
    type_into(qtbot, panel, names.ORDER_QUANTITY, "150")

    click(qtbot, panel, names.ORDER_CANCEL_MODIFY)

    assert panel.modifying_order_id is None and panel.symbol_input.isEnabled()
    assert (panel.symbol_input.text(), panel.quantity_input.text(), panel.limit_input.text()) == ("AAPL", "100", "")
    assert engine.order(order_id).total_quantity == D(100)


def test_an_order_that_fills_while_being_modified_ends_modify_mode(qtbot, main_window, account):
    order_id = working_limit_buy(main_window, account)
    panel = panel_of(main_window)
    modify_from_its_line(main_window, order_id)

    main_window.bridge.submit(ForceExecution(order_id, D(100), D("200.00")))

    assert panel.modifying_order_id is None
    assert panel.message.text() == f"Order {order_id} is Filled; there is nothing left to modify"


def test_an_advisor_order_shows_its_group_fixed(qtbot, make_engine, settings):
    from workstation.ui.bridge import EngineBridge

    engine = make_engine()
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    for client, cash in (("C1", "100000"), ("C2", "300000")):
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", AllocationMethod.NET_LIQ, (("C1", D(0)), ("C2", D(0)))))
    order_id = engine.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(400), OrderType.LMT, D("200.00"),
                                         fa_group="Core")).events[0].order_id
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="advisor", account="FA1", settings=settings)
    qtbot.addWidget(window)
    panel = panel_of(window)

    modify_from_its_line(window, order_id)
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "199.00")
    click(qtbot, panel, names.ORDER_SUBMIT)
    click(qtbot, confirmation(window), names.ORDER_TRANSMIT)

    assert engine.order(order_id).lmt_price == D("199.00")
    assert engine.order(order_id).allocation.group == "Core"
    labels = [panel.allocation_input.itemText(i) for i in range(panel.allocation_input.count())]
    assert labels == ["Core (group, NetLiq)", "All (2 accounts)", "C1", "C2"]   # the choices are back
    bridge.close()


# -- Save --------------------------------------------------------------------------------------------

def test_save_checks_the_ticket_like_submit_and_stages_nothing_when_a_field_is_bad(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "ten")

    click(qtbot, panel, names.ORDER_SAVE)

    assert panel.error_field == names.ORDER_QUANTITY and panel.message.text() == "Quantity: ten is not a number"
    assert len(main_window.staged_orders) == 0 and engine.orders() == []


def test_save_stages_the_order_in_activity_and_sends_nothing(qtbot, main_window, engine, account):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "MSFT")
    type_into(qtbot, panel, names.ORDER_QUANTITY, "250")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "400.00")

    click(qtbot, panel, names.ORDER_SAVE)

    assert engine.orders() == []
    assert panel.message.text() == "Saved to Activity's Staged page: BUY 250 MSFT LMT 400.00 DAY for account " + account
    staged = main_window.activity.findChild(QTableView, names.ACTIVITY_STAGED_TABLE).model()
    assert staged.rowCount() == 1
    values = {staged.headerData(c, Qt.Orientation.Horizontal): staged.index(0, c).data(RAW_VALUE_ROLE)
              for c in range(staged.columnCount())}
    assert values == {"Saved at": engine.now, "Account": account, "Action": "BUY", "Quantity": D(250),
                      "Symbol": "MSFT", "Type": "LMT", "Lmt Price": D("400.00"), "Aux Price": None, "TIF": "DAY",
                      "Outside RTH": False}
    tabs = main_window.activity.tabs
    assert tabs.tabText(tabs.indexOf(main_window.activity.staged_page)) == "Staged (1)"


# -- what the ticket says ----------------------------------------------------------------------------

def test_a_cleared_or_unknown_symbol_drops_the_previous_contracts_name_and_quote(qtbot, main_window):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    assert panel.description.text() == "APPLE INC" and panel.quote_label.text()
    type_into(qtbot, panel, names.ORDER_SYMBOL, "XYZQ")
    assert panel.description.text() == "" and panel.quote_label.text() == ""
    assert panel.message.text() == "Symbol: XYZQ is not a known contract"
    assert panel.error_field == names.ORDER_SYMBOL
    type_into(qtbot, panel, names.ORDER_SYMBOL, "MSFT")
    type_into(qtbot, panel, names.ORDER_SYMBOL, "")
    assert panel.description.text() == "" and panel.quote_label.text() == "" and panel.error_field is None


def test_the_previous_contract_goes_at_the_first_keystroke_of_another_symbol(qtbot, main_window, engine):
    # Arrange
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "MSFT")
    symbol = main_window.findChild(QLineEdit, names.ORDER_SYMBOL)

    # Act: a person starts typing over it, without leaving the field; the market moves meanwhile
    symbol.selectAll()
    qtbot.keyClicks(symbol, "KO")
    engine.execute(SetPrice("MSFT", Decimal("430.00")))
    main_window.bridge.flush()

    # Assert: nothing of MSFT describes a ticket that no longer is MSFT's
    assert panel.description.text() == "" and panel.quote_label.text() == ""


def test_a_long_refusal_does_not_squeeze_the_tickets_buttons(qtbot, main_window):
    # Arrange
    panel = panel_of(main_window)
    main_window.show()
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    submit = main_window.findChild(QPushButton, names.ORDER_SUBMIT)
    width_before = submit.width()

    # Act
    panel._show_refusal(Rejected("INSUFFICIENT_MARGIN", "total_quantity",
                                 "the order would need far more equity with loan value than the account "
                                 "has, and this sentence goes on " * 3))

    # Assert: the message wraps on a row of its own; the buttons keep their size; all of it in the tooltip
    message = main_window.findChild(QLabel, names.ORDER_MESSAGE)
    qtbot.waitUntil(lambda: message.geometry().bottom() < submit.geometry().top())
    assert message.toolTip() == message.text()
    assert submit.width() == width_before


def test_transmitted_is_cleared_once_the_ticket_changes(qtbot, main_window, engine):
    panel = panel_of(main_window)
    type_into(qtbot, panel, names.ORDER_SYMBOL, "AAPL")
    type_into(qtbot, panel, names.ORDER_LIMIT_PRICE, "200.00")
    click(qtbot, panel, names.ORDER_SUBMIT)
    click(qtbot, confirmation(main_window), names.ORDER_TRANSMIT)
    assert panel.message.text().startswith("Transmitted")
    qtbot.keyClicks(panel.findChild(QLineEdit, names.ORDER_QUANTITY), "5")
    assert panel.message.text() == ""
    click(qtbot, panel, names.ORDER_SUBMIT)
    click(qtbot, confirmation(main_window), names.ORDER_TRANSMIT)
    assert panel.message.text().startswith("Transmitted")
    click(qtbot, panel, names.ORDER_SELL)                      # another side is another order
    assert panel.message.text() == ""


def test_refusals_name_fields_by_their_labels_not_the_engines_names():
    from workstation.ui.field_labels import field_label, refusal_text
    assert refusal_text("total_quantity", "must be more than zero") == "Quantity: must be more than zero"
    assert refusal_text("lmt_price", "232.505 is not on the tick size 0.01") == \
        "Limit price: 232.505 is not on the tick size 0.01"
    assert [field_label(f) for f in ("aux_price", "tif", "accounts.C1", "to_account")] == [
        "Stop price", "Time in force", "Amount for C1", "To"]
    assert refusal_text("", "the market is closed") == "the market is closed"    # no field: as it is
    assert refusal_text("order_id", "order 7 is filled") == "Order 7 is filled"  # a field with no label
