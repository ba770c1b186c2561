"""A pyqtgraph plot dressed in the workstation's dark theme, with the controls a chart does not use
(the auto-range button, the context menu) taken away."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QWidget

from workstation.ui import theme

GRID_ALPHA = 0.3
AXIS_WIDTH = 70
"""The price and volume axes share one width, so the two plots line up."""


def themed_plot(object_name: str, parent: QWidget | None = None,
                axis_items: dict[str, pg.AxisItem] | None = None) -> pg.PlotWidget:
    """A ``PlotWidget`` named ``object_name`` (the automation contract), dark, with a grid."""
    plot = pg.PlotWidget(parent, background=theme.BACKGROUND, axisItems=axis_items)
    plot.setObjectName(object_name)
    item = plot.getPlotItem()
    item.hideButtons()
    item.setMenuEnabled(False)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.GRID))
        axis.setTickPen(pg.mkPen(theme.MUTED))
        axis.setTextPen(pg.mkPen(theme.MUTED))
        # An axis draws its grid across the plot, so every live change inside the plot (the last
        # candle, the price line) repainted it, tick labels and all. Kept as a pixmap, it is drawn
        # again only when it changes itself (a new range, a resize).
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    return plot


def dimmed(colour: QColor, alpha: int) -> QColor:
    """``colour`` with ``alpha`` (0-255): fills and guides that must not outshine the data."""
    copy = QColor(colour)
    copy.setAlpha(alpha)
    return copy
