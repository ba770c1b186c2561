"""Account Management's Settings pages: Account Type, Trading Permissions, Base Currency and Security.

Settings > Account Settings > Configuration as IB's portal has them (account-management reference §6):
each request is the engine's command, signed with the holder's name where IB asks for it; the engine
says what is offered (its grid, its pending changes) and refuses, and the page shows the refusal under
the field it names. What the engine answers (the effective day, a downgrade's liquidation warning, the
permissions granted at once and those pending) is worded from its events.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workstation.engine import (
    Accepted,
    AccountType,
    AccountTypeRequested,
    BaseCurrencyRequested,
    ChangeBaseCurrency,
    ConfigurationRequest,
    RequestAccountType,
    RequestTradingPermissions,
    Result,
    SecurityDevice,
    SetSecurityDevice,
    TradingPermissionsRequested,
)
from workstation.engine.funding.terms import FUNDING_TERMS
from workstation.engine.trading.configuration_desk import OFFERED_CHANGES
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.account_management_funding import DEVICE_LABELS, page_title, refill, show_text
from workstation.ui.models.funding_tables_model import day
from workstation.ui.widgets.transfer_form import TransferForm

TYPE_LABELS = {AccountType.CASH: "Cash", AccountType.MARGIN: "Margin (Reg T)",
               AccountType.PORTFOLIO: "Portfolio Margin", AccountType.ADVISOR: "Advisor master"}
REQUIREMENTS = {
    AccountType.MARGIN: "Reg T margin needs at least USD 2,000: \"should the account balance fall below USD 2,000 "
                        "IBKR is precluded, by regulation, from affording margin treatment\". Upgrades go through a "
                        "compliance review. Day trading needs USD 25,000 (pattern day trader rule).",
    AccountType.PORTFOLIO: "Portfolio Margin: net liquidation value of at least USD 110,000 to apply. Below USD "
                           "100,000 only margin-reducing trades are allowed: \"Your order is not accepted, margin "
                           "requirement increase not allowed. Equity with loan value is less than 100,000.00 USD.\"",
}
DOWNGRADE = ("Back to Reg T margin: takes effect the following business day if submitted before 4:00 ET, and may "
             "trigger automatic liquidations to meet Reg T's requirements.")
DISCLOSURE = ("Risk Disclosure. Trading on margin involves the risk of losing more than the money deposited; IBKR "
              "may liquidate positions without notice to meet margin requirements. To sign, type your name as the "
              "account holder below.")
PERMISSION_DISCLOSURE = ("I have read and understand the risk disclosures of the products I request, and I sign "
                         "them by typing my name.")
CLASS_LABELS = {"STK": "Stocks", "OPT": "Options", "FUT": "Futures", "FOP": "Futures Options", "FUND": "Mutual Funds",
                "CASH": "Forex", "BOND": "Bonds", "WAR": "Warrants", "IND": "Indices", "CFD": "CFDs"}
COUNTRY_LABELS = {"US": "United States", "DE": "Germany", "GB": "United Kingdom", "CA": "Canada", "*": "All"}
BASE_CURRENCIES = ("AUD", "CAD", "CZK", "CHF", "DKK", "EUR", "GBP", "HKD", "HUF", "INR", "JPY", "MXN", "NOK", "NZD",
                   "SEK", "SGD", "USD")
"""IB's base currency choices (interactivebrokers.com ?f=accountConfig&p=baseCurrency)."""
GRANTED, PENDING_COLOUR = QColor("#2e7d32"), QColor("#b26a00")


def pending_lines(requests: list[ConfigurationRequest]) -> str:
    """The account's waiting changes, each with its effective day (and a downgrade's warning)."""
    lines = []
    for request in requests:
        value = ", ".join(request.value)
        if request.kind == "account_type":
            value = TYPE_LABELS[AccountType(request.value[0])]
        what = {"account_type": "Account type", "permissions": "Trading permissions",
                "base_currency": "Base currency"}.get(request.kind, request.kind)
        line = f"{what} -> {value}: effective {day(request.effective)}"
        lines.append(line + (f". Warning: {request.warning}" if request.warning else ""))
    return "\n".join(lines) or "No changes pending."


