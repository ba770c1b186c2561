"""AccountManagementDialog: Account -> Account Management, IB's portal pages for the login's accounts.

A page list on the left (Funding: Deposit, Withdrawal, Transaction History, Pending Deposits; Settings:
Account Type, Trading Permissions, Base Currency, Security) and the chosen page on the right, for the
account picked in the chooser above them (only accounts the login sees: the bridge's scoped engine).
Every page sends the engine's command through the bridge and shows the engine's reads and refusals;
nothing here decides anything. A page is added with :meth:`AccountManagementDialog.add_page` under a
section (a later Market Data Subscriptions page goes under Settings the same way).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge

FUNDING, SETTINGS = "Funding", "Settings"


class AccountPage(Protocol):
    """What a page of the window offers: it shows ``account`` as the engine reads it now."""

    def show_account(self, account: str) -> None: ...


class AccountManagementDialog(QDialog):
    """Modeless; follows the engine's funding and configuration events while open."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ACCOUNT_MANAGEMENT_DIALOG)
        self.setWindowTitle("Account Management")
        self.setModal(False)
        self._bridge = bridge
        self._sections: dict[str, QTreeWidgetItem] = {}
        self._pages: dict[str, QWidget] = {}
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        self._build()
        self._add_standard_pages()
        self.refresh()
        # Not AccountValuesChanged: it comes with every price move, and nothing shown here is an account value.
        for signal in (bridge.sig_funds_moved, bridge.sig_cash_booked, bridge.sig_account_settings_changed,
                       bridge.sig_session_opened, bridge.sig_account_opened):
            signal.connect(self._on_engine_changed)

    @property
    def account(self) -> str:
        """The account the pages show ("" when the login sees none)."""
        return self.account_choice.currentData() or ""

    def add_page(self, section: str, title: str, page: QWidget) -> None:
        """Add ``page`` (an :class:`AccountPage`) under ``section`` of the page list, titled ``title``."""
        item = self._sections.get(section)
        if item is None:
            item = QTreeWidgetItem(self.page_list, [section])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            bold = item.font(0)
            bold.setBold(True)
            item.setFont(0, bold)
            item.setExpanded(True)
            self._sections[section] = item
        child = QTreeWidgetItem(item, [title])
        child.setData(0, Qt.ItemDataRole.UserRole, title)
        self._pages[title] = page
        self.stack.addWidget(page)
        if self.page_list.currentItem() is None:
            self.page_list.setCurrentItem(child)

    def show_page(self, title: str) -> QWidget:
        """Choose the page titled ``title`` in the page list; returns it."""
        for section in self._sections.values():
            for row in range(section.childCount()):
                if section.child(row).text(0) == title:
                    self.page_list.setCurrentItem(section.child(row))
        return self._pages[title]

    def page(self, title: str) -> QWidget:
        return self._pages[title]

    @property
    def page_titles(self) -> list[str]:
        return list(self._pages)

    def refresh(self) -> None:
        """Read the login's accounts again and show the chosen account on the current page."""
        self._refresh_soon.stop()
        engine = self._bridge.engine
        accounts = [a for a in engine.account_ids() if not engine.account(a).is_advisor]
        chosen = self.account_choice.currentData()
        if [self.account_choice.itemData(n) for n in range(self.account_choice.count())] != accounts:
            self.account_choice.blockSignals(True)
            self.account_choice.clear()
            for account in accounts:
                self.account_choice.addItem(account, account)
            self.account_choice.setCurrentIndex(max(self.account_choice.findData(chosen), 0) if accounts else -1)
            self.account_choice.blockSignals(False)
        self.account_choice.setEnabled(len(accounts) > 1)
        page = self.stack.currentWidget()
        if page is not None and self.account:
            page.show_account(self.account)  # type: ignore[attr-defined]

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.account_choice = QComboBox(self)
        self.account_choice.setObjectName(names.ACCOUNT_MANAGEMENT_ACCOUNT)
        self.account_choice.setMinimumContentsLength(14)
        self.account_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.page_list = QTreeWidget(self)
        self.page_list.setObjectName(names.ACCOUNT_MANAGEMENT_PAGES)
        self.page_list.setHeaderHidden(True)
        self.page_list.setRootIsDecorated(False)
        self.page_list.setMinimumWidth(170)
        self.page_list.currentItemChanged.connect(self._on_page_chosen)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName(names.ACCOUNT_MANAGEMENT_STACK)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.page_list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 620])
        top = QHBoxLayout()
        top.addWidget(QLabel("Account", self))
        top.addWidget(self.account_choice)
        top.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName(names.ACCOUNT_MANAGEMENT_CLOSE)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(980, 600)

    def _add_standard_pages(self) -> None:
        # Loaded with the window, not at start-up.
        from workstation.ui.dialogs.account_management_funding import (  # noqa: PLC0415
            DepositPage,
            PendingDepositsPage,
            TransactionHistoryPage,
            WithdrawalPage,
        )
        from workstation.ui.dialogs.account_management_settings import (  # noqa: PLC0415
            AccountTypePage,
            BaseCurrencyPage,
            SecurityPage,
            TradingPermissionsPage,
        )
        bridge = self._bridge
        for section, title, page in (
                (FUNDING, "Deposit", DepositPage(bridge)), (FUNDING, "Withdrawal", WithdrawalPage(bridge)),
                (FUNDING, "Transaction History", TransactionHistoryPage(bridge)),
                (FUNDING, "Pending Deposits", PendingDepositsPage(bridge)),
                (SETTINGS, "Account Type", AccountTypePage(bridge)),
                (SETTINGS, "Trading Permissions", TradingPermissionsPage(bridge)),
                (SETTINGS, "Base Currency", BaseCurrencyPage(bridge)), (SETTINGS, "Security", SecurityPage(bridge))):
            self.add_page(section, title, page)

    def _on_page_chosen(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is None or item.parent() is None:
            return
        self.stack.setCurrentWidget(self._pages[item.text(0)])
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self.refresh()  # events are not followed while hidden
        super().showEvent(event)

    def _on_engine_changed(self, _event: object) -> None:
        if self.isVisible():
            self._refresh_soon.start()


def open_account_management(bridge: EngineBridge, window: QWidget) -> AccountManagementDialog:
    """Account -> Account Management: one modeless window per main window, raised if already open."""
    dialog = window.findChild(AccountManagementDialog, names.ACCOUNT_MANAGEMENT_DIALOG)
    if dialog is None:
        dialog = AccountManagementDialog(bridge, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
