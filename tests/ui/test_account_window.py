"""The Account Window: collapsible sections, the advisor's selector, live values, margin colours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView

from workstation.client.account_window import account_selections, account_window
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import DefineGroup, OpenAccount, PlaceOrder, SeedPosition, SetPrice
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.account_window import AccountWindow
from workstation.ui.main_window import MainWindow
from workstation.ui.models.columns import KEY_ROLE

D = Decimal


def table(window: AccountWindow, name: str) -> QTableView:
    found = window.findChild(QTableView, name)
    assert found is not None, name
    return found


def value(window: AccountWindow, table_name: str, key: str) -> object:
    model = table(window, table_name).model()
    row = next((r for r in range(model.rowCount()) if model.index(r, 0).data(KEY_ROLE) == key), None)
    assert row is not None, f"{key} is not in {table_name}"
    return model.index(row, model.column_of("Value")).data(Qt.ItemDataRole.UserRole)


@pytest.fixture
def advisor_engine(engine: Engine) -> Engine:
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    engine.execute(OpenAccount("C1", AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA1",
                               positions=(SeedPosition("AAPL", D(100), D(200)),)))
    engine.execute(OpenAccount("C2", AccountType.MARGIN, cash=(("USD", D(40000)),), advisor="FA1"))
    engine.execute(OpenAccount("C3", AccountType.CASH, base_currency="EUR", cash=(("EUR", D(10000)),),
                               advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", AllocationMethod.EQUAL, (("C1", D(0)), ("C2", D(0)))))
    return engine


def test_sections_fold_away_and_come_back(qtbot, bridge: EngineBridge, account: str) -> None:
    window = AccountWindow(bridge, account, account)
    qtbot.addWidget(window)
    window.show()
    margin = window.section(names.ACCOUNT_SECTION_MARGIN)

    assert [s.title for s in window.sections] == [
        "Balances", "Margin Requirements", "Available for Trading", "Market Value", "FX Portfolio", "Portfolio"]
    qtbot.mouseClick(margin.header, Qt.MouseButton.LeftButton)
    assert not table(window, names.ACCOUNT_MARGIN_TABLE).isVisible()
    qtbot.mouseClick(margin.header, Qt.MouseButton.LeftButton)
    assert table(window, names.ACCOUNT_MARGIN_TABLE).isVisible()


def test_sections_hold_the_engine_figures_tws_puts_there(qtbot, bridge: EngineBridge, engine: Engine,
                                                        account: str) -> None:
    window = AccountWindow(bridge, account, account)
    qtbot.addWidget(window)
    values = engine.account_values(account)
    fee = engine.exposure_fee(account)

    assert value(window, names.ACCOUNT_VALUES_TABLE, "NetLiquidation") == values["NetLiquidation"]
    assert value(window, names.ACCOUNT_MARGIN_TABLE, "MaintMarginReq") == values["MaintMarginReq"]
    assert value(window, names.ACCOUNT_MARGIN_TABLE, "ExposureFeeEstimatedNext") == sum(
        fee.estimated_next.values(), D(0))
    for tag in ("SMA", "BuyingPower", "Leverage", "DayTradesRemaining"):
        assert value(window, names.ACCOUNT_AVAILABLE_TABLE, tag) == values[tag]
    currencies = table(window, names.ACCOUNT_CURRENCY_TABLE).model()
    assert [currencies.index(r, 0).data() for r in range(currencies.rowCount())] == ["USD"]


def test_an_advisor_chooses_all_a_group_or_one_client(qtbot, bridge: EngineBridge,
                                                     advisor_engine: Engine) -> None:
    window = AccountWindow(bridge, "FA1")
    qtbot.addWidget(window)
    selector = window.selector

    assert [selector.itemData(n) for n in range(selector.count())] == ["All", "Core", "C1", "C2", "C3"]
    assert window.selection is not None and window.selection.accounts == ("C1", "C2", "C3")

    selector.setCurrentIndex(selector.findData("Core"))

    core = account_window(LoginReads(advisor_engine, None), window.selection)
    assert value(window, names.ACCOUNT_VALUES_TABLE, "NetLiquidation") == core.values["NetLiquidation"] == (
        advisor_engine.account_values("C1")["NetLiquidation"] + advisor_engine.account_values("C2")["NetLiquidation"])
    portfolio = table(window, names.ACCOUNT_PORTFOLIO_TABLE)
    assert not portfolio.isColumnHidden(0)  # several accounts: the Account column shows whose
    assert portfolio.model().index(0, 0).data() == "C1"


def test_the_fx_portfolio_shows_cash_in_other_currencies(qtbot, bridge: EngineBridge,
                                                         advisor_engine: Engine) -> None:
    window = AccountWindow(bridge, "FA1", "All")
    qtbot.addWidget(window)

    model = table(window, names.ACCOUNT_FX_TABLE).model()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "EUR"
    assert model.index(0, 1).data(Qt.ItemDataRole.UserRole) == D(10000)


def test_values_follow_prices_and_executions_live(qtbot, bridge: EngineBridge, engine: Engine,
                                                  account: str) -> None:
    window = AccountWindow(bridge, account, account)
    qtbot.addWidget(window)
    before = window.refresh_count

    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100)))
    bridge.submit(SetPrice("AAPL", D("260.00")))

    qtbot.waitUntil(lambda: value(window, names.ACCOUNT_VALUES_TABLE, "StockMarketValue") == D("26000.00"),
                    timeout=2000)
    assert window.refresh_count == before + 1  # one frame, one refresh, however many events
    assert value(window, names.ACCOUNT_VALUES_TABLE, "NetLiquidation") == engine.account_values(account)[
        "NetLiquidation"]
    assert table(window, names.ACCOUNT_PORTFOLIO_TABLE).model().rowCount() == 1


def test_the_margin_banner_turns_yellow_near_the_requirement_then_orange_or_red(qtbot, bridge: EngineBridge,
                                                                                engine: Engine) -> None:
    # 2,000 AAPL on 215,000 of loan: at 145.00 equity is 75,000 against 72,500 of maintenance.
    bridge.submit(OpenAccount("DU999999", AccountType.MARGIN, cash=(("USD", D(-215000)),),
                              positions=(SeedPosition("AAPL", D(2000), D("232.50")),)))
    window = AccountWindow(bridge, "DU999999", "DU999999")
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QLabel, names.ACCOUNT_WARNING)
    assert not banner.isVisible()

    bridge.submit(SetPrice("AAPL", D("145.00")))
    qtbot.waitUntil(lambda: banner.property("warning") == "near", timeout=2000)
    assert banner.isVisible() and banner.text() == "Within 5% of the margin requirement"

    bridge.submit(SetPrice("AAPL", D("140.00")))  # equity below maintenance: depleted, then liquidated
    qtbot.waitUntil(lambda: banner.property("warning") in {"depleted", "liquidating"}, timeout=2000)
    view = account_window(LoginReads(engine, None), window.selection)
    assert banner.property("warning") == {"Margin cushion depleted": "depleted",
                                          "Positions are being liquidated": "liquidating"}[view.warning.value]


def test_account_menu_opens_it_on_the_logged_in_account(main_window: MainWindow, account: str) -> None:
    main_window.findChild(object, names.ACTION_ACCOUNT_WINDOW).trigger()

    window = main_window.account_window
    assert window is not None and window.account_id == account


def test_the_currency_models_pass_the_model_tester(qtmodeltester, advisor_engine: Engine) -> None:
    from workstation.ui.models.currency_tables import CurrencyValuesTableModel, FxPortfolioTableModel

    reads = LoginReads(advisor_engine, "FA1")
    view = account_window(reads, account_selections(reads, "FA1")[0])
    currencies, fx = CurrencyValuesTableModel(), FxPortfolioTableModel()
    currencies.set_currencies(view.by_currency)
    fx.set_rows(view.fx_portfolio)

    qtmodeltester.check(currencies, force_py=True)
    qtmodeltester.check(fx, force_py=True)
    assert currencies.index(0, 0).data() == "EUR" and fx.index(0, 3).data(Qt.ItemDataRole.UserRole) == (
        view.fx_portfolio[0].value)
    currencies.set_currencies(view.by_currency)  # the same keys again: updated in place, no reset
    assert currencies.rowCount() == len(view.by_currency)


def test_a_cash_accounts_settled_cash_and_free_riding_restriction_show_in_the_window(qtbot, universe) -> None:
    # IB KB 3101 (https://ibkr.info/nl/node/3101), example F2 of the issue-17 note: F1 (1,000.00 settled) buys
    # 14 KO on a stop at 64.00 that fills at 75.01 after a gap (1,051.14: 51.14 unpaid) and sells them at 74.99
    # the same day: SettledCash = 1,000.00 - 1,051.14 - 1.00 = -52.14 (the 1,049.86 proceeds settle Tue 24);
    # the end-of-day check restricts it "Cash Up Front" until Mon 23 Nov 2026 + 90 days = 21 Feb 2027.
    from datetime import datetime

    from workstation.engine.core.terms import OrderType
    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock

    monday = datetime(2026, 11, 23, 10, tzinfo=EASTERN)
    engine = Engine.new(universe, 5, monday, random_walk=False)
    engine.execute(OpenAccount("F1", AccountType.CASH, cash=(("USD", D(1000)),)))
    engine.execute(SetPrice("KO", D("60.00")))
    engine.execute(PlaceOrder("F1", "KO", Action.BUY, D(14), OrderType.STP, None, D("64.00")))
    engine.execute(SetPrice("KO", D("75.00")))
    engine.execute(PlaceOrder("F1", "KO", Action.SELL, D(14), OrderType.MKT))
    bridge = EngineBridge(engine)
    try:
        window = AccountWindow(bridge, "F1", "F1")
        qtbot.addWidget(window)
        assert value(window, names.ACCOUNT_VALUES_TABLE, "SettledCash") == D("-52.14")
        assert value(window, names.ACCOUNT_VALUES_TABLE, "TotalCashValue") == D("997.72")
        assert "restriction" not in window.heading.text()

        engine.execute(AdvanceClock(monday.replace(hour=20)))
        qtbot.waitUntil(lambda: "Cash Up Front" in window.heading.text())
        assert window.heading.text() == ("Cash account · base currency USD · Trading restriction: Cash Up Front "
                                         "until 21 Feb 2027 (free riding): purchases with settled cash only")
    finally:
        bridge.close()
