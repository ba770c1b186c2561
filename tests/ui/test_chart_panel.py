"""The Chart panel: candles and volume of the linked symbol, live; Risk Navigator's P&L curve of
the account's underlyings; the exposure fee by product class. Each shows the engine's read model."""

from collections.abc import Callable, Iterator
from decimal import Decimal

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QTabWidget, QWidget

from workstation.engine.api import Accepted
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SeedPosition, SetPrice
from workstation.ui import object_names as names
from workstation.ui import theme
from workstation.ui.bridge import EngineBridge
from workstation.ui.charts.bar_items import CandlestickItem
from workstation.ui.charts.exposure_fee_chart import ESTIMATED_NEXT, LAST
from workstation.ui.charts.themed_plot import themed_plot
from workstation.ui.panels.chart_panel import EXPOSURE_FEE_TAB, RISK_TAB, ChartPanel

D = Decimal
CALL = "AAPL  261218C00230000"


@pytest.fixture
def make_panel(qtbot, bridge: EngineBridge, account: str) -> Iterator[Callable[..., ChartPanel]]:
    """Chart panels over the test engine; risk and fee views refresh on the next event loop pass."""

    def make(account_id: str = account, symbol: str = "") -> ChartPanel:
        panel = ChartPanel(bridge, account_id, symbol=symbol, refresh_ms=0)
        qtbot.addWidget(panel)
        panel.resize(900, 500)
        return panel

    yield make


def submit(bridge: EngineBridge, command) -> None:
    result = bridge.submit(command)
    assert isinstance(result, Accepted), result
    bridge.flush()


def open_holder(bridge: EngineBridge, account_id: str, cash: str, *positions: tuple[str, str, str]) -> None:
    seeded = tuple(SeedPosition(symbol, D(quantity), D(cost)) for symbol, quantity, cost in positions)
    submit(bridge, OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", D(cash)),), positions=seeded,
                               permissions=("STK", "OPT", "FUT", "FOP")))


def test_the_panel_publishes_its_object_names(make_panel):
    panel = make_panel(symbol="AAPL")
    assert panel.objectName() == names.CHART_PANEL
    for name in names.CHART_NAMES[1:]:
        assert panel.findChild(QWidget, name) is not None, name
    tabs = panel.findChild(QTabWidget, names.CHART_TABS)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Price", "Risk Navigator", "Exposure Fee", "Partition"]


def test_load_symbol_shows_that_symbols_bars(qtbot, make_panel, engine):
    panel = make_panel(symbol="AAPL")
    with qtbot.waitSignal(panel.sig_symbol_changed) as changed:
        panel.load_symbol("msft")
    assert changed.args == ["MSFT"]
    bars = engine.bars("MSFT")
    candles = panel.price_chart.candles
    assert (panel.symbol, panel.symbol_input.text(), panel.description.text()) == ("MSFT", "MSFT", "MICROSOFT CORP")
    assert len(candles) == len(bars) > 300                  # a week of history, not an empty chart
    assert candles.last_bar() == (float(bars.last_number), float(bars.open[-1]), float(bars.high[-1]),
                                  float(bars.low[-1]), float(bars.close[-1]))
    assert panel.price_chart.volume.last_volume() == float(bars.volume[-1])
    assert panel.price_chart.last_price_line.value() == float(engine.quote("MSFT").last)


def test_typing_a_symbol_in_the_chart_loads_it(qtbot, make_panel):
    panel = make_panel(symbol="AAPL")
    panel.symbol_input.clear()
    qtbot.keyClicks(panel.symbol_input, "SPY")
    panel.symbol_input.returnPressed.emit()
    assert panel.symbol == "SPY" and panel.price_chart.symbol == "SPY"


def test_an_unknown_symbol_leaves_the_chart_as_it_was(make_panel):
    panel = make_panel(symbol="AAPL")
    panel.load_symbol("NOPE")
    assert panel.symbol == "AAPL"


def test_a_price_change_updates_the_last_candle_only(qtbot, make_panel, bridge, engine):
    # Arrange: AAPL charted at 10:00, its history ending at the price of the moment
    panel = make_panel(symbol="AAPL")
    candles = panel.price_chart.candles
    before = len(candles)
    # Act: a first move opens the 10:00 bar, a second moves it
    with qtbot.waitSignal(bridge.sig_quotes_updated):
        bridge.submit(SetPrice("AAPL", D("240.00")))
    assert len(candles) == before + 1
    redraws = candles.full_redraws
    with qtbot.waitSignal(bridge.sig_quotes_updated):
        bridge.submit(SetPrice("AAPL", D("238.50")))
    # the chart gathers moves within a quarter second into one redraw
    qtbot.waitUntil(lambda: candles.last_bar()[4] == 238.5, timeout=1000)
    # Assert: the same candle, high 240.00 and close 238.50, drawn again alone
    assert len(candles) == before + 1
    _x, open_, high, low, close = candles.last_bar()
    assert (open_, high, low, close) == (240.0, 240.0, 238.5, 238.5)
    assert candles.full_redraws == redraws
    assert panel.price_chart.last_price_line.value() == 238.5


def test_a_fill_adds_to_the_last_volume_bar(qtbot, make_panel, bridge, engine, account):
    panel = make_panel(symbol="AAPL")
    with qtbot.waitSignal(bridge.sig_quotes_updated):
        bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(300)))
    assert panel.price_chart.volume.last_volume() == float(engine.bars("AAPL").volume[-1]) == 300.0


