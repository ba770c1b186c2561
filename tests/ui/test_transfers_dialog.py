"""Account -> Transfers, driven through the object names: fund and position transfers between the
demo account and its open partition change the engine's ledgers; deposits and withdrawals go to the
bank; every refusal is the engine's, shown under the field it names, and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from tests.ui.finders import find, text_of
from workstation.engine.api import Engine
from workstation.engine.messages.commands import AdvanceClock, RequestPartition
from workstation.ui import object_names as names
from workstation.ui.app import render_screenshot
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.partition_choice import shared_marketplace
from workstation.ui.dialogs.transfers_dialog import TransfersDialog
from workstation.ui.main_window import MainWindow

D = Decimal
LOGIN = "DU1234567"
PARTITION = "DU1234567-P1"
STOCKS_ONLY = "F5100153"
"""Alden Northcott: entitled to STK:US only."""


def request_partition(engine: Engine) -> datetime:
    """Ask for the demo account's partition with the stocks-only advisor; returns when it opens."""
    listing = shared_marketplace().get(STOCKS_ONLY)
    engine.execute(RequestPartition(LOGIN, listing.listing_id, listing.name, listing.entitlements, listing.fees))
    return engine.partitions(LOGIN)[0].ready_at


def open_partition(engine: Engine) -> None:
    engine.execute(AdvanceClock(to=request_partition(engine) + timedelta(minutes=1)))


@pytest.fixture
def open_dialog(qtbot, demo_bridge: EngineBridge):
    def open_() -> TransfersDialog:
        dialog = TransfersDialog(demo_bridge, LOGIN)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


@pytest.fixture
def dialog(demo: Engine, open_dialog) -> TransfersDialog:
    """The dialog with the demo account's partition open."""
    open_partition(demo)
    return open_dialog()


def click(qtbot, root: QWidget, name: str) -> None:
    button = find(root, name, QAbstractButton)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def confirmation(root: QWidget) -> QMessageBox | None:
    return root.findChild(QMessageBox, names.TRANSFER_CONFIRM_DIALOG)


def submit(qtbot, root: QWidget, name: str) -> None:
    """Submit, then the confirmation's Transfer (Deposit, Withdraw) when it asks."""
    click(qtbot, root, name)
    box = confirmation(root)
    if box is not None:
        click(qtbot, box, names.TRANSFER_CONFIRM)
        qtbot.waitUntil(lambda: confirmation(root) is None)


def type_text(qtbot, root: QWidget, name: str, text: str) -> None:
    line = find(root, name, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)


def choose(root: QWidget, name: str, data: str) -> None:
    combo = find(root, name, QComboBox)
    index = combo.findData(data)
    assert index >= 0, f"{name} offers no {data!r}"
    combo.setCurrentIndex(index)


def show_tab(root: QWidget, name: str) -> QWidget:
    tabs = find(root, names.TRANSFERS_TABS, QTabWidget)
    tab = find(root, name, QWidget)
    tabs.setCurrentWidget(tab)
    return tab


def items(root: QWidget, name: str) -> list[str]:
    combo = find(root, name, QComboBox)
    return [combo.itemData(n) for n in range(combo.count())]


def quantity_of(engine: Engine, account: str, symbol: str) -> Decimal:
    return next((p.quantity for p in engine.positions(account) if p.symbol == symbol), D(0))


def test_every_transfers_name_exists(dialog: TransfersDialog) -> None:
    for name in names.TRANSFERS_NAMES:
        find(dialog, name)


# -- before the partition is open ---------------------------------------------------------------


def test_without_a_partition_the_transfer_tabs_say_to_create_one_first(open_dialog) -> None:
    dialog = open_dialog()

    for notice, submit in ((names.FUND_TRANSFER_NOTICE, names.FUND_TRANSFER_SUBMIT),
                           (names.POSITION_TRANSFER_NOTICE, names.POSITION_TRANSFER_SUBMIT)):
        show_tab(dialog, names.FUND_TRANSFER_TAB if notice == names.FUND_TRANSFER_NOTICE
                 else names.POSITION_TRANSFER_TAB)
        assert find(dialog, notice, QLabel).isVisible()
        assert "Create a partition first" in text_of(dialog, notice)
        assert not find(dialog, submit, QAbstractButton).isEnabled()
    assert not find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit).isEnabled()
    assert text_of(dialog, names.TRANSFERS_PARTITION) == f"{LOGIN} has no partition yet."


