"""Create a Partition with an Advisor, driven as a person would: through the object names. The
Marketplace is searched, filtered and sorted by the engine; each page checks its input; Finish sends
``RequestPartition`` and shows the engine's refusal when there is one."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QWidget,
)

from tests.ui.finders import find, text_of
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Permission
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import OpenAccount, RequestPartition
from workstation.engine.partitions.permissions import inherit_permissions
from workstation.scenario.demo import demo_engine
from workstation.ui import object_names as names
from workstation.ui.app import render_screenshot
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.partition_choice import shared_marketplace
from workstation.ui.dialogs.partition_wizard import PartitionWizard
from workstation.ui.main_window import MainWindow
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE
from workstation.ui.models.marketplace_table_model import MarketplaceTableModel

LOGIN = "DU1234567"
STOCKS_ONLY = "F5100153"
"""Alden Northcott: entitled to STK:US only, 160 USD a month."""


@pytest.fixture
def open_wizard(qtbot, demo_bridge: EngineBridge):
    def open_(login: str = LOGIN) -> PartitionWizard:
        demo_bridge.login = login  # the wizard reads what its login sees
        wizard = PartitionWizard(demo_bridge, login)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return open_


@pytest.fixture
def wizard(open_wizard) -> PartitionWizard:
    return open_wizard()


def click(qtbot, root: QWidget, name: str) -> None:
    button = find(root, name, QAbstractButton)
    assert button.isEnabled() and button.isVisible(), f"{name} cannot be clicked"
    at = QPoint(8, button.height() // 2) if isinstance(button, QCheckBox) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)


def choose(root: QWidget, name: str, text: str) -> None:
    combo = find(root, name, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{name} has no {text!r}"
    combo.setCurrentIndex(index)


def table_keys(wizard: PartitionWizard) -> list[str]:
    table = find(wizard, names.MARKETPLACE_TABLE, QTableView)
    model = table.model()
    return [model.index(row, 0).data(KEY_ROLE) for row in range(model.rowCount())]


def column_values(wizard: PartitionWizard, header: str) -> list:
    model = find(wizard, names.MARKETPLACE_TABLE, QTableView).model()
    column = model.column_of(header)
    return [model.index(row, column).data(RAW_VALUE_ROLE) for row in range(model.rowCount())]


def pick(qtbot, wizard: PartitionWizard, listing_id: str) -> None:
    """Click the provider's row in the results table."""
    table = find(wizard, names.MARKETPLACE_TABLE, QTableView)
    row = table_keys(wizard).index(listing_id)
    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert wizard.choice.listing is not None and wizard.choice.listing.listing_id == listing_id


def next_enabled(wizard: PartitionWizard) -> bool:
    return find(wizard, names.PARTITION_NEXT, QAbstractButton).isEnabled()


def go_to_review(qtbot, wizard: PartitionWizard, listing_id: str = STOCKS_ONLY) -> None:
    pick(qtbot, wizard, listing_id)
    for _page in ("details", "permissions", "fees"):
        click(qtbot, wizard, names.PARTITION_NEXT)
    click(qtbot, wizard, names.PARTITION_FEES_ACKNOWLEDGE)
    click(qtbot, wizard, names.PARTITION_NEXT)
    assert wizard.currentId() == PartitionWizard.REVIEW


# -- the contract -------------------------------------------------------------------------------


def test_every_wizard_name_exists(wizard: PartitionWizard) -> None:
    for name in names.PARTITION_WIZARD_NAMES:
        find(wizard, name)
    assert wizard.objectName() == names.PARTITION_WIZARD


def test_the_marketplace_model_passes_the_model_tester(qtmodeltester) -> None:
    model = MarketplaceTableModel()
    model.set_rows(shared_marketplace().search()[:40])
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data(KEY_ROLE) == model.row_key(0)


# -- the Marketplace page -----------------------------------------------------------------------


def test_the_marketplace_lists_every_provider_by_name(wizard: PartitionWizard) -> None:
    assert len(table_keys(wizard)) == len(shared_marketplace()) == 400
    assert text_of(wizard, names.MARKETPLACE_COUNT) == "400 of 400 advisors and brokers"
    assert column_values(wizard, "Name") == sorted(column_values(wizard, "Name"), key=str.casefold)


def test_search_narrows_the_table_as_typed(qtbot, wizard: PartitionWizard) -> None:
    search = find(wizard, names.MARKETPLACE_SEARCH, QLineEdit)
    counts = []
    for key in "mandarin value":
        qtbot.keyClicks(search, key)
        counts.append(len(table_keys(wizard)))

    assert counts == sorted(counts, reverse=True) and counts[-1] < counts[0] < 400
    assert counts[-1] > 0
    for listing_id in table_keys(wizard):
        listing = shared_marketplace().get(listing_id)
        assert "mandarin" in listing.search_text and "value" in listing.search_text
    assert text_of(wizard, names.MARKETPLACE_COUNT).startswith(f"{counts[-1]} of 400")


