"""PartitionChart: a partition's performance as its holder follows it, its net liquidation value
over time above its return net of transfers (time-weighted, from ``Engine.partition_performance``)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from workstation.engine import PartitionPerformance
from workstation.ui import object_names as names
from workstation.ui import theme
from workstation.ui.charts.axes import MoneyAxis, PercentAxis
from workstation.ui.charts.themed_plot import themed_plot


class PartitionChart(QWidget):
    """The partition to follow (``chartPartition``), its NLV (``chartPartitionNlvPlot``) and its
    return net of transfers (``chartPartitionReturnPlot``), sharing a time axis."""

    sig_partition_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partition_input = QComboBox(self)
        self.partition_input.setObjectName(names.CHART_PARTITION)
        self.partition_input.setMinimumContentsLength(10)
        self.partition_input.currentTextChanged.connect(
            lambda text: self.sig_partition_chosen.emit(text) if text else None)
        self.caption = QLabel(self)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.nlv_plot = themed_plot(names.CHART_PARTITION_NLV_PLOT, self,
                                    {"bottom": pg.DateAxisItem(), "left": MoneyAxis()})
        self.return_plot = themed_plot(names.CHART_PARTITION_RETURN_PLOT, self,
                                       {"bottom": pg.DateAxisItem(), "left": PercentAxis("left")})
        self.return_plot.setXLink(self.nlv_plot)
        self.nlv_curve = pg.PlotDataItem(pen=pg.mkPen(theme.ACCENT, width=2), stepMode=None)
        self.return_curve = pg.PlotDataItem(pen=pg.mkPen(theme.TICK_UP, width=2))
        self.nlv_plot.addItem(self.nlv_curve)
        self.return_plot.addItem(self.return_curve)
        self.return_plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, movable=False,
                                                 pen=pg.mkPen(theme.MUTED, style=Qt.PenStyle.DashLine)))
        for plot, label in ((self.nlv_plot, "Net Liquidation"), (self.return_plot, "Return")):
            item = plot.getPlotItem()
            item.setMouseEnabled(x=False, y=False)
            item.getAxis("left").setWidth(80)
            item.setLabel("left", label, color=theme.MUTED.name())

        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(QLabel("Partition", self))
        header.addWidget(self.partition_input)
        header.addSpacing(12)
        header.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.nlv_plot, 3)
        layout.addWidget(self.return_plot, 2)

    @property
    def partition(self) -> str:
        return self.partition_input.currentText()

    def set_partitions(self, partition_ids: list[str]) -> None:
        """Offer these partitions, keeping the current one if it is still offered."""
        current = self.partition
        if partition_ids != [self.partition_input.itemText(i) for i in range(self.partition_input.count())]:
            with QSignalBlocker(self.partition_input):
                self.partition_input.clear()
                self.partition_input.addItems(partition_ids)
                self.partition_input.setCurrentText(current if current in partition_ids
                                                    else (partition_ids or [""])[0])
        self.partition_input.setEnabled(bool(partition_ids))

    def show_performance(self, performance: PartitionPerformance | None) -> None:
        """Draw the samples; None clears the chart and says there is no open partition to follow."""
        if performance is None or not performance.samples:
            self.nlv_curve.setData([], [])
            self.return_curve.setData([], [])
            self.caption.setText("No open partition: Account → Create a Partition with an Advisor.")
            return
        samples = performance.samples
        times = np.array([s.time.timestamp() for s in samples])
        self.nlv_curve.setData(times, np.array([float(s.net_liquidation) for s in samples]))
        self.return_curve.setData(times, np.array([float(s.cumulative_return) for s in samples]))
        latest = samples[-1]
        self.caption.setText(f"{performance.partition}: {latest.net_liquidation:,.2f} {performance.currency}, "
                             f"net transfers {latest.net_transfers:,.2f}, return {latest.cumulative_return:+.2%}")
        self.caption.setToolTip(self.caption.text())