def test_a_pending_partition_says_when_it_opens_and_the_tabs_open_with_it(qtbot, demo: Engine,
                                                                          open_dialog) -> None:
    ready = request_partition(demo)
    dialog = open_dialog()
    assert text_of(dialog, names.FUND_TRANSFER_NOTICE).startswith(
        f"Your partition {PARTITION} with Alden Northcott opens at 18:00 ET on Tue 24 Nov 2026")
    assert not find(dialog, names.FUND_TRANSFER_SUBMIT, QAbstractButton).isEnabled()

    demo.execute(AdvanceClock(to=ready + timedelta(minutes=1)))

    qtbot.waitUntil(lambda: find(dialog, names.FUND_TRANSFER_SUBMIT, QAbstractButton).isEnabled(), timeout=1000)
    assert not find(dialog, names.FUND_TRANSFER_NOTICE, QLabel).isVisible()
    assert items(dialog, names.FUND_TRANSFER_FROM) == [LOGIN, PARTITION]
    assert text_of(dialog, names.TRANSFERS_PARTITION).endswith("managed by Alden Northcott: open")


# -- Fund Transfer ------------------------------------------------------------------------------


def test_a_fund_transfer_moves_cash_into_the_partition(qtbot, dialog: TransfersDialog, demo: Engine) -> None:
    assert items(dialog, names.FUND_TRANSFER_TO) == [PARTITION]
    assert items(dialog, names.FUND_TRANSFER_CURRENCY) == ["USD", "EUR"]  # base currency first

    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "10,000")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    assert demo.cash(LOGIN)["USD"] == D(240000)
    assert demo.cash(PARTITION) == {"USD": D(10000)}
    message = find(dialog, names.FUND_TRANSFER_MESSAGE, QLabel)
    assert message.text() == f"Transferred 10,000.00 USD from {LOGIN} to {PARTITION}."
    assert message.property("state") == "ok"
    assert find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit).text() == ""
    assert find(dialog, names.FUND_TRANSFER_CURRENCY, QComboBox).currentText() == "USD  (240,000.00 held)"


def test_a_fund_transfer_back_to_the_parent(qtbot, dialog: TransfersDialog, demo: Engine) -> None:
    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "5000")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    choose(dialog, names.FUND_TRANSFER_FROM, PARTITION)
    assert items(dialog, names.FUND_TRANSFER_TO) == [LOGIN]
    assert items(dialog, names.FUND_TRANSFER_CURRENCY) == ["USD"]
    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "1250.50")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    assert demo.cash(PARTITION) == {"USD": D("3749.50")}
    assert demo.cash(LOGIN)["USD"] == D("246250.50")


def test_too_large_an_amount_shows_the_engine_message_under_the_amount(qtbot, dialog: TransfersDialog,
                                                                       demo: Engine) -> None:
    before = demo.cash(LOGIN)

    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "10000000")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    message = find(dialog, names.FUND_TRANSFER_MESSAGE, QLabel)
    assert message.text().startswith(f"Amount: {LOGIN} holds 250,000.00 USD, less than the 10,000,000.00")
    assert message.property("state") == "error" and message.isVisible()
    amount = find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit)
    assert amount.property("invalid") is True
    assert not find(dialog, names.FUND_TRANSFER_CURRENCY, QComboBox).property("invalid")
    form = amount.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    assert form.getWidgetPosition(message)[0] == form.getWidgetPosition(amount)[0] + 1  # right under it
    assert demo.cash(LOGIN) == before and demo.cash(PARTITION) == {}


def test_text_that_is_not_a_number_is_marked_and_nothing_is_sent(qtbot, dialog: TransfersDialog,
                                                                 demo_bridge: EngineBridge, demo: Engine) -> None:
    applied = demo.commands_applied

    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "lots")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    assert text_of(dialog, names.FUND_TRANSFER_MESSAGE) == "Amount: 'lots' is not a number"
    assert find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit).property("invalid") is True
    assert demo.commands_applied == applied


