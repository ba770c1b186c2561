"""PortfolioPage: the Monitor's Portfolio tab, an account's positions ticking live.

Choosing a row is the source side of a Mosaic colour group, like a watchlist row: the symbol loads
in the linked Order Entry and chart.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge, QuoteChanges
from workstation.ui.models.portfolio_table_model import PortfolioTableModel
from workstation.ui.tables import data_table


class PortfolioPage(QWidget):
    """An account selector above the positions table; refreshed once per coalesced frame."""

    sig_symbol_selected = Signal(str)
    """The current row changed to this symbol."""

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PORTFOLIO_PAGE)
        engine = self._engine = bridge.engine
        self._login = login
        offered = self._accounts()
        account_id = login if login in offered or not offered else offered[0]  # an advisor: its first client
        self.model = PortfolioTableModel(engine, account_id, self)

        self.account_selector = QComboBox(self)
        self.account_selector.setObjectName(names.PORTFOLIO_ACCOUNT)
        self.account_selector.setMinimumContentsLength(12)
        self._fill_accounts(offered, account_id)

        self.table = data_table(self, names.PORTFOLIO_TABLE, self.model, self.model.columns)
        self.table.setColumnHidden(self.model.column_of("Account"), True)  # the selector names it
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Account", self))
        top.addWidget(self.account_selector)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.account_selector.currentTextChanged.connect(self.show_account)
        bridge.sig_quotes_updated.connect(self._on_quotes_updated)
        bridge.sig_account_values_changed.connect(self._on_account_values_changed)
        bridge.sig_account_opened.connect(lambda _event: self._fill_accounts(self._accounts(), self.account_id))

    @property
    def account_id(self) -> str:
        return self.model.account_id

    def show_account(self, account_id: str) -> None:
        if account_id and account_id != self.model.account_id:
            self.model.show_account(account_id)
        if self.account_selector.currentText() != account_id:
            self.account_selector.setCurrentText(account_id)

    def _accounts(self) -> list[str]:
        """The login's own accounts, or an advisor's clients (each one's positions on its own)."""
        return [a for s in self._engine.account_selections(self._login) if len(s.accounts) == 1 for a in s.accounts]

    def _fill_accounts(self, account_ids: list[str], current: str) -> None:
        self.account_selector.blockSignals(True)
        self.account_selector.clear()
        self.account_selector.addItems(account_ids)
        self.account_selector.setCurrentText(current)
        self.account_selector.blockSignals(False)

    def _on_quotes_updated(self, changes: QuoteChanges) -> None:
        if any(changes.includes(symbol) for symbol in self.model.symbols()):
            self.model.refresh()

    def _on_account_values_changed(self, account_ids: frozenset[str]) -> None:
        if self.account_id in account_ids:
            self.model.refresh()

    def _on_current_row_changed(self, *_indexes: object) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.sig_symbol_selected.emit(self.model.row_symbol(row))
