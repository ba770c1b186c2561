"""ExposureFeeChart: the exposure fee by product class as bars, Estimated Next beside Last, as the
Account Window lists them; when there is no fee to draw, the reason instead."""

from __future__ import annotations

from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from workstation.engine import ExposureFeeView
from workstation.ui import object_names as names
from workstation.ui import theme
from workstation.ui.charts.axes import MoneyAxis
from workstation.ui.charts.themed_plot import themed_plot

ESTIMATED_NEXT = "Estimated Next"
LAST = "Last"
_BAR_WIDTH = 0.36


class ExposureFeeChart(QWidget):
    """Bars per product class (``chartExposureFeePlot``), or why there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._classes: list[str] = []
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot = themed_plot(names.CHART_EXPOSURE_FEE_PLOT, self, {"left": MoneyAxis(places=2)})
        plot_item = self.plot.getPlotItem()
        plot_item.setMouseEnabled(x=False, y=False)
        plot_item.showGrid(x=False, y=True)
        plot_item.getAxis("left").setWidth(70)
        legend = plot_item.addLegend(offset=(-10, 10), labelTextColor=theme.TEXT)
        self.series = {
            ESTIMATED_NEXT: pg.BarGraphItem(x=[], height=[], width=_BAR_WIDTH, brush=theme.ACCENT, pen=None),
            LAST: pg.BarGraphItem(x=[], height=[], width=_BAR_WIDTH, brush=theme.MUTED, pen=None),
        }
        for name, bars in self.series.items():
            plot_item.addItem(bars)
            legend.addItem(bars, name)

        self._stack = QStackedLayout()
        self._stack.addWidget(self.plot)
        self._stack.addWidget(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addLayout(self._stack, 1)

    @property
    def showing_reason(self) -> bool:
        return self._stack.currentWidget() is self.reason

    def show_fee(self, account_id: str, currency: str, view: ExposureFeeView, has_positions: bool) -> None:
        """Draw ``view`` (from ``Engine.exposure_fee``); with no fee in it, say why instead."""
        self._classes = sorted(set(view.estimated_next) | set(view.last))
        if view.last_day is None:
            last = "none charged yet"
        else:
            last = f"charged for {view.last_day:%b %d, %Y}" + ("" if view.recent else ", over 30 days ago")
        self.caption.setText(f"Daily exposure fee of {account_id} by product class ({currency}). "
                             f"{ESTIMATED_NEXT}: on today's positions. {LAST}: {last}.")
        if not self._classes:
            self.reason.setText(_no_fee_reason(account_id, has_positions))
            self._stack.setCurrentWidget(self.reason)
        else:
            self._stack.setCurrentWidget(self.plot)
        for offset, (name, fees) in zip((-_BAR_WIDTH / 2, _BAR_WIDTH / 2),
                                        ((ESTIMATED_NEXT, view.estimated_next), (LAST, view.last)), strict=True):
            heights = [float(fees.get(c, Decimal(0))) for c in self._classes]
            self.series[name].setOpts(x=[i + offset for i in range(len(self._classes))], height=heights)
        self.plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(self._classes))])
        if self._classes:
            self.plot.setXRange(-0.6, len(self._classes) - 0.4, padding=0)

    def show_no_account(self, account_id: str) -> None:
        self._classes = []
        for bars in self.series.values():
            bars.setOpts(x=[], height=[])
        self.caption.setText("")
        self.reason.setText(f"No account {account_id!r} to show the exposure fee of." if account_id
                            else "No account chosen.")
        self._stack.setCurrentWidget(self.reason)

    def shown_fees(self) -> dict[str, dict[str, float]]:
        """What the bars show: series -> product class -> height (for automation and tests)."""
        return {name: dict(zip(self._classes, (float(h) for h in bars.opts["height"]), strict=True))
                for name, bars in self.series.items()}


def _no_fee_reason(account_id: str, has_positions: bool) -> str:
    if not has_positions:
        return f"No exposure fee: {account_id} holds no positions, so the daily stress test finds nothing to charge."
    return (f"No exposure fee: the daily stress test of {account_id}'s positions loses less than its net "
            "liquidation value, so IB charges nothing.")
