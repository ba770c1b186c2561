"""The headless gateway: an engine served over the TWS API with no window, like IB Gateway.

The engine's thread is whichever thread calls :meth:`Gateway.serve` (the main thread for
``workstation gateway``, a worker thread for the ``gateway`` pytest fixture). It drains one queue:
the API server's requests (:class:`EngineQueue` is the server's executor) and, at ``speed``, the
market clock's steps, exactly as the GUI's market driver moves it (real time elapsed times speed,
at most one real second per step). :meth:`Gateway.stop` may be called from any thread or a signal
handler; ``serve`` then stops the server and returns.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from workstation.tws_api.adapter import LiveEngineAdapter
from workstation.tws_api.link import EngineLink
from workstation.tws_api.server import ApiServer, ServerConfig

if TYPE_CHECKING:
    from workstation.engine import Engine

log = logging.getLogger("workstation.tws_api")

CLOCK_TICK = 0.1
"""Seconds between clock steps, as the GUI's market driver (TICK_MS)."""
MAX_REAL_STEP = 1.0
"""A stalled gateway resumes where it was rather than replaying a long gap in one burst."""


class EngineQueue:
    """The engine thread's work queue; ``post`` is safe from any thread and from signal handlers."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()

    def post(self, work: Callable[[], None]) -> None:
        self._queue.put(work)

    def next(self, timeout: float | None) -> Callable[[], None] | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None


class MarketClock:
    """Moves the engine's clock with real time at ``speed`` simulated seconds per real second."""

    def __init__(self, engine: Engine, speed: float) -> None:
        self.engine = engine
        self.speed = speed
        self.running = True
        self._last = time.monotonic()

    def due_in(self) -> float:
        return max(0.0, self._last + CLOCK_TICK - time.monotonic())

    def step(self) -> None:
        from workstation.engine import AdvanceClock, Rejected  # noqa: PLC0415

        now = time.monotonic()
        real, self._last = min(now - self._last, MAX_REAL_STEP), now
        if real <= 0:
            return
        try:
            result = self.engine.execute(AdvanceClock(to=self.engine.now + timedelta(seconds=real * self.speed)))
        except Exception:  # noqa: BLE001 - a halted engine still answers the API; only its clock stops
            log.exception("the market clock stopped: the engine could not advance")
            self.running = False
            return
        if isinstance(result, Rejected):
            # The clock cannot move (past the exchange calendar): stop rather than retry ten times a second.
            log.warning("the market clock stopped: %s", result)
            self.running = False


class Gateway:
    """An engine, its API server and the loop that runs the engine's side."""

    def __init__(self, engine: Engine, login: str, config: ServerConfig, *, speed: float | None = None,
                 entered_by: str | None = None) -> None:
        self.engine = engine
        self.login = login
        self.executor = EngineQueue()
        self.adapter = LiveEngineAdapter(engine, login, entered_by)
        self.link: EngineLink[LiveEngineAdapter] = EngineLink(self.adapter, self.executor)
        self.server = ApiServer(config, self.link)
        self.clock = MarketClock(engine, speed) if speed else None
        self._stopping = threading.Event()

    @property
    def host(self) -> str:
        return self.server.config.host

    def serve(self, on_listening: Callable[[str, int], None] | None = None) -> None:
        """Listen, call ``on_listening(host, port)``, then run the engine's side until :meth:`stop`."""
        port = self.server.start()
        try:
            if on_listening is not None:
                on_listening(self.host, port)
            self._run_engine()
        finally:
            self.server.stop()

    def stop(self) -> None:
        """Ask :meth:`serve` to return; safe from any thread and from a signal handler."""
        self._stopping.set()
        self.executor.post(_nothing)  # wakes the engine loop

    def _run_engine(self) -> None:
        while not self._stopping.is_set():
            clock = self.clock if self.clock is not None and self.clock.running else None
            work = self.executor.next(timeout=clock.due_in() if clock is not None else None)
            if work is not None:
                work()
            if clock is not None and clock.due_in() == 0:
                clock.step()


def _nothing() -> None:
    """Posted by stop() so a loop waiting on an empty queue wakes up and sees it should end."""


def default_login(engine: Engine) -> str:
    """The scenario default: the only advisor, else the first account."""
    accounts = engine.account_ids()
    advisors = [a for a in accounts if engine.account(a).is_advisor]
    if len(advisors) == 1:
        return advisors[0]
    if not accounts:
        raise ValueError("the engine has no accounts to log in as")
    return accounts[0]
