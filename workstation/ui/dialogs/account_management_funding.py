"""Account Management's Funding pages: Deposit (a notification by wire, ACH or check), Withdrawal, the
Transaction History and the deposits still pending or held.

Each form submits the engine's command through the bridge after a confirmation; what the money does next
(when it is credited, when it may leave, the fee) is worded from the engine's answer and its reads, and a
refusal is the engine's, shown under the field it names. The figures quoted beside the fields (the
methods' days, the limits, the fees) are the engine's funding terms.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from workstation.engine import (
    Accepted,
    Deposit,
    DepositNotified,
    FundsWithdrawn,
    Result,
    SecurityDevice,
    WaitingMoney,
    Withdraw,
)
from workstation.engine.funding.history import PENDING, method_label
from workstation.engine.funding.terms import FUNDING_TERMS, USD_ONLY, DepositMethod
from workstation.engine.messages.events import WithdrawalFeeCharged
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.funding_tables_model import PendingDepositsModel, TransactionHistoryModel, day
from workstation.ui.tables import data_table
from workstation.ui.widgets.transfer_form import TransferForm

METHODS = (("Wire", "wire"), ("ACH", "ach"), ("Check", "check"))
DEVICE_LABELS = {
    SecurityDevice.NONE: "None", SecurityDevice.SMS: "SMS", SecurityDevice.IB_KEY: "IB Key",
    SecurityDevice.SECURITY_CODE_CARD: "Security Code Card",
    SecurityDevice.DIGITAL_SECURITY_CARD: "Digital Security Card",
    SecurityDevice.DIGITAL_SECURITY_CARD_PLUS: "Digital Security Card+",
}
"""IB's names of the Secure Login System devices."""


def page_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("heading", True)
    label.setStyleSheet("font-weight: 600; font-size: 14px;")
    return label


def show_text(label: QLabel, text: str) -> None:
    """Set a wrapped note's text and keep room for all its lines (a form row is sized for its hint's width)."""
    label.setText(text)
    label.setMinimumHeight(label.heightForWidth(max(label.width(), 520)))


def refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Show ``items`` (label, data), keeping the choice when it is still offered."""
    if [(combo.itemText(n), combo.itemData(n)) for n in range(combo.count())] == items:
        return
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(combo.findData(chosen), 0) if items else -1)
    combo.blockSignals(False)


def amount_text(text: str) -> str:
    try:
        return f"{Decimal(text.strip().replace(',', '')):,.2f}"
    except ArithmeticError:
        return text.strip()


def method_days(method: str) -> str:
    """When money sent by ``method`` is credited and may leave, in the engine's terms."""
    terms = FUNDING_TERMS
    if method == DepositMethod.ACH.value:
        return (f"ACH (USD only): credited after a {terms.ach_credit_days}-business-day credit hold; at most "
                f"{terms.ach_limit:,.0f} USD over {terms.ach_limit_days} business days; withdrawn to another bank "
                f"only after {terms.ach_other_bank_hold_days} business days.")
    if method == DepositMethod.CHECK.value:
        return (f"Check (USD): a uniform hold of {terms.check_hold_days} business days; credited on the "
                f"{terms.check_hold_days + 1}th.")
    arrival = ("the next business day" if terms.wire_arrival_days == 1 else
               f"{terms.wire_arrival_days} business days after the notification")
    return (f"Wire: credited {arrival} (IB: immediately to 4 business days, by bank), then a withdrawal hold of "
            f"{terms.wire_hold_days} business days.")


def waiting_line(money: WaitingMoney) -> str:
    source = f" from {money.bank}" if money.bank else ""
    if money.status == PENDING:
        return (f"{money.amount:,.2f} {money.currency} by {method_label(money.method)}{source}: arrives "
                f"{day(money.until)}")
    return (f"{money.amount:,.2f} {money.currency} by {method_label(money.method)}{source}: held from withdrawal "
            f"until {day(money.until)}")