def test_a_filter_and_a_sort_change_the_rows(qtbot, wizard: PartitionWizard) -> None:
    choose(wizard, names.MARKETPLACE_KIND, "Broker")
    brokers = table_keys(wizard)
    assert 0 < len(brokers) < 400
    assert set(column_values(wizard, "Type")) == {"Broker"}

    table = find(wizard, names.MARKETPLACE_TABLE, QTableView)
    header = table.horizontalHeader()
    column = table.model().column_of("1Y Return")
    at = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    ascending = column_values(wizard, "1Y Return")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)  # again: the other way

    descending = column_values(wizard, "1Y Return")
    assert ascending == sorted(ascending) and descending == sorted(descending, reverse=True)
    assert set(table_keys(wizard)) == set(brokers)
    assert find(wizard, names.MARKETPLACE_SORT, QComboBox).currentText() == "1Y Return"
    assert find(wizard, names.MARKETPLACE_DESCENDING, QCheckBox).isChecked()
    assert header.sortIndicatorSection() == column
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_filters_combine_and_clear(qtbot, wizard: PartitionWizard) -> None:
    choose(wizard, names.MARKETPLACE_ASSET_CLASS, "Futures")
    choose(wizard, names.MARKETPLACE_MAX_MINIMUM, "Up to 25,000")
    choose(wizard, names.MARKETPLACE_FEE_KIND, "Performance")
    for listing_id in table_keys(wizard):
        listing = shared_marketplace().get(listing_id)
        assert "Futures" in listing.asset_classes and listing.minimum_investment <= Decimal(25000)
        assert listing.fees.performance_percent > 0

    click(qtbot, wizard, names.MARKETPLACE_CLEAR)

    assert len(table_keys(wizard)) == 400


def test_next_needs_a_chosen_provider(qtbot, wizard: PartitionWizard) -> None:
    assert not next_enabled(wizard)

    pick(qtbot, wizard, STOCKS_ONLY)
    assert next_enabled(wizard)

    qtbot.keyClicks(find(wizard, names.MARKETPLACE_SEARCH, QLineEdit), "no such provider anywhere")
    assert table_keys(wizard) == []
    assert not next_enabled(wizard)


def test_a_disabled_next_says_what_it_waits_for(qtbot, wizard: PartitionWizard) -> None:
    hint = find(wizard, names.PARTITION_NEXT_HINT, QLabel)
    next_button = find(wizard, names.PARTITION_NEXT, QAbstractButton)
    assert not next_enabled(wizard) and hint.isVisible()
    assert hint.text() == "Choose an advisor or broker in the list to go on." == next_button.toolTip()

    pick(qtbot, wizard, STOCKS_ONLY)
    assert next_enabled(wizard) and not hint.isVisible() and next_button.toolTip() == ""
    for _page in ("details", "permissions", "fees"):
        click(qtbot, wizard, names.PARTITION_NEXT)
    assert hint.isVisible() and "acknowledgement" in hint.text() and hint.parent() is wizard.currentPage()
    click(qtbot, wizard, names.PARTITION_FEES_ACKNOWLEDGE)
    assert not hint.isVisible()


# -- the middle pages ---------------------------------------------------------------------------


def test_the_details_page_shows_the_chosen_provider(qtbot, wizard: PartitionWizard) -> None:
    listing = shared_marketplace().get(STOCKS_ONLY)
    pick(qtbot, wizard, STOCKS_ONLY)

    click(qtbot, wizard, names.PARTITION_NEXT)

    assert wizard.currentPage() is find(wizard, names.PARTITION_DETAILS_PAGE)
    assert text_of(wizard, names.PARTITION_ADVISOR_NAME) == listing.name
    assert text_of(wizard, names.PARTITION_ADVISOR_FEES) == "160.00 USD a month"
    details = [label.text() for label in find(wizard, names.PARTITION_ADVISOR_DETAILS).findChildren(QLabel)]
    for shown in (listing.firm, listing.listing_id, listing.region, listing.description, "+4.08% a year"):
        assert shown in details


