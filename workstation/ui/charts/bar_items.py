"""Graphics items for price bars: candlesticks and volume bars, up in green and down in red.

Both draw into two cached ``QPicture``s: every bar but the last, recorded once when bars are set,
and the last bar alone, recorded again on each live update. So a quote tick costs one bar's
drawing, and a new five-minute bar one pass over the series.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPainter, QPicture
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from workstation.ui import theme

BODY_WIDTH = 0.7
"""A candle's body (and a volume bar) across this share of the space between bars."""


class _LiveBarsItem(pg.GraphicsObject):
    """Bars at x positions, drawn from cached pictures; subclasses say how one run of bars looks."""

    def __init__(self, up: QColor = theme.TICK_UP, down: QColor = theme.TICK_DOWN) -> None:
        super().__init__()
        self._colours = (up, down)
        self._x = np.empty(0)
        self._open = np.empty(0)
        self._high = np.empty(0)
        self._low = np.empty(0)
        self._close = np.empty(0)
        self._settled = QPicture()
        self._last = QPicture()
        self._bounds = QRectF()
        self.full_redraws = 0
        """How often every bar was drawn again (a new bar, a new symbol), as opposed to the last one."""

    # -- data -------------------------------------------------------------------------------------

    def set_bars(self, x: np.ndarray, open_: np.ndarray, high: np.ndarray, low: np.ndarray,
                 close: np.ndarray) -> None:
        """Replace every bar (copies the arrays, records both pictures)."""
        self._x, self._open, self._high, self._low, self._close = (
            np.array(a, dtype=np.float64) for a in (x, open_, high, low, close))
        self._settled = self._record(0, max(0, self._x.size - 1))
        self.full_redraws += 1
        self._refresh_last()

    def update_last(self, open_: float, high: float, low: float, close: float) -> None:
        """The last bar moved: record it again, leave the others alone."""
        if not self._x.size:
            return
        self._open[-1], self._high[-1], self._low[-1], self._close[-1] = open_, high, low, close
        self._refresh_last()

    def __len__(self) -> int:
        return int(self._x.size)

    def last_bar(self) -> tuple[float, float, float, float, float]:
        """x, open, high, low, close of the last bar as drawn."""
        return (float(self._x[-1]), float(self._open[-1]), float(self._high[-1]), float(self._low[-1]),
                float(self._close[-1]))

    # -- QGraphicsItem ----------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        self._settled.play(painter)
        self._last.play(painter)

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange: tuple[float, float] | None = None
                   ) -> tuple[float, float] | None:
        """pyqtgraph's auto-range hook: the y range of the bars within ``orthoRange`` of x."""
        if not self._x.size:
            return None
        if axis == 0:
            return float(self._x[0]) - 0.5, float(self._x[-1]) + 0.5
        shown = np.ones(self._x.size, dtype=bool) if orthoRange is None else \
            (self._x >= orthoRange[0] - 0.5) & (self._x <= orthoRange[1] + 0.5)
        if not shown.any():
            return None
        return self._y_range(shown)

    # -- for subclasses ---------------------------------------------------------------------------

    def _y_range(self, shown: np.ndarray) -> tuple[float, float]:
        raise NotImplementedError

    def _draw(self, painter: QPainter, rows: slice) -> None:
        raise NotImplementedError

    def _rising(self, rows: slice) -> np.ndarray:
        return self._close[rows] >= self._open[rows]

    def _by_direction(self, painter: QPainter, rows: slice) -> Iterator[np.ndarray]:
        """The rising bars of ``rows``, then the falling ones (as masks), each with the painter's
        pen and brush set to that direction's colour; a direction with no bars is skipped."""
        rising = self._rising(rows)
        for colour, which in zip(self._colours, (rising, ~rising), strict=True):
            if which.any():
                painter.setPen(pg.mkPen(colour))
                painter.setBrush(QBrush(colour))
                yield which

    # -- internals --------------------------------------------------------------------------------

    def _record(self, first: int, end: int) -> QPicture:
        picture = QPicture()
        painter = QPainter(picture)
        if end > first:
            self._draw(painter, slice(first, end))
        painter.end()
        return picture

    def _refresh_last(self) -> None:
        n = self._x.size
        self._last = self._record(n - 1, n) if n else QPicture()
        self.prepareGeometryChange()
        if n:
            low, high = self._y_range(np.ones(n, dtype=bool))
            self._bounds = QRectF(float(self._x[0]) - 0.5, low, float(self._x[-1] - self._x[0]) + 1.0, high - low)
        else:
            self._bounds = QRectF()
        self.informViewBoundsChanged()
        self.update()


class CandlestickItem(_LiveBarsItem):
    """Candles: a wick from low to high and a filled body from open to close."""

    def _y_range(self, shown: np.ndarray) -> tuple[float, float]:
        return float(self._low[shown].min()), float(self._high[shown].max())

    def _draw(self, painter: QPainter, rows: slice) -> None:
        x, o, h, lo, c = self._x[rows], self._open[rows], self._high[rows], self._low[rows], self._close[rows]
        half = BODY_WIDTH / 2
        for which in self._by_direction(painter, rows):
            # Nothing of no length is drawn: Qt strokes a degenerate line as a square in data units,
            # which the chart's scaling stretches into a tall box. A flat body is a line.
            wick = which & (h > lo)
            painter.drawLines([QLineF(QPointF(xi, li), QPointF(xi, hi))
                               for xi, li, hi in zip(x[wick], lo[wick], h[wick], strict=True)])
            flat = which & (o == c)
            painter.drawLines([QLineF(QPointF(xi - half, oi), QPointF(xi + half, oi))
                               for xi, oi in zip(x[flat], o[flat], strict=True)])
            body = which & ~flat
            painter.drawRects([QRectF(xi - half, min(oi, ci), BODY_WIDTH, abs(ci - oi))
                               for xi, oi, ci in zip(x[body], o[body], c[body], strict=True)])


class VolumeBarsItem(_LiveBarsItem):
    """Volume bars from zero, coloured like their candle (up green, down red)."""

    def set_volume(self, x: np.ndarray, open_: np.ndarray, close: np.ndarray, volume: np.ndarray) -> None:
        """Replace every bar: ``open_`` and ``close`` choose each bar's colour."""
        self.set_bars(x, open_, volume, np.zeros(len(volume)), close)

    def update_last_volume(self, open_: float, close: float, volume: float) -> None:
        self.update_last(open_, volume, 0.0, close)

    def last_volume(self) -> float:
        return float(self._high[-1])

    def _y_range(self, shown: np.ndarray) -> tuple[float, float]:
        return 0.0, max(float(self._high[shown].max()), 1.0)

    def _draw(self, painter: QPainter, rows: slice) -> None:
        x, volume = self._x[rows], self._high[rows]  # a volume bar runs from 0 (low) to its volume (high)
        half = BODY_WIDTH / 2
        for which in self._by_direction(painter, rows):
            traded = which & (volume > 0)  # no volume, no bar (not a degenerate rectangle)
            painter.drawRects([QRectF(xi - half, 0.0, BODY_WIDTH, vi)
                               for xi, vi in zip(x[traded], volume[traded], strict=True)])
