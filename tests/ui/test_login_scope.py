"""One login sees only what it may, view by view: two workstations signed in as two logins of one
SQLite database (an advisor, and a customer who is not its client and has a partition) each show
only their own orders, trades, accounts and partitions, live as well as at start.

The database is written by a first session, closed, and reopened for the two windows (what a
restart does); the windows share the reopened engine as two sessions on one database would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QComboBox

from tests.two_customers import (
    ADVISOR,
    CLIENTS,
    INDIVIDUAL,
    SECOND,
    START,
    STRANGER,
    opening,
    partition_id,
    run,
    trading,
)
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import PlaceOrder, RequestPartition
from workstation.resources import demo_universe_spec
from workstation.store.sqlite_store import open_engine
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.models.trades_table_model import TradesTableModel

PARTITION = partition_id()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    """The two customers' trades journaled into one database by a first session, then the
    database reopened: the engine the windows below share."""
    path = tmp_path / "workstation.db"
    first, store = open_engine(path, universe_spec=demo_universe_spec(), seed=7, start=START,
                               initial_commands=opening())
    run(first, trading())
    store.close()
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=7, start=START)
    yield engine
    store.close()


@pytest.fixture
def sign_in(qtbot, database: Engine, tmp_path: Path):
    """A main window signed in as ``login`` over the shared database."""
    bridges: list[EngineBridge] = []

    def open_(login: str) -> MainWindow:
        bridge = EngineBridge(database)
        bridges.append(bridge)
        settings = QSettings(str(tmp_path / f"{login}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(bridge, user=login.lower(), account=login, settings=settings)
        qtbot.addWidget(window)
        return window

    yield open_
    for bridge in bridges:
        bridge.close()


@pytest.fixture
def advisor(sign_in) -> MainWindow:
    return sign_in(ADVISOR)


@pytest.fixture
def stranger(sign_in) -> MainWindow:
    return sign_in(STRANGER)


def column(model, name: str, role: Qt.ItemDataRole = Qt.ItemDataRole.UserRole) -> list:
    index = model.column_of(name)
    return [model.index(row, index).data(role) for row in range(model.rowCount())]


def texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(n) for n in range(combo.count())]


def shown_trades(window: MainWindow) -> list[str]:
    """The Activity Trades rows the account filter leaves shown: their accounts."""
    activity = window.activity
    accounts = column(activity.trades_model, "Account")
    return [a for row, a in enumerate(accounts) if not activity.trades_table.isRowHidden(row)]


def test_activity_orders_are_each_logins_own(advisor, stranger):
    def accounts(window: MainWindow) -> set[str]:
        model = window.activity.orders_model
        return {model.order_at(row).account for row in range(model.rowCount())}

    assert accounts(advisor) == {ADVISOR}
    assert accounts(stranger) == {STRANGER, PARTITION}


def test_activity_trades_are_each_logins_own(advisor, stranger):
    assert set(shown_trades(advisor)) == {ADVISOR, *CLIENTS}
    assert set(shown_trades(stranger)) == {STRANGER, PARTITION}


def test_trades_summary_is_each_logins_own(advisor, stranger):
    assert set(column(advisor.activity.trades_summary_model, "Account")) == {ADVISOR}
    assert set(column(stranger.activity.trades_summary_model, "Account")) == {STRANGER, PARTITION}


def test_the_activity_account_filter_offers_only_the_logins_accounts(advisor, stranger):
    advisor_filter = advisor.findChild(QComboBox, names.ACTIVITY_ACCOUNT)
    stranger_filter = stranger.findChild(QComboBox, names.ACTIVITY_ACCOUNT)

    assert texts(advisor_filter) == ["All accounts", "G (2 accounts)", *CLIENTS]
    assert texts(stranger_filter) == ["All accounts", STRANGER, f"{PARTITION} (partition)",
                                      f"{STRANGER} + {PARTITION} (combined)"]


def test_the_trade_log_is_each_logins_own(advisor, stranger):
    advisor_log, stranger_log = advisor.open_trade_log(), stranger.open_trade_log()

    assert set(column(advisor_log.model, "Account")) == {ADVISOR, *CLIENTS}
    assert set(column(stranger_log.model, "Account")) == {STRANGER, PARTITION}


def test_the_audit_trail_is_each_logins_own(advisor, stranger):
    advisor_orders = {o.order_id for o in advisor.bridge.engine.orders()}
    stranger_orders = {o.order_id for o in stranger.bridge.engine.orders()}

    advisor_lines = advisor.open_audit_trail().model
    stranger_lines = stranger.open_audit_trail().model

    assert {advisor_lines.row_object(r).order_id for r in range(advisor_lines.rowCount())} == advisor_orders
    assert {stranger_lines.row_object(r).order_id for r in range(stranger_lines.rowCount())} == stranger_orders
    assert advisor_orders.isdisjoint(stranger_orders)


def test_the_account_window_offers_only_the_logins_accounts(advisor, stranger):
    assert texts(advisor.open_account_window().selector) == ["All (2 accounts)", "G (2 accounts)", *CLIENTS]
    assert texts(stranger.open_account_window().selector) == [STRANGER, f"{PARTITION} (partition)",
                                                              f"{STRANGER} + {PARTITION} (combined)"]


def test_the_portfolio_offers_only_the_logins_accounts(advisor, stranger):
    assert texts(advisor.findChild(QComboBox, names.PORTFOLIO_ACCOUNT)) == list(CLIENTS)
    assert texts(stranger.findChild(QComboBox, names.PORTFOLIO_ACCOUNT)) == [
        STRANGER, f"{PARTITION} (partition)", f"{STRANGER} + {PARTITION} (combined)"]
    assert stranger.monitor.portfolio.model.symbols() == ["MSFT"]


def test_the_partition_chart_lists_only_the_logins_partitions(advisor, stranger):
    advisor.chart._show_partition()
    stranger.chart._show_partition()

    assert texts(advisor.findChild(QComboBox, names.CHART_PARTITION)) == []
    assert texts(stranger.findChild(QComboBox, names.CHART_PARTITION)) == [PARTITION]


def test_the_status_bar_shows_only_the_logins_pending_partition(qtbot, advisor, sign_in, database):
    individual = sign_in(INDIVIDUAL)
    advisor_label = advisor.findChild(type(advisor.status.partition_label), names.STATUS_PARTITION)

    individual.bridge.submit(RequestPartition(INDIVIDUAL, "F5100002", "Blake Ortiz", ("STK:US",)))

    qtbot.waitUntil(lambda: individual.status.partition_label.isVisibleTo(individual))
    assert "Blake Ortiz" in individual.status.partition_label.text()
    assert not advisor_label.isVisibleTo(advisor) and advisor_label.text() == ""


def test_another_customers_trade_and_refusal_do_not_reach_a_window_live(qtbot, advisor, stranger, database):
    before = shown_trades(advisor)

    with qtbot.waitSignal(stranger.bridge.sig_execution):
        stranger.bridge.submit(PlaceOrder(STRANGER, "AAPL", Action.BUY, Decimal(3)))
    refused = stranger.bridge.submit(PlaceOrder(ADVISOR, "AAPL", Action.BUY, Decimal(3)))  # not its account

    assert getattr(refused, "code", None) == "NOT_ACCOUNT_HOLDER"
    assert shown_trades(advisor) == before
    assert "AAPL" in column(stranger.activity.trades_model, "Symbol")
    assert advisor.activity.log_model.rowCount() == 0
    assert advisor.status.currentMessage() == ""
    assert stranger.activity.log_model.rowCount() == 1


def test_an_advisor_block_execution_lists_each_accounts_allocation(advisor):
    model: TradesTableModel = advisor.activity.trades_model
    block = model.row_of(model.exec_ids()[0])

    rows = [[model.index(row, model.column_of(name)).data() for name in ("Account", "Quantity", "Price", "Commission")]
            for row in range(block, block + 3)]

    price = rows[0][2]
    assert [r[0].strip() for r in rows] == [ADVISOR, "↳ C1", "↳ C2"]
    assert [r[1] for r in rows] == ["30", "20", "10"]
    assert [r[2] for r in rows] == [price] * 3  # each account's units at the execution's price
    assert [r[3] for r in rows] == ["2.00", "1.00", "1.00"]


def test_the_account_filter_finds_a_clients_allocation(advisor):
    advisor.activity.show_accounts(("C1",))

    assert shown_trades(advisor) == ["C1"]
    assert advisor.activity.trades_model.index(0, 0).parent() == QModelIndex()


def test_an_individual_chooses_either_account_it_holds_in_order_entry(qtbot, sign_in, database):
    window = sign_in(INDIVIDUAL)
    allocation = window.findChild(QComboBox, names.ORDER_ALLOCATION)

    assert texts(allocation) == [INDIVIDUAL, SECOND] and allocation.isEnabled()
    allocation.setCurrentIndex(1)
    window.order_entry.load_symbol("KO")
    window.order_entry.type_input.setCurrentIndex(window.order_entry.type_input.findData(OrderType.MKT))
    command = window.order_entry.ticket().to_order(INDIVIDUAL, database.catalog)
    placed = window.bridge.submit(command)

    assert database.order(placed.events[0].order_id).account == SECOND



def test_views_read_the_engine_only_as_their_login(advisor):
    """The bridge hands views the login's reads, and no view reaches past it to the engine."""
    ui = Path(__file__).resolve().parents[2] / "workstation" / "ui"
    reaching = [f"{path.name}:{n}" for path in ui.rglob("*.py")
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if re.search(r"\b(?!self\b)\w+\._engine\b", line)]

    assert isinstance(advisor.bridge.engine, LoginReads) and advisor.bridge.engine.login == ADVISOR
    assert reaching == []
