"""Drive the real workstation from your own pytest-qt tests.

Installing the package registers this module as a pytest plugin (entry point ``pytest11``). It
gives two fixtures:

``workstation``
    The main window on the demo profile (the login and accounts of ``resources/demo_profile.yaml``),
    shown offscreen, with the market clock standing still at the scenario files' default moment
    (the same market every run).

``open_workstation``
    A factory: ``open_workstation("my_scenario.yaml", login="FA1")`` runs the scenario file headless
    and opens the workstation on the engine it leaves; without a file it opens the demo profile.

``gateway`` and ``open_gateway``
    A headless TWS API gateway (``workstation gateway``) on a free port of 127.0.0.1, for tests of
    IB API programs: ``open_gateway("my_scenario.yaml", read_only=True)`` serves the scenario's end
    state, ``open_gateway(db=path)`` the database at ``path`` (made with the demo profile if new; closed
    when the gateway stops, so another may open it); ``gateway`` serves the demo profile. It runs in
    this process, the engine on a worker thread of its own (so a test's own asyncio loop or ibapi
    thread is free to be the client), with the market clock standing still unless ``speed`` is given.
    Connect to ``gateway.port``; read or command the engine with ``gateway.on_engine(lambda engine:
    ...)``, which runs on the engine's thread.

Each workstation fixture returns a :class:`Workstation`: find widgets by their published object names (the README's
automation table), step the clock by hand, mark prices, and read the engine. Nothing runs on a
timer: the clock moves only when the test says so, and :meth:`Workstation.settle` delivers the
coalesced updates the views would get on the next frame. Qt and pytest-qt are imported when a
fixture is used, so merely having the package installed costs a pytest session nothing.

Example (the README has it in full)::

    def test_buying_shows_in_the_portfolio(workstation, qtbot):
        ticket = workstation.find("OrderEntryPanel")
        ticket.load_symbol("AAPL")
        qtbot.keyClicks(workstation.find("orderQuantity"), "10")
        ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from workstation.engine import Engine, Result
    from workstation.ui.bridge import EngineBridge
    from workstation.ui.main_window import MainWindow

T = TypeVar("T")
WINDOW_SIZE = (1400, 860)


class WorkstationNotFound(LookupError):
    """No widget, action or dialog has the object name asked for."""


@dataclass
class Workstation:
    """The main window over an engine whose clock the test steps by hand."""

    window: MainWindow
    bridge: EngineBridge

    @property
    def engine(self) -> Engine:
        return self.bridge.engine

    @property
    def login(self) -> str:
        return self.window.account

    def find(self, name: str, kind: type[T] | None = None) -> T:
        """The object called ``name`` in the main window or any window it opened (dialogs,
        floating panels). Raises :class:`WorkstationNotFound` naming what is missing."""
        from PySide6.QtCore import QObject  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        wanted = kind or QObject
        candidates = [self.window, *QApplication.topLevelWidgets()]
        for root in candidates:
            if root.objectName() == name and isinstance(root, wanted):
                return root  # type: ignore[return-value]
            found = root.findChild(wanted, name)
            if found is not None:
                return found  # type: ignore[return-value]
        raise WorkstationNotFound(f"no {wanted.__name__} named {name!r} is open")

    def trigger(self, action_name: str) -> None:
        """Trigger a menu action by name (``actionAccountWindow``), as choosing it from the menu."""
        from PySide6.QtGui import QAction  # noqa: PLC0415

        self.find(action_name, QAction).trigger()
        self.settle()

    def submit(self, command: Any) -> Result:
        """Execute an engine command (``workstation.engine.messages.commands``) and deliver its updates."""
        result = self.bridge.submit(command)
        self.settle()
        return result

    def advance(self, *, minutes: float = 0, seconds: float = 0, to: datetime | None = None) -> Result:
        """Move the simulated clock forward (orders work, the market moves) and deliver the updates."""
        from workstation.engine import AdvanceClock

        target = to if to is not None else self.engine.now + timedelta(minutes=minutes, seconds=seconds)
        return self.submit(AdvanceClock(target))

    def set_price(self, symbol: str, price: Decimal | str | int) -> Result:
        """Mark ``symbol`` at ``price`` (bid and ask around it) and deliver the updates."""
        from workstation.engine import SetPrice

        return self.submit(SetPrice(symbol, Decimal(str(price))))

    def settle(self) -> None:
        """Deliver what the views would receive on the next frame, and let Qt handle its events."""
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        self.bridge.flush()
        QApplication.processEvents()


def _build(qtbot: Any, *, scenario: str | Path | None, login: str | None, seed: int | None,
           start: datetime | None) -> tuple[Workstation, Callable[[], None]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workstation.ui.bridge import EngineBridge  # noqa: PLC0415
    from workstation.ui.main_window import MainWindow  # noqa: PLC0415
    from workstation.ui.theme import apply_theme  # noqa: PLC0415

    engine, default_login = _engine(scenario, seed, start)
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app)
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user=login or default_login, account=login or default_login, settings=None)
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    station = Workstation(window, bridge)
    station.settle()
    return station, bridge.close


def _engine(scenario: str | Path | None, seed: int | None, start: datetime | None) -> tuple[Engine, str]:
    """The engine and its default login: the demo profile's, or the scenario's only advisor (else
    its first account)."""
    if scenario is None:
        from workstation.scenario.demo import DEFAULT_SEED, demo_engine  # noqa: PLC0415
        from workstation.scenario.loader import DEFAULT_CLOCK  # noqa: PLC0415

        # A fixed moment, not the wall clock, so a test sees the same market every run.
        engine, profile = demo_engine(DEFAULT_SEED if seed is None else seed,
                                      start or datetime.fromisoformat(DEFAULT_CLOCK))
        return engine, profile.account
    from workstation.engine import AccountType, build_universe
    from workstation.resources import demo_universe_spec  # noqa: PLC0415
    from workstation.scenario import load_scenario, run_scenario  # noqa: PLC0415

    loaded = load_scenario(Path(scenario))
    if seed is not None:
        loaded.seed = seed
    result = run_scenario(loaded, build_universe(demo_universe_spec()))
    assert result.engine is not None
    advisors = [a.account_id for a in loaded.accounts if a.account_type is AccountType.ADVISOR]
    login = advisors[0] if len(advisors) == 1 else (loaded.accounts[0].account_id if loaded.accounts else "")
    return result.engine, login


@pytest.fixture
def open_workstation(qtbot: Any) -> Iterator[Callable[..., Workstation]]:
    """``open_workstation(scenario=None, *, login=None, seed=None, start=None) -> Workstation``."""
    closers: list[Callable[[], None]] = []

    def open_(scenario: str | Path | None = None, *, login: str | None = None, seed: int | None = None,
              start: datetime | None = None) -> Workstation:
        station, close = _build(qtbot, scenario=scenario, login=login, seed=seed, start=start)
        closers.append(close)
        return station

    yield open_
    for close in closers:
        close()


@pytest.fixture
def workstation(open_workstation: Callable[..., Workstation]) -> Workstation:
    """The workstation on the demo profile, its clock standing still."""
    return open_workstation()


@dataclass
class RunningGateway:
    """A gateway serving on ``host``:``port`` until the test ends."""

    host: str
    port: int
    login: str
    _gateway: Any
    _thread: Any
    _close: Callable[[], None] | None = None

    def on_engine(self, work: Callable[[Engine], T]) -> T:
        """Run ``work(engine)`` on the engine's thread and return its result."""
        from concurrent.futures import Future  # noqa: PLC0415

        done: Future[T] = Future()

        def run() -> None:
            try:
                done.set_result(work(self._gateway.engine))
            except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
                done.set_exception(error)

        self._gateway.executor.post(run)
        return done.result(timeout=60)

    def stop(self) -> None:
        """Stop serving and close the database, if it serves one; stopping again does nothing."""
        self._gateway.stop()
        self._thread.join(timeout=60)
        if self._close is not None:
            self._close()
            self._close = None


