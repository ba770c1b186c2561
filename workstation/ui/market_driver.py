"""MarketClockDriver: moves the engine's simulated clock with real time, for the running GUI.

Each tick advances the clock by the real time elapsed since the previous tick times ``speed``,
as an ``AdvanceClock`` command through the bridge. Nothing starts in the constructor; tests never
start it and step the engine by hand instead.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from workstation.engine import AdvanceClock, Rejected
from workstation.ui.bridge import EngineBridge

TICK_MS = 100
MAX_REAL_STEP = timedelta(seconds=1)
"""A stalled GUI (a modal dialog, a debugger) resumes where it was rather than jumping ahead:
simulated time lags real time instead of replaying a long gap in one burst."""


class MarketClockDriver(QObject):
    """A timer that keeps the simulated market moving while the workstation runs."""

    sig_running_changed = Signal(bool)
    """True when the driver starts, False when it stops (by request or after a refused step)."""

    def __init__(self, bridge: EngineBridge, *, speed: float = 1.0, tick_ms: int = TICK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._speed = _checked_speed(speed)
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_tick)
        self.last_refusal: Rejected | None = None
        bridge.sig_engine_halted.connect(lambda _reason: self.stop())  # a stopped engine has no market to move

    @property
    def speed(self) -> float:
        """Simulated seconds per real second."""
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        self._speed = _checked_speed(value)

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.is_running:
            return
        self.last_refusal = None
        self._elapsed.start()
        self._timer.start()
        self.sig_running_changed.emit(True)

    def stop(self) -> None:
        if not self.is_running:
            return
        self._timer.stop()
        self.sig_running_changed.emit(False)

    def step(self, real_elapsed: timedelta) -> bool:
        """Advance the clock by ``real_elapsed`` x speed (capped); False if the engine refused."""
        real = min(real_elapsed, MAX_REAL_STEP)
        if real <= timedelta(0):
            return True
        target = self._bridge.engine.now + real * self._speed
        result = self._bridge.submit(AdvanceClock(to=target))
        if isinstance(result, Rejected):
            self.last_refusal = result
            return False
        return True

    def _on_tick(self) -> None:
        real = timedelta(milliseconds=self._elapsed.restart())
        if not self.step(real):
            # The clock cannot move (e.g. past the exchange calendar): stop rather than retry ten
            # times a second; the refusal already reached the status bar via sig_command_rejected.
            self.stop()


def _checked_speed(value: float) -> float:
    if not value > 0:
        raise ValueError(f"speed: {value} must be greater than zero")
    return float(value)
