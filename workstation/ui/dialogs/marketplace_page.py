"""The partition wizard's first page: the Investors' Marketplace, searched as you type.

Every filter and sort becomes a ``MarketplaceQuery``; the engine's ``Marketplace.search`` answers it
and the table shows the answer as it comes. Next needs a provider chosen in the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from workstation.engine import FeeKind
from workstation.engine.partitions.marketplace import MarketplaceQuery, ProviderKind
from workstation.ui import object_names as names
from workstation.ui.dialogs.partition_choice import PartitionChoice
from workstation.ui.dialogs.partition_text import eligibility_problem, holder_accounts
from workstation.ui.models.columns import KEY_ROLE
from workstation.ui.models.marketplace_table_model import MarketplaceTableModel
from workstation.ui.tables import data_table

ANY = "Any"
FEE_KIND_LABELS = {FeeKind.ASSETS: "Asset-based", FeeKind.PERFORMANCE: "Performance", FeeKind.FLAT: "Flat fee"}
SORT_LABELS = {"name": "Name", "firm": "Firm", "minimum": "Minimum", "one_year_return": "1Y Return",
               "three_year_return": "3Y Return", "assets": "Assets", "fee": "Fees"}


class MarketplacePage(QWizardPage):
    """Search, filters and sort above the results; the parent account on top."""

    def __init__(self, choice: PartitionChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_MARKETPLACE_PAGE)
        self.setTitle("Investors' Marketplace")
        self.setSubTitle("Choose the advisor or broker who will manage a new partition of your account.")
        self.choice = choice
        self.model = MarketplaceTableModel(self)
        self._build()
        self.refresh()
        self.show_eligibility()

    # -- what a person does -----------------------------------------------------------------------

    def query(self) -> MarketplaceQuery:
        """The search as the page shows it."""
        return MarketplaceQuery(
            text=self.search.text(), kind=self.kind.currentData(), strategy=self.strategy.currentData(),
            asset_class=self.asset_class.currentData(), region=self.region.currentData(),
            language=self.language.currentData(), max_minimum=self.max_minimum.currentData(),
            fee_kind=self.fee_kind.currentData(), sort_by=self.sort.currentData(),
            descending=self.descending.isChecked())

    def refresh(self) -> None:
        """Search again and show the results, keeping the chosen provider selected if still listed."""
        chosen = self.choice.listing
        rows = self.choice.marketplace.search(self.query())
        self.model.set_rows(rows)
        row = self.model.row_of(chosen.listing_id) if chosen is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif chosen is not None:
            self._choose(None)
        column = self.model.column_of_sort_key(self.sort.currentData())
        order = Qt.SortOrder.DescendingOrder if self.descending.isChecked() else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        total = len(self.choice.marketplace)
        self.count.setText(f"{len(rows)} of {total} advisors and brokers")

    def choose(self, listing_id: str) -> bool:
        """Select ``listing_id`` in the results; False if it is not among them."""
        row = self.model.row_of(listing_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Order the results by the engine's ``key`` (one search, not one per control changed)."""
        with _quiet(self.sort, self.descending):
            self.sort.setCurrentIndex(self.sort.findData(key))
            self.descending.setChecked(descending)
        self.refresh()

    def clear_filters(self) -> None:
        """Clear filters: every filter back to Any and the search emptied, then one search."""
        with _quiet(*self._filters, self.search):
            for combo in self._filters:
                combo.setCurrentIndex(0)
            self.search.clear()
        self.refresh()

    def show_eligibility(self) -> None:
        """Say plainly when the chosen account cannot request a partition."""
        problem = eligibility_problem(self.choice.engine, self.choice.parent)
        self.eligibility.setText(problem)
        self.eligibility.setVisible(bool(problem))

    def isComplete(self) -> bool:
        return self.choice.listing is not None

    def next_hint(self) -> str:
        """What Next waits for while the page is incomplete."""
        return "Choose an advisor or broker in the list to go on."

    # -- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.eligibility = QLabel(self)
        self.eligibility.setObjectName(names.PARTITION_ELIGIBILITY)
        self.eligibility.setWordWrap(True)
        self.eligibility.setProperty("state", "warning")

        self.parent_account = QComboBox(self)
        self.parent_account.setObjectName(names.PARTITION_PARENT_ACCOUNT)
        holders = holder_accounts(self.choice.engine, self.choice.login)
        for account in holders:
            self.parent_account.addItem(account, account)
        self.parent_account.setEnabled(len(holders) > 1)
        self.parent_account.setMinimumContentsLength(12)
        self.parent_account.currentIndexChanged.connect(self._on_parent_changed)

        marketplace = self.choice.marketplace
        facets = marketplace.facets()
        self.search = QLineEdit(self)
        self.search.setObjectName(names.MARKETPLACE_SEARCH)
        self.search.setPlaceholderText("Search names, firms, strategies, languages, credentials…")
        self.search.setClearButtonEnabled(True)
        self.kind = _combo(self, names.MARKETPLACE_KIND, ((k.value, k) for k in ProviderKind))
        self.strategy = _combo(self, names.MARKETPLACE_STRATEGY, ((s, s) for s in facets.strategies))
        self.asset_class = _combo(self, names.MARKETPLACE_ASSET_CLASS, ((a, a) for a in facets.asset_classes))
        self.region = _combo(self, names.MARKETPLACE_REGION, ((r, r) for r in facets.regions))
        self.language = _combo(self, names.MARKETPLACE_LANGUAGE, ((lang, lang) for lang in facets.languages))
        minimums = sorted({listing.minimum_investment for listing in marketplace.listings} - {Decimal(0)})
        self.max_minimum = _combo(self, names.MARKETPLACE_MAX_MINIMUM,
                                  [("No minimum", Decimal(0))] + [(f"Up to {m:,.0f}", m) for m in minimums])
        self.fee_kind = _combo(self, names.MARKETPLACE_FEE_KIND, ((label, k) for k, label in FEE_KIND_LABELS.items()))
        self._filters = (self.kind, self.strategy, self.asset_class, self.region, self.language, self.max_minimum,
                         self.fee_kind)
        self.sort = QComboBox(self)
        self.sort.setObjectName(names.MARKETPLACE_SORT)
        for key, label in SORT_LABELS.items():
            self.sort.addItem(label, key)
        self.descending = QCheckBox("Descending", self)
        self.descending.setObjectName(names.MARKETPLACE_DESCENDING)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName(names.MARKETPLACE_CLEAR)
        self.clear_button.setAutoDefault(False)

        self.table = data_table(self, names.MARKETPLACE_TABLE, self.model, self.model.columns)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(True)
        self.count = QLabel(self)
        self.count.setObjectName(names.MARKETPLACE_COUNT)

        account_row = QHBoxLayout()
        account_row.addWidget(QLabel("Partition of account", self))
        account_row.addWidget(self.parent_account)
        account_row.addSpacing(16)
        account_row.addWidget(self.search, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        cells: list[tuple[str, QWidget]] = [
            ("Type", self.kind), ("Strategy", self.strategy), ("Asset class", self.asset_class),
            ("Region", self.region), ("Language", self.language), ("Minimum", self.max_minimum),
            ("Fees", self.fee_kind), ("Sort by", self.sort)]
        for number, (label, widget) in enumerate(cells):
            row, column = divmod(number, 4)
            grid.addWidget(QLabel(label, self), row, 2 * column)
            grid.addWidget(widget, row, 2 * column + 1)
            grid.setColumnStretch(2 * column + 1, 1)
        grid.addWidget(self.descending, 1, 8)
        grid.addWidget(self.clear_button, 0, 8)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(QLabel("Double-click a provider, or select it and press Next.", self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.eligibility)
        layout.addLayout(account_row)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.search.textChanged.connect(self.refresh)
        for combo in (*self._filters, self.sort):
            combo.currentIndexChanged.connect(self.refresh)
        self.descending.toggled.connect(self.refresh)
        self.clear_button.clicked.connect(self.clear_filters)
        header.sectionClicked.connect(self._on_header_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.wizard().next())

    # -- slots ------------------------------------------------------------------------------------

    def _choose(self, listing_id: str | None) -> None:
        self.choice.listing = self.choice.marketplace.get(listing_id) if listing_id else None
        self.completeChanged.emit()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._choose(rows[0].data(KEY_ROLE) if rows else None)

    def _on_header_clicked(self, column: int) -> None:
        key = self.model.sort_key(column)
        if key is None:  # not sortable: keep the indicator on the current order
            self.refresh()
            return
        same = key == self.sort.currentData()
        self.sort_by(key, not self.descending.isChecked() if same else False)

    def _on_parent_changed(self, _index: int) -> None:
        self.choice.parent = self.parent_account.currentData()
        self.show_eligibility()


def _combo(parent: QWidget, name: str, items: Iterable[tuple[str, Any]]) -> QComboBox:
    """A filter: ``Any`` (no filter) then the choices."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItem(ANY, None)
    for label, value in items:
        combo.addItem(label, value)
    combo.setMinimumContentsLength(10)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


@contextmanager
def _quiet(*widgets: QWidget) -> Iterator[None]:
    """Change several controls without a search for each change."""
    for widget in widgets:
        widget.blockSignals(True)
    try:
        yield
    finally:
        for widget in widgets:
            widget.blockSignals(False)
