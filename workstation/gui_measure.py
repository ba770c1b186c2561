"""GUI measurements for `workstation bench`, each run in a fresh process and reported as JSON.

    python -m workstation.gui_measure cold-start [--bare]       time to the first painted main window
    python -m workstation.gui_measure stream [--seconds S] [--bare]

``cold-start`` opens the workstation as ``workstation`` does (a new database with the demo profile)
and prints when the main window has painted for the first time; the parent process times it from
spawn, so interpreter start and every import count. ``--bare`` paints an empty QMainWindow instead:
the floor PySide6 itself sets on this machine.

``stream`` opens the main window with 200 watchlist rows and the Account Window, then feeds
2,000 quote updates a second (20 price marks every 10 ms) through the bridge, as a market data
line would, while a 5 ms probe timer records how late the event loop serves it. It reports the
99th-percentile stall, the Account Window's refreshes per second, the quote rate achieved and the
peak resident memory. ``--bare`` runs the same feed with no window: the engine's own share.

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
QUOTES_PER_SECOND = 2_000
FEED_INTERVAL_MS = 10
PROBE_INTERVAL_MS = 5
PAINTED = "painted"


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


def cold_start(bare: bool) -> None:
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
        from workstation.ui.bridge import EngineBridge
        from workstation.ui.main_window import MainWindow
        from workstation.ui.theme import apply_theme

        apply_theme(app)
        engine, _store, profile = open_demo_database(Path(tempfile.mkdtemp()) / "cold.db")
        window = MainWindow(EngineBridge(engine), user=profile.user, account=profile.account, settings=None)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.resize(1400, 860)
    window.show()
    app.exec()


def stream(seconds: float, bare: bool) -> dict[str, float]:
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
    stalls = sorted(max(0.0, g - PROBE_INTERVAL_MS) for g in gaps[1:])
    p99 = stalls[min(len(stalls) - 1, int(len(stalls) * 0.99))] if stalls else 0.0
    refreshes = (account_window.refresh_count - refreshes_before) if account_window is not None else 0
    return {"p99_stall_ms": p99, "max_stall_ms": stalls[-1] if stalls else 0.0,
            "quotes_per_s": state["sent"] / elapsed, "account_refreshes_per_s": refreshes / elapsed,
            "rss_mb": _status_mb("VmHWM"), "rss_start_mb": rss_at_start, "rss_end_mb": _status_mb("VmRSS"),
            "rows": float(len(symbols)), "seconds": elapsed,
            "last_price": float(marks[symbols[0]] if symbols else Decimal(0))}


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
    parser.add_argument("what", choices=("cold-start", "stream"))
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    if args.what == "cold-start":
        cold_start(args.bare)
        return 1  # only reached if the window never painted
    print(json.dumps(stream(args.seconds, args.bare)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
