"""WatchlistPanel: a Mosaic Monitor watchlist, a contract search box over a live quote table."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from workstation.engine import InstrumentCatalog
from workstation.resources import load_yaml
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge, QuoteChanges
from workstation.ui.models.watchlist_table_model import WatchlistTableModel
from workstation.ui.panels.contract_search import ContractSearchInput
from workstation.ui.tables import ColumnCellDelegate, data_table

log = logging.getLogger(__name__)

DEFAULT_WATCHLIST_RESOURCE = "default_watchlist.yaml"
_REMOVE_KEYS = frozenset({Qt.Key.Key_Delete, Qt.Key.Key_Backspace})


def known_symbols(symbols: Iterable[str], catalog: InstrumentCatalog) -> list[str]:
    """``symbols`` without the ones the catalog lacks (a saved list may outlive its universe)."""
    kept = []
    for symbol in symbols:
        if symbol in catalog:
            kept.append(symbol)
        else:
            log.warning("watchlist: %r is not in the contract universe; left out", symbol)
    return kept


def default_watchlist_symbols() -> list[str]:
    """The demo watchlist shipped in ``resources/default_watchlist.yaml``."""
    return [str(s) for s in load_yaml(DEFAULT_WATCHLIST_RESOURCE)["symbols"]]


class WatchlistPanel(QWidget):
    """Symbol input above a quote table; Delete or the context menu removes the selected rows."""

    sig_symbols_changed = Signal()
    """Rows were added or removed (the window persists the list)."""
    sig_symbol_selected = Signal(str)
    """The current row changed to this symbol (the source side of a Mosaic colour group)."""

    def __init__(self, bridge: EngineBridge, symbols: Iterable[str] = (), *, ordinal: int = 1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.numbered(names.WATCHLIST_PANEL, ordinal))
        self.ordinal = ordinal
        catalog = bridge.engine.catalog
        self.model = WatchlistTableModel(bridge.engine, known_symbols(symbols, catalog), self)

        self.symbol_input = ContractSearchInput(catalog, self)
        self.symbol_input.setObjectName(names.WATCHLIST_SYMBOL_INPUT)
        self.symbol_input.sig_contract_chosen.connect(self.add_symbol)
        self.message = QLabel(self)
        self.message.setObjectName(names.WATCHLIST_MESSAGE)
        self.message.setProperty("state", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.symbol_input.sig_problem.connect(self._show_problem)

        self.table = data_table(self, names.WATCHLIST_TABLE, self.model, self.model.columns, multiple=True)
        self._configure_table()

        self.remove_action = QAction("Remove from Watchlist", self)
        self.remove_action.setObjectName(names.ACTION_REMOVE_SYMBOL)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.symbol_input)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        bridge.sig_quotes_updated.connect(self._on_quotes_updated)
        self.model.rowsInserted.connect(self.sig_symbols_changed)
        self.model.rowsRemoved.connect(self.sig_symbols_changed)

    def symbols(self) -> list[str]:
        return self.model.symbols()

    def add_symbol(self, symbol: str) -> bool:
        """Add ``symbol`` and select its row; False (and the existing row selected) if listed."""
        added = self.model.add_symbol(symbol)
        row = self.model.row_of(symbol)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return added

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        self.model.remove_rows(rows)

    # -- internals ------------------------------------------------------------------------------

    def _configure_table(self) -> None:
        table = self.table
        table.setItemDelegate(ColumnCellDelegate(self.model, table))  # repainted with every frame of quotes
        table.setShowGrid(True)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.installEventFilter(self)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete also works where the window is not active (automation, offscreen tests), which the
        # action's shortcut alone would not cover.
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in _REMOVE_KEYS):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.remove_action)
        self.remove_action.setEnabled(self.table.selectionModel().hasSelection())
        menu.exec(self.table.viewport().mapToGlobal(position))
        self.remove_action.setEnabled(True)

    def _show_problem(self, reason: str) -> None:
        self.message.setText(reason)
        self.message.setVisible(bool(reason))

    def _on_quotes_updated(self, changes: QuoteChanges) -> None:
        self.model.refresh(changes.symbols)

    def _on_current_row_changed(self, current: object, _previous: object) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.sig_symbol_selected.emit(self.model.row_key(row))