def test_the_time_axis_labels_dates_and_times(make_panel, engine):
    panel = make_panel(symbol="AAPL")
    axis = panel.price_chart.volume_axis
    bars = engine.bars("AAPL")
    levels = axis.tickValues(bars.last_number - 160, bars.last_number, 800)
    days, times = (axis.tickStrings(values, 1.0, spacing) for spacing, values in levels)
    assert "Nov 24" in days and "Nov 23" in days
    assert times and all(len(label) == 5 and label[2] == ":" for label in times)


def test_risk_navigator_offers_the_accounts_underlyings_and_draws_the_engines_curve(make_panel, bridge, engine):
    # Arrange: an account holding AAPL with calls on it, and SPY
    open_holder(bridge, "DU222222", "100000", ("AAPL", "100", "230"), (CALL, "2", "9.50"), ("SPY", "50", "590"))
    panel = make_panel("DU222222", symbol="SPY")
    # Act
    panel.tabs.setCurrentIndex(RISK_TAB)
    # Assert: both underlyings offered, the linked symbol studied, the engine's curve drawn
    combo = panel.findChild(QComboBox, names.CHART_RISK_UNDERLYING)
    assert [combo.itemText(i) for i in range(combo.count())] == ["AAPL", "SPY"]
    assert combo.currentText() == "SPY"
    expected = engine.pnl_curve("DU222222", "SPY")
    moves, pnl = panel.risk_chart.curve.getData()
    assert list(moves) == list(expected.moves) and list(pnl) == list(expected.pnl)
    # a person picks AAPL: its curve, the stock and the calls, is drawn at once
    combo.setCurrentText("AAPL")
    moves, pnl = panel.risk_chart.curve.getData()
    assert list(pnl) == list(engine.pnl_curve("DU222222", "AAPL").pnl)
    assert np.all(np.diff(pnl, n=2) >= -0.02)                 # long calls bend the curve upwards


def test_risk_navigator_follows_the_linked_symbols_underlying(make_panel, bridge):
    open_holder(bridge, "DU222222", "100000", ("AAPL", "100", "230"), ("SPY", "50", "590"))
    panel = make_panel("DU222222", symbol="SPY")
    panel.tabs.setCurrentIndex(RISK_TAB)
    panel.load_symbol(CALL)                                    # an option on AAPL: study AAPL
    assert panel.risk_chart.underlying == "AAPL"


def test_risk_navigator_picks_up_a_new_position(qtbot, make_panel, bridge, engine, account):
    panel = make_panel(account)
    panel.tabs.setCurrentIndex(RISK_TAB)
    combo = panel.findChild(QComboBox, names.CHART_RISK_UNDERLYING)
    assert combo.count() == 0 and "holds no positions" in panel.risk_chart.caption.text()
    bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, D(10)))
    qtbot.waitUntil(lambda: combo.currentText() == "MSFT")
    assert list(panel.risk_chart.curve.getData()[1]) == list(engine.pnl_curve(account, "MSFT").pnl)


def test_exposure_fee_bars_match_the_engine_by_product_class(make_panel, bridge, engine):
    # L1 holds 1,500 AAPL (348,750 at 232.50) on 250,000 of debt, and a crude oil future:
    # a 30% fall in AAPL and 40% in oil would cost more than its equity
    open_holder(bridge, "L1", "-250000", ("AAPL", "1500", "232.50"), ("CLF7", "1", "69.42"))
    panel = make_panel("L1")
    panel.tabs.setCurrentIndex(EXPOSURE_FEE_TAB)
    view = engine.exposure_fee("L1")
    assert set(view.estimated_next) == {"Equity", "Oil"}
    shown = panel.fee_chart.shown_fees()
    assert shown[ESTIMATED_NEXT] == {c: float(fee) for c, fee in view.estimated_next.items()}
    assert shown[LAST] == {"Equity": 0.0, "Oil": 0.0}          # nothing charged yet
    assert not panel.fee_chart.showing_reason
    assert panel.findChild(QWidget, names.CHART_EXPOSURE_FEE_PLOT).isVisibleTo(panel)


def test_no_exposure_fee_shows_why(make_panel, account):
    panel = make_panel(account)
    panel.tabs.setCurrentIndex(EXPOSURE_FEE_TAB)
    assert panel.fee_chart.showing_reason
    assert panel.fee_chart.reason.text() == (f"No exposure fee: {account} holds no positions, so the daily "
                                             "stress test finds nothing to charge.")


def test_a_bar_that_did_not_move_is_a_flat_line_not_a_box(qtbot):
    # A candle whose open, high, low and close are equal, and a bar of no volume
    plot = themed_plot("flatCandle")
    qtbot.addWidget(plot)
    candles = CandlestickItem()
    plot.addItem(candles)
    candles.set_bars(np.arange(3.0), np.array([3.0, 3.1, 3.15]), np.array([3.1, 3.2, 3.15]),
                     np.array([2.9, 3.0, 3.15]), np.array([3.1, 3.15, 3.15]))
    plot.setXRange(-0.5, 2.5, padding=0)
    plot.setYRange(2.8, 3.3, padding=0)
    plot.resize(300, 300)
    plot.show()
    qtbot.waitExposed(plot)
    image = plot.grab().toImage()
    view = plot.getPlotItem().getViewBox()
    # Assert: the flat candle is green at its price, and nowhere above or below it
    def colour_at(price: float) -> QColor:
        return QColor(image.pixel(plot.mapFromScene(view.mapViewToScene(QPointF(2.2, price)))))

    assert colour_at(3.15) == theme.TICK_UP
    for price in (3.27, 3.2, 3.1, 2.93):
        assert colour_at(price) != theme.TICK_UP, price
