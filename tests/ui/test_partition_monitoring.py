"""The parent holder monitors the partition: the status bar while the request is pending, then the
Account Window, the Portfolio and Activity for the parent, the partition and both combined, and
the partition's performance chart."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from workstation.engine.core.terms import Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, PlaceOrder, RequestPartition, SetPrice, TransferCash
from workstation.ui import object_names as names
from workstation.ui.charts.partition_chart import PartitionChart
from workstation.ui.main_window import MainWindow
from workstation.ui.panels.chart_panel import PARTITION_TAB

ADVISOR = "F5100001"


def request_partition(main_window: MainWindow, account: str) -> str:
    result = main_window.bridge.submit(RequestPartition(account, ADVISOR, "Avery Stone", ("STK:US", "CASH")))
    return result.events[0].partition


@pytest.fixture
def partitioned(main_window: MainWindow, account: str, engine) -> tuple[MainWindow, str]:
    """The login's partition, open and funded with 60,000 USD; the advisor bought 100 AAPL in it
    on Wednesday morning."""
    bridge = main_window.bridge
    partition = request_partition(main_window, account)
    bridge.submit(AdvanceClock(datetime(2026, 11, 24, 18, 30, tzinfo=EASTERN)))
    bridge.submit(TransferCash(account, partition, "USD", Decimal(60_000)))
    bridge.submit(AdvanceClock(datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)))
    bought = engine.execute(PlaceOrder(partition, "AAPL", Action.BUY, Decimal(100), entered_by=ADVISOR))
    assert not hasattr(bought, "code"), bought
    bridge.flush()
    return main_window, partition


def test_the_status_bar_shows_the_pending_request_until_it_opens(main_window, account):
    label = main_window.findChild(QLabel, names.STATUS_PARTITION)
    assert label.isHidden()

    partition = request_partition(main_window, account)

    assert not label.isHidden()
    assert label.text() == f"Partition {partition} with Avery Stone: pending, opens 18:00 ET Tue Nov 24"
    main_window.bridge.submit(AdvanceClock(datetime(2026, 11, 24, 18, 1, tzinfo=EASTERN)))
    assert label.isHidden()


def test_the_account_window_offers_the_partition_and_both_combined(partitioned, account):
    main_window, partition = partitioned
    window = main_window.open_account_window()
    selector = window.findChild(QComboBox, names.ACCOUNT_SELECTOR)
    labels = [selector.itemText(i) for i in range(selector.count())]
    assert labels == [account, f"{partition} (partition)", f"{account} + {partition} (combined)"]

    window.show_selection(f"{account} + {partition}")

    engine = main_window.bridge.engine
    total = engine.account_values(account)["NetLiquidation"] + engine.account_values(partition)["NetLiquidation"]
    assert window.balances.value("NetLiquidation") == total


def test_the_portfolio_shows_the_partition_alone_or_combined_with_the_parent(partitioned, account):
    main_window, partition = partitioned
    page = main_window.monitor.portfolio
    selector = main_window.findChild(QComboBox, names.PORTFOLIO_ACCOUNT)

    selector.setCurrentIndex(selector.findText(f"{partition} (partition)"))
    assert page.model.symbols() == ["AAPL"]

    selector.setCurrentIndex(selector.findText(f"{account} + {partition} (combined)"))
    assert page.model.account_ids == (account, partition)
    assert not page.table.isColumnHidden(page.model.column_of("Account"))


def test_activity_shows_the_advisors_trades_under_the_partition_not_the_parent(partitioned, account):
    main_window, partition = partitioned
    activity = main_window.activity
    main_window.bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, Decimal(5)))

    shown = {}
    for accounts in ((account,), (partition,), (account, partition), None):
        activity.show_accounts(accounts)
        orders = [activity.orders_proxy.order_id_at(row) for row in range(activity.orders_proxy.rowCount())]
        trades = [row for row in range(activity.trades_model.rowCount()) if not activity.trades_table.isRowHidden(row)]
        shown[accounts] = ([main_window.bridge.engine.order(o).symbol for o in orders], len(trades))

    assert shown[(account,)][0] == ["MSFT"]
    assert shown[(partition,)][0] == ["AAPL"]
    assert sorted(shown[(account, partition)][0]) == ["AAPL", "MSFT"] == sorted(shown[None][0])
    assert shown[(account,)][1] + shown[(partition,)][1] == shown[None][1]


def test_the_performance_chart_follows_the_partition_net_of_transfers(partitioned, account):
    main_window, partition = partitioned
    bridge = main_window.bridge
    risen = (bridge.engine.price_of("AAPL") * Decimal("1.10")).quantize(Decimal("0.01"))
    assert not hasattr(bridge.submit(SetPrice("AAPL", risen)), "code")
    bridge.submit(TransferCash(account, partition, "USD", Decimal(10_000)))
    panel = main_window.chart

    panel.tabs.setCurrentIndex(PARTITION_TAB)
    panel.refresh()

    chart = panel.findChild(PartitionChart)
    assert chart.partition == partition
    xs, ys = chart.nlv_curve.getData()
    performance = bridge.engine.partition_performance(partition)
    assert len(xs) == len(performance.samples) and ys[-1] == pytest.approx(
        float(performance.latest.net_liquidation))
    assert performance.latest.cumulative_return > 0  # the gain, not the 10,000 added
    assert f"return {performance.latest.cumulative_return:+.2%}" in chart.caption.text()


def test_the_trade_log_labels_the_partitions_trades(partitioned):
    main_window, partition = partitioned
    model = main_window.activity.trades_model
    column = model.column_of("Account")

    labels = [model.index(row, column).data() for row in range(model.rowCount())]
    tips = [model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())]

    assert labels == [f"{partition} · Partition"]
    assert tips == [f"Partition of {partition[:-3]}, managed by Avery Stone ({ADVISOR})"]


def test_no_header_or_account_id_is_clipped_at_the_default_layout(qtbot, partitioned, account):
    from PySide6.QtWidgets import QTableView

    main_window, partition = partitioned
    main_window.show()
    selector = main_window.findChild(QComboBox, names.PORTFOLIO_ACCOUNT)
    selector.setCurrentIndex(selector.findText(f"{account} + {partition} (combined)"))
    main_window.bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, Decimal(5)))
    main_window.bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, Decimal(10_000_000)))  # refused: Inactive
    qtbot.waitUntil(lambda: main_window.monitor.portfolio.model.rowCount() > 0)
    for name in (names.PORTFOLIO_TABLE, names.ACTIVITY_ORDERS_TABLE, names.ACTIVITY_TRADES_TABLE,
                 names.ACTIVITY_LOG):
        table = main_window.findChild(QTableView, name)
        header = table.horizontalHeader()
        for column in range(header.count()):
            if table.isColumnHidden(column):
                continue
            title = table.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header.sectionSizeHint(column), (name, title)
            if title in ("Account", "Time", "Exec Id", "Quantity"):  # ids, times and sizes shown whole
                assert header.sectionSize(column) >= table.sizeHintForColumn(column), (name, title)