def _start_gateway(scenario: str | Path | None, *, login: str | None, seed: int | None, speed: float | None,
                   db: str | Path | None = None, **config: Any) -> RunningGateway:
    import threading  # noqa: PLC0415

    from workstation.tws_api.gateway import Gateway  # noqa: PLC0415
    from workstation.tws_api.server import ServerConfig  # noqa: PLC0415

    close: Callable[[], None] | None = None
    if db is None:
        engine, default_login = _engine(scenario, seed, None)
    else:
        from workstation.scenario.demo import DEFAULT_SEED, open_demo_database  # noqa: PLC0415

        if scenario is not None:
            raise ValueError("open_gateway: give a scenario or a database, not both")
        engine, store, profile = open_demo_database(Path(db), DEFAULT_SEED if seed is None else seed)
        default_login, close = profile.account, store.close
    gateway = Gateway(engine, login or default_login, ServerConfig(host="127.0.0.1", port=0, **config), speed=speed)
    listening: list[tuple[str, int]] = []
    ready = threading.Event()
    failed: list[BaseException] = []

    def serve() -> None:
        try:
            gateway.serve(on_listening=lambda host, port: (listening.append((host, port)), ready.set()))
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            failed.append(error)
            ready.set()

    thread = threading.Thread(target=serve, name="gateway-engine", daemon=True)
    thread.start()
    ready.wait(timeout=60)
    if failed or not listening:
        if close is not None:
            close()
        raise RuntimeError(f"the gateway did not start: {failed[0] if failed else 'no answer in 60 s'}")
    host, port = listening[0]
    return RunningGateway(host, port, gateway.login, gateway, thread, close)


@pytest.fixture
def open_gateway() -> Iterator[Callable[..., RunningGateway]]:
    """``open_gateway(scenario=None, *, login=None, seed=None, speed=None, db=None, read_only=False,
    max_server_version=176, master_client_id=None, ...) -> RunningGateway`` (keywords after ``db``
    are :class:`workstation.tws_api.server.ServerConfig`'s)."""
    running: list[RunningGateway] = []

    def open_(scenario: str | Path | None = None, *, login: str | None = None, seed: int | None = None,
              speed: float | None = None, db: str | Path | None = None, **config: Any) -> RunningGateway:
        started = _start_gateway(scenario, login=login, seed=seed, speed=speed, db=db, **config)
        running.append(started)
        return started

    yield open_
    for started in running:
        started.stop()


@pytest.fixture
def gateway(open_gateway: Callable[..., RunningGateway]) -> RunningGateway:
    """A gateway serving the demo profile, its clock standing still."""
    return open_gateway()


__all__ = ["RunningGateway", "Workstation", "WorkstationNotFound", "gateway", "open_gateway", "open_workstation",
           "workstation"]
