"""AccountWindow: TWS's Account -> Account Window, a selection's values kept live.

Collapsible sections, as in TWS: Balances, Margin Requirements (with the exposure fee, Last and
Estimated Next), Available for Trading (SMA, Buying Power, Leverage, Day Trades Left, a pattern day
trader's Day Trading Buying Power), Market Value by currency, FX Portfolio and Portfolio. An advisor
chooses All, a group or one client in the selector; anyone else chooses among their accounts. Every
figure comes from the engine's reads, combined by ``client.account_window``; the window only lays it
out, and colours the margin warning banner (yellow, orange, red) from the warning the client classifies.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.client.account_window import (
    AccountSelection,
    AccountWindowView,
    MarginWarning,
    account_selections,
    account_window,
)
from workstation.engine import AccountOpened
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.account_values_table_model import (
    AVAILABLE,
    BALANCES,
    MARGIN,
    OTHER,
    PNL,
    AccountValuesTableModel,
)
from workstation.ui.models.currency_tables import CurrencyValuesTableModel, FxPortfolioTableModel
from workstation.ui.models.portfolio_table_model import PortfolioTableModel
from workstation.ui.tables import ROW_HEIGHT, data_table
from workstation.ui.throttle import Throttle
from workstation.ui.widgets.collapsible_section import CollapsibleSection
from workstation.ui.widgets.dialog_layout import controls_row, stack

REFRESH_MS = 150
"""At most about six refreshes a second while prices stream (the first change shows at once)."""
PORTFOLIO_ROWS_SHOWN = 12
"""The Portfolio section scrolls beyond this many rows; the other sections show every row."""
_WARNING_PROPERTY = {
    MarginWarning.NONE: "none", MarginWarning.NEAR: "near", MarginWarning.DEPLETED: "depleted",
    MarginWarning.LIQUIDATING: "liquidating",
}


class AccountWindow(QDialog):
    """Selector and margin banner above the collapsible sections. Modeless, like TWS's."""

    def __init__(self, bridge: EngineBridge, login: str, account_id: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ACCOUNT_WINDOW)
        self.setModal(False)
        self._bridge = bridge
        self._login = login
        self._selections: list[AccountSelection] = []
        self._selection: AccountSelection | None = None
        self.view: AccountWindowView | None = None
        self.refresh_count = 0
        """How many times the figures were re-read (the GUI benchmark counts refreshes per second)."""
        self._throttle = Throttle(self.refresh, REFRESH_MS, self)

        self.selector = QComboBox(self)
        self.selector.setObjectName(names.ACCOUNT_SELECTOR)
        self.selector.setMinimumContentsLength(18)
        self.heading = QLabel(self)
        self.heading.setObjectName(names.ACCOUNT_HEADING)
        self.warning = QLabel(self)
        self.warning.setObjectName(names.ACCOUNT_WARNING)
        self.warning.setWordWrap(True)

        self.balances = AccountValuesTableModel(self, sections=frozenset({BALANCES, PNL}))
        self.margin = AccountValuesTableModel(self, sections=frozenset({MARGIN}))
        self.available = AccountValuesTableModel(self, sections=frozenset({AVAILABLE, OTHER}))
        self.currencies = CurrencyValuesTableModel(self)
        self.fx_portfolio = FxPortfolioTableModel(self)
        self.portfolio = PortfolioTableModel(bridge.engine, "", self)
        self.sections = [
            self._section(names.ACCOUNT_SECTION_BALANCES, "Balances", names.ACCOUNT_VALUES_TABLE, self.balances),
            self._section(names.ACCOUNT_SECTION_MARGIN, "Margin Requirements", names.ACCOUNT_MARGIN_TABLE,
                          self.margin),
            self._section(names.ACCOUNT_SECTION_AVAILABLE, "Available for Trading", names.ACCOUNT_AVAILABLE_TABLE,
                          self.available),
            self._section(names.ACCOUNT_SECTION_CURRENCIES, "Market Value", names.ACCOUNT_CURRENCY_TABLE,
                          self.currencies),
            self._section(names.ACCOUNT_SECTION_FX, "FX Portfolio", names.ACCOUNT_FX_TABLE, self.fx_portfolio),
            self._section(names.ACCOUNT_SECTION_PORTFOLIO, "Portfolio", names.ACCOUNT_PORTFOLIO_TABLE,
                          self.portfolio, max_rows=PORTFOLIO_ROWS_SHOWN),
        ]

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("accountScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        stack(self, controls_row(self, "Account", self.selector, self.heading), self.warning, scroll)
        self.resize(760, 720)

        self._fill_selector()
        self.selector.currentIndexChanged.connect(self._on_selector_changed)
        bridge.sig_account_values_changed.connect(self._on_values_changed)
        bridge.sig_account_opened.connect(self._on_account_opened)
        names_offered = [s.name for s in self._selections]
        self.show_selection(account_id if account_id in names_offered else (names_offered or [""])[0])

    # -- what is shown ----------------------------------------------------------------------------

    @property
    def account_id(self) -> str:
        """The selected account ("" for a group or All)."""
        selection = self._selection
        return selection.name if selection is not None and len(selection.accounts) == 1 else ""

    @property
    def selection(self) -> AccountSelection | None:
        return self._selection

    def section(self, name: str) -> CollapsibleSection:
        return next(s for s in self.sections if s.objectName() == name)

    def show_selection(self, name: str) -> None:
        """Show the selector entry called ``name`` (an account, a group, All); unknown: empty."""
        index = next((n for n, s in enumerate(self._selections) if s.name == name), -1)
        if index < 0:
            self._selection = None
            self._clear()
            return
        if self.selector.currentIndex() != index:
            self.selector.setCurrentIndex(index)  # comes back through _on_selector_changed
            return
        self._selection = self._selections[index]
        self.portfolio.show_accounts(self._selection.accounts)
        portfolio_table = self.section(names.ACCOUNT_SECTION_PORTFOLIO).content
        assert isinstance(portfolio_table, QTableView)
        portfolio_table.setColumnHidden(self.portfolio.column_of("Account"), len(self._selection.accounts) == 1)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the selection's figures from the engine."""
        selection = self._selection
        if selection is None:
            return
        engine = self._bridge.engine
        view = account_window(engine, selection)
        self.view = view
        self.refresh_count += 1
        key, currency = selection.name, view.base_currency
        self.balances.set_values(key, view.values, currency)
        self.margin.set_values(key, view.values | {"ExposureFeeLast": view.exposure_fee_last,
                                                   "ExposureFeeEstimatedNext": view.exposure_fee_next}, currency)
        self.available.set_values(key, view.values, currency)
        self.currencies.set_currencies(view.by_currency)
        self.fx_portfolio.set_rows(view.fx_portfolio)
        self.portfolio.refresh()
        self._show_heading(view)
        self._show_warning(view)

    # -- internals --------------------------------------------------------------------------------

    def _section(self, name: str, title: str, table_name: str, model: QAbstractItemModel, *,
                 max_rows: int | None = None) -> CollapsibleSection:
        table = data_table(self, table_name, model, model.columns)
        if isinstance(model, AccountValuesTableModel):
            table.setColumnHidden(model.column_of("Section"), True)  # the section header says it
            table.horizontalHeader().setStretchLastSection(True)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_height(table, max_rows)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_args, t=table, m=max_rows: self._fit_height(t, m))
        return CollapsibleSection(title, table, name=name, parent=self)

    @staticmethod
    def _fit_height(table: QTableView, max_rows: int | None) -> None:
        rows = table.model().rowCount()
        shown = rows if max_rows is None else min(rows, max_rows)
        scrolls = table.horizontalScrollBarPolicy() is not Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        scrollbar = table.horizontalScrollBar().sizeHint().height() if scrolls else 0
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + max(shown, 1) * ROW_HEIGHT
                             + scrollbar + 2 * table.frameWidth())

    def _fill_selector(self) -> None:
        current = self._selection.name if self._selection is not None else None
        self._selections = account_selections(self._bridge.engine, self._login)
        self.selector.blockSignals(True)
        self.selector.clear()
        for selection in self._selections:
            self.selector.addItem(selection.label, selection.name)
        index = next((n for n, s in enumerate(self._selections) if s.name == current), -1)
        self.selector.setCurrentIndex(index)
        self.selector.blockSignals(False)

    def _clear(self) -> None:
        for model in (self.balances, self.margin, self.available):
            model.clear()
        self.currencies.set_rows([])
        self.fx_portfolio.set_rows([])
        self.portfolio.show_accounts(())
        self.view = None
        self.setWindowTitle("Account Window")
        self.heading.setText("No account")
        self._set_warning(MarginWarning.NONE, "")

    def _show_heading(self, view: AccountWindowView) -> None:
        selection = view.selection
        self.setWindowTitle(f"Account Window — {selection.name}")
        if len(selection.accounts) == 1:
            account = self._bridge.engine.account(selection.accounts[0])
            text = f"{account.account_type.value.title()} account · base currency {account.base_currency}"
            restriction = self._bridge.engine.trading_restriction(account.account_id)
            if restriction is not None:  # free riding (IB KB 3101): shown on the account, as TWS flags it
                text += f" · Trading restriction: {restriction}"
        else:
            text = (f"{selection.kind.value}: {', '.join(selection.accounts)} · combined in "
                    f"{view.base_currency}")
        self.heading.setText(text)

    def _show_warning(self, view: AccountWindowView) -> None:
        accounts = f" ({', '.join(view.warning_accounts)})" if len(view.selection.accounts) > 1 else ""
        text = "" if view.warning is MarginWarning.NONE else f"{view.warning.value}{accounts}"
        self._set_warning(view.warning, text)

    def _set_warning(self, warning: MarginWarning, text: str) -> None:
        self.warning.setText(text)
        self.warning.setVisible(bool(text))
        if self.warning.property("warning") != _WARNING_PROPERTY[warning]:
            self.warning.setProperty("warning", _WARNING_PROPERTY[warning])
            self.warning.style().unpolish(self.warning)
            self.warning.style().polish(self.warning)

    def _on_selector_changed(self, index: int) -> None:
        if 0 <= index < len(self._selections):
            self.show_selection(self._selections[index].name)

    def _on_values_changed(self, account_ids: frozenset[str]) -> None:
        selection = self._selection
        if selection is not None and not account_ids.isdisjoint(selection.accounts):
            self._throttle.request()

    def _on_account_opened(self, _event: AccountOpened) -> None:
        self._fill_selector()
        if self._selection is None and self._selections:
            self.show_selection(self._selections[0].name)
        elif self._selection is not None:
            self.show_selection(self._selection.name)  # a group's or All's members may have grown
