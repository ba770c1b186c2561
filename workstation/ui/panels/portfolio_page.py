"""PortfolioPage: the Monitor's Portfolio tab, an account's positions ticking live.

The selector offers the login's accounts one by one; a parent account with a partition also offers
the partition (which its holder monitors) and both combined, account by account.

Choosing a row is the source side of a Mosaic colour group, like a watchlist row: the symbol loads
in the linked Order Entry and chart.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workstation.client.account_window import SelectionKind, account_selections
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
        offered = self._selections()
        singles = [accounts[0] for _, accounts in offered if len(accounts) == 1]
        account_id = login if login in singles or not singles else singles[0]  # an advisor: its first client
        self.model = PortfolioTableModel(engine, account_id, self)

        self.account_selector = QComboBox(self)
        self.account_selector.setObjectName(names.PORTFOLIO_ACCOUNT)
        self.account_selector.setMinimumContentsLength(12)
        self._choices: list[tuple[str, ...]] = []
        self._fill_accounts(offered, (account_id,))

        self.table = data_table(self, names.PORTFOLIO_TABLE, self.model, self.model.columns)
        self._name_accounts_in_rows(False)
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

        self.account_selector.currentIndexChanged.connect(self._on_selection_chosen)
        bridge.sig_quotes_updated.connect(self._on_quotes_updated)
        bridge.sig_account_values_changed.connect(self._on_account_values_changed)
        bridge.sig_account_opened.connect(
            lambda _event: self._fill_accounts(self._selections(), self.model.account_ids))

    @property
    def account_id(self) -> str:
        """The account shown ("" while several are shown combined)."""
        return self.model.account_id

    def show_account(self, account_id: str) -> None:
        self.show_accounts((account_id,) if account_id else ())

    def show_accounts(self, account_ids: tuple[str, ...]) -> None:
        """Show these accounts' positions (one, or a parent and its partition combined)."""
        if account_ids and account_ids != self.model.account_ids:
            self.model.show_accounts(account_ids)
            self._name_accounts_in_rows(len(account_ids) > 1)
        index = self._choices.index(account_ids) if account_ids in self._choices else -1
        if index >= 0 and index != self.account_selector.currentIndex():
            self.account_selector.setCurrentIndex(index)

    def _selections(self) -> list[tuple[str, tuple[str, ...]]]:
        """(label, accounts): the login's own accounts (and partitions, alone and combined with their
        parent), or an advisor's clients, each one's positions on its own."""
        return [(s.label, s.accounts) for s in account_selections(self._engine, self._login)
                if len(s.accounts) == 1 or s.kind is SelectionKind.COMBINED]

    def _fill_accounts(self, offered: list[tuple[str, tuple[str, ...]]], current: tuple[str, ...]) -> None:
        self._choices = [accounts for _, accounts in offered]
        self.account_selector.blockSignals(True)
        self.account_selector.clear()
        self.account_selector.addItems([label for label, _ in offered])
        self.account_selector.setCurrentIndex(self._choices.index(current) if current in self._choices else 0)
        self.account_selector.blockSignals(False)

    def _on_selection_chosen(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            self.show_accounts(self._choices[index])

    def _name_accounts_in_rows(self, several: bool) -> None:
        """The Account column shows only when the selector does not already name the one account."""
        self.table.setColumnHidden(self.model.column_of("Account"), not several)

    def _on_quotes_updated(self, changes: QuoteChanges) -> None:
        if any(changes.includes(symbol) for symbol in self.model.symbols()):
            self.model.refresh()

    def _on_account_values_changed(self, account_ids: frozenset[str]) -> None:
        if not account_ids.isdisjoint(self.model.account_ids):
            self.model.refresh()

    def _on_current_row_changed(self, *_indexes: object) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.sig_symbol_selected.emit(self.model.row_symbol(row))
