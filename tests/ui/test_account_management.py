"""Account -> Account Management, driven through the object names: deposits by method arrive on the
engine's clock, withdrawals keep the security device's limits, the Transaction History lists both, and
the account type, trading permissions and base currency are the engine's requests, each refusal shown
under the field it names and changing nothing.

IB's figures the tests lean on (account-management reference §5 and §6): a wire is credited on arrival
(ours: the next business day) and then held 3 business days; withdrawals without a security device are
limited to USD 50,000 a day (withdrawal_limits.htm); risk disclosures are signed by typing the holder's
name (settings/accounttype.htm); a new product's permission waits for review (1-2 business days, ours 1);
"Customers who hold a margin account may change their base currency" (?f=accountConfig&p=baseCurrency).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLineEdit, QMessageBox, QTableView, QWidget

from tests.ui.conftest import SEED, START
from tests.ui.finders import find, text_of
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import Universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SeedPosition, SetPrice
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.account_management_dialog import AccountManagementDialog
from workstation.ui.dialogs.account_management_settings import TradingPermissionsPage
from workstation.ui.models.columns import RAW_VALUE_ROLE

D = Decimal
LOGIN = "DU1234567"
HELD = "DU7654321"
"""The demo's cash account that DU1234567's holder also holds."""
JANE = "U100"
WEDNESDAY = datetime(2026, 11, 25, 9, 0, tzinfo=EASTERN)
"""The business day after START (Tuesday 24 November 2026), before the open: past its pre-market step."""


@pytest.fixture
def open_window(qtbot):
    def open_(bridge: EngineBridge) -> AccountManagementDialog:
        dialog = AccountManagementDialog(bridge)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


@pytest.fixture
def window(open_window, demo_bridge: EngineBridge) -> AccountManagementDialog:
    return open_window(demo_bridge)


@pytest.fixture
def jane_bridge(universe: Universe) -> Iterator[EngineBridge]:
    """A margin account held by Jane Doe, permitted US stocks only."""
    engine = Engine.new(universe, SEED, START)
    engine.execute(OpenAccount(JANE, AccountType.MARGIN, cash=(("USD", D(250_000)),), permissions=("STK:US",),
                               holder_name="Jane Doe"))
    bridge = EngineBridge(engine)
    bridge.login = JANE
    yield bridge
    bridge.close()


def click(qtbot, root: QWidget, name: str) -> None:
    button = find(root, name, QAbstractButton)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def submit(qtbot, root: QWidget, name: str) -> None:
    """Submit, then Submit in the confirmation."""
    click(qtbot, root, name)
    box = root.findChild(QMessageBox, names.TRANSFER_CONFIRM_DIALOG)
    assert box is not None, "Submit asks first"
    click(qtbot, box, names.TRANSFER_CONFIRM)
    qtbot.waitUntil(lambda: root.findChild(QMessageBox, names.TRANSFER_CONFIRM_DIALOG) is None)


def type_text(qtbot, root: QWidget, name: str, text: str) -> None:
    line = find(root, name, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)


def choose(root: QWidget, name: str, data: str) -> None:
    combo = find(root, name, QComboBox)
    index = combo.findData(data)
    assert index >= 0, f"{name} offers no {data!r}"
    combo.setCurrentIndex(index)


def column(root: QWidget, table_name: str, header: str) -> list[object]:
    table = find(root, table_name, QTableView)
    model = table.model()
    number = model.column_of(header)
    return [model.index(row, number).data(RAW_VALUE_ROLE) for row in range(model.rowCount())]


def test_every_name_is_published_and_only_the_logins_accounts_are_offered(window: AccountManagementDialog) -> None:
    for name in names.ACCOUNT_MANAGEMENT_NAMES:
        if name != names.ACTION_ACCOUNT_MANAGEMENT:
            find(window, name)
    combo = find(window, names.ACCOUNT_MANAGEMENT_ACCOUNT, QComboBox)
    assert [combo.itemData(n) for n in range(combo.count())] == [LOGIN, HELD]
    assert combo.isEnabled()  # a holder of two accounts chooses between them


def test_a_wire_deposit_is_pending_until_the_clock_reaches_its_day_then_held(
        qtbot, window: AccountManagementDialog, demo_bridge: EngineBridge) -> None:
    engine = demo_bridge.engine
    window.show_page("Deposit")
    choose(window, names.FUNDING_DEPOSIT_METHOD, "wire")
    type_text(qtbot, window, names.FUNDING_DEPOSIT_AMOUNT, "10000")
    type_text(qtbot, window, names.FUNDING_DEPOSIT_BANK, "Chase ...1234")

    submit(qtbot, window, names.FUNDING_DEPOSIT_SUBMIT)

    assert "credited on Wed 25 Nov 2026" in text_of(window, names.FUNDING_DEPOSIT_MESSAGE)
    assert "arrives Wed 25 Nov 2026" in text_of(window, names.FUNDING_DEPOSIT_TIMING)
    assert engine.cash(LOGIN)["USD"] == D(250_000)  # a notification moves no money
    window.show_page("Pending Deposits")
    assert column(window, names.PENDING_DEPOSITS_TABLE, "Status") == ["Pending"]

    demo_bridge.submit(AdvanceClock(to=WEDNESDAY))

    qtbot.waitUntil(lambda: column(window, names.PENDING_DEPOSITS_TABLE, "Status") == ["Held"])
    assert engine.cash(LOGIN)["USD"] == D(260_000)
    window.show_page("Transaction History")
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Status") == ["Held"]
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Method") == ["wire"]
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Bank") == ["Chase ...1234"]


def test_a_withdrawal_over_the_devices_limit_is_refused_under_the_amount_and_changes_nothing(
        qtbot, window: AccountManagementDialog, demo_bridge: EngineBridge) -> None:
    engine = demo_bridge.engine
    page = window.show_page("Withdrawal")
    assert "Security device None: 50,000.00 USD a day (50,000.00 left today)" in text_of(
        window, names.FUNDING_WITHDRAWAL_LIMITS)
    choose(window, names.FUNDING_WITHDRAWAL_CURRENCY, "USD")
    type_text(qtbot, window, names.FUNDING_WITHDRAWAL_AMOUNT, "60000")
    type_text(qtbot, window, names.FUNDING_WITHDRAWAL_BANK, "Other Bank ...9999")

    submit(qtbot, window, names.FUNDING_WITHDRAWAL_SUBMIT)

    message = text_of(window, names.FUNDING_WITHDRAWAL_MESSAGE)
    assert message.startswith("Amount: 60,000.00 USD is above the daily limit of 50,000.00 USD")
    assert find(window, names.FUNDING_WITHDRAWAL_AMOUNT).property("invalid") is True
    row, _role = page.form.getWidgetPosition(find(window, names.FUNDING_WITHDRAWAL_MESSAGE))
    assert row == page.form.getWidgetPosition(find(window, names.FUNDING_WITHDRAWAL_AMOUNT))[0] + 1
    assert engine.cash(LOGIN)["USD"] == D(250_000)

    type_text(qtbot, window, names.FUNDING_WITHDRAWAL_AMOUNT, "20000")
    submit(qtbot, window, names.FUNDING_WITHDRAWAL_SUBMIT)

    assert text_of(window, names.FUNDING_WITHDRAWAL_MESSAGE) == "Withdrawal of 20,000.00 USD requested; no fee."
    assert engine.cash(LOGIN)["USD"] == D(230_000)
    window.show_page("Transaction History")
    # rows of one moment: what was booked, then refusals (Engine.transaction_history)
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Status") == ["Completed", "Refused"]
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Amount") == [D(20_000), D(60_000)]


def test_the_second_withdrawal_of_a_month_shows_the_fee_the_engine_charged(
        qtbot, window: AccountManagementDialog, demo_bridge: EngineBridge) -> None:
    window.show_page("Withdrawal")
    choose(window, names.FUNDING_WITHDRAWAL_CURRENCY, "USD")
    for _ in range(2):
        type_text(qtbot, window, names.FUNDING_WITHDRAWAL_AMOUNT, "1000")
        submit(qtbot, window, names.FUNDING_WITHDRAWAL_SUBMIT)

    # IB's USD wire fee after the month's free withdrawal (f=14718): 10.00
    assert text_of(window, names.FUNDING_WITHDRAWAL_MESSAGE) == \
        "Withdrawal of 1,000.00 USD requested; fee 10.00 USD."
    assert demo_bridge.engine.cash(LOGIN)["USD"] == D(250_000) - D(2_010)
    window.show_page("Transaction History")
    assert column(window, names.TRANSACTION_HISTORY_TABLE, "Type") == ["Withdrawal", "Withdrawal", "Withdrawal Fee"]


def test_an_account_type_request_with_a_wrong_signature_is_refused_at_the_signature(
        qtbot, open_window, jane_bridge: EngineBridge) -> None:
    window = open_window(jane_bridge)
    page = window.show_page("Account Type")
    assert text_of(window, names.ACCOUNT_TYPE_CURRENT) == "Margin (Reg T)"
    choose(window, names.ACCOUNT_TYPE_TARGET, "portfolio")
    assert "110,000" in text_of(window, names.ACCOUNT_TYPE_REQUIREMENTS)
    type_text(qtbot, window, names.ACCOUNT_TYPE_SIGNATURE, "John Smith")

    submit(qtbot, window, names.ACCOUNT_TYPE_SUBMIT)

    assert text_of(window, names.ACCOUNT_TYPE_MESSAGE).startswith("Signature: the signature 'John Smith' is not")
    assert find(window, names.ACCOUNT_TYPE_SIGNATURE).property("invalid") is True
    row, _role = page.form.getWidgetPosition(find(window, names.ACCOUNT_TYPE_MESSAGE))
    assert row == page.form.getWidgetPosition(find(window, names.ACCOUNT_TYPE_SIGNATURE))[0] + 1
    assert jane_bridge.engine.configuration_requests(JANE) == []

    type_text(qtbot, window, names.ACCOUNT_TYPE_SIGNATURE, "jane  doe")
    submit(qtbot, window, names.ACCOUNT_TYPE_SUBMIT)

    assert text_of(window, names.ACCOUNT_TYPE_MESSAGE) == \
        "Your request is submitted: Portfolio Margin from Wed 25 Nov 2026."
    assert text_of(window, names.ACCOUNT_TYPE_PENDING) == "Account type -> Portfolio Margin: effective Wed 25 Nov 2026"

    jane_bridge.submit(AdvanceClock(to=WEDNESDAY))

    qtbot.waitUntil(lambda: text_of(window, names.ACCOUNT_TYPE_CURRENT) == "Portfolio Margin")
    assert text_of(window, names.ACCOUNT_TYPE_PENDING) == "No changes pending."


def test_a_new_product_is_pending_until_its_day_and_a_new_country_is_granted_at_once(
        qtbot, open_window, jane_bridge: EngineBridge) -> None:
    window = open_window(jane_bridge)
    page = window.show_page("Trading Permissions")
    assert isinstance(page, TradingPermissionsPage)
    assert page.cell("STK:US").text() == "Granted"
    assert not find(window, names.TRADING_PERMISSIONS_SUBMIT, QAbstractButton).isEnabled()
    for code in ("FUT:US", "STK:DE"):
        page.cell(code).setCheckState(Qt.CheckState.Checked)
    find(window, names.TRADING_PERMISSIONS_ACKNOWLEDGE, QCheckBox).setChecked(True)
    type_text(qtbot, window, names.TRADING_PERMISSIONS_SIGNATURE, "Jane Doe")

    submit(qtbot, window, names.TRADING_PERMISSIONS_SUBMIT)

    assert text_of(window, names.TRADING_PERMISSIONS_MESSAGE) == \
        "Your request is submitted; granted now: STK:DE; pending until Wed 25 Nov 2026: FUT:US."
    assert page.cell("STK:DE").text() == "Granted"
    assert page.cell("FUT:US").text() == "Pending, Wed 25 Nov 2026"

    jane_bridge.submit(AdvanceClock(to=WEDNESDAY))

    qtbot.waitUntil(lambda: page.cell("FUT:US").text() == "Granted")


def test_a_permission_request_without_a_signature_is_refused_at_the_signature(
        qtbot, open_window, jane_bridge: EngineBridge) -> None:
    window = open_window(jane_bridge)
    page = window.show_page("Trading Permissions")
    page.cell("OPT:US").setCheckState(Qt.CheckState.Checked)
    find(window, names.TRADING_PERMISSIONS_ACKNOWLEDGE, QCheckBox).setChecked(True)

    submit(qtbot, window, names.TRADING_PERMISSIONS_SUBMIT)

    assert text_of(window, names.TRADING_PERMISSIONS_MESSAGE).startswith("Signature: ")
    assert page.cell("OPT:US").text() == "Request"


def test_base_currency_is_refused_for_the_cash_account_and_requested_for_the_margin_one(
        qtbot, window: AccountManagementDialog, demo_bridge: EngineBridge) -> None:
    choose(window, names.ACCOUNT_MANAGEMENT_ACCOUNT, HELD)
    window.show_page("Base Currency")
    assert text_of(window, names.BASE_CURRENCY_CURRENT) == "USD"
    assert find(window, names.BASE_CURRENCY_CHOICE, QComboBox).currentData() == "USD"  # starts at the account's own
    choose(window, names.BASE_CURRENCY_CHOICE, "EUR")

    submit(qtbot, window, names.BASE_CURRENCY_SUBMIT)

    assert text_of(window, names.BASE_CURRENCY_MESSAGE).startswith(f"Account: {HELD} is a cash account")
    assert demo_bridge.engine.configuration_requests(HELD) == []

    choose(window, names.ACCOUNT_MANAGEMENT_ACCOUNT, LOGIN)
    choose(window, names.BASE_CURRENCY_CHOICE, "EUR")
    submit(qtbot, window, names.BASE_CURRENCY_SUBMIT)

    assert text_of(window, names.BASE_CURRENCY_MESSAGE) == \
        "Your request is submitted: base currency EUR from Wed 25 Nov 2026."
    demo_bridge.submit(AdvanceClock(to=WEDNESDAY + timedelta(hours=1)))
    qtbot.waitUntil(lambda: text_of(window, names.BASE_CURRENCY_CURRENT) == "EUR")


def test_the_security_device_sets_the_withdrawal_limits_shown(qtbot, window: AccountManagementDialog,
                                                              demo_bridge: EngineBridge) -> None:
    window.show_page("Security")
    choose(window, names.SECURITY_DEVICE, "ib_key")

    submit(qtbot, window, names.SECURITY_SUBMIT)

    assert demo_bridge.engine.security_device(LOGIN).value == "ib_key"
    assert "> IB Key: 200,000 / 600,000 USD" in text_of(window, names.SECURITY_LIMITS)
    window.show_page("Withdrawal")
    assert "Security device IB Key: 200,000.00 USD a day" in text_of(window, names.FUNDING_WITHDRAWAL_LIMITS)


def test_the_withdrawal_page_shows_what_is_left_and_the_fee_the_next_withdrawal_pays(
        qtbot, window: AccountManagementDialog) -> None:
    window.show_page("Withdrawal")
    choose(window, names.FUNDING_WITHDRAWAL_CURRENCY, "USD")
    assert "Fee: this withdrawal is free (1 free left this month)." in text_of(window, names.FUNDING_WITHDRAWAL_LIMITS)
    type_text(qtbot, window, names.FUNDING_WITHDRAWAL_AMOUNT, "30000")

    submit(qtbot, window, names.FUNDING_WITHDRAWAL_SUBMIT)

    limits = text_of(window, names.FUNDING_WITHDRAWAL_LIMITS)
    assert "(20,000.00 left today)" in limits and "(70,000.00 left)" in limits
    assert "Fee: the month's free withdrawal is used: a Wire in USD costs 10.00 USD." in limits
    choose(window, names.FUNDING_WITHDRAWAL_METHOD, "ach")
    assert "an ACH in USD costs 1.00 USD" in text_of(window, names.FUNDING_WITHDRAWAL_LIMITS)


def test_the_account_menu_opens_one_window(qtbot, main_window) -> None:
    main_window.action_account_management.trigger()
    first = main_window.findChild(AccountManagementDialog, names.ACCOUNT_MANAGEMENT_DIALOG)
    main_window.action_account_management.trigger()

    assert first is not None and first.isVisible()
    assert main_window.findChildren(AccountManagementDialog) == [first]


def test_a_downgrade_that_would_need_a_liquidation_shows_the_engines_warning(qtbot, open_window,
                                                                              universe: Universe) -> None:
    # settings/accounttype.htm and ibkr.info/article/85: the downgrade to Reg T "may trigger automatic
    # liquidations" and warns at request time. 10,000 KO at 50.00 on a 380,000 debit: 120,000 of equity with
    # loan value against Reg T's 25% maintenance, 125,000.
    engine = Engine.new(universe, SEED, START)
    engine.execute(SetPrice("KO", D(50)))
    engine.execute(OpenAccount("P1", AccountType.PORTFOLIO, cash=(("USD", D(-380_000)),),
                               positions=(SeedPosition("KO", D(10_000), D(50)),), holder_name="Pat Lee"))
    bridge = EngineBridge(engine)
    bridge.login = "P1"
    try:
        window = open_window(bridge)
        window.show_page("Account Type")
        assert text_of(window, names.ACCOUNT_TYPE_CURRENT) == "Portfolio Margin"
        assert "following business day if submitted before 4:00 ET" in text_of(window, names.ACCOUNT_TYPE_REQUIREMENTS)
        type_text(qtbot, window, names.ACCOUNT_TYPE_SIGNATURE, "Pat Lee")

        submit(qtbot, window, names.ACCOUNT_TYPE_SUBMIT)

        message = text_of(window, names.ACCOUNT_TYPE_MESSAGE)
        assert message.startswith("Your request is submitted: Margin (Reg T) from Wed 25 Nov 2026. Warning: ")
        assert "125,000.00 USD of maintenance margin against 120,000.00 USD of equity with loan value" in message
        assert "positions will be liquidated" in text_of(window, names.ACCOUNT_TYPE_PENDING)
    finally:
        bridge.close()

