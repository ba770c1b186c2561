"""AccountWindow: TWS's Account -> Account Window, the selected account's values kept live."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.engine.events import AccountOpened
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.account_values_table_model import AccountValuesTableModel

ROW_HEIGHT = 22


class AccountWindow(QDialog):
    """Account selector above the account-value table. Modeless, like TWS's Account Window."""

    def __init__(self, bridge: EngineBridge, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ACCOUNT_WINDOW)
        self.setModal(False)
        self._bridge = bridge
        self.model = AccountValuesTableModel(self)

        self.selector = QComboBox(self)
        self.selector.setObjectName(names.ACCOUNT_SELECTOR)
        self.selector.setMinimumContentsLength(12)
        self.selector.addItems(bridge.engine.account_ids())

        self.heading = QLabel(self)
        self.heading.setObjectName("accountWindowHeading")

        self.table = QTableView(self)
        self.table.setObjectName(names.ACCOUNT_VALUES_TABLE)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for number, column in enumerate(self.model.columns):
            header.resizeSection(number, column.width)
        header.setSectionResizeMode(self.model.column_of("Item"), QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(QLabel("Account", self))
        top.addWidget(self.selector)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.resize(680, 560)

        self.selector.currentTextChanged.connect(self.show_account)
        bridge.sig_account_values_changed.connect(self._on_values_changed)
        bridge.sig_account_opened.connect(self._on_account_opened)
        self.show_account(account_id if account_id in bridge.engine.account_ids() else self.selector.currentText())

    @property
    def account_id(self) -> str:
        return self.model.account_id

    def show_account(self, account_id: str) -> None:
        """Switch the window to ``account_id`` (an unknown id empties it)."""
        engine = self._bridge.engine
        if account_id not in engine.account_ids():
            self.model.clear()
            self.setWindowTitle("Account Window")
            self.heading.setText("No account")
            return
        if self.selector.currentText() != account_id:
            self.selector.setCurrentText(account_id)
        account = engine.account(account_id)
        self.model.set_values(account_id, engine.account_values(account_id), account.base_currency)
        self.setWindowTitle(f"Account Window — {account_id}")
        self.heading.setText(f"{account.account_type.value.title()} account · base currency {account.base_currency}")

    def _on_values_changed(self, account_ids: frozenset[str]) -> None:
        account_id = self.model.account_id
        if account_id in account_ids:
            engine = self._bridge.engine
            self.model.set_values(account_id, engine.account_values(account_id),
                                  engine.account(account_id).base_currency)

    def _on_account_opened(self, event: AccountOpened) -> None:
        self.selector.addItem(event.account_id)
        if not self.model.account_id:
            self.show_account(event.account_id)
