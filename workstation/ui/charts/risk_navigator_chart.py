"""RiskNavigatorChart: an account's P&L on one underlying across moves of its price, as Risk
Navigator draws it: the curve, gains shaded green and losses red, a zero line and today's price."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from workstation.engine import PnlCurve
from workstation.ui import object_names as names
from workstation.ui import theme
from workstation.ui.charts.axes import MoneyAxis, PercentAxis
from workstation.ui.charts.themed_plot import dimmed, themed_plot

_FILL_ALPHA = 60


class RiskNavigatorChart(QWidget):
    """The underlying to study (``chartRiskUnderlying``) above its P&L curve (``chartRiskPlot``)."""

    sig_underlying_chosen = Signal(str)
    """A person picked another underlying in the combo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.underlying_input = QComboBox(self)
        self.underlying_input.setObjectName(names.CHART_RISK_UNDERLYING)
        self.underlying_input.setMinimumContentsLength(8)
        self.underlying_input.currentTextChanged.connect(self._on_underlying_changed)
        self.caption = QLabel(self)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long list of positions must not widen the dock: the caption is cut, its tooltip is whole
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.plot = themed_plot(names.CHART_RISK_PLOT, self, {"bottom": PercentAxis(), "left": MoneyAxis()})
        self.curve = pg.PlotDataItem(pen=pg.mkPen(theme.ACCENT, width=2), symbol="o", symbolSize=5,
                                     symbolPen=None, symbolBrush=theme.ACCENT)
        self._gains = pg.PlotDataItem(pen=None, fillLevel=0.0, brush=dimmed(theme.TICK_UP, _FILL_ALPHA))
        self._losses = pg.PlotDataItem(pen=None, fillLevel=0.0, brush=dimmed(theme.TICK_DOWN, _FILL_ALPHA))
        zero = pg.InfiniteLine(pos=0.0, angle=0, movable=False, pen=pg.mkPen(theme.MUTED, style=Qt.PenStyle.DashLine))
        today = pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=pg.mkPen(theme.MUTED, style=Qt.PenStyle.DotLine))
        for item in (self._gains, self._losses, zero, today, self.curve):
            self.plot.addItem(item)
        plot_item = self.plot.getPlotItem()
        plot_item.setMouseEnabled(x=False, y=False)
        plot_item.getAxis("left").setWidth(80)

        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(QLabel("Underlying", self))
        header.addWidget(self.underlying_input)
        header.addSpacing(12)
        header.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)

    @property
    def underlying(self) -> str:
        return self.underlying_input.currentText()

    def set_underlyings(self, symbols: list[str], preferred: str = "") -> None:
        """Offer ``symbols``; keep the current choice if still offered, else ``preferred``, else the first."""
        current = self.underlying
        if symbols != [self.underlying_input.itemText(i) for i in range(self.underlying_input.count())]:
            with QSignalBlocker(self.underlying_input):
                self.underlying_input.clear()
                self.underlying_input.addItems(symbols)
        choice = current if current in symbols else preferred if preferred in symbols else (symbols or [""])[0]
        with QSignalBlocker(self.underlying_input):
            self.underlying_input.setCurrentText(choice)
        self.underlying_input.setEnabled(bool(symbols))

    def choose(self, symbol: str) -> bool:
        """Select ``symbol`` if offered (a linked panel's symbol); False if the account holds none."""
        if self.underlying_input.findText(symbol) < 0:
            return False
        self.underlying_input.setCurrentText(symbol)
        return True

    def show_curve(self, curve: PnlCurve | None, account_id: str) -> None:
        """Draw ``curve``; None clears the chart and says the account holds nothing to study."""
        if curve is None:
            for item in (self.curve, self._gains, self._losses):
                item.setData([], [])
            self.caption.setText(f"{account_id} holds no positions: there is no P&L to draw.")
            return
        moves, pnl = np.array(curve.moves), np.array(curve.pnl)
        plot_item = self.plot.getPlotItem()
        plot_item.setLabel("bottom", f"Move in {curve.underlying}", color=theme.MUTED.name())
        plot_item.setLabel("left", f"P&L ({curve.currency})", color=theme.MUTED.name())
        self.curve.setData(moves, pnl)
        self._gains.setData(moves, np.maximum(pnl, 0.0))   # shading only: the values are the engine's
        self._losses.setData(moves, np.minimum(pnl, 0.0))
        positions = ", ".join(curve.symbols) or "no positions"
        self.caption.setText(f"P&L of {account_id} in {curve.currency} as {curve.underlying} "
                             f"({curve.underlying_price:,.2f}) moves: {positions}")
        self.caption.setToolTip(self.caption.text())

    def _on_underlying_changed(self, symbol: str) -> None:
        if symbol:
            self.sig_underlying_chosen.emit(symbol)
