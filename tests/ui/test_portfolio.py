"""The Monitor's Portfolio page: an account's positions with TWS's columns, ticking live."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests.factories import trade
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SeedPosition, SetPrice
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.models.portfolio_table_model import PortfolioTableModel

D = Decimal


@pytest.fixture
def holding(engine: Engine, account: str) -> Engine:
    """The account bought 100 AAPL and 1 ESZ6 at the market today."""
    for symbol, quantity in (("AAPL", 100), ("ESZ6", 1)):
        engine.execute(PlaceOrder(account, symbol, Action.BUY, D(quantity)))
    return engine


def cell(model: PortfolioTableModel, symbol: str, header: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = model.row_of(symbol)
    assert row is not None, f"{symbol} is not in the portfolio"
    return model.index(row, model.column_of(header)).data(role)


def test_passes_the_model_tester_as_positions_open_and_prices_move(qtmodeltester, holding: Engine,
                                                                   account: str) -> None:
    model = PortfolioTableModel(holding, account)
    qtmodeltester.check(model, force_py=True)

    holding.execute(PlaceOrder(account, "MSFT", Action.BUY, D(10)))
    model.refresh()
    holding.execute(SetPrice("AAPL", D("240.00")))
    model.refresh()
    holding.execute(PlaceOrder(account, "MSFT", Action.SELL, D(10)))
    model.refresh()

    assert model.symbols() == ["AAPL", "ESZ6"]  # stocks before futures; a closed position leaves


def test_rows_show_the_engine_figures_with_raw_values(holding: Engine, account: str) -> None:
    model = PortfolioTableModel(holding, account)
    position = next(p for p in holding.positions(account) if p.symbol == "AAPL")

    assert [c.header for c in model.columns] == [
        "Account", "Financial Instrument", "Currency", "Position", "Avg Price", "Avg Cost", "Last",
        "Market Value", "Unrealized P&L", "Realized P&L", "Daily P&L"]
    assert cell(model, "AAPL", "Position", Qt.ItemDataRole.UserRole) == D(100)
    assert cell(model, "AAPL", "Market Value", Qt.ItemDataRole.UserRole) == position.market_value
    assert cell(model, "AAPL", "Avg Price", Qt.ItemDataRole.UserRole) == position.avg_cost
    assert cell(model, "ESZ6", "Daily P&L", Qt.ItemDataRole.UserRole) == holding.daily_pnl(account)["ESZ6"]


DEMO_ACCOUNT = "DU1234567"  # resources/demo_profile.yaml


def test_avg_cost_is_per_contract_for_derivatives_beside_the_per_unit_avg_price(demo: Engine) -> None:
    # IB's API avgCost includes the multiplier and commission for derivatives
    # (https://www.interactivebrokers.com.hk/en/software/api/apiguide/java/updateportfolio.htm,
    # https://github.com/erdewit/ib_insync/issues/175); TWS's Cost Basis = avg price x position x
    # multiplier keeps "Avg Price" per share or point.
    trade(demo, "AAPL  261218C00230000", Action.SELL, 2, "5.00", DEMO_ACCOUNT)  # to open, 0.65 a contract
    model = PortfolioTableModel(demo, DEMO_ACCOUNT)

    # sold to open: 5.00 x 100 - 0.65 = 499.35 a contract; 4.9935 a share, shown to the 4 places it has
    # so that Cost Basis = avg price x position x multiplier still reads off the table
    assert cell(model, "AAPL  261218C00230000", "Avg Cost") == "499.35"
    assert cell(model, "AAPL  261218C00230000", "Avg Price") == "4.9935"
    # the demo profile's seeds: 6.10 a share x 100 = 610.00; ESZ6 5,890.25 a point x 50 = 294,512.50
    assert cell(model, "AAPL  261218C00240000", "Avg Cost", Qt.ItemDataRole.UserRole) == D("610.00")
    assert cell(model, "ESZ6", "Avg Cost") == "294,512.50"
    assert cell(model, "ESZ6", "Avg Price") == "5,890.25"
    # a stock's cost is per share in both columns
    assert cell(model, "AAPL", "Avg Cost") == cell(model, "AAPL", "Avg Price") == "198.40"


def test_a_price_move_updates_value_and_pnl_in_one_data_changed(qtbot, holding: Engine, account: str) -> None:
    model = PortfolioTableModel(holding, account)
    holding.execute(SetPrice("AAPL", D("250.00")))

    with qtbot.waitSignal(model.dataChanged, timeout=0) as changed:
        assert model.refresh() is True

    top, _bottom = changed.args[0], changed.args[1]
    assert top.row() == model.row_of("AAPL")
    assert cell(model, "AAPL", "Market Value") == "25,000.00"
    assert cell(model, "AAPL", "Daily P&L", Qt.ItemDataRole.UserRole) == holding.daily_pnl(account)["AAPL"]
    assert cell(model, "AAPL", "Unrealized P&L", Qt.ItemDataRole.ForegroundRole) is not None  # coloured
    assert model.refresh() is False  # nothing moved since


def test_the_page_follows_fills_and_prices_through_the_bridge(qtbot, main_window: MainWindow,
                                                             bridge: EngineBridge, account: str) -> None:
    page = main_window.monitor.portfolio
    table = main_window.findChild(object, names.PORTFOLIO_TABLE)
    assert table is page.table and page.model.rowCount() == 0

    bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, D(20)))
    bridge.submit(SetPrice("MSFT", D("430.00")))

    qtbot.waitUntil(lambda: page.model.symbols() == ["MSFT"], timeout=2000)
    qtbot.waitUntil(lambda: cell(page.model, "MSFT", "Market Value") == "8,600.00", timeout=2000)


def test_choosing_a_portfolio_row_loads_it_in_order_entry(qtbot, main_window: MainWindow, bridge: EngineBridge,
                                                          account: str) -> None:
    bridge.submit(PlaceOrder(account, "XOM", Action.BUY, D(50)))
    page = main_window.monitor.portfolio
    page.model.refresh()

    page.table.selectRow(page.model.row_of("XOM"))

    assert main_window.order_entry.symbol_input.text() == "XOM"


def test_the_account_selector_lists_the_logins_new_accounts_and_switches_the_page(
        main_window: MainWindow, bridge: EngineBridge, account: str) -> None:
    page = main_window.monitor.portfolio
    selector = main_window.findChild(QComboBox, names.PORTFOLIO_ACCOUNT)
    bridge.submit(OpenAccount("DU222222", AccountType.MARGIN, cash=(("USD", D(50000)),),
                              positions=(SeedPosition("KO", D(300), D("60.00")),), holder=account))
    bridge.submit(OpenAccount("DU999999", AccountType.MARGIN, cash=(("USD", D(50000)),)))  # another customer's

    assert [selector.itemText(n) for n in range(selector.count())] == [account, "DU222222"]
    assert selector.currentText() == account

    selector.setCurrentText("DU222222")

    assert page.account_id == "DU222222"
    assert page.model.symbols() == ["KO"]
