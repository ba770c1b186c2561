"""Axes for bar charts: bar numbers labelled with exchange dates and times, volumes abbreviated."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal

import numpy as np
import pyqtgraph as pg

from workstation.engine import EASTERN
from workstation.ui import formatting

LABEL_PIXELS = 72
"""Room one time label needs along the axis."""
_INTRADAY_STEPS = (300, 900, 1800, 3600, 7200, 10800)
"""Label spacing tried, finest first: 5, 15, 30 minutes, 1, 2, 3 hours."""


class BarTimeAxis(pg.AxisItem):
    """A bottom axis over bar numbers (the chart's x): the first bar of each day is labelled with
    its date (``Nov 24``), others with their time in New York (``10:30``), as densely as fits."""

    def __init__(self, show_values: bool = True) -> None:
        super().__init__("bottom")
        self.enableAutoSIPrefix(False)
        self.setStyle(showValues=show_values)
        self._first = 0
        self._moments: list[datetime] = []
        self._seconds = np.empty(0, dtype=np.int64)   # seconds since midnight, New York
        self._new_day = np.empty(0, dtype=bool)

    def set_bars(self, first_number: int, times: np.ndarray) -> None:
        """The bars now shown: numbers ``first_number``.. starting at ``times`` (POSIX seconds)."""
        self._first = first_number
        self._moments = [datetime.fromtimestamp(float(t), EASTERN) for t in times]
        self._seconds = np.array([m.hour * 3600 + m.minute * 60 + m.second for m in self._moments], dtype=np.int64)
        days = np.array([m.toordinal() for m in self._moments], dtype=np.int64)
        self._new_day = np.r_[True, days[1:] != days[:-1]] if days.size else np.empty(0, dtype=bool)
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        count = len(self._moments)
        low, high = max(0, math.ceil(minVal) - self._first), min(count - 1, math.floor(maxVal) - self._first)
        if high < low:
            return []
        shown = np.arange(low, high + 1)
        room = max(2, int(size / LABEL_PIXELS))
        gap = (maxVal - minVal) / max(size, 1.0) * LABEL_PIXELS  # bars one label covers
        days = _spaced(shown[self._new_day[shown]], gap)
        times = np.empty(0, dtype=np.int64)
        for step in _INTRADAY_STEPS:
            candidates = shown[(self._seconds[shown] % step == 0) & ~self._new_day[shown]]
            if candidates.size + days.size <= room:
                times = candidates
                break
        if days.size and times.size:  # a time label too close to a date label would overprint it
            times = times[np.abs(times[:, None] - days[None, :]).min(axis=1) >= gap]
        times = _spaced(times, gap)
        return [(1.0, [float(i + self._first) for i in days]), (0.5, [float(i + self._first) for i in times])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = []
        for value in values:
            index = int(round(value)) - self._first
            if not 0 <= index < len(self._moments):
                labels.append("")
                continue
            moment = self._moments[index]
            labels.append(f"{moment:%b %d}" if self._new_day[index] else f"{moment:%H:%M}")
        return labels

    def moment_of(self, number: float) -> datetime | None:
        """The start of bar ``number``, if shown."""
        index = int(round(number)) - self._first
        return self._moments[index] if 0 <= index < len(self._moments) else None


def _spaced(indices: np.ndarray, gap: float) -> np.ndarray:
    """``indices`` thinned so neighbours are at least ``gap`` apart, the newest kept first."""
    kept: list[int] = []
    for index in indices[::-1]:
        if not kept or kept[-1] - index >= gap:
            kept.append(int(index))
    return np.array(kept[::-1], dtype=np.int64)


class VolumeAxis(pg.AxisItem):
    """A volume axis with TWS's abbreviations: ``428.2K``, ``12.35M``."""

    def __init__(self, orientation: str = "right") -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [formatting.compact(Decimal(int(v))) if v >= 0 else "" for v in values]


class MoneyAxis(pg.AxisItem):
    """Amounts grouped by thousands (``-12,500``), with ``places`` decimals."""

    def __init__(self, orientation: str = "left", places: int = 0) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)
        self._places = places

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [f"{v:,.{self._places}f}" for v in values]


class PercentAxis(pg.AxisItem):
    """Relative moves, given as fractions, labelled as signed percentages (``-10%``, ``+20%``)."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [f"{v * 100:+.0f}%" if round(v * 100) else "0%" for v in values]
