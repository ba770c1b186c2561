"""MainWindow: the Mosaic workspace, menus, dockable panels and the status bar.

Every panel is a dock with a stable objectName, so ``saveState``/``restoreState`` brings a
layout back and automation finds the same names each run (see ``object_names``).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QMoveEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QToolBar, QToolButton, QWidget

from workstation import __version__
from workstation.client.staged_orders import StagedOrders
from workstation.client.ticket import command_for
from workstation.engine import ClockAdvanced, MarketStateChanged, PlaceOrder
from workstation.resources import resource_path
from workstation.tws_api.api_settings import ApiSettingsKeeper, SessionApiSettings
from workstation.ui import object_names as names
from workstation.ui.accessibility import install_accessible_names
from workstation.ui.api_host import STATUS_SHOWN_MS, ApiHost
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.account_window import AccountWindow
from workstation.ui.dialogs.advisor_setup_dialog import AdvisorSetupDialog
from workstation.ui.dialogs.audit_trail_dialog import AuditTrailDialog
from workstation.ui.dialogs.order_preview_dialog import OrderPreviewDialog
from workstation.ui.dialogs.trade_log_dialog import TradeLogDialog
from workstation.ui.lock_screen import IdleLock
from workstation.ui.panels.activity_panel import ActivityPanel
from workstation.ui.panels.api_panel import ApiPanel
from workstation.ui.panels.chart_panel import ChartPanel
from workstation.ui.panels.monitor_panel import MonitorPanel
from workstation.ui.panels.order_entry_panel import OrderEntryPanel
from workstation.ui.panels.watchlist_panel import WatchlistPanel, default_watchlist_symbols
from workstation.ui.status_bar import WorkstationStatusBar
from workstation.ui.widgets.halt_banner import EngineHaltedBanner
from workstation.ui.workspace import Area, DockWorkspace, Placement

if TYPE_CHECKING:  # the partition dialogs load when first opened, not at start-up
    from workstation.ui.dialogs.account_management_dialog import AccountManagementDialog
    from workstation.ui.dialogs.global_configuration_dialog import GlobalConfigurationDialog
    from workstation.ui.dialogs.partition_wizard import PartitionWizard
    from workstation.ui.dialogs.statements_dialog import StatementsDialog
    from workstation.ui.dialogs.transfers_dialog import TransfersDialog

log = logging.getLogger(__name__)

APP_TITLE = "Mosaic Workstation"
_KEY_GEOMETRY = "layout/geometry"
_KEY_STATE = "layout/docks"
_KEY_WATCHLISTS = "layout/watchlists"
_KEY_STAGED_ORDERS = "layout/staged_orders"
"""Followed by ``/LOGIN``: each login's staged tickets, as JSON (``StagedOrders.to_json``)."""
LAYOUT_SAVE_DELAY_MS = 1000
"""The layout is saved this long after its last change: a burst of changes (a splitter dragged,
a symbol typed in) is one write, and a crash loses at most the last second's rearranging."""

CHART_SHARE = 0.5
"""The least share of its column the Chart takes when it is opened again from New Window."""