def test_the_permissions_page_lists_what_the_provider_is_not_entitled_to(qtbot, wizard: PartitionWizard,
                                                                          demo: Engine) -> None:
    pick(qtbot, wizard, STOCKS_ONLY)
    click(qtbot, wizard, names.PARTITION_NEXT)
    click(qtbot, wizard, names.PARTITION_NEXT)

    inherited = find(wizard, names.PARTITION_PERMISSIONS_INHERITED, QListWidget)
    removed = find(wizard, names.PARTITION_PERMISSIONS_REMOVED, QListWidget)
    kept, lost = inherit_permissions(demo.account(LOGIN).permissions, [Permission.parse("STK:US")])
    assert [inherited.item(n).data(Qt.ItemDataRole.UserRole) for n in range(inherited.count())] == ["STK:US"]
    assert [removed.item(n).data(Qt.ItemDataRole.UserRole) for n in range(removed.count())] == \
        [str(p) for p in lost] == ["CASH", "FOP:US", "FUND:US", "FUT:US", "OPT:US", "STK:DE"]
    assert {str(p) for p in kept} == {"STK:US"}
    assert inherited.item(0).text() == "STK:US  Stocks, United States"
    assert "not entitled" in removed.item(0).toolTip()
    assert next_enabled(wizard)


def test_a_provider_sharing_no_permission_blocks_next(qtbot, demo: Engine, open_wizard) -> None:
    demo.execute(OpenAccount("DU3000001", AccountType.MARGIN, cash=(("USD", Decimal(50000)),),
                             permissions=("FUT:US",)))
    wizard = open_wizard("DU3000001")
    pick(qtbot, wizard, STOCKS_ONLY)
    click(qtbot, wizard, names.PARTITION_NEXT)
    click(qtbot, wizard, names.PARTITION_NEXT)

    assert find(wizard, names.PARTITION_PERMISSIONS_INHERITED, QListWidget).count() == 0
    assert "could trade nothing" in text_of(wizard, names.PARTITION_PERMISSIONS_NOTE)
    assert not next_enabled(wizard)


def test_next_on_the_fees_page_needs_the_acknowledgement(qtbot, wizard: PartitionWizard) -> None:
    pick(qtbot, wizard, STOCKS_ONLY)
    for _page in ("details", "permissions", "fees"):
        click(qtbot, wizard, names.PARTITION_NEXT)
    assert wizard.currentPage() is find(wizard, names.PARTITION_FEES_PAGE)
    assert text_of(wizard, names.PARTITION_FEE_LINES) == "160.00 USD a month"
    assert not next_enabled(wizard)

    click(qtbot, wizard, names.PARTITION_FEES_ACKNOWLEDGE)

    assert next_enabled(wizard)


def test_choosing_another_provider_asks_for_the_fees_again(qtbot, wizard: PartitionWizard) -> None:
    go_to_review(qtbot, wizard)
    for _page in ("fees", "permissions", "details", "marketplace"):
        click(qtbot, wizard, names.PARTITION_BACK)
    other = next(key for key in table_keys(wizard) if key != STOCKS_ONLY)
    pick(qtbot, wizard, other)
    for _page in ("details", "permissions", "fees"):
        click(qtbot, wizard, names.PARTITION_NEXT)

    assert not find(wizard, names.PARTITION_FEES_ACKNOWLEDGE, QCheckBox).isChecked()
    assert not next_enabled(wizard)


def test_back_returns_to_the_previous_page_with_the_choice_kept(qtbot, wizard: PartitionWizard) -> None:
    qtbot.keyClicks(find(wizard, names.MARKETPLACE_SEARCH, QLineEdit), "Northcott")
    pick(qtbot, wizard, STOCKS_ONLY)
    click(qtbot, wizard, names.PARTITION_NEXT)

    click(qtbot, wizard, names.PARTITION_BACK)

    assert wizard.currentPage() is find(wizard, names.PARTITION_MARKETPLACE_PAGE)
    assert find(wizard, names.MARKETPLACE_SEARCH, QLineEdit).text() == "Northcott"
    table = find(wizard, names.MARKETPLACE_TABLE, QTableView)
    assert [index.data(KEY_ROLE) for index in table.selectionModel().selectedRows()] == [STOCKS_ONLY]
    assert next_enabled(wizard)


# -- review, Finish and Cancel ------------------------------------------------------------------


def test_the_review_sums_up_the_request_and_when_it_is_ready(qtbot, wizard: PartitionWizard) -> None:
    go_to_review(qtbot, wizard)

    assert text_of(wizard, names.PARTITION_SUMMARY_ACCOUNT) == LOGIN
    assert text_of(wizard, names.PARTITION_SUMMARY_PROVIDER).startswith("Alden Northcott, ")
    assert text_of(wizard, names.PARTITION_SUMMARY_PERMISSIONS) == "STK:US"
    assert text_of(wizard, names.PARTITION_SUMMARY_REMOVED).startswith("CASH, FOP:US, FUND:US")
    assert text_of(wizard, names.PARTITION_SUMMARY_FEES) == "160.00 USD a month"
    assert text_of(wizard, names.PARTITION_READY_TIME) == "Ready for funding by 18:00 ET today"


