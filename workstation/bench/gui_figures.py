"""GUI figures for `workstation bench` (issue 5), each measured in a fresh process by
``python -m workstation.gui_measure`` (the bench layer does not import the UI):

- cold start to the first painted main window (target <= 2 s), beside a bare PySide6 window;
- 200 watchlist rows at 2,000 quote updates a second with the Account Window open: event-loop
  stalls at the 99th percentile (target <= 50 ms) beside the same feed with no window, the Account
  Window's refreshes a second (target >= 4) and peak resident memory (target <= 300 MB);
- a long history (issue 16): orders placed from the GUI on a database holding 10,000 orders, in ms
  per order (target <= 3 ms) and event-loop stalls (p99 <= 25 ms, max <= 100 ms), beside the same
  on a database of 100 orders; and the cold start on a database of 100,000 orders (target <= 2 s)
  beside the cold start on a new demo database. Quick mode: 1,000 orders and 100, and the cold start
  on 1,000. Each database is written afresh in a temporary directory (nothing is kept between runs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workstation.bench.figures import Figure

_MODULE = "workstation.gui_measure"


MEASURE_TIMEOUT = 300
"""Seconds a measuring process may take before the figure is reported as not measured."""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        return subprocess.run([sys.executable, "-m", _MODULE, *args], capture_output=True, text=True,
                              timeout=MEASURE_TIMEOUT, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{args[0]} took longer than {MEASURE_TIMEOUT} s (is the machine busy?)") from None


def _cold_start_seconds(bare: bool, tries: int, db: Path | None = None) -> float:
    """Best of ``tries``: from spawning the process to its first painted window."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        result = _run("cold-start", *(["--bare"] if bare else []), *(["--db", str(db)] if db else []))
        elapsed = time.perf_counter() - started
        if result.returncode != 0 or "painted" not in result.stdout:
            raise RuntimeError(f"cold start failed: {result.stderr[-1000:]}")
        best = min(best, elapsed)
    return best


def _stream(seconds: float, bare: bool) -> dict[str, float]:
    return gui_json("stream", "--seconds", str(seconds), *(["--bare"] if bare else []))


def gui_json(*args: str) -> dict[str, float]:
    """Run a measurement and read the JSON line it prints last."""
    result = _run(*args)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{args[0]} failed: {result.stderr[-1000:]}")
    return json.loads(lines[-1])


def _database(directory: Path, orders: int) -> Path:
    """A database holding ``orders`` filled orders, written headless in ``directory``."""
    path = directory / f"orders-{orders}.db"
    gui_json("build-db", "--db", str(path), "--orders", str(orders))
    return path


def bench_long_history(quick: bool = False) -> list[Figure]:
    """Placing orders from the GUI and starting it, on a long history beside a short one."""
    many, few, cold_many = (1_000, 100, 1_000) if quick else (10_000, 100, 100_000)
    placed = 30 if quick else 200
    with tempfile.TemporaryDirectory(prefix="bench-history-") as directory:
        folder = Path(directory)
        # Each measurement on its own copy: placing orders journals them into the file.
        long_run = gui_json("orders", "--db", str(_database(folder, many)), "--orders", str(placed))
        short_run = gui_json("orders", "--db", str(_database(folder, few)), "--orders", str(placed))
        history = _database(folder, cold_many)
        demo = _cold_start_seconds(bare=False, tries=1)
        cold = _cold_start_seconds(bare=False, tries=1, db=history)
    with_many, with_few = f"{many:,} orders in the database", f"{few:,} orders"
    return [
        Figure(f"GUI: placing an order from Order Entry with {with_many}", long_run["ms_per_order"], "ms/order",
               "<= 3 ms", long_run["ms_per_order"] <= 3.0, f"with {with_few}", short_run["ms_per_order"],
               "ms/order"),
        Figure(f"GUI event-loop stall p99 while placing orders, {with_many}", long_run["p99_stall_ms"], "ms",
               "<= 25 ms", long_run["p99_stall_ms"] <= 25.0, f"with {with_few}", short_run["p99_stall_ms"], "ms"),
        Figure(f"GUI event-loop stall max while placing orders, {with_many}", long_run["max_stall_ms"], "ms",
               "<= 100 ms", long_run["max_stall_ms"] <= 100.0, f"with {with_few}", short_run["max_stall_ms"], "ms"),
        Figure(f"GUI cold start with {cold_many:,} orders in the database", cold, "s", "<= 2 s", cold <= 2.0,
               "a new demo database", demo, "s"),
    ]


def bench_gui(quick: bool = False) -> list[Figure]:
    # Quick is a smoke run: one start each and a short stream, since every start is a new interpreter.
    tries = 1 if quick else 3
    cold = _cold_start_seconds(bare=False, tries=tries)
    floor = _cold_start_seconds(bare=True, tries=tries)
    seconds = 2.0 if quick else 8.0
    live = _stream(seconds, bare=False)
    bare = _stream(seconds, bare=True)
    feed = f"{live['quotes_per_s']:,.0f} quotes/s on {live['rows']:.0f} rows"
    return [
        Figure("GUI cold start to the first painted main window", cold, "s", "<= 2 s", cold <= 2.0,
               "an empty PySide6 window", floor, "s"),
        Figure(f"GUI event-loop stall p99 ({feed}, Account Window open)", live["p99_stall_ms"], "ms", "<= 50 ms",
               live["p99_stall_ms"] <= 50.0, "the same feed with no window", bare["p99_stall_ms"], "ms"),
        Figure("Account Window refreshes while streaming", live["account_refreshes_per_s"], "/s", ">= 4/s",
               live["account_refreshes_per_s"] >= 4.0, "frames the bridge may deliver", 20.0, "/s"),
        Figure("GUI peak resident memory while streaming", live["rss_mb"], "MB", "<= 300 MB",
               live["rss_mb"] <= 300.0, "the same feed with no window", bare["rss_mb"], "MB"),
        *bench_long_history(quick),
    ]
