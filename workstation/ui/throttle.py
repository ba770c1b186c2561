"""Throttle: run an update at once, then at most once per interval while changes keep coming.

The bridge already coalesces engine events into frames (20 a second). Views that are costly to
repaint and that a person reads rather than watches tick by tick (the Account Window's sections, a
chart) go further: the first change shows immediately, and changes during the following interval
are gathered into one update at its end, so nothing is lost and nothing lags by more than one
interval.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Calls ``update`` on :meth:`request`: at once when idle, else once when the interval ends."""

    def __init__(self, update: Callable[[], None], interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._update = update
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_interval_end)

    @property
    def pending(self) -> bool:
        return self._pending

    def request(self) -> None:
        if self._timer.isActive():
            self._pending = True
            return
        self._update()
        self._timer.start()

    def flush(self) -> None:
        """Run a gathered update now (tests, screenshots)."""
        if self._pending:
            self._pending = False
            self._update()

    def _on_interval_end(self) -> None:
        if self._pending:
            self._pending = False
            self._update()
            self._timer.start()
