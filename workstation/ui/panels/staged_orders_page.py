"""StagedOrdersPage: the Activity panel's Staged page, the tickets Order Entry saved, to transmit
or discard. Transmit (Ctrl+T or the context menu) checks the ticket again and opens the same
confirmation as Submit; accepted, the line leaves; refused, it stays and the refusal is logged
(the engine's reaches the Log as every rejection does, a ticket check's through ``sig_refused``).
Discard (Delete) drops the line. Nothing here is at the engine until it is transmitted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QTableView, QVBoxLayout, QWidget

from workstation.engine.api import Accepted, Result
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.views.order_ticket import TicketError
from workstation.engine.views.staged_orders import StagedOrder, StagedOrders
from workstation.ui import formatting, theme
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.order_confirm_dialog import confirm_order, order_summary
from workstation.ui.field_labels import refusal_text
from workstation.ui.models.activity_log_model import REJECTED, LogEntry
from workstation.ui.models.staged_orders_table_model import StagedOrdersTableModel
from workstation.ui.tables import data_table


class StagedOrdersPage(QWidget):
    """The staged tickets of ``staged``, kept in step with it (Order Entry adds, this page removes)."""

    sig_refused = Signal(object)
    """LogEntry: a staged ticket no longer checks (say its contract is gone) and was not transmitted."""

    def __init__(self, bridge: EngineBridge, staged: StagedOrders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._staged = staged
        self.model = StagedOrdersTableModel(bridge.engine.catalog, staged.login, self)
        self.table: QTableView = data_table(self, names.ACTIVITY_STAGED_TABLE, self.model, self.model.columns)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.transmit_action = self._action("Transmit", names.ACTION_TRANSMIT_STAGED, QKeySequence("Ctrl+T"),
                                            self.transmit_selected)
        self.discard_action = self._action("Discard", names.ACTION_DISCARD_STAGED,
                                           QKeySequence(QKeySequence.StandardKey.Delete), self.discard_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_rows: self._enable_actions())
        self.model.modelReset.connect(self._enable_actions)
        unsubscribe = staged.subscribe(self._refresh)
        self.destroyed.connect(lambda *_args: unsubscribe())
        self._refresh()

    # -- public API -----------------------------------------------------------------------------

    def selected(self) -> StagedOrder | None:
        """The staged ticket of the current row, or None."""
        index = self.table.currentIndex()
        staged_id = self.model.staged_id_at(index.row()) if index.isValid() else None
        return None if staged_id is None else self._staged.get(staged_id)

    def select(self, staged_id: int) -> bool:
        """Make ``staged_id`` the current row; False if it is not staged."""
        row = self.model.row_of(staged_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def transmit_selected(self) -> QMessageBox | None:
        """Transmit: check the selected ticket again and open Submit's confirmation; None (and the
        refusal logged) if the ticket no longer checks, or when nothing is selected."""
        staged = self.selected()
        if staged is None:
            return None
        try:
            command = self._staged.order(staged.staged_id, self._bridge.engine.catalog)
        except TicketError as error:
            self.sig_refused.emit(LogEntry(self._bridge.engine.now, REJECTED, f"Staged {staged.staged_id}",
                                           f"Rejected: staged order {staged.staged_id} — "
                                           f"{refusal_text(str(error))}", theme.TICK_DOWN))
            return None
        return confirm_order(self, "Transmit Order", formatting.order_description(command), "Transmit",
                             self._bridge.engine.precautions(command),
                             lambda: self.transmit(staged.staged_id, command),
                             details=order_summary(self._bridge.preview(command)))

    def transmit(self, staged_id: int, command: PlaceOrder) -> Result:
        """Send a staged ticket's order; accepted, the ticket leaves the page, refused, it stays."""
        result = self._bridge.submit(command)
        if isinstance(result, Accepted):
            self._staged.remove(staged_id)
        return result

    def discard_selected(self) -> StagedOrder | None:
        """Discard: drop the selected ticket (nothing was ever sent); None when nothing is selected."""
        staged = self.selected()
        return None if staged is None else self._staged.remove(staged.staged_id)

    def context_menu_for(self, row: int) -> QMenu:
        """The right-click menu of row ``row`` (selected first). The caller shows it; tests trigger
        its actions directly."""
        self.table.selectRow(row)
        menu = QMenu(self)
        menu.addAction(self.transmit_action)
        menu.addSeparator()
        menu.addAction(self.discard_action)
        return menu

    # -- internals ------------------------------------------------------------------------------

    def _action(self, text: str, object_name: str, shortcut: QKeySequence, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    def _refresh(self) -> None:
        current = self.selected()
        self.model.show_staged(self._staged)
        if current is not None:
            self.select(current.staged_id)
        self._enable_actions()

    def _enable_actions(self) -> None:
        chosen = self.table.currentIndex().isValid()
        self.transmit_action.setEnabled(chosen)
        self.discard_action.setEnabled(chosen)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        menu = self.context_menu_for(index.row())
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()
