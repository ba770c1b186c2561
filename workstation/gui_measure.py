"""GUI measurements for `workstation bench`, each run in a fresh process and reported as JSON.

    python -m workstation.gui_measure cold-start [--bare] [--db PATH]   time to the first painted main window
    python -m workstation.gui_measure stream [--seconds S] [--bare]
    python -m workstation.gui_measure api-stream [--seconds S] [--clients N]
    python -m workstation.gui_measure build-db --db PATH --orders N      a database holding N filled orders
    python -m workstation.gui_measure orders --db PATH [--orders K]      place K orders from the GUI

``cold-start`` opens the workstation as ``workstation`` does (a new database with the demo profile)
and prints when the main window has painted for the first time; the parent process times it from
spawn, so interpreter start and every import count. ``--bare`` paints an empty QMainWindow instead:
the floor PySide6 itself sets on this machine.

``stream`` opens the main window with 200 watchlist rows and the Account Window, lets them paint
once, then feeds 2,000 quote updates a second (20 price marks every 10 ms) through the bridge, as a market data
line would, while a 5 ms probe timer records how late the event loop serves it. It reports the
99th-percentile stall, the Account Window's refreshes per second, the quote rate achieved and the
peak resident memory. ``--bare`` runs the same feed with no window: the engine's own share.

``api-stream --clients N`` runs the same feed with the windows open and a TWS API server inside this
process, its engine work posted to the GUI's thread, with N clients (a child process of bare clients)
each holding a streaming line on the first API_LINES watchlist symbols: the stalls with N clients
connected, N = 0 being the server alone.

``cold-start --db PATH`` opens that database instead (one ``build-db`` wrote). ``build-db`` writes,
headless, the demo profile and then N market orders of one share (buys and sells in turn, over five
stocks, the clock a second on every 40 so the book refills) journaled through the store's
``open_engine``, with one snapshot at the end as a workstation that ran them would have. ``orders``
opens the main window on such a database and places K orders through Order Entry's transmit (the
bridge and command path a ticket takes, not clicks), one every ``ORDER_INTERVAL_MS``, while a 5 ms
probe timer records how late the event loop serves it: it reports the milliseconds each order took
to place and the stalls' 99th percentile and maximum.

This module sits above the UI, outside ``workstation.bench``, which may not import the UI:
``workstation.bench.gui_figures`` spawns it and turns what it prints into figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workstation.engine.api import Engine
    from workstation.scenario.loader import Profile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WATCHLIST_ROWS = 200
API_LINES = 5
QUOTES_PER_SECOND = 2_000
FEED_INTERVAL_MS = 10
PROBE_INTERVAL_MS = 5
PAINTED = "painted"
ORDER_INTERVAL_MS = 25
BUILD_SYMBOLS = ("KO", "AAPL", "MSFT", "SPY", "XOM")
ORDERS_PER_CLOCK_SECOND = 40


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmHWM: peak resident; VmRSS: resident now).
    Not ``getrusage``: its peak survives exec, so a child of a large bench would report the
    parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere, the best there is


def build_database(path: Path, orders: int) -> dict[str, float]:
    """Write a workstation database holding the demo profile and ``orders`` filled market orders."""
    from datetime import timedelta

    from workstation.engine.core.errors import Rejected
    from workstation.engine.core.terms import Action
    from workstation.engine.messages.commands import AdvanceClock, PlaceOrder
    from workstation.resources import demo_universe_spec
    from workstation.scenario.demo import DEFAULT_SEED, demo_profile
    from workstation.scenario.loader import DEFAULT_CLOCK
    from workstation.store import open_engine

    started = time.perf_counter()
    profile = demo_profile()
    # No periodic snapshot while writing (each would pickle the growing state); one at the end instead.
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=DEFAULT_SEED,
                                start=datetime.fromisoformat(DEFAULT_CLOCK), initial_commands=profile.commands,
                                snapshot_every=0)
    with store:
        for n in range(orders):
            if n and n % ORDERS_PER_CLOCK_SECOND == 0:
                engine.execute(AdvanceClock(engine.now + timedelta(seconds=1)))
            symbol = BUILD_SYMBOLS[(n // 2) % len(BUILD_SYMBOLS)]
            result = engine.execute(PlaceOrder(profile.account, symbol, Action.BUY if n % 2 == 0 else Action.SELL,
                                               Decimal(1)))
            if isinstance(result, Rejected):
                raise RuntimeError(f"order {n + 1} was refused: {result}")
        store.save_snapshot(store.journal_length(), engine.snapshot())
    return {"orders": float(orders), "seconds": time.perf_counter() - started}


def place_orders(path: Path, count: int) -> dict[str, float]:
    """Open the main window on the database at ``path`` and place ``count`` orders from Order Entry."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from workstation.engine.core.terms import Action
    from workstation.engine.messages.commands import PlaceOrder
    from workstation.scenario.demo import open_demo_database
    from workstation.ui.app import keep_out_of_collections
    from workstation.ui.bridge import EngineBridge
    from workstation.ui.main_window import MainWindow
    from workstation.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    apply_theme(app)
    engine, store, profile = open_demo_database(path)
    keep_out_of_collections()  # as the workstation's run_gui does
    listed = engine.newest_order_id()
    window = MainWindow(EngineBridge(engine), user=profile.user, account=profile.account, settings=None)
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    state = {"placed": 0, "spent": 0.0}

    def place() -> None:
        if state["placed"] >= count:
            app.quit()
            return
        n = state["placed"]
        command = PlaceOrder(profile.account, BUILD_SYMBOLS[n % len(BUILD_SYMBOLS)],
                             Action.BUY if n % 2 == 0 else Action.SELL, Decimal(1))
        started = time.perf_counter()
        window.order_entry.transmit(command)
        state["spent"] += time.perf_counter() - started
        state["placed"] += 1

    gaps: list[float] = []
    clock = QElapsedTimer()

    def probe() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    placer, prober = QTimer(), QTimer()
    placer.setInterval(ORDER_INTERVAL_MS)
    prober.setInterval(PROBE_INTERVAL_MS)
    placer.timeout.connect(place)
    prober.timeout.connect(probe)
    clock.start()
    placer.start()
    prober.start()
    app.exec()
    store.close()
    stalls = sorted(max(0.0, g - PROBE_INTERVAL_MS) for g in gaps[1:])
    return {"ms_per_order": state["spent"] / max(1, count) * 1000,
            "p99_stall_ms": stalls[min(len(stalls) - 1, int(len(stalls) * 0.99))] if stalls else 0.0,
            "max_stall_ms": stalls[-1] if stalls else 0.0, "orders_before": float(listed),
            "orders_placed": float(state["placed"])}


