"""TransfersDialog: Account -> Transfers, Account Management's funding of a partition (PART-CP).

Fund Transfer and Position Transfer move cash or positions between the login's account and its
open partition, either way; Deposit and Withdraw move money from and to the holder's bank, a
deposit held three business days before it can be withdrawn. Each tab asks for confirmation, then
submits one command through the bridge; a refusal names its field (``Amount: ...``), which is
marked until a field changes, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.engine.api import Engine, Result
from workstation.engine.core.errors import Rejected
from workstation.engine.funding.bank import HOLD_BUSINESS_DAYS
from workstation.engine.messages.commands import Deposit, TransferCash, TransferPosition, Withdraw
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.partition_text import holder_accounts, moment, own_partition, transfer_notice
from workstation.ui.widgets.transfer_form import TransferForm

Items = Sequence[tuple[str, Any]]


class TransfersDialog(QDialog):
    """Modeless; follows the engine (cash, positions, partitions) while open."""

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.TRANSFERS_DIALOG)
        self.setWindowTitle("Transfers")
        self.setModal(False)
        self._bridge = bridge
        self.login = login
        self._quantity_for: tuple[str, str] | None = None  # (account, symbol) the quantity was defaulted for
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        self._build()
        self.refresh()
        for signal in (bridge.sig_cash_booked, bridge.sig_position_changed, bridge.sig_partitions_changed,
                       bridge.sig_account_opened, bridge.sig_session_opened):
            signal.connect(self._on_engine_changed)

    @property
    def engine(self) -> Engine:
        return self._bridge.engine

    # -- what a person does -----------------------------------------------------------------------

    # Each asks first (a QMessageBox named ``transferConfirmDialog``, its button ``transferConfirm``)
    # and returns it; None, with the field marked, when what is typed cannot make a command.

    def transfer_cash(self) -> QMessageBox | None:
        currency, amount = self.fund_currency.currentData() or "", self.fund_amount.text()
        source, target = self.fund_from.currentData(), self.fund_to.currentData()
        return self.fund.send(self._bridge, lambda: TransferCash(source, target, currency, amount),
                              lambda: f"Transferred {_amount(amount)} {currency} from {source} to {target}.",
                              f"Transfer {_amount(amount)} {currency} from {source} to {target}?", "Transfer",
                              lambda result: self._after(result, self.fund_amount))

    def transfer_position(self) -> QMessageBox | None:
        symbol, quantity = self.position_symbol.currentData() or "", self.position_quantity.text()
        source, target = self.position_from.currentData(), self.position_to.currentData()
        return self.position.send(self._bridge, lambda: TransferPosition(source, target, symbol, quantity),
                                  lambda: f"Transferred {quantity.strip()} {symbol} from {source} to {target}.",
                                  f"Transfer {quantity.strip()} {symbol} from {source} to {target} at its cost "
                                  "basis?", "Transfer", lambda result: self._after(result, self.position_quantity))

    def deposit(self) -> QMessageBox | None:
        account, currency = self.deposit_account.currentData(), self.deposit_currency.currentData() or ""
        amount = self.deposit_amount.text()
        return self.deposit_form.send(
            self._bridge, lambda: Deposit(account, currency, amount),
            lambda: f"Deposited {_amount(amount)} {currency} into {account}: it can be traded with now and "
                    f"withdrawn after {HOLD_BUSINESS_DAYS} business days.",
            f"Deposit {_amount(amount)} {currency} from your bank into {account}?", "Deposit",
            lambda result: self._after(result, self.deposit_amount))

    def withdraw(self) -> QMessageBox | None:
        account, currency = self.withdraw_account.currentData(), self.withdraw_currency.currentData() or ""
        amount = self.withdraw_amount.text()
        return self.withdraw_form.send(self._bridge, lambda: Withdraw(account, currency, amount),
                                       lambda: f"Withdrew {_amount(amount)} {currency} from {account}.",
                                       f"Withdraw {_amount(amount)} {currency} from {account} to your bank?",
                                       "Withdraw", lambda result: self._after(result, self.withdraw_amount))

    def refresh(self) -> None:
        """Read the accounts, partitions, balances and positions again; what is typed is kept."""
        self._refresh_soon.stop()
        engine = self.engine
        holders = holder_accounts(engine, self.login)
        self.partition_line.setText(self._partition_text(holders))
        notice = transfer_notice(engine, holders)
        linked = self._linked_accounts(holders)
        for form, source in ((self.fund, self.fund_from), (self.position, self.position_from)):
            form.set_usable(notice)
            _refill(source, [(self._account_label(a), a) for a in linked])
        self._show_fund_side()
        self._show_position_side()
        for combo in (self.deposit_account, self.withdraw_account):
            _refill(combo, [(a, a) for a in holders])
        self._show_deposit_currencies()
        self._show_withdrawable()

    # -- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.partition_line = QLabel(self)
        self.partition_line.setObjectName(names.TRANSFERS_PARTITION)
        self.partition_line.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(names.TRANSFERS_TABS)

        self.fund = TransferForm(names.FUND_TRANSFER_TAB, names.FUND_TRANSFER_SUBMIT, names.FUND_TRANSFER_MESSAGE)
        self.fund.notice.setObjectName(names.FUND_TRANSFER_NOTICE)
        self.fund_from = self.fund.combo("from_account", "From", names.FUND_TRANSFER_FROM)
        self.fund_to = self.fund.combo("to_account", "To", names.FUND_TRANSFER_TO)
        self.fund_currency = self.fund.combo("currency", "Currency", names.FUND_TRANSFER_CURRENCY)
        self.fund_amount = self.fund.line("amount", "Amount", names.FUND_TRANSFER_AMOUNT, "0.00")
        self.fund.note("Cash moves in the currency chosen; IB does not convert it for you.")
        self.fund.submit.clicked.connect(self.transfer_cash)
        self.fund_from.currentIndexChanged.connect(lambda _i: self._show_fund_side())

        self.position = TransferForm(names.POSITION_TRANSFER_TAB, names.POSITION_TRANSFER_SUBMIT,
                                     names.POSITION_TRANSFER_MESSAGE)
        self.position.notice.setObjectName(names.POSITION_TRANSFER_NOTICE)
        self.position_from = self.position.combo("from_account", "From", names.POSITION_TRANSFER_FROM)
        self.position_to = self.position.combo("to_account", "To", names.POSITION_TRANSFER_TO)
        self.position_symbol = self.position.combo("symbol", "Position", names.POSITION_TRANSFER_SYMBOL)
        self.position_quantity = self.position.line("quantity", "Quantity", names.POSITION_TRANSFER_QUANTITY,
                                                    "units")
        self.position.note("The whole holding unless you enter fewer units; positions move at their cost basis.")
        self.position.submit.clicked.connect(self.transfer_position)
        self.position_from.currentIndexChanged.connect(lambda _i: self._show_position_side())
        self.position_symbol.currentIndexChanged.connect(lambda _i: self._default_quantity())

        self.deposit_form = TransferForm(names.DEPOSIT_TAB, names.DEPOSIT_SUBMIT, names.DEPOSIT_MESSAGE)
        self.deposit_account = self.deposit_form.combo("account", "Account", names.DEPOSIT_ACCOUNT)
        self.deposit_currency = self.deposit_form.combo("currency", "Currency", names.DEPOSIT_CURRENCY)
        self.deposit_amount = self.deposit_form.line("amount", "Amount", names.DEPOSIT_AMOUNT, "0.00")
        self.deposit_form.note(f"A deposit is credited at once and can be traded with; it can be withdrawn after "
                               f"a hold of {HOLD_BUSINESS_DAYS} business days.")
        self.deposit_form.submit.clicked.connect(self.deposit)
        self.deposit_account.currentIndexChanged.connect(lambda _i: self._show_deposit_currencies())

        self.withdraw_form = TransferForm(names.WITHDRAW_TAB, names.WITHDRAW_SUBMIT, names.WITHDRAW_MESSAGE)
        self.withdraw_account = self.withdraw_form.combo("account", "Account", names.WITHDRAW_ACCOUNT)
        self.withdraw_currency = self.withdraw_form.combo("currency", "Currency", names.WITHDRAW_CURRENCY)
        self.withdraw_amount = self.withdraw_form.line("amount", "Amount", names.WITHDRAW_AMOUNT, "0.00")
        self.withdraw_available = self.withdraw_form.note(name=names.WITHDRAW_AVAILABLE)
        self.withdraw_form.submit.clicked.connect(self.withdraw)
        self.withdraw_account.currentIndexChanged.connect(lambda _i: self._show_withdrawable())
        self.withdraw_currency.currentIndexChanged.connect(lambda _i: self._show_withdrawable(refill=False))

        for form, title in ((self.fund, "Fund Transfer"), (self.position, "Position Transfer"),
                            (self.deposit_form, "Deposit"), (self.withdraw_form, "Withdraw")):
            self.tabs.addTab(form, title)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName(names.TRANSFERS_CLOSE)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.partition_line)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(600, 350)

    # -- filling the fields -----------------------------------------------------------------------

    def _linked_accounts(self, holders: list[str]) -> list[str]:
        """Each holder account with an open partition, followed by that partition."""
        accounts: list[str] = []
        for holder in holders:
            partition = own_partition(self.engine, holder)
            if partition is not None and partition.status == "Open":
                accounts += [holder, partition.partition_id]
        return accounts

    def _counterpart(self, account: str | None) -> str | None:
        """The other side of a transfer from ``account``: its open partition, or its parent."""
        if not account:
            return None
        parent = self.engine.account(account).parent
        if parent is not None:
            return parent
        partition = own_partition(self.engine, account)
        return partition.partition_id if partition is not None else None

    def _account_label(self, account: str) -> str:
        partition = next((p for p in self.engine.partitions(account) if p.partition_id == account), None)
        return f"{account}  (partition managed by {partition.advisor_name})" if partition else account

    def _partition_text(self, holders: list[str]) -> str:
        lines = []
        for holder in holders:
            partition = own_partition(self.engine, holder)
            if partition is not None:
                state = "open" if partition.status == "Open" else f"pending, opens at {moment(partition.ready_at)}"
                lines.append(f"{holder}'s partition {partition.partition_id}, managed by {partition.advisor_name}: "
                             f"{state}")
        return "\n".join(lines) or f"{self.login} has no partition yet."

    def _held_currencies(self, account: str | None) -> Items:
        if not account:
            return []
        base = self.engine.account(account).base_currency
        cash = sorted(self.engine.cash(account).items(), key=lambda item: (item[0] != base, item[0]))
        return [(f"{currency}  ({amount:,.2f} held)", currency) for currency, amount in cash if amount > 0]

    def _show_counterpart(self, source: QComboBox, target: QComboBox) -> None:
        counterpart = self._counterpart(source.currentData())
        _refill(target, [(self._account_label(counterpart), counterpart)] if counterpart else [])

    def _show_fund_side(self) -> None:
        """The fund transfer's other account and the currencies its source holds."""
        self._show_counterpart(self.fund_from, self.fund_to)
        _refill(self.fund_currency, self._held_currencies(self.fund_from.currentData()))

    def _show_position_side(self) -> None:
        """The position transfer's other account and the positions its source holds."""
        self._show_counterpart(self.position_from, self.position_to)
        source = self.position_from.currentData()
        positions = self.engine.positions(source) if source else []
        _refill(self.position_symbol, [(f"{p.symbol}  ({p.quantity.normalize():f})", p.symbol)
                                       for p in sorted(positions, key=lambda p: p.symbol) if p.quantity])
        self._default_quantity()

    def _default_quantity(self) -> None:
        """The whole holding, whenever another position is picked (a partial quantity is kept; after
        a transfer the field stays empty)."""
        source, symbol = self.position_from.currentData(), self.position_symbol.currentData()
        if (source, symbol) == self._quantity_for:
            return
        self._quantity_for = (source, symbol) if source and symbol else None
        held = next((p.quantity for p in self.engine.positions(source) if p.symbol == symbol), None) \
            if source and symbol else None
        self.position_quantity.setText("" if held is None else f"{abs(held).normalize():f}")

    def _show_deposit_currencies(self) -> None:
        account = self.deposit_account.currentData()
        if not account or account not in self.engine.account_ids():
            _refill(self.deposit_currency, [])
            return
        base = self.engine.account(account).base_currency
        known = {i.currency for i in self.engine.catalog} | set(self.engine.cash(account))
        _refill(self.deposit_currency, [(c, c) for c in [base, *sorted(known - {base})]])

    def _show_withdrawable(self, refill: bool = True) -> None:
        account = self.withdraw_account.currentData()
        if refill:
            _refill(self.withdraw_currency, self._held_currencies(account))
        currency = self.withdraw_currency.currentData()
        free = self.engine.withdrawable(account, currency) if account and currency else Decimal(0)
        self.withdraw_available.setText(
            f"Withdrawable now: {free:,.2f} {currency or ''}. Deposits are held for {HOLD_BUSINESS_DAYS} business "
            "days before they can be withdrawn, and a withdrawal must leave the account's margin whole.")

    def _after(self, result: Result, amount: QLineEdit) -> Result:
        """Moved: the amount (or quantity) is cleared, so the next transfer starts from what is typed,
        never from the whole of what is left."""
        if not isinstance(result, Rejected):
            self.refresh()
            amount.clear()
            source, symbol = self.position_from.currentData(), self.position_symbol.currentData()
            self._quantity_for = (source, symbol) if source and symbol else None  # stays as cleared
        return result

    def _on_engine_changed(self, _event: object) -> None:
        self._refresh_soon.start()


def _refill(combo: QComboBox, items: Items) -> None:
    """Show ``items`` (label, data), keeping the current choice if it is still offered; nothing is
    emitted unless the choice itself changes."""
    current = [(combo.itemText(n), combo.itemData(n)) for n in range(combo.count())]
    if current == list(items):
        return
    chosen = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        for label, data in items:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if items else -1)
    finally:
        combo.blockSignals(False)
    if combo.currentData() != chosen:
        combo.currentIndexChanged.emit(combo.currentIndex())


def _amount(text: str) -> str:
    try:
        return f"{Decimal(text.strip().replace(',', '')):,.2f}"
    except ArithmeticError:
        return text.strip()