class AccountTypePage(TransferForm):
    """Configuration > Account Type: the current type, the target, IB's requirements, the risk disclosure
    signed by typing the holder's name, and the changes pending."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.ACCOUNT_TYPE_PAGE, names.ACCOUNT_TYPE_SUBMIT, names.ACCOUNT_TYPE_MESSAGE, parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Account Type", self))
        self.current = QLabel(self.body)
        self.current.setObjectName(names.ACCOUNT_TYPE_CURRENT)
        self.form.addRow("Current", self.current)
        self.target = self.combo("to", "Change to", names.ACCOUNT_TYPE_TARGET)
        self.requirements = self.note(name=names.ACCOUNT_TYPE_REQUIREMENTS)
        self.disclosure = self.note(DISCLOSURE, names.ACCOUNT_TYPE_DISCLOSURE)
        self.signature = self.line("signature", "Signature", names.ACCOUNT_TYPE_SIGNATURE, "type your name")
        self.pending = self.note(name=names.ACCOUNT_TYPE_PENDING)
        self.submit.clicked.connect(self.request)
        self.target.currentIndexChanged.connect(lambda _i: self._show_requirements())

    def show_account(self, account: str) -> None:
        self.account = account
        engine = self._bridge.engine
        current = engine.account(account).account_type
        self.current.setText(TYPE_LABELS[current])
        refill(self.target, [(TYPE_LABELS[t], t.value) for t in OFFERED_CHANGES.get(current, ())])
        self._show_requirements()
        show_text(self.pending, pending_lines(engine.configuration_requests(account)))

    def _show_requirements(self) -> None:
        target = self.target.currentData()
        if target is None:
            show_text(self.requirements, "This account's type cannot be changed here.")
            return
        current = self._bridge.engine.account(self.account).account_type
        wanted = AccountType(target)
        downgrade = current is AccountType.PORTFOLIO and wanted is AccountType.MARGIN
        show_text(self.requirements, DOWNGRADE if downgrade else REQUIREMENTS.get(wanted, ""))

    def request(self) -> QMessageBox | None:
        account, target, signature = self.account, self.target.currentData() or "", self.signature.text()
        return self.send(self._bridge, lambda: RequestAccountType(account, AccountType(target), signature),
                         lambda: "", f"Request {TYPE_LABELS[AccountType(target)] if target else '?'} for {account}?",
                         "Submit", self._after)

    def _after(self, result: Result) -> None:
        if not isinstance(result, Accepted):
            return
        asked = next((e for e in result.events if isinstance(e, AccountTypeRequested)), None)
        if asked is not None:
            warning = f" Warning: {asked.warning}" if asked.warning else ""
            self.show_done(f"Your request is submitted: {TYPE_LABELS[asked.to]} from {day(asked.effective)}.{warning}")
        self.signature.clear()
        self.show_account(self.account)


class TradingPermissionsPage(TransferForm):
    """Configuration > Trading Permissions: the asset class x country grid (granted, pending with its day,
    or available to tick), the disclosures acknowledged and signed."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.TRADING_PERMISSIONS_PAGE, names.TRADING_PERMISSIONS_SUBMIT,
                         names.TRADING_PERMISSIONS_MESSAGE, parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Trading Permissions", self))
        self.grid = QTableWidget(self.body)
        self.grid.setObjectName(names.TRADING_PERMISSIONS_GRID)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.itemChanged.connect(lambda _item: self.clear_error())
        self.fields["permissions"] = self.grid
        self.form.addRow(self.grid)
        self.acknowledge = QCheckBox(PERMISSION_DISCLOSURE, self.body)
        self.acknowledge.setObjectName(names.TRADING_PERMISSIONS_ACKNOWLEDGE)
        self.form.addRow("", self.acknowledge)
        self.signature = self.line("signature", "Signature", names.TRADING_PERMISSIONS_SIGNATURE, "type your name")
        self.note("A new country of a product you trade is granted at once; a new product after compliance review "
                  "(IB: 1-2 business days).")
        self.acknowledge.toggled.connect(self.submit.setEnabled)
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self.request)

    def show_account(self, account: str) -> None:
        self.account = account
        cells = self._bridge.engine.trading_permissions(account)
        classes = sorted({c.asset_class for c in cells}, key=lambda c: list(CLASS_LABELS).index(c)
                         if c in CLASS_LABELS else len(CLASS_LABELS))
        countries = sorted({c.country for c in cells}, key=lambda c: (c == "*", c != "US", c))
        ticked = set(self.ticked())
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.setRowCount(len(classes))
        self.grid.setColumnCount(len(countries))
        self.grid.setVerticalHeaderLabels([CLASS_LABELS.get(c, c) for c in classes])
        self.grid.setHorizontalHeaderLabels([COUNTRY_LABELS.get(c, c) for c in countries])
        for cell in cells:
            code = cell.asset_class if cell.country == "*" else f"{cell.asset_class}:{cell.country}"
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if cell.status == "granted":
                item.setText("Granted")
                item.setForeground(QBrush(GRANTED))
            elif cell.status == "pending":
                item.setText(f"Pending, {day(cell.effective)}")
                item.setForeground(QBrush(PENDING_COLOUR))
            else:
                item.setText("Request")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
            self.grid.setItem(classes.index(cell.asset_class), countries.index(cell.country), item)
        self.grid.resizeColumnsToContents()
        self.grid.setFixedHeight(self.grid.horizontalHeader().height() + self.grid.verticalHeader().length() + 4)
        self.grid.blockSignals(False)

    def cell(self, code: str) -> QTableWidgetItem | None:
        """The grid's cell of permission ``code`` (``STK:DE``, ``CASH``)."""
        for row in range(self.grid.rowCount()):
            for column in range(self.grid.columnCount()):
                item = self.grid.item(row, column)
                if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                    return item
        return None

    def ticked(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for row in range(self.grid.rowCount())
                for column in range(self.grid.columnCount())
                if (item := self.grid.item(row, column)) is not None
                and item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked]

    def request(self) -> QMessageBox | None:
        account, wanted, signature = self.account, tuple(self.ticked()), self.signature.text()
        return self.send(self._bridge, lambda: RequestTradingPermissions(account, wanted, signature), lambda: "",
                         f"Request {', '.join(wanted) or 'no permission'} for {account}?", "Submit", self._after)

    def _after(self, result: Result) -> None:
        if not isinstance(result, Accepted):
            return
        asked = next((e for e in result.events if isinstance(e, TradingPermissionsRequested)), None)
        if asked is not None:
            parts = [f"granted now: {', '.join(asked.granted)}"] if asked.granted else []
            if asked.pending:
                parts.append(f"pending until {day(asked.effective)}: {', '.join(asked.pending)}")
            self.show_done("Your request is submitted; " + "; ".join(parts) + ".")
        self.signature.clear()
        self.acknowledge.setChecked(False)
        self.show_account(self.account)