class DepositPage(TransferForm):
    """Transfer & Pay > Make a Deposit: a deposit notification; the money arrives on the engine's clock."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.FUNDING_DEPOSIT_PAGE, names.FUNDING_DEPOSIT_SUBMIT, names.FUNDING_DEPOSIT_MESSAGE,
                         parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Deposit Notification", self))
        self.method = self.combo("method", "Method", names.FUNDING_DEPOSIT_METHOD)
        for label, data in METHODS:
            self.method.addItem(label, data)
        self.amount = self.line("amount", "Amount", names.FUNDING_DEPOSIT_AMOUNT, "0.00")
        self.currency = self.combo("currency", "Currency", names.FUNDING_DEPOSIT_CURRENCY)
        self.bank = self.line("bank", "Bank", names.FUNDING_DEPOSIT_BANK, "the sending bank, e.g. Chase ...1234")
        self.timing = self.note(name=names.FUNDING_DEPOSIT_TIMING)
        self.note("A notification moves no money: your bank sends it. It is not counted for trading until it is "
                  "credited.")
        self.submit.clicked.connect(self.deposit)
        self.method.currentIndexChanged.connect(lambda _i: self.show_account(self.account))

    def show_account(self, account: str) -> None:
        self.account = account
        engine = self._bridge.engine
        base = engine.account(account).base_currency
        method = self.method.currentData() or ""
        if DepositMethod(method) in USD_ONLY:
            currencies = ["USD"]
        else:
            known = {i.currency for i in engine.catalog} | set(engine.cash(account))
            currencies = [base, *sorted(known - {base})]
        refill(self.currency, [(c, c) for c in currencies])
        waiting = [waiting_line(m) for m in engine.pending_funds(account) if m.status == PENDING]
        show_text(self.timing, method_days(method) + ("\nOn its way: " + "; ".join(waiting) if waiting else ""))

    def deposit(self) -> QMessageBox | None:
        account, method = self.account, self.method.currentData() or ""
        currency, amount, bank = self.currency.currentData() or "", self.amount.text(), self.bank.text().strip()
        source = f" from {bank}" if bank else ""
        login = self._bridge.login  # the engine checks the login's role (a trader may not move money)
        return self.send(self._bridge, lambda: Deposit(account, currency, amount, method, bank, login), lambda: "",
                         f"Notify a {method_label(method)} deposit of {amount_text(amount)} {currency}{source} into "
                         f"{account}?", "Submit", self._after)

    def _after(self, result: Result) -> None:
        if not isinstance(result, Accepted):
            return
        notified = next((e for e in result.events if isinstance(e, DepositNotified)), None)
        if notified is not None:
            self.show_done(f"Deposit notification of {notified.amount:,.2f} {notified.currency} by "
                           f"{method_label(notified.method)} accepted: credited on {day(notified.credited_on)}, "
                           f"withdrawable from {day(notified.withdrawable_on)}.")
        self.amount.clear()
        self.show_account(self.account)


class WithdrawalPage(TransferForm):
    """Transfer & Pay > Withdraw Funds: within what may leave, the security device's limits, and the fee
    after the month's free withdrawal."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.FUNDING_WITHDRAWAL_PAGE, names.FUNDING_WITHDRAWAL_SUBMIT,
                         names.FUNDING_WITHDRAWAL_MESSAGE, parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Withdraw Funds", self))
        self.amount = self.line("amount", "Amount", names.FUNDING_WITHDRAWAL_AMOUNT, "0.00")
        self.currency = self.combo("currency", "Currency", names.FUNDING_WITHDRAWAL_CURRENCY)
        self.bank = self.line("bank", "Bank", names.FUNDING_WITHDRAWAL_BANK, "empty: the bank on file")
        self.method = self.combo("method", "Method", names.FUNDING_WITHDRAWAL_METHOD)
        for label, data in METHODS:
            self.method.addItem(label, data)
        self.limits = self.note(name=names.FUNDING_WITHDRAWAL_LIMITS)
        self.submit.clicked.connect(self.withdraw)
        self.currency.currentIndexChanged.connect(lambda _i: self.show_account(self.account))
        self.method.currentIndexChanged.connect(lambda _i: self.show_account(self.account))

    def show_account(self, account: str) -> None:
        self.account = account
        engine = self._bridge.engine
        base = engine.account(account).base_currency
        held = sorted(engine.cash(account).items(), key=lambda item: (item[0] != base, item[0]))
        refill(self.currency, [(f"{c}  ({a:,.2f} held)", c) for c, a in held if a > 0])
        currency, method = self.currency.currentData() or base, self.method.currentData() or "wire"
        outlook = engine.withdrawal_outlook(account, currency, method)
        if outlook.limits is None:
            limit_text = "no limit"
        else:
            daily, weekly = outlook.limits
            limit_text = (f"{daily:,.2f} USD a day ({outlook.left_today:,.2f} left today) and {weekly:,.2f} USD per "
                          f"5 business days ({outlook.left_five_days:,.2f} left); above them only to a bank that "
                          "deposited before (an exceptional withdrawal)")
        label = method_label(method)
        article = "an" if label == "ACH" else "a"
        fee_text = (f"IB sends no {label} withdrawals in {currency}" if outlook.fee is None else
                    f"this withdrawal is free ({outlook.free_left} free left this month)" if not outlook.fee else
                    f"the month's free withdrawal is used: {article} {label} in {currency} costs {outlook.fee:,.2f} "
                    f"{currency}")
        show_text(self.limits, f"Withdrawable now: {engine.withdrawable(account, currency):,.2f} {currency}.\n"
                               f"Security device {DEVICE_LABELS[outlook.device]}: {limit_text}.\n"
                               f"Fee: {fee_text}.")

    def withdraw(self) -> QMessageBox | None:
        account, method = self.account, self.method.currentData() or ""
        currency, amount, bank = self.currency.currentData() or "", self.amount.text(), self.bank.text().strip()
        target = bank or "the bank on file"
        login = self._bridge.login
        return self.send(self._bridge, lambda: Withdraw(account, currency, amount, bank, method, login), lambda: "",
                         f"Withdraw {amount_text(amount)} {currency} from {account} by {method_label(method)} to "
                         f"{target}?", "Submit", self._after)

    def _after(self, result: Result) -> None:
        if not isinstance(result, Accepted):
            return
        sent = next((e for e in result.events if isinstance(e, FundsWithdrawn)), None)
        fee = next((e for e in result.events if isinstance(e, WithdrawalFeeCharged)), None)
        if sent is not None:
            charged = f"; fee {fee.amount:,.2f} {fee.currency}" if fee is not None else "; no fee"
            self.show_done(f"Withdrawal of {sent.amount:,.2f} {sent.currency} requested{charged}.")
        self.amount.clear()
        self.show_account(self.account)


class TransactionHistoryPage(QWidget):
    """Transfer & Pay > Transaction History: every deposit, withdrawal, fee and transfer with its status."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.TRANSACTION_HISTORY_PAGE)
        self._bridge = bridge
        self.model = TransactionHistoryModel(self)
        self.table = data_table(self, names.TRANSACTION_HISTORY_TABLE, self.model, TransactionHistoryModel.columns)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Transaction History", self))
        layout.addWidget(self.table, 1)

    def show_account(self, account: str) -> None:
        self.model.set_rows(self._bridge.engine.transaction_history(account))


class PendingDepositsPage(QWidget):
    """The deposits on their way (Pending until credited) and those credited but held from withdrawal."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PENDING_DEPOSITS_PAGE)
        self._bridge = bridge
        self.model = PendingDepositsModel(self)
        self.table = data_table(self, names.PENDING_DEPOSITS_TABLE, self.model, PendingDepositsModel.columns)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Pending Deposits", self))
        layout.addWidget(self.table, 1)

    def show_account(self, account: str) -> None:
        self.model.set_rows(self._bridge.engine.pending_funds(account))
