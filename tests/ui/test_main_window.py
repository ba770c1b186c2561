"""MainWindow: the automation contract, the status bar, menus, the Account Window, layout."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QTableView, QWidget

from workstation.client.ticket import PriceHelper
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SetPrice
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.models.columns import KEY_ROLE
from workstation.ui.panels.monitor_panel import MonitorPanel
from workstation.ui.panels.watchlist_panel import WatchlistPanel


def find(window: MainWindow, name: str) -> QObject:
    found = window if window.objectName() == name else window.findChild(QObject, name)
    assert found is not None, f"no object named {name!r}"
    return found


def trigger(window: MainWindow, action_name: str) -> None:
    action = find(window, action_name)
    assert isinstance(action, QAction)
    action.trigger()


def label_text(window: MainWindow, name: str) -> str:
    label = find(window, name)
    assert isinstance(label, QLabel)
    return label.text()


def test_every_published_object_name_exists(main_window: MainWindow) -> None:
    assert len(set(names.ALL_NAMES)) == len(names.ALL_NAMES)
    for name in names.MAIN_WINDOW_NAMES:
        find(main_window, name)

    trigger(main_window, names.ACTION_ACCOUNT_WINDOW)
    for name in names.ACCOUNT_WINDOW_NAMES:
        find(main_window, name)

    trigger(main_window, names.ACTION_RESET_DATABASE)
    trigger(main_window, names.ACTION_ABOUT)
    for name in names.DIALOG_NAMES:
        assert isinstance(find(main_window, name), QMessageBox)

    for action, group in ((names.ACTION_TRADE_LOG, names.TRADE_LOG_NAMES),
                          (names.ACTION_AUDIT_TRAIL, names.AUDIT_TRAIL_NAMES)):
        trigger(main_window, action)
        for name in group:
            find(main_window, name)

    main_window.order_entry.load_symbol("AAPL")
    main_window.order_entry.fill_price(PriceHelper.BID)
    main_window.order_entry.check_margin()
    for name in names.ORDER_PREVIEW_NAMES:
        find(main_window, name)
    main_window.order_entry.submit()
    for name in names.ORDER_CONFIRM_NAMES:
        find(main_window, name)


def test_every_menu_action_has_an_object_name(main_window: MainWindow) -> None:
    for menu_action in main_window.menuBar().actions():
        menu = menu_action.menu()
        assert menu.objectName(), menu.title()
        for action in menu.actions():
            assert action.isSeparator() or action.objectName(), action.text()


def test_title_names_the_user_and_ends_with_the_application(main_window: MainWindow) -> None:
    # X11 and Windows append the application's display name to a title that does not end with it:
    # "Mosaic Workstation — tester" was shown as "Mosaic Workstation — tester — Mosaic Workstation".
    assert main_window.windowTitle() == "tester — Mosaic Workstation"


def test_status_bar_shows_user_account_clock_and_market_state(main_window: MainWindow) -> None:
    assert label_text(main_window, names.STATUS_USER) == "User: tester"
    assert label_text(main_window, names.STATUS_ACCOUNT) == "Account: DU111111"
    assert label_text(main_window, names.STATUS_CLOCK) == "Tue Nov 24 10:00:00 ET"
    assert label_text(main_window, names.STATUS_MARKET_STATE) == "Open"
    assert find(main_window, names.STATUS_MARKET_STATE).property("marketState") == "OPEN"


def test_status_bar_follows_the_clock_across_the_close(qtbot, main_window: MainWindow, bridge: EngineBridge,
                                                       start: datetime) -> None:
    state_label = find(main_window, names.STATUS_MARKET_STATE)

    bridge.submit(AdvanceClock(to=start.replace(hour=16, minute=0, second=5)))

    qtbot.waitUntil(lambda: label_text(main_window, names.STATUS_MARKET_STATE) == "After Hours", timeout=1000)
    assert label_text(main_window, names.STATUS_CLOCK) == "Tue Nov 24 16:00:05 ET"
    assert state_label.property("marketState") == "AFTER_HOURS"

    bridge.submit(AdvanceClock(to=start.replace(hour=20, minute=0, second=1)))

    qtbot.waitUntil(lambda: label_text(main_window, names.STATUS_MARKET_STATE) == "Closed", timeout=1000)
    assert label_text(main_window, names.STATUS_CLOCK) == "Tue Nov 24 20:00:01 ET"


def test_a_refusal_is_shown_in_the_status_bar(main_window: MainWindow, bridge: EngineBridge) -> None:
    bridge.submit(SetPrice("NOPE", Decimal("1")))

    assert "UNKNOWN_CONTRACT" in main_window.statusBar().currentMessage()


def test_main_watchlist_shows_live_prices(qtbot, main_window: MainWindow, engine: Engine) -> None:
    table = find(main_window, names.WATCHLIST_TABLE)
    assert isinstance(table, QTableView)
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(KEY_ROLE) == "AAPL")

    engine.execute(SetPrice("AAPL", Decimal("250.00")))

    qtbot.waitUntil(lambda: model.index(row, 1).data() == "250.00", timeout=2000)


def test_reset_database_asks_first_and_signals_only_on_yes(qtbot, main_window: MainWindow) -> None:
    requests: list[bool] = []
    main_window.sig_reset_requested.connect(lambda: requests.append(True))

    trigger(main_window, names.ACTION_RESET_DATABASE)
    box = find(main_window, names.RESET_DATABASE_DIALOG)
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert requests == []

    trigger(main_window, names.ACTION_RESET_DATABASE)
    box = next(b for b in main_window.findChildren(QMessageBox, names.RESET_DATABASE_DIALOG) if b.isVisible())
    with qtbot.waitSignal(main_window.sig_reset_requested, timeout=0):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert requests == [True]


def test_new_window_watchlist_opens_an_empty_numbered_tab_in_the_monitor(main_window: MainWindow) -> None:
    trigger(main_window, names.ACTION_NEW_WATCHLIST)

    monitor = find(main_window, names.MONITOR_PANEL)
    panel = find(main_window, names.numbered(names.WATCHLIST_PANEL, 2))
    assert isinstance(monitor, MonitorPanel) and isinstance(panel, WatchlistPanel)
    assert monitor.tabs.currentWidget() is panel
    assert monitor.tabs.tabText(monitor.tabs.indexOf(panel)) == "Watchlist 2"
    assert panel.symbols() == []
    assert [p.objectName() for p in main_window.watchlist_panels()] == ["watchlistPanel", "watchlistPanel2"]


def test_a_closed_panel_comes_back_from_new_window(main_window: MainWindow) -> None:
    main_window.show()
    dock = main_window.workspace.dock(names.ACTIVITY_DOCK)
    dock.closeDockWidget()
    assert not main_window.workspace.is_open(names.ACTIVITY_DOCK)

    trigger(main_window, names.ACTION_SHOW_ACTIVITY)

    assert main_window.workspace.is_open(names.ACTIVITY_DOCK)
    assert main_window.activity.isVisible()


def test_the_shipped_default_layout_opens_every_panel_but_the_api_panel(main_window: MainWindow) -> None:
    main_window.show()

    assert main_window.workspace.apply_default_layout() is True
    opened = {dock.objectName() for dock in main_window.workspace.docks()
              if main_window.workspace.is_open(dock.objectName())}
    # The API panel (clients, log) is opened from New Window, as TWS's API windows are not in its default layout.
    assert opened == {dock.objectName() for dock in main_window.workspace.docks()} - {names.API_DOCK}


def test_new_window_api_opens_the_api_panel_beside_activity(main_window: MainWindow) -> None:
    main_window.show()

    trigger(main_window, names.ACTION_SHOW_API)

    assert main_window.workspace.is_open(names.API_DOCK)
    dock = main_window.workspace.dock(names.API_DOCK)
    assert dock is not None and dock.widget().objectName() == names.API_PANEL and dock.widget().isVisible()
    assert not dock.isFloating()
    assert dock.dockAreaWidget() is main_window.workspace.dock(names.ACTIVITY_DOCK).dockAreaWidget()


def test_the_tickets_buttons_are_in_view_at_the_default_layout(qtbot, main_window: MainWindow) -> None:
    # Arrange: the window at the size the default layout was made for
    main_window.resize(1400, 860)
    main_window.show()
    main_window.workspace.apply_default_layout()

    # Assert: Submit, Save and Check Margin whole, not below the fold of Order Entry's scroll area
    for name in (names.ORDER_SUBMIT, names.ORDER_SAVE, names.ORDER_CHECK_MARGIN):
        button = find(main_window, name)
        qtbot.waitUntil(lambda button=button: button.visibleRegion().boundingRect() == button.rect())


def test_account_window_shows_values_and_follows_them(qtbot, main_window: MainWindow, bridge: EngineBridge,
                                                      engine: Engine, account: str) -> None:
    trigger(main_window, names.ACTION_ACCOUNT_WINDOW)
    table = find(main_window, names.ACCOUNT_VALUES_TABLE)
    assert isinstance(table, QTableView)
    model = table.model()

    def shown(tag: str) -> str:
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(KEY_ROLE) == tag)
        return model.index(row, 2).data()

    assert main_window.account_window.windowTitle() == "Account Window — DU111111"
    assert shown("NetLiquidation") == "250,000.00"

    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, Decimal(100)))
    bridge.submit(SetPrice("AAPL", Decimal("260.00")))

    qtbot.waitUntil(lambda: shown("StockMarketValue") == "26,000.00", timeout=2000)  # 100 x 260.00
    assert shown("NetLiquidation") == formatting.money(engine.account_values(account)["NetLiquidation"])


def test_account_window_opens_once(main_window: MainWindow) -> None:
    first = main_window.open_account_window()

    assert main_window.open_account_window() is first


def test_layout_and_watchlists_survive_a_restart(qtbot, bridge: EngineBridge, settings: QSettings) -> None:
    window = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.watchlist_panels()[0].model.remove_symbol("AAPL")
    second = window.open_watchlist(["GOOGL", "DIS"])
    window.workspace.dock(names.ACTIVITY_DOCK).closeDockWidget()
    expected = [p.symbols() for p in window.watchlist_panels()]
    window.close()

    again = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(again)
    again.show()

    assert again.restore_layout() is True
    assert [p.symbols() for p in again.watchlist_panels()] == expected
    assert second.objectName() == again.watchlist_panels()[1].objectName() == "watchlistPanel2"
    assert not again.workspace.is_open(names.ACTIVITY_DOCK)  # the arrangement came back, closed panel too
    assert again.workspace.is_open(names.MONITOR_DOCK)


def test_the_chart_reopened_after_a_restart_comes_back_at_a_usable_height(qtbot, bridge: EngineBridge,
                                                                          settings: QSettings) -> None:
    window = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.workspace.dock(names.CHART_DOCK).closeDockWidget()
    window.close()
    again = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert again.restore_layout() is True

    trigger(again, names.ACTION_SHOW_CHART)

    assert again.chart.height() < again.activity.height() // 2          # as the saved layout left it
    # at least half the column (the Activity below keeps the rest): not the sliver it was squeezed to
    qtbot.waitUntil(lambda: again.chart.height() >= again.activity.height())
    assert again.chart.findChild(QWidget, names.CHART_PRICE_PLOT).height() > 100


def test_unreadable_saved_layout_keeps_the_default(qtbot, bridge: EngineBridge, settings: QSettings) -> None:
    settings.setValue("layout/watchlists", "{not json")
    window = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(window)

    assert window.restore_layout() is False
    assert len(window.watchlist_panels()) == 1


def test_closing_a_watchlist_tab_frees_its_number(qtbot, main_window: MainWindow) -> None:
    main_window.open_watchlist(["DIS"])
    monitor = main_window.monitor
    second = find(main_window, names.numbered(names.WATCHLIST_PANEL, 2))

    monitor.tabs.tabCloseRequested.emit(monitor.tabs.indexOf(second))

    assert len(main_window.watchlist_panels()) == 1
    assert main_window.open_watchlist().objectName() == "watchlistPanel2"


def test_the_portfolio_tab_cannot_be_closed(main_window: MainWindow) -> None:
    monitor = main_window.monitor
    bar = monitor.tabs.tabBar()
    index = monitor.tabs.indexOf(monitor.portfolio)

    assert monitor.tabs.tabText(index) == "Portfolio"
    assert bar.tabButton(index, bar.ButtonPosition.RightSide) is None
    monitor.tabs.tabCloseRequested.emit(index)
    assert monitor.tabs.indexOf(monitor.portfolio) == index


def test_an_advisor_login_opens_advisor_setup_from_the_account_menu(qtbot, engine: Engine, bridge: EngineBridge,
                                                                     settings: QSettings) -> None:
    engine.execute(OpenAccount("FA9", AccountType.ADVISOR))
    engine.execute(OpenAccount("FC1", AccountType.MARGIN, cash=(("USD", Decimal(50000)),), advisor="FA9"))
    window = MainWindow(bridge, user="advisor", account="FA9", settings=settings)
    qtbot.addWidget(window)

    trigger(window, names.ACTION_ADVISOR_SETUP)

    assert window.advisor_setup is not None and window.advisor_setup.isVisible()
    for name in names.ADVISOR_SETUP_NAMES:
        find(window, name)


def test_advisor_setup_is_disabled_for_an_individual_login(main_window: MainWindow) -> None:
    action = find(main_window, names.ACTION_ADVISOR_SETUP)

    assert isinstance(action, QAction) and not action.isEnabled()
    assert main_window.open_advisor_setup() is None
