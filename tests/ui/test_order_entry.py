"""Order Entry and the Order Preview, driven as a person would: through the object names."""

from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMessageBox, QPushButton, QTableView

from workstation.engine.accounts import AccountType
from workstation.engine.allocation.methods import AllocationMethod
from workstation.engine.commands import AdvanceClock, DefineGroup, OpenAccount, PlaceOrder, SeedPosition
from workstation.engine.market.calendar import EASTERN
from workstation.engine.orders import Action, OrderStatus, OrderType
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
    assert "tick size 0.01" in panel.message.text() and "lmt_price" in panel.message.text()
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
    click(qtbot, confirmation(main_window), names.ORDER_TRANSMIT)
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
