"""PriceChart: candles over volume for one symbol, the two plots sharing one time axis.

x is the bar's number in the engine's series (``PriceBars.numbers``), so nights and weekends take
no room, as in TWS. A live update redraws the last candle and volume bar only; a new bar redraws
the series once and, if the view was showing the newest bar, scrolls along with it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workstation.engine import PriceBars
from workstation.ui import object_names as names
from workstation.ui import theme
from workstation.ui.charts.axes import BarTimeAxis, VolumeAxis
from workstation.ui.charts.bar_items import CandlestickItem, VolumeBarsItem
from workstation.ui.charts.themed_plot import AXIS_WIDTH, dimmed, themed_plot

VISIBLE_BARS = 160
"""Bars in view when a symbol is loaded: two sessions of five-minute bars."""
_RIGHT_MARGIN = 10  # empty bars right of the newest one: room for the last price's label
_LIVE_LABEL = "live ▸"


class PriceChart(QWidget):
    """Candlesticks (``chartPricePlot``) above volume (``chartVolumePlot``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._symbol = ""
        self._first = 0
        self._last = -1
        self.price_axis = BarTimeAxis(show_values=False)
        self.volume_axis = BarTimeAxis()
        self.price_plot = themed_plot(names.CHART_PRICE_PLOT, self,
                                      {"bottom": self.price_axis, "right": pg.AxisItem("right")})
        self.volume_plot = themed_plot(names.CHART_VOLUME_PLOT, self,
                                       {"bottom": self.volume_axis, "right": VolumeAxis()})
        self.candles = CandlestickItem()
        self.volume = VolumeBarsItem()
        self.last_price_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen(theme.TEXT, style=Qt.PenStyle.DashLine),
            label="{value:.2f}", labelOpts={"position": 0.995, "color": theme.TEXT,
                                            "fill": dimmed(theme.SURFACE, 230), "anchors": [(1, 1), (1, 1)]})
        self.live_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(theme.MUTED, style=Qt.PenStyle.DotLine),
            label=_LIVE_LABEL, labelOpts={"position": 0.96, "color": theme.MUTED, "anchors": [(0, 0), (0, 0)]})
        self._configure(self.price_plot, self.candles, bottom_axis_height=0)
        self._configure(self.volume_plot, self.volume, bottom_axis_height=None)
        self.price_plot.addItem(self.last_price_line, ignoreBounds=True)
        self.price_plot.addItem(self.live_line, ignoreBounds=True)
        self.volume_plot.setXLink(self.price_plot)
        self.volume_plot.setMaximumHeight(160)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.price_plot, 3)
        layout.addWidget(self.volume_plot, 1)

    @property
    def symbol(self) -> str:
        return self._symbol

    def show_bars(self, bars: PriceBars, places: int = 2) -> None:
        """Show ``bars``: the last bar alone if only it moved, else the series (see the module)."""
        same_series = bars.symbol == self._symbol and (bars.first_number, bars.last_number) == (self._first, self._last)
        if same_series and len(bars):
            self._update_last(bars)
            return
        following = self._is_following()
        new_symbol = bars.symbol != self._symbol
        previous_last = self._last
        self._symbol, self._first, self._last = bars.symbol, bars.first_number, bars.last_number
        self.last_price_line.label.setFormat(f"{{value:.{places}f}}")
        x = bars.numbers
        self.candles.set_bars(x, bars.open, bars.high, bars.low, bars.close)
        self.volume.set_volume(x, bars.open, bars.close, bars.volume)
        for axis in (self.price_axis, self.volume_axis):
            axis.set_bars(bars.first_number, bars.time)
        self.live_line.setPos(bars.first_number + bars.synthetic - 0.5)
        if len(bars):
            self.last_price_line.setPos(float(bars.close[-1]))
        if new_symbol:
            self.show_latest()
        elif following:
            low, high = self.price_plot.getViewBox().viewRange()[0]
            shift = bars.last_number - previous_last
            self.price_plot.setXRange(low + shift, high + shift, padding=0)

    def show_latest(self, count: int = VISIBLE_BARS) -> None:
        """Scroll to the newest ``count`` bars."""
        self.price_plot.setXRange(self._last - count + 1, self._last + _RIGHT_MARGIN, padding=0)

    # -- internals ------------------------------------------------------------------------------

    def _configure(self, plot: pg.PlotWidget, item: pg.GraphicsObject, bottom_axis_height: int | None) -> None:
        plot_item = plot.getPlotItem()
        plot_item.hideAxis("left")
        plot_item.showAxis("right")
        plot_item.getAxis("right").setWidth(AXIS_WIDTH)
        if bottom_axis_height is not None:
            plot_item.getAxis("bottom").setHeight(bottom_axis_height)
        plot_item.addItem(item)
        view = plot_item.getViewBox()
        view.setMouseEnabled(x=True, y=False)
        view.setAutoVisible(y=True)
        view.enableAutoRange(x=False, y=True)

    def _update_last(self, bars: PriceBars) -> None:
        open_, high, low, close = (float(a[-1]) for a in (bars.open, bars.high, bars.low, bars.close))
        self.candles.update_last(open_, high, low, close)
        self.volume.update_last_volume(open_, close, float(bars.volume[-1]))
        self.last_price_line.setPos(close)

    def _is_following(self) -> bool:
        """Whether the newest bar is in view (then the view keeps up with new bars)."""
        if self._last < 0:
            return True
        return self.price_plot.getViewBox().viewRange()[0][1] >= self._last