def test_submit_asks_first_and_cancel_moves_nothing(qtbot, dialog: TransfersDialog, demo: Engine) -> None:
    before = demo.cash(LOGIN)
    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "10000")
    click(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    box = confirmation(dialog)
    assert box is not None and box.isVisible()
    assert box.text() == f"Transfer 10,000.00 USD from {LOGIN} to {PARTITION}?"
    assert demo.cash(LOGIN) == before                                   # nothing until confirmed
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert demo.cash(LOGIN) == before and demo.cash(PARTITION) == {}
    assert find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit).text() == "10000"   # kept to try again


def test_a_refusal_is_cleared_once_a_field_changes(qtbot, dialog: TransfersDialog) -> None:
    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "10000000")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)
    message = find(dialog, names.FUND_TRANSFER_MESSAGE, QLabel)
    amount = find(dialog, names.FUND_TRANSFER_AMOUNT, QLineEdit)
    assert message.isVisible() and amount.property("invalid") is True

    qtbot.keyClick(amount, Qt.Key.Key_Backspace)

    assert not message.isVisible() and message.text() == ""
    assert not amount.property("invalid") and amount.toolTip() == ""


def test_a_transfer_is_written_in_the_activity_log(qtbot, dialog: TransfersDialog, demo_bridge: EngineBridge) -> None:
    from workstation.ui.panels.activity_panel import ActivityPanel

    activity = ActivityPanel(demo_bridge)
    qtbot.addWidget(activity)
    type_text(qtbot, dialog, names.FUND_TRANSFER_AMOUNT, "2500")
    submit(qtbot, dialog, names.FUND_TRANSFER_SUBMIT)

    log = activity.log_model
    assert log.messages()[-1] == f"Transferred 2,500.00 USD from {LOGIN} to {PARTITION}"


# -- Position Transfer --------------------------------------------------------------------------


def test_a_position_transfer_defaults_to_the_whole_holding_and_moves_part_of_it(qtbot, dialog: TransfersDialog,
                                                                                demo: Engine) -> None:
    show_tab(dialog, names.POSITION_TRANSFER_TAB)
    assert "AAPL" in items(dialog, names.POSITION_TRANSFER_SYMBOL)
    choose(dialog, names.POSITION_TRANSFER_SYMBOL, "AAPL")
    quantity = find(dialog, names.POSITION_TRANSFER_QUANTITY, QLineEdit)
    assert quantity.text() == "300"

    type_text(qtbot, dialog, names.POSITION_TRANSFER_QUANTITY, "100")
    submit(qtbot, dialog, names.POSITION_TRANSFER_SUBMIT)

    assert quantity_of(demo, LOGIN, "AAPL") == D(200)
    assert quantity_of(demo, PARTITION, "AAPL") == D(100)
    assert text_of(dialog, names.POSITION_TRANSFER_MESSAGE) == f"Transferred 100 AAPL from {LOGIN} to {PARTITION}."
    assert quantity.text() == ""  # never the rest of the holding by default: the next transfer is typed
    assert find(dialog, names.POSITION_TRANSFER_SYMBOL, QComboBox).currentText() == "AAPL  (200)"


def test_a_position_the_partition_may_not_hold_is_refused_on_the_symbol(qtbot, dialog: TransfersDialog,
                                                                         demo: Engine) -> None:
    show_tab(dialog, names.POSITION_TRANSFER_TAB)
    choose(dialog, names.POSITION_TRANSFER_SYMBOL, "ESZ6")

    submit(qtbot, dialog, names.POSITION_TRANSFER_SUBMIT)

    message = text_of(dialog, names.POSITION_TRANSFER_MESSAGE)
    assert message.startswith(f"Symbol: {PARTITION} has no FUT trading permission for ESZ6")
    assert "Alden Northcott is not entitled to it" in message
    assert find(dialog, names.POSITION_TRANSFER_SYMBOL, QComboBox).property("invalid") is True
    assert quantity_of(demo, LOGIN, "ESZ6") == D(1) and quantity_of(demo, PARTITION, "ESZ6") == D(0)