def test_after_the_cutoff_it_is_ready_the_next_business_day(qtbot) -> None:
    engine, _profile = demo_engine(start=datetime(2026, 11, 24, 16, 30, tzinfo=EASTERN))
    late = EngineBridge(engine)
    wizard = PartitionWizard(late, LOGIN)
    qtbot.addWidget(wizard)
    wizard.show()
    go_to_review(qtbot, wizard)

    assert text_of(wizard, names.PARTITION_READY_TIME) == \
        "Ready for funding by 18:00 ET on Wednesday 25 November 2026"
    late.close()


def test_cancel_submits_nothing(qtbot, wizard: PartitionWizard, demo: Engine) -> None:
    go_to_review(qtbot, wizard)

    click(qtbot, wizard, names.PARTITION_CANCEL)

    assert not wizard.isVisible()
    assert demo.partitions() == []


def test_finish_requests_the_partition_pending_until_its_ready_time(qtbot, wizard: PartitionWizard,
                                                                    demo: Engine) -> None:
    go_to_review(qtbot, wizard)

    with qtbot.waitSignal(wizard.sig_partition_requested) as requested:
        click(qtbot, wizard, names.PARTITION_FINISH)

    [partition] = demo.partitions(LOGIN)
    assert requested.args == [partition]
    assert partition.status == "Pending" and partition.parent == LOGIN
    assert partition.advisor == STOCKS_ONLY and partition.advisor_name == "Alden Northcott"
    assert partition.ready_at == datetime(2026, 11, 24, 18, 0, tzinfo=EASTERN)
    assert partition.permissions == ("STK:US",)
    assert not wizard.isVisible()


def test_a_second_request_for_the_same_account_shows_the_engine_refusal(qtbot, demo: Engine, open_wizard) -> None:
    listing = shared_marketplace().get(STOCKS_ONLY)
    demo.execute(RequestPartition(LOGIN, listing.listing_id, listing.name, listing.entitlements, listing.fees))
    wizard = open_wizard()
    eligibility = find(wizard, names.PARTITION_ELIGIBILITY, QLabel)
    assert eligibility.isVisible() and "already has a partition" in eligibility.text()
    other = shared_marketplace().search()[0].listing_id

    go_to_review(qtbot, wizard, other)
    click(qtbot, wizard, names.PARTITION_FINISH)

    message = find(wizard, names.PARTITION_MESSAGE, QLabel)
    assert message.text().startswith(f"Account: {LOGIN} already has partition {LOGIN}-P1")
    assert "one partition at a time" in message.text()
    assert message.property("state") == "error"
    assert wizard.isVisible() and wizard.currentId() == PartitionWizard.REVIEW
    assert len(demo.partitions()) == 1


def test_an_advisor_login_is_told_on_the_first_page(open_wizard) -> None:
    wizard = open_wizard("DF1234567")

    eligibility = find(wizard, names.PARTITION_ELIGIBILITY, QLabel)
    assert eligibility.isVisible()
    assert "advisor master" in eligibility.text() and "individual account" in eligibility.text()


def test_the_parent_account_can_be_another_of_the_login_accounts(qtbot, wizard: PartitionWizard,
                                                                 demo: Engine) -> None:
    accounts = find(wizard, names.PARTITION_PARENT_ACCOUNT, QComboBox)
    assert [accounts.itemText(n) for n in range(accounts.count())] == [LOGIN, "DU7654321"]
    assert accounts.currentText() == LOGIN

    choose(wizard, names.PARTITION_PARENT_ACCOUNT, "DU7654321")
    go_to_review(qtbot, wizard)
    click(qtbot, wizard, names.PARTITION_FINISH)

    assert [p.parent for p in demo.partitions()] == ["DU7654321"]


# -- the Account menu ---------------------------------------------------------------------------


def test_create_a_partition_opens_one_wizard(main_window: MainWindow) -> None:
    action = find(main_window, names.ACTION_CREATE_PARTITION)
    assert action.isEnabled()

    action.trigger()
    first = main_window.partition_wizard
    action.trigger()

    assert first is not None and first is main_window.partition_wizard and first.isVisible()
    assert main_window.findChildren(PartitionWizard) == [first]


def test_a_closed_wizard_is_forgotten(qtbot, main_window: MainWindow) -> None:
    wizard = main_window.open_partition_wizard()
    click(qtbot, wizard, names.PARTITION_CANCEL)

    assert main_window.partition_wizard is None
    assert main_window.open_partition_wizard() is not wizard


def test_advisor_logins_cannot_create_a_partition(qtbot, engine: Engine, bridge: EngineBridge) -> None:
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    window = MainWindow(bridge, user="advisor", account="FA1", settings=None)
    qtbot.addWidget(window)

    action = find(window, names.ACTION_CREATE_PARTITION)
    assert not action.isEnabled()
    assert "individual account" in action.toolTip()


def test_a_screenshot_shows_the_marketplace_page(engine: Engine, tmp_path) -> None:
    out = render_screenshot(engine, tmp_path / "partition-wizard.png", window="partition-wizard")

    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