class MainWindow(QMainWindow):
    """The workstation window. Shows engine read models; every change goes through the bridge."""

    sig_reset_requested = Signal()
    """The user confirmed File -> Reset Database…; the composition root wipes the store and restarts."""

    def __init__(self, bridge: EngineBridge, *, user: str, account: str, settings: QSettings | None = None,
                 default_layout: bool = True, api_settings: ApiSettingsKeeper | None = None,
                 login: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(LAYOUT_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_layout)
        self.setObjectName(names.MAIN_WINDOW)
        # Ends with the application's name, so platforms that append it to titles (X11, Windows) don't.
        self.setWindowTitle(f"{user} — {APP_TITLE}")
        self.setWindowIcon(QIcon(str(resource_path("icons/mosaic.svg"))))
        self.resize(1400, 860)
        self.bridge = bridge
        bridge.login = account  # views read as the account
        bridge.entered_by = login  # a user's login (USERNAME, USERNAME:read-only) enters the commands
        self.user = user
        self.account = account
        self._settings = settings
        self._account_window: AccountWindow | None = None
        self._order_preview: OrderPreviewDialog | None = None
        self._advisor_setup: AdvisorSetupDialog | None = None
        self._trade_log: TradeLogDialog | None = None
        self._audit_trail: AuditTrailDialog | None = None
        self._partition_wizard: PartitionWizard | None = None
        self._transfers: TransfersDialog | None = None
        self._statements: StatementsDialog | None = None
        self._global_configuration: GlobalConfigurationDialog | None = None
        # The TWS API server, stopped until run_gui resumes it or Global Configuration enables it.
        self.api = ApiHost(bridge, account, api_settings or SessionApiSettings(), self)
        self.lock_and_exit = IdleLock(self)  # Global Configuration -> Lock and Exit (run_gui configures it)

        self.workspace = DockWorkspace(self)
        self.monitor = MonitorPanel(bridge, account, self)
        watched = default_watchlist_symbols()
        self.monitor.add_watchlist(watched)
        self.staged_orders = StagedOrders(account)
        self.order_entry = OrderEntryPanel(bridge, account, staged=self.staged_orders)
        self.order_entry.sig_preview_requested.connect(self.open_order_preview)
        self.activity = self._build_activity()
        chart_account = "" if self.is_advisor_login else account
        self.chart = ChartPanel(bridge, chart_account, symbol=watched[0] if watched else "")
        # Colour-linked: a symbol chosen in the Monitor (watchlist or portfolio) loads in both.
        self.monitor.sig_symbol_selected.connect(self.order_entry.load_symbol)
        self.monitor.sig_symbol_selected.connect(self.chart.load_symbol)
        self._dock_panels()
        if default_layout:
            self.workspace.apply_default_layout()

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.status = WorkstationStatusBar(user=user, account=account, parent=self)
        self.setStatusBar(self.status)
        self.api.sig_status.connect(lambda text: self.status.showMessage(text, STATUS_SHOWN_MS))
        self.status.show_clock(bridge.engine.now)
        self.status.show_market_state(bridge.engine.market_state)
        bridge.sig_clock_advanced.connect(self._on_clock_advanced)
        bridge.sig_market_state_changed.connect(self._on_market_state_changed)
        bridge.sig_command_rejected.connect(self.status.show_rejection)
        bridge.sig_partitions_changed.connect(lambda _event: self._show_partitions())
        self._show_partitions()
        self.addToolBarBreak()
        self.halted_banner = EngineHaltedBanner(self)
        self.addToolBar(self.halted_banner)
        bridge.sig_engine_halted.connect(self._on_engine_halted)
        if settings is not None:
            self.monitor.sig_watchlists_changed.connect(self.layout_changed)
            self.staged_orders.subscribe(self.layout_changed)
            self.workspace.watch(self.layout_changed)
        # Published names reach AT-SPI / UI Automation, dialogs included. Installed last: it names
        # every widget built so far at once, instead of filtering the ~40,000 events of building them.
        install_accessible_names()

    def _on_engine_halted(self, reason: str) -> None:
        """Say so once, in red, and take the panels out of reach: nothing more can be entered."""
        self.halted_banner.show_reason(reason)
        self.workspace.manager.setEnabled(False)
        self.menuBar().findChild(QMenu, names.MENU_ACCOUNT).setEnabled(False)

    # -- panels and windows ---------------------------------------------------------------------

    def _dock_panels(self) -> None:
        """Dock every panel where the default layout puts it (``resources/default_layout.xml`` then
        sizes them; ``scripts/write_default_layout.py`` writes that file from this arrangement)."""
        self.workspace.add(names.ORDER_ENTRY_DOCK, "Order Entry", self.order_entry, Placement(Area.LEFT))
        self.workspace.add(names.MONITOR_DOCK, "Monitor", self.monitor,
                           Placement(Area.BOTTOM, beside=names.ORDER_ENTRY_DOCK))
        self.workspace.add(names.CHART_DOCK, "Chart", self.chart, Placement(Area.RIGHT))
        self.workspace.add(names.ACTIVITY_DOCK, "Activity", self.activity,
                           Placement(Area.BOTTOM, beside=names.CHART_DOCK))
        # Not in the default layout: closed until New Window -> API opens it, beside Activity.
        self.workspace.add(names.API_DOCK, "API", ApiPanel(self.api),
                           Placement(Area.TAB, beside=names.ACTIVITY_DOCK)).toggleView(False)

    def watchlist_panels(self) -> list[WatchlistPanel]:
        return self.monitor.watchlists()

    def open_watchlist(self, symbols: Iterable[str] = (), ordinal: int | None = None) -> WatchlistPanel:
        """A new watchlist tab in the Monitor (New Window -> Watchlist opens an empty one)."""
        self.workspace.show(names.MONITOR_DOCK)
        return self.monitor.add_watchlist(symbols, ordinal)

    def _build_activity(self) -> ActivityPanel:
        """The Activity panel (Orders, Staged, Trades, Trades Summary, Log)."""
        panel = ActivityPanel(self.bridge, staged=self.staged_orders)
        panel.sig_preview_requested.connect(self.preview_order_line)
        panel.sig_modify_requested.connect(self.modify_order)
        return panel

    def modify_order(self, order_id: int) -> bool:
        """An order line's Modify: Order Entry shows and loads the working order."""
        self.workspace.show(names.ORDER_ENTRY_DOCK)
        return self.order_entry.modify_order(order_id)

    def preview_order_line(self, order_id: int) -> OrderPreviewDialog:
        """An order line's Order Preview: a working order for what it has left; an order no longer
        working as it was entered, with Transmit disabled and the reason."""
        engine = self.bridge.engine
        order = engine.order(order_id)
        not_working = None
        if order.is_done:
            not_working = (f"This order is {order.status.value} and no longer working: "
                           "there is nothing to transmit. Enter a new order to trade again.")
        return self.open_order_preview(command_for(engine, order_id), not_working=not_working)

    def open_order_preview(self, command: PlaceOrder, *, not_working: str | None = None) -> OrderPreviewDialog:
        """Order Preview of ``command`` (from Order Entry's Check Margin, or an Activity order line)."""
        if self._order_preview is not None:
            self._order_preview.close()
        dialog = OrderPreviewDialog(self.bridge, command, self, not_working=not_working)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_order_preview)
        self._order_preview = dialog
        dialog.show()
        return dialog

    @property
    def order_preview(self) -> OrderPreviewDialog | None:
        return self._order_preview

    def _forget_order_preview(self, *_destroyed: object) -> None:
        self._order_preview = None

    def open_account_window(self) -> AccountWindow:
        """Account -> Account Window: one modeless window, raised if already open."""
        if self._account_window is None:
            self._account_window = AccountWindow(self.bridge, self.account, self.account, self)
            self._account_window.finished.connect(self._forget_account_window)
        _raise(self._account_window)
        return self._account_window

    @property
    def account_window(self) -> AccountWindow | None:
        return self._account_window

    @property
    def is_advisor_login(self) -> bool:
        engine = self.bridge.engine
        return self.account in engine.account_ids() and engine.account(self.account).is_advisor

    def open_trade_log(self) -> TradeLogDialog:
        """Account -> Trade Log: one modeless window, raised if already open."""
        if self._trade_log is None:
            self._trade_log = TradeLogDialog(self.bridge, self)
        _raise(self._trade_log)
        return self._trade_log

    def open_audit_trail(self) -> AuditTrailDialog:
        """Account -> Audit Trail: one modeless window, raised if already open."""
        if self._audit_trail is None:
            self._audit_trail = AuditTrailDialog(self.bridge, self)
        _raise(self._audit_trail)
        return self._audit_trail

    def open_partition_wizard(self) -> PartitionWizard:
        """Account -> Create a Partition with an Advisor: one modeless wizard, raised if already open;
        a finished or cancelled wizard is forgotten, so the next one starts afresh."""
        if self._partition_wizard is None:
            from workstation.ui.dialogs.partition_wizard import PartitionWizard  # noqa: PLC0415
            self._partition_wizard = PartitionWizard(self.bridge, self.account, self)
            self._partition_wizard.finished.connect(self._forget_partition_wizard)
        _raise(self._partition_wizard)
        return self._partition_wizard

    @property
    def partition_wizard(self) -> PartitionWizard | None:
        return self._partition_wizard

    def open_statements(self) -> StatementsDialog:
        """Account -> Statements: one modeless window, raised if already open."""
        if self._statements is None:
            from workstation.ui.dialogs.statements_dialog import StatementsDialog  # noqa: PLC0415
            self._statements = StatementsDialog(self.bridge, self.account, self)
        _raise(self._statements)
        return self._statements

    def open_transfers(self) -> TransfersDialog:
        """Account -> Transfers: one modeless window, raised if already open."""
        if self._transfers is None:
            from workstation.ui.dialogs.transfers_dialog import TransfersDialog  # noqa: PLC0415
            self._transfers = TransfersDialog(self.bridge, self.account, self)
        _raise(self._transfers)
        return self._transfers

    def open_account_management(self) -> AccountManagementDialog:
        """Account -> Account Management: one modeless window, raised if already open."""
        from workstation.ui.dialogs.account_management_dialog import open_account_management  # noqa: PLC0415
        return open_account_management(self.bridge, self)

    def open_global_configuration(self) -> GlobalConfigurationDialog:
        """File -> Global Configuration (API -> Settings): one modeless window, raised if already open."""
        if self._global_configuration is None:
            from workstation.ui.dialogs.global_configuration_dialog import GlobalConfigurationDialog  # noqa: PLC0415
            self._global_configuration = GlobalConfigurationDialog(self.api, self, lock=self.lock_and_exit)
        _raise(self._global_configuration)
        return self._global_configuration

    def open_advisor_setup(self) -> AdvisorSetupDialog | None:
        """Account -> Advisor Setup (advisor logins): one modeless dialog, raised if already open."""
        if not self.is_advisor_login:
            return None
        if self._advisor_setup is None:
            self._advisor_setup = AdvisorSetupDialog(self.bridge, self.account, self)
        _raise(self._advisor_setup)
        return self._advisor_setup

    @property
    def advisor_setup(self) -> AdvisorSetupDialog | None:
        return self._advisor_setup

    def request_reset(self) -> QMessageBox:
        """File -> Reset Database…: ask first; ``sig_reset_requested`` fires only on Yes."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Reset Database",
                          "Erase the database and start again from the demo accounts?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName(names.RESET_DATABASE_DIALOG)
        box.setInformativeText("Every account, order, execution and journal entry is deleted. "
                               "This cannot be undone.")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(functools.partial(self._on_reset_answer, box))
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_TITLE}",
                          f"<b>{APP_TITLE}</b> {__version__}", QMessageBox.StandardButton.Ok, self)
        box.setObjectName(names.ABOUT_DIALOG)
        box.setInformativeText("A mock of Interactive Brokers' Trader Workstation (Mosaic layout) over a "
                               "simulated, in-process brokerage. Not affiliated with Interactive Brokers; "
                               "no real orders are ever sent.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- layout persistence ---------------------------------------------------------------------

    def layout_changed(self) -> None:
        """Something :meth:`save_layout` stores changed: save it after ``LAYOUT_SAVE_DELAY_MS``
        (the wait starts again at each change)."""
        if self._settings is not None:
            self._save_timer.start()

    @property
    def layout_save_pending(self) -> bool:
        return self._save_timer.isActive()

    def flush_layout(self) -> None:
        """Save now what is waiting to be saved (tests, and anything about to end the process)."""
        if self._save_timer.isActive():
            self.save_layout()

    def save_layout(self) -> None:
        """Store geometry, the panels' arrangement, the watchlists' symbols and the login's staged
        orders (no-op without settings)."""
        self._save_timer.stop()
        if self._settings is None:
            return
        watchlists = [{"ordinal": p.ordinal, "symbols": p.symbols()} for p in self.watchlist_panels()]
        self._settings.setValue(_KEY_GEOMETRY, self.saveGeometry())
        self._settings.setValue(_KEY_STATE, self.workspace.save_state())
        self._settings.setValue(_KEY_WATCHLISTS, json.dumps(watchlists))
        self._settings.setValue(f"{_KEY_STAGED_ORDERS}/{self.account}", self.staged_orders.to_json())
        self._settings.sync()

    def restore_layout(self) -> bool:
        """Bring back the login's staged orders, reopen the saved watchlists, then restore geometry
        and the panels' arrangement. False if no usable layout was saved (the default layout stays)."""
        if self._settings is None:
            return False
        self._restore_staged_orders(self._settings)
        raw = self._settings.value(_KEY_WATCHLISTS)
        if not raw:
            return False
        try:
            saved = [(int(w["ordinal"]), [str(s) for s in w["symbols"]]) for w in json.loads(str(raw))]
        except (ValueError, TypeError, KeyError) as error:
            log.warning("layout: saved watchlists are unreadable (%s); keeping the default layout", error)
            return False
        self.monitor.replace_watchlists(saved)
        geometry, state = self._settings.value(_KEY_GEOMETRY), self._settings.value(_KEY_STATE)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        return isinstance(state, QByteArray) and self.workspace.restore_state(state)

    def _restore_staged_orders(self, settings: QSettings) -> None:
        raw = settings.value(f"{_KEY_STAGED_ORDERS}/{self.account}")
        if not raw:
            return
        try:
            self.staged_orders.load_json(str(raw))
        except (ValueError, TypeError, KeyError) as error:
            log.warning("layout: saved staged orders of %s are unreadable (%s); keeping none", self.account, error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange:   # maximised, restored
            self.layout_changed()
        super().changeEvent(event)

    def moveEvent(self, event: QMoveEvent) -> None:
        self.layout_changed()
        super().moveEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.layout_changed()
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        for window in (self._account_window, self._advisor_setup, self._trade_log, self._audit_trail,
                       self._partition_wizard, self._transfers, self._global_configuration, self._statements):
            if window is not None:
                window.close()
        self.api.close()
        super().closeEvent(event)

    # -- construction ---------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.action_reset_database = self._action(names.ACTION_RESET_DATABASE, "Reset Database…", self.request_reset)
        self.action_global_configuration = self._action(names.ACTION_GLOBAL_CONFIGURATION, "Global Configuration…",
                                                        self.open_global_configuration)
        self.action_exit = self._action(names.ACTION_EXIT, "Exit", self.close,
                                        QKeySequence(QKeySequence.StandardKey.Quit))
        self.action_account_window = self._action(names.ACTION_ACCOUNT_WINDOW, "Account Window",
                                                  self.open_account_window, QKeySequence("Ctrl+Shift+A"))
        self.action_advisor_setup = self._action(names.ACTION_ADVISOR_SETUP, "Advisor Setup…", self.open_advisor_setup)
        self.action_advisor_setup.setEnabled(self.is_advisor_login)
        if not self.is_advisor_login:
            self.action_advisor_setup.setToolTip("Advisor Setup is for financial-advisor logins")
        self.action_trade_log = self._action(names.ACTION_TRADE_LOG, "Trade Log", self.open_trade_log)
        self.action_audit_trail = self._action(names.ACTION_AUDIT_TRAIL, "Audit Trail", self.open_audit_trail)
        self.action_create_partition = self._action(names.ACTION_CREATE_PARTITION,
                                                    "Create a Partition with an Advisor…", self.open_partition_wizard)
        self.action_create_partition.setEnabled(not self.is_advisor_login)
        if self.is_advisor_login:
            self.action_create_partition.setToolTip("Only an individual account can be partitioned; log in as the "
                                                    "account holder")
        self.action_transfers = self._action(names.ACTION_TRANSFERS, "Transfers…", self.open_transfers)
        self.action_account_management = self._action(names.ACTION_ACCOUNT_MANAGEMENT, "Account Management…",
                                                       self.open_account_management)
        self.action_statements = self._action(names.ACTION_STATEMENTS, "Statements…", self.open_statements)
        self.action_new_watchlist = self._action(names.ACTION_NEW_WATCHLIST, "Watchlist",
                                                 self._on_new_watchlist, QKeySequence("Ctrl+Shift+W"))
        self.action_about = self._action(names.ACTION_ABOUT, f"About {APP_TITLE}", self.show_about)
        self.panel_actions = [self.workspace.toggle_action(dock, action) for dock, action in (
            (names.MONITOR_DOCK, names.ACTION_SHOW_MONITOR), (names.ORDER_ENTRY_DOCK, names.ACTION_SHOW_ORDER_ENTRY),
            (names.ACTIVITY_DOCK, names.ACTION_SHOW_ACTIVITY), (names.CHART_DOCK, names.ACTION_SHOW_CHART))]
        self.panel_actions.append(self.workspace.placing_toggle_action(names.API_DOCK, names.ACTION_SHOW_API,
                                                                       names.ACTIVITY_DOCK, self))
        # A chart squeezed into a sliver is unreadable: reopened, it takes at least half its column.
        # (Once the dock manager has laid the area out again: until then its splitter reads 0.)
        show_chart = next(a for a in self.panel_actions if a.objectName() == names.ACTION_SHOW_CHART)
        show_chart.triggered.connect(lambda shown: shown and QTimer.singleShot(
            0, lambda: self.workspace.give_room(names.CHART_DOCK, CHART_SHARE)))

    def _menu(self, name: str, title: str, actions: Iterable[QAction | None]) -> QMenu:
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(name)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _build_menus(self) -> None:
        self.menuBar().setObjectName(names.MENU_BAR)
        self.menu_file = self._menu(names.MENU_FILE, "&File", (
            self.action_global_configuration, None, self.action_reset_database, None, self.action_exit))
        self.menu_account = self._menu(names.MENU_ACCOUNT, "&Account", (
            self.action_account_window, self.action_trade_log, self.action_audit_trail, None,
            self.action_advisor_setup, None, self.action_create_partition, self.action_transfers,
            self.action_account_management, None, self.action_statements))
        self.menu_new_window = self._menu(names.MENU_NEW_WINDOW, "&New Window",
                                          (self.action_new_watchlist, None, *self.panel_actions))
        self.menu_help = self._menu(names.MENU_HELP, "&Help", (self.action_about,))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Mosaic", self)
        toolbar.setObjectName(names.MAIN_TOOLBAR)
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        new_window = QToolButton(toolbar)
        new_window.setObjectName(names.TOOL_NEW_WINDOW)
        new_window.setText("New Window")
        new_window.setMenu(self.menu_new_window)
        new_window.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(new_window)
        toolbar.addAction(self.action_account_window)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    # -- slots ----------------------------------------------------------------------------------

    def _on_clock_advanced(self, event: ClockAdvanced) -> None:
        self.status.show_clock(event.time)
        self.status.show_market_state(event.market_state)

    def _show_partitions(self) -> None:
        self.status.show_partitions(self.bridge.engine.partitions())  # those the login sees

    def _on_market_state_changed(self, event: MarketStateChanged) -> None:
        self.status.show_market_state(event.market_state)

    def _on_reset_answer(self, box: QMessageBox, button: object) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.sig_reset_requested.emit()

    def _on_new_watchlist(self) -> None:
        self.open_watchlist()

    def _forget_partition_wizard(self) -> None:
        if self._partition_wizard is not None:
            self._partition_wizard.deleteLater()
            self._partition_wizard = None

    def _forget_account_window(self) -> None:
        if self._account_window is not None:
            self._account_window.deleteLater()
            self._account_window = None


def _raise(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
