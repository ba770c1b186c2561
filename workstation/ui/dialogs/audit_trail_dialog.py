"""AuditTrailDialog: Account -> Audit Trail, every change to every order, oldest first, kept live.

The trail is the engine's (``Engine.audit_trail``): placements, modifications, status changes with
their reasons, and executions, recorded as they happened and kept across restarts. A filter box
narrows it to the lines containing the text typed (an order id, a symbol, a status).
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from workstation.engine import AuditEntry
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.columns import LEFT, Column, ColumnTableModel
from workstation.ui.tables import data_table
from workstation.ui.widgets.dialog_layout import controls_row, stack

AnyIndex = QModelIndex | QPersistentModelIndex


class AuditTrailTableModel(ColumnTableModel):
    """The trail's lines; :meth:`follow` appends what the engine added since (or reloads all when
    the engine dropped its oldest lines)."""

    columns: ClassVar[tuple[Column[AuditEntry], ...]] = (
        Column("Time", lambda e: e.time, lambda v, _e: formatting.clock(v), alignment=LEFT, width=170),
        Column("Order Id", lambda e: e.order_id, width=70),
        Column("Event", lambda e: e.what, alignment=LEFT, width=110),
        Column("Detail", lambda e: e.detail, alignment=LEFT, width=520),
    )

    def __init__(self, entries: list[AuditEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def row_object(self, row: int) -> AuditEntry:
        return self._entries[row]

    def row_key(self, row: int) -> str:
        return str(self._entries[row].order_id)

    def follow(self, entries: list[AuditEntry]) -> None:
        known = len(self._entries)
        if len(entries) >= known and entries[:known] == self._entries:
            if len(entries) > known:
                self.beginInsertRows(QModelIndex(), known, len(entries) - 1)
                self._entries.extend(entries[known:])
                self.endInsertRows()
            return
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()


class AuditTrailDialog(QDialog):
    """A filter above the trail. Modeless."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.AUDIT_TRAIL_DIALOG)
        self.setWindowTitle("Audit Trail")
        self.setModal(False)
        self._bridge = bridge
        self.model = AuditTrailTableModel(bridge.engine.audit_trail(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit(self)
        self.filter.setObjectName(names.AUDIT_TRAIL_FILTER)
        self.filter.setPlaceholderText("Order id, symbol, status…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = data_table(self, names.AUDIT_TRAIL_TABLE, self.proxy, self.model.columns)
        self.table.horizontalHeader().setStretchLastSection(True)

        stack(self, controls_row(self, "Filter", self.filter), self.table)
        self.resize(980, 460)

        for signal in (bridge.sig_order_placed, bridge.sig_order_modified, bridge.sig_order_status_changed,
                       bridge.sig_execution):
            signal.connect(self._on_order_event)

    def _on_order_event(self, _event: object) -> None:
        self.model.follow(self._bridge.engine.audit_trail())
        self.table.scrollToBottom()