class BaseCurrencyPage(TransferForm):
    """Configuration > Base Currency: margin accounts only, from the next business day; balances are not
    converted."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.BASE_CURRENCY_PAGE, names.BASE_CURRENCY_SUBMIT, names.BASE_CURRENCY_MESSAGE, parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Base Currency", self))
        self.current = QLabel(self.body)
        self.current.setObjectName(names.BASE_CURRENCY_CURRENT)
        self.form.addRow("Current", self.current)
        self.choice = self.combo("currency", "New base currency", names.BASE_CURRENCY_CHOICE)
        for currency in BASE_CURRENCIES:
            self.choice.addItem(currency, currency)
        # Shown as the "account" field's place: the engine's refusal of a cash account names the account.
        self.fields["account"] = self.choice
        self.note("The base currency sets the currency of statements and margin. Customers who hold a margin "
                  "account may change it; it takes effect the next business day. Existing balances are not "
                  "converted.")
        self.pending = self.note()
        self._shown = ""
        self.submit.clicked.connect(self.request)

    def show_account(self, account: str) -> None:
        self.account = account
        engine = self._bridge.engine
        base = engine.account(account).base_currency
        self.current.setText(base)
        if account != self._shown:  # another account: start from its own currency
            self._shown = account
            self.choice.setCurrentIndex(max(self.choice.findData(base), 0))
        waiting = [r for r in engine.configuration_requests(account) if r.kind == "base_currency"]
        show_text(self.pending, pending_lines(waiting) if waiting else "")

    def request(self) -> QMessageBox | None:
        account, currency = self.account, self.choice.currentData() or ""
        return self.send(self._bridge, lambda: ChangeBaseCurrency(account, currency), lambda: "",
                         f"Change {account}'s base currency to {currency}?", "Submit", self._after)

    def _after(self, result: Result) -> None:
        if not isinstance(result, Accepted):
            return
        asked = next((e for e in result.events if isinstance(e, BaseCurrencyRequested)), None)
        if asked is not None:
            self.show_done(f"Your request is submitted: base currency {asked.currency} from {day(asked.effective)}.")
        self.show_account(self.account)


class SecurityPage(TransferForm):
    """Secure Login System: the account's strongest device, which sets its withdrawal limits."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(names.SECURITY_PAGE, names.SECURITY_SUBMIT, names.SECURITY_MESSAGE, parent)
        self._bridge = bridge
        self.account = ""
        self.layout().insertWidget(0, page_title("Secure Login System", self))
        self.device = self.combo("device", "Security device", names.SECURITY_DEVICE)
        for device, label in DEVICE_LABELS.items():
            self.device.addItem(label, device.value)
        self.limits = self.note(name=names.SECURITY_LIMITS)
        self.submit.clicked.connect(self.save)

    def show_account(self, account: str) -> None:
        self.account = account
        device = self._bridge.engine.security_device(account)
        self.device.blockSignals(True)
        self.device.setCurrentIndex(self.device.findData(device.value))
        self.device.blockSignals(False)
        rows = []
        for each, label in DEVICE_LABELS.items():
            limits = FUNDING_TERMS.limits.get(each)
            text = "unlimited" if limits is None else f"{limits[0]:,.0f} / {limits[1]:,.0f} USD"
            rows.append(f"{'> ' if each is device else '   '}{label}: {text}")
        show_text(self.limits, "Withdrawal limits per day / per 5 business days:\n" + "\n".join(rows))

    def save(self) -> QMessageBox | None:
        account, device = self.account, self.device.currentData() or ""
        label = DEVICE_LABELS.get(SecurityDevice(device), device) if device else ""
        return self.send(self._bridge, lambda: SetSecurityDevice(account, device), lambda: "",
                         f"Record {label} as {account}'s security device?", "Submit", self._after)

    def _after(self, result: Result) -> None:
        if isinstance(result, Accepted):
            self.show_done("Security device recorded; the withdrawal limits follow it.")
            self.show_account(self.account)