# -- Deposit and Withdraw -----------------------------------------------------------------------


def test_withdraw_shows_what_may_be_withdrawn(dialog: TransfersDialog) -> None:
    show_tab(dialog, names.WITHDRAW_TAB)

    assert items(dialog, names.WITHDRAW_ACCOUNT) == [LOGIN, "DU7654321"]
    assert text_of(dialog, names.WITHDRAW_AVAILABLE).startswith("Withdrawable now: 250,000.00 USD.")
    assert "3 business days" in text_of(dialog, names.WITHDRAW_AVAILABLE)


def test_a_deposit_then_an_immediate_withdrawal_is_refused_with_the_hold(qtbot, dialog: TransfersDialog,
                                                                       demo: Engine) -> None:
    show_tab(dialog, names.DEPOSIT_TAB)
    choose(dialog, names.DEPOSIT_CURRENCY, "JPY")
    type_text(qtbot, dialog, names.DEPOSIT_AMOUNT, "1000000")
    submit(qtbot, dialog, names.DEPOSIT_SUBMIT)
    assert demo.cash(LOGIN)["JPY"] == D(1000000)
    assert "withdrawn after 3 business days" in text_of(dialog, names.DEPOSIT_MESSAGE)

    show_tab(dialog, names.WITHDRAW_TAB)
    choose(dialog, names.WITHDRAW_CURRENCY, "JPY")
    assert text_of(dialog, names.WITHDRAW_AVAILABLE).startswith("Withdrawable now: 0.00 JPY.")
    type_text(qtbot, dialog, names.WITHDRAW_AMOUNT, "1000000")
    submit(qtbot, dialog, names.WITHDRAW_SUBMIT)

    # deposited Tuesday 24 November: three business days later, Thanksgiving (Thursday) skipped, is Monday 30
    message = text_of(dialog, names.WITHDRAW_MESSAGE)
    assert message == ("Amount: at most 0.00 JPY can be withdrawn now; 1,000,000.00 JPY of deposits are held "
                       "until 30 Nov 2026")
    assert find(dialog, names.WITHDRAW_AMOUNT, QLineEdit).property("invalid") is True
    assert demo.cash(LOGIN)["JPY"] == D(1000000)


def test_a_withdrawal_within_what_is_free_goes_to_the_bank(qtbot, dialog: TransfersDialog, demo: Engine) -> None:
    show_tab(dialog, names.WITHDRAW_TAB)
    choose(dialog, names.WITHDRAW_CURRENCY, "EUR")
    type_text(qtbot, dialog, names.WITHDRAW_AMOUNT, "1500")

    submit(qtbot, dialog, names.WITHDRAW_SUBMIT)

    assert demo.cash(LOGIN)["EUR"] == D(13500)
    assert text_of(dialog, names.WITHDRAW_MESSAGE) == f"Withdrew 1,500.00 EUR from {LOGIN}."
    assert text_of(dialog, names.WITHDRAW_AVAILABLE).startswith("Withdrawable now: 13,500.00 EUR.")


# -- the Account menu ---------------------------------------------------------------------------


def test_account_transfers_opens_one_dialog_after_create_a_partition(main_window: MainWindow) -> None:
    actions = [a.objectName() for a in main_window.menu_account.actions()]
    assert actions.index(names.ACTION_TRANSFERS) == actions.index(names.ACTION_CREATE_PARTITION) + 1

    find(main_window, names.ACTION_TRANSFERS).trigger()
    first = main_window.findChild(TransfersDialog, names.TRANSFERS_DIALOG)
    find(main_window, names.ACTION_TRANSFERS).trigger()

    assert first is not None and first.isVisible()
    assert main_window.findChildren(TransfersDialog) == [first]


def test_a_screenshot_shows_the_transfers_dialog(engine: Engine, tmp_path) -> None:
    out = render_screenshot(engine, tmp_path / "transfers.png", window="transfers")

    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