def cold_start(bare: bool, db: Path | None = None) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                print(PAINTED, flush=True)
                os._exit(0)  # the measurement is taken; skip teardown
            return False

    app = QApplication([sys.argv[0]])
    if bare:
        window: QMainWindow = QMainWindow()
    else:
        from workstation.scenario.demo import open_demo_database
        from workstation.ui.app import keep_out_of_collections
        from workstation.ui.bridge import EngineBridge
        from workstation.ui.main_window import MainWindow
        from workstation.ui.theme import apply_theme

        apply_theme(app)
        engine, _store, profile = open_demo_database(db or Path(tempfile.mkdtemp()) / "cold.db")
        keep_out_of_collections()  # as the workstation's run_gui does
        window = MainWindow(EngineBridge(engine), user=profile.user, account=profile.account, settings=None)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.resize(1400, 860)
    window.show()
    app.exec()


def stream(seconds: float, bare: bool, api_clients: int | None = None) -> dict[str, float]:
    """The quote feed's stalls (see the module's docstring); with ``api_clients``, a TWS API server runs
    in this process on the GUI's thread and that many clients hold lines on it while the feed runs."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from workstation.engine.messages.commands import SetPrice
    from workstation.scenario.loader import DEFAULT_CLOCK
    from workstation.ui.bridge import EngineBridge
    from workstation.ui.main_window import MainWindow
    from workstation.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    apply_theme(app)
    engine, profile = _bench_engine(datetime.fromisoformat(DEFAULT_CLOCK))
    bridge = EngineBridge(engine)
    held = [p.symbol for p in engine.positions(profile.account)]
    others = [i.symbol for i in engine.catalog if i.tradable and i.symbol not in held]
    symbols = (held + others)[:WATCHLIST_ROWS]
    window = account_window = None
    if not bare:
        window = MainWindow(bridge, user=profile.user, account=profile.account, settings=None)
        window.resize(1400, 860)
        watchlist = window.open_watchlist(symbols)
        window.show()
        account_window = window.open_account_window()
        assert watchlist.model.rowCount() == len(symbols)
        app.processEvents()  # the windows' first paint, before prices stream (as the orders measurement does)
    marks = {s: engine.quote(s).last for s in symbols}
    ticks = {s: engine.catalog[s].tick_size for s in symbols}
    state = {"next": 0, "sent": 0}
    feed_clock = QElapsedTimer()

    def feed() -> None:
        """Send the quotes due by now at QUOTES_PER_SECOND: a busy loop catches up, as a data line would."""
        due = int(feed_clock.nsecsElapsed() / 1e9 * QUOTES_PER_SECOND) - state["sent"]
        for _ in range(max(0, due)):
            symbol = symbols[state["next"] % len(symbols)]
            state["next"] += 1
            direction = 1 if (state["next"] // len(symbols)) % 2 == 0 else -1
            marks[symbol] = max(ticks[symbol], marks[symbol] + direction * ticks[symbol])
            bridge.submit(SetPrice(symbol, marks[symbol]))
            state["sent"] += 1

    gaps: list[float] = []
    clock = QElapsedTimer()

    def probe() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    feeder, prober = QTimer(), QTimer()
    feeder.setInterval(FEED_INTERVAL_MS)  # how often the line delivers; the rate is QUOTES_PER_SECOND
    prober.setInterval(PROBE_INTERVAL_MS)
    feeder.timeout.connect(feed)
    prober.timeout.connect(probe)
    streamed = [s for s in symbols if s.startswith("BENCH")][:API_LINES]  # stocks: every client can quote them
    api = _ApiClients(engine, profile.account, api_clients, streamed) if api_clients is not None else None
    refreshes_before = account_window.refresh_count if account_window is not None else 0
    rss_at_start = _status_mb("VmRSS")
    started = time.perf_counter()
    clock.start()
    feed_clock.start()
    feeder.start()
    prober.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    elapsed = time.perf_counter() - started
    received = api.stop() if api is not None else {}
    stalls = sorted(max(0.0, g - PROBE_INTERVAL_MS) for g in gaps[1:])
    p99 = stalls[min(len(stalls) - 1, int(len(stalls) * 0.99))] if stalls else 0.0
    refreshes = (account_window.refresh_count - refreshes_before) if account_window is not None else 0
    if api is not None:
        return {"p99_stall_ms": p99, "max_stall_ms": stalls[-1] if stalls else 0.0,
                "quotes_per_s": state["sent"] / elapsed, "rows": float(len(symbols)),
                "clients": float(api_clients or 0), "lines": float(API_LINES),
                "ticks_per_s": received.get("ticks", 0.0) / elapsed, "seconds": elapsed}
    return {"p99_stall_ms": p99, "max_stall_ms": stalls[-1] if stalls else 0.0,
            "quotes_per_s": state["sent"] / elapsed, "account_refreshes_per_s": refreshes / elapsed,
            "rss_mb": _status_mb("VmHWM"), "rss_start_mb": rss_at_start, "rss_end_mb": _status_mb("VmRSS"),
            "rows": float(len(symbols)), "seconds": elapsed,
            "last_price": float(marks[symbols[0]] if symbols else Decimal(0))}


class _ApiClients:
    """A TWS API server inside this process, its engine work on the GUI's thread (posted through a
    workstation's own QtEngineExecutor), and ``count`` clients in a child process (``workstation.bench.api_clients``),
    each holding a streaming line on every one of ``symbols``; returns once they all hold them."""

    def __init__(self, engine: Engine, login: str, count: int, symbols: list[str]) -> None:
        import subprocess
        import threading

        from PySide6.QtWidgets import QApplication

        from workstation.tws_api.adapter import LiveEngineAdapter
        from workstation.tws_api.link import EngineLink
        from workstation.tws_api.server import ApiServer, ServerConfig
        from workstation.ui.api_host import QtEngineExecutor

        self.server = ApiServer(ServerConfig(host="127.0.0.1", port=0),
                                EngineLink(LiveEngineAdapter(engine, login), QtEngineExecutor()))
        port = self.server.start()
        self.clients: subprocess.Popen[str] | None = None
        if not count:
            return
        self.clients = subprocess.Popen(
            [sys.executable, "-m", "workstation.bench.api_clients", "--port", str(port), "--clients", str(count),
             "--symbols", ",".join(symbols)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        answered: list[str] = []
        subscribed = threading.Event()
        threading.Thread(target=lambda: (answered.append(self.clients.stdout.readline()), subscribed.set()),
                         daemon=True).start()
        deadline = time.monotonic() + 120
        while not subscribed.is_set():  # the clients' requests are served on this thread: keep its loop turning
            if time.monotonic() > deadline:
                break
            QApplication.processEvents()
            subscribed.wait(0.005)
        if answered != ["subscribed\n"]:
            self.clients.kill()
            self.server.stop()
            raise RuntimeError("the API clients did not subscribe")

    def stop(self) -> dict[str, float]:
        """What the clients received; the clients and the server stopped."""
        received: dict[str, float] = {}
        if self.clients is not None:
            answer, _ = self.clients.communicate(timeout=60)
            lines = [line for line in answer.splitlines() if line.startswith("{")]
            received = json.loads(lines[-1]) if lines else {}
        self.server.stop()
        return received


def _bench_engine(start: datetime) -> tuple[Engine, Profile]:
    """The demo accounts over the demo universe plus enough generated stocks for WATCHLIST_ROWS rows
    (the demo universe lists fewer tradable contracts than that)."""
    from workstation.engine.api import Engine
    from workstation.engine.core.universe import build_universe
    from workstation.resources import demo_universe_spec
    from workstation.scenario.demo import DEFAULT_SEED, demo_profile

    spec = demo_universe_spec()
    spec["stocks"] = [*spec["stocks"], *({"symbol": f"BENCH{n:03d}", "description": f"BENCH STOCK {n}",
                                           "exchange": "NYSE", "sector": "Industrials",
                                           "price": f"{20 + n}.00", "vol": "0.30"} for n in range(WATCHLIST_ROWS))]
    profile = demo_profile()
    engine = Engine.new(build_universe(spec), DEFAULT_SEED, start)
    for command in profile.commands:
        engine.execute(command)
    return engine, profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workstation.gui_measure")
    parser.add_argument("what", choices=("cold-start", "stream", "build-db", "orders", "api-stream"))
    parser.add_argument("--clients", type=int, default=32, help="API clients connected (api-stream)")
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--db", type=Path, help="the database to open (cold-start, orders) or write (build-db)")
    parser.add_argument("--orders", type=int, default=100, help="orders to write (build-db) or place (orders)")
    args = parser.parse_args(argv)
    if args.what == "cold-start":
        cold_start(args.bare, args.db)
        return 1  # only reached if the window never painted
    if args.what in ("build-db", "orders") and args.db is None:
        parser.error(f"{args.what} needs --db")
    if args.what == "build-db":
        print(json.dumps(build_database(args.db, args.orders)), flush=True)
        return 0
    if args.what == "orders":
        print(json.dumps(place_orders(args.db, args.orders)), flush=True)
        return 0
    if args.what == "api-stream":
        print(json.dumps(stream(args.seconds, bare=False, api_clients=args.clients)), flush=True)
        return 0
    print(json.dumps(stream(args.seconds, args.bare)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
