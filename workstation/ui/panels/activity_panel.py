"""ActivityPanel: the Mosaic Activity window, with Orders, Staged, Trades, Trades Summary and Log pages.

Orders lists every top-level order with a status filter; below it, the selected advisor order's
allocation per account. A right-click offers Order Preview, Modify and Cancel: Cancel goes to the
engine, Preview and Modify are signalled for the main window to open the preview or load the order
into Order Entry. Staged lists the tickets Order Entry saved, to transmit or discard (see
``StagedOrdersPage``). Trades lists the executions; Trades Summary the engine's totals of them per
account, symbol and side; Log the engine's refusals, cancellations and liquidations.

Every page follows events one row at a time, and a long history is read as it is looked at: Orders
lists the newest page and reads older orders as it scrolls down, Trades opens at the newest fills
and reads older ones as it scrolls up, so opening the workstation costs the same on a day's orders
as on years of them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.client.account_window import SelectionKind, account_selections
from workstation.client.staged_orders import StagedOrders
from workstation.client.ticket import can_modify
from workstation.engine import (
    DONE_STATUSES,
    LIQUIDATION_REF,
    Action,
    AllocationFinalized,
    AllocationPlanned,
    CancelOrder,
    CommandRejected,
    CommissionRestated,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    Order,
    OrderModified,
    OrderPlaced,
    OrderStatus,
    OrderStatusChanged,
    Result,
)
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.activity_log_model import (
    ActivityLogModel,
    funding_entry,
    is_notable,
    liquidation_entry,
    liquidation_order_entry,
    rejection_entry,
    status_entry,
)
from workstation.ui.models.allocation_table_model import AllocationTableModel
from workstation.ui.models.columns import ColumnTableModel
from workstation.ui.models.orders_table_model import ORDER_FILTERS, OrdersFilterProxyModel, OrdersTableModel
from workstation.ui.models.trades_summary_table_model import TradesSummaryTableModel
from workstation.ui.models.trades_table_model import TradesTableModel
from workstation.ui.panels.staged_orders_page import StagedOrdersPage
from workstation.ui.tables import data_table

ORDERS_TAB, STAGED_TAB, TRADES_TAB, TRADES_SUMMARY_TAB, LOG_TAB = "Orders", "Staged", "Trades", "Trades Summary", "Log"
TRADES_PAGE = 1_000
"""Executions the Trades page reads at a time: the newest when it opens, older ones as it scrolls up."""


def is_cancellable(order: Order) -> bool:
    """Working and not already being cancelled: what Cancel can act on."""
    return order.status not in DONE_STATUSES and order.status is not OrderStatus.PENDING_CANCEL


def is_modifiable(order: Order) -> bool:
    """What Modify can load into Order Entry: a single working order (see ``can_modify``)."""
    return can_modify(order)


class ActivityPanel(QWidget):
    """Activity's pages over the engine's orders and executions, updated in place, and over the
    tickets staged in ``staged`` (the main window shares them with Order Entry)."""

    sig_preview_requested = Signal(int)
    """Order Preview was chosen for this order id (the main window opens the preview)."""
    sig_modify_requested = Signal(int)
    """Modify was chosen for this order id (the main window opens an order ticket on it)."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None, *,
                 staged: StagedOrders | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ACTIVITY_PANEL)
        self._bridge = bridge
        engine = bridge.engine
        self.orders_model = OrdersTableModel(engine, self)
        self.orders_proxy = OrdersFilterProxyModel(self.orders_model, self)
        self.trades_model = TradesTableModel(engine, self, page=TRADES_PAGE)
        self.trades_summary_model = TradesSummaryTableModel(engine.catalog, self)
        self.trades_summary_model.show_summary(engine.trades_summary())
        self.allocation_model = AllocationTableModel(self)
        self.log_model = ActivityLogModel(self)

        self.preview_action = self._action("Order Preview", names.ACTION_PREVIEW_ORDER, self._request_preview)
        self.modify_action = self._action("Modify", names.ACTION_MODIFY_ORDER, self._request_modify)
        self.cancel_action = self._action("Cancel", names.ACTION_CANCEL_ORDER, self.cancel_selected)

        self.account_filter = QComboBox(self)
        self.account_filter.setObjectName(names.ACTIVITY_ACCOUNT)
        self._account_choices: list[tuple[str, ...] | None] = []
        self._fill_account_filter()
        self.account_filter.currentIndexChanged.connect(lambda _index: self._apply_account_filter())

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(names.ACTIVITY_TABS)
        self.tabs.addTab(self._build_orders_page(), ORDERS_TAB)
        self.staged_page = StagedOrdersPage(bridge, StagedOrders("") if staged is None else staged, self)
        self.staged_page.sig_refused.connect(self.log_model.append)
        self.staged_page.model.modelReset.connect(self._show_staged_count)
        self.tabs.addTab(self.staged_page, STAGED_TAB)
        self._show_staged_count()
        self.trades_table = self._table(self.trades_model, names.ACTIVITY_TRADES_TABLE)
        self.trades_table.verticalScrollBar().valueChanged.connect(self._read_older_trades)
        if self.trades_model.has_older():  # a long history opens at its newest fills; scrolling up reads older ones
            QTimer.singleShot(0, self.trades_table.scrollToBottom)
        self.tabs.addTab(self.trades_table, TRADES_TAB)
        self.trades_summary_table = self._table(self.trades_summary_model, names.ACTIVITY_TRADES_SUMMARY_TABLE)
        self.tabs.addTab(self.trades_summary_table, TRADES_SUMMARY_TAB)
        self.log_table = self._table(self.log_model, names.ACTIVITY_LOG)
        self.tabs.addTab(self.log_table, LOG_TAB)

        accounts_row = QHBoxLayout()
        accounts_row.addWidget(QLabel("Account:", self))
        accounts_row.addWidget(self.account_filter)
        accounts_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(accounts_row)
        layout.addWidget(self.tabs)
        for table, model in ((self.trades_table, self.trades_model),
                             (self.trades_summary_table, self.trades_summary_model)):
            model.rowsInserted.connect(
                lambda _parent, first, last, table=table, model=model: self._hide_rows(table, model, first, last))
            model.modelReset.connect(self._hide_other_accounts)
        self._connect(bridge)

    # -- public API -----------------------------------------------------------------------------

    def selected_order_id(self) -> int | None:
        """The order of the orders table's current row, or None."""
        index = self.orders_table.currentIndex()
        return self.orders_proxy.order_id_at(index.row()) if index.isValid() else None

    def select_order(self, order_id: int) -> bool:
        """Make ``order_id`` the current row; False if the filter hides it or it is not listed."""
        row = self.orders_proxy.row_of(order_id)
        if row is None:
            return False
        self.orders_table.selectionModel().setCurrentIndex(
            self.orders_proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def set_filter(self, name: str) -> None:
        """Choose an Orders filter (All, Working, Filled, Cancelled) as the drop-down does."""
        if name not in ORDER_FILTERS:
            raise KeyError(f"filter: {name!r} is not one of {', '.join(ORDER_FILTERS)}")
        self.orders_filter.setCurrentIndex(self.orders_filter.findText(name))

    def cancel_selected(self) -> Result | None:
        """Cancel the selected order through the engine; None when nothing cancellable is selected."""
        order_id = self.selected_order_id()
        if order_id is None or not is_cancellable(self._bridge.engine.order(order_id)):
            return None
        return self._bridge.submit(CancelOrder(order_id))

    def context_menu_for(self, row: int) -> QMenu:
        """The right-click menu of orders table row ``row`` (selected first), actions enabled for
        what the order allows. The caller shows it; tests trigger its actions directly."""
        self.orders_table.selectRow(row)
        order = self._bridge.engine.order(self.orders_proxy.order_id_at(row))
        self.preview_action.setEnabled(True)
        self.modify_action.setEnabled(is_modifiable(order))
        self.cancel_action.setEnabled(is_cancellable(order))
        menu = QMenu(self)
        menu.addActions([self.preview_action, self.modify_action])
        menu.addSeparator()
        menu.addAction(self.cancel_action)
        return menu

    def shown_accounts(self) -> frozenset[str] | None:
        """The accounts the Account filter shows (None: every account)."""
        index = self.account_filter.currentIndex()
        accounts = self._account_choices[index] if 0 <= index < len(self._account_choices) else None
        return None if accounts is None else frozenset(accounts)

    def show_accounts(self, accounts: tuple[str, ...] | None) -> None:
        """Choose the Account filter's entry for these accounts (None: all)."""
        wanted = None if accounts is None else tuple(accounts)
        if wanted not in self._account_choices:
            raise KeyError(f"accounts: {accounts} is not offered by the Account filter")
        self.account_filter.setCurrentIndex(self._account_choices.index(wanted))

    # -- the account filter ---------------------------------------------------------------------

    def _fill_account_filter(self) -> None:
        """All accounts, then the login's selections: its accounts, and a partition alone and
        combined with its parent (which its holder monitors)."""
        shown = self.shown_accounts() if self._account_choices else None
        current = None if shown is None else tuple(sorted(shown))
        choices: list[tuple[str, tuple[str, ...] | None]] = [("All accounts", None)]
        login = self._bridge.login
        if login is not None:
            choices += [(s.label, s.accounts) for s in account_selections(self._bridge.engine, login)
                        if s.kind is not SelectionKind.ALL]
        self._account_choices = [accounts for _, accounts in choices]
        self.account_filter.blockSignals(True)
        self.account_filter.clear()
        self.account_filter.addItems([label for label, _ in choices])
        keys = [None if a is None else tuple(sorted(a)) for a in self._account_choices]
        self.account_filter.setCurrentIndex(keys.index(current) if current in keys else 0)
        self.account_filter.blockSignals(False)

    def _apply_account_filter(self) -> None:
        self.orders_proxy.set_accounts(self.shown_accounts())
        self._hide_other_accounts()

    def _hide_other_accounts(self) -> None:
        """Trades and Trades Summary rows of accounts the filter leaves out are hidden."""
        for table, model in ((self.trades_table, self.trades_model),
                             (self.trades_summary_table, self.trades_summary_model)):
            self._hide_rows(table, model, 0, model.rowCount() - 1)

    def _hide_rows(self, table: QTableView, model: ColumnTableModel, first: int, last: int) -> None:
        """Hide rows ``first`` to ``last`` of ``table`` if the Account filter leaves their account out
        (rows just inserted: the others keep what the filter decided for them)."""
        accounts = self.shown_accounts()
        column = model.column_of("Account")
        for row in range(first, last + 1):
            shown = accounts is None or model.index(row, column).data(Qt.ItemDataRole.UserRole) in accounts
            table.setRowHidden(row, not shown)

    # -- building -------------------------------------------------------------------------------

    def _action(self, text: str, object_name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_orders_page(self) -> QWidget:
        page = QWidget(self)
        self.orders_filter = QComboBox(page)
        self.orders_filter.setObjectName(names.ACTIVITY_ORDERS_FILTER)
        self.orders_filter.addItems(list(ORDER_FILTERS))
        self.orders_filter.currentTextChanged.connect(self.orders_proxy.set_filter)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Show:", page))
        filter_row.addWidget(self.orders_filter)
        filter_row.addStretch(1)

        self.orders_table = self._table(self.orders_proxy, names.ACTIVITY_ORDERS_TABLE, page)
        self.orders_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.orders_table.customContextMenuRequested.connect(self._show_context_menu)
        self.orders_table.selectionModel().currentRowChanged.connect(self._on_current_order_changed)
        self.allocation_table = self._table(self.allocation_model, names.ACTIVITY_ALLOCATION_TABLE, page)
        self.allocation_table.setHidden(True)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        self._orders_splitter = splitter
        splitter.addWidget(self.orders_table)
        splitter.addWidget(self.allocation_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        return page

    def _table(self, model: ColumnTableModel | OrdersFilterProxyModel, object_name: str,
               parent: QWidget | None = None) -> QTableView:
        source = model.orders if isinstance(model, OrdersFilterProxyModel) else model
        table = data_table(parent or self, object_name, model, source.columns)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _connect(self, bridge: EngineBridge) -> None:
        bridge.sig_order_placed.connect(self._on_order_placed)
        bridge.sig_order_modified.connect(self._on_order_modified)
        bridge.sig_order_status_changed.connect(self._on_order_status_changed)
        bridge.sig_execution.connect(self._on_execution)
        bridge.sig_execution_corrected.connect(self._on_execution_restated)
        bridge.sig_execution_busted.connect(self._on_execution_restated)
        bridge.sig_commission_restated.connect(self._on_commission_restated)
        bridge.sig_allocation_planned.connect(self._on_allocation_planned)
        bridge.sig_allocation_finalized.connect(self._on_allocation_finalized)
        bridge.sig_command_rejected.connect(self._on_command_rejected)
        bridge.sig_liquidation_started.connect(lambda event: self.log_model.append(liquidation_entry(event)))
        bridge.sig_funds_moved.connect(lambda event: self.log_model.append(funding_entry(event, bridge.engine.catalog)))
        bridge.sig_account_opened.connect(lambda _event: self._fill_account_filter())

    # -- engine events --------------------------------------------------------------------------

    def _on_order_placed(self, event: OrderPlaced) -> None:
        self.orders_model.add_order(event.order_id)
        if event.order_ref == LIQUIDATION_REF and event.parent_id is None:
            self.log_model.append(liquidation_order_entry(self._bridge.engine.order(event.order_id)))

    def _on_order_modified(self, event: OrderModified) -> None:
        self.orders_model.refresh_order(event.order_id)
        self._refresh_allocation(event.order_id)

    def _on_order_status_changed(self, event: OrderStatusChanged) -> None:
        listed = self.orders_model.refresh_order(event.order_id)
        if listed:
            if is_notable(event):
                self.log_model.append(status_entry(event, self._bridge.engine.order(event.order_id)))
            self._refresh_allocation(event.order_id)

    def _read_older_trades(self, value: int) -> None:
        """The Trades page was scrolled to its top: list the page of executions before it, keeping
        the rows in view where they were."""
        bar = self.trades_table.verticalScrollBar()
        if value == bar.minimum() and self.trades_model.has_older():
            added = self.trades_model.fetch_older()
            if self.trades_table.verticalScrollMode() is QAbstractItemView.ScrollMode.ScrollPerItem:
                bar.setValue(value + added)

    def _on_execution(self, event: ExecutionReported) -> None:
        self.trades_model.add_execution(event)
        self._refresh_summary_row(event.account, event.symbol, event.action)

    def _on_execution_restated(self, event: ExecutionCorrected | ExecutionBusted) -> None:
        """A correction moves a price, a bust marks an execution; either may restate the commissions of
        the order's other executions, so all of them are read again."""
        self.trades_model.refresh_order(event.order_id)
        if event.action is not None:  # a correction names its execution's side (see ExecutionCorrected)
            self._refresh_summary_row(event.account, event.symbol, event.action)

    def _on_commission_restated(self, event: CommissionRestated) -> None:
        self._refresh_summary_row(event.account, event.symbol, event.action)

    def _on_allocation_planned(self, event: AllocationPlanned) -> None:
        self._refresh_allocation(event.order_id)

    def _on_allocation_finalized(self, event: AllocationFinalized) -> None:
        """The final distribution moves units between accounts and may restate the executions' commissions."""
        self.trades_model.refresh_order(event.order_id)
        self._refresh_allocation(event.order_id)

    def _refresh_summary_row(self, account: str, symbol: str, action: Action) -> None:
        """Show the Trades Summary row an event names as the engine has it now (one row, not the summary)."""
        self.trades_summary_model.show_row(account, symbol, action,
                                           self._bridge.engine.trades_summary_row(account, symbol, action))

    def _show_staged_count(self) -> None:
        """The Staged tab says how many tickets wait: ``Staged (2)``."""
        count = self.staged_page.model.rowCount()
        self.tabs.setTabText(self.tabs.indexOf(self.staged_page), f"{STAGED_TAB} ({count})" if count else STAGED_TAB)

    def _on_command_rejected(self, event: CommandRejected) -> None:
        if event.order_id is not None:  # a refused order is listed, Inactive with the reason
            self.orders_model.add_order(event.order_id)
        self.log_model.append(rejection_entry(event))

    # -- selection and the context menu ---------------------------------------------------------

    def _on_current_order_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        order_id = self.orders_proxy.order_id_at(current.row()) if current.isValid() else None
        self._show_allocation(order_id)

    def _refresh_allocation(self, order_id: int) -> None:
        if order_id == self.allocation_model.order_id:
            self._show_allocation(order_id)

    def _show_allocation(self, order_id: int | None) -> None:
        rows = () if order_id is None else self._bridge.engine.allocation_drift(order_id)
        self.allocation_model.show_order(order_id if rows else None, rows)
        appearing = bool(rows) and self.allocation_table.isHidden()
        self.allocation_table.setHidden(not rows)
        if appearing:
            self._give_allocation_room(len(rows))

    def _give_allocation_room(self, rows: int) -> None:
        """A table that appears in a splitter gets only its minimum height: give it room for its
        header and rows, up to half of the page, so an advisor order's accounts are all in view."""
        table = self.allocation_table
        wanted = (table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
                  + 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height())
        total = sum(self._orders_splitter.sizes())
        share = min(wanted, total // 2)
        self._orders_splitter.setSizes([total - share, share])

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.orders_table.indexAt(position)
        if not index.isValid():
            return
        menu = self.context_menu_for(index.row())
        menu.exec(self.orders_table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _request_preview(self) -> None:
        order_id = self.selected_order_id()
        if order_id is not None:
            self.sig_preview_requested.emit(order_id)

    def _request_modify(self) -> None:
        order_id = self.selected_order_id()
        if order_id is not None and is_modifiable(self._bridge.engine.order(order_id)):
            self.sig_modify_requested.emit(order_id)
