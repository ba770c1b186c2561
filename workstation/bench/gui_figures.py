"""GUI figures for `workstation bench` (issue 5), each measured in a fresh process by
``python -m workstation.gui_measure`` (the bench layer does not import the UI):

- cold start to the first painted main window (target <= 2 s), beside a bare PySide6 window;
- 200 watchlist rows at 2,000 quote updates a second with the Account Window open: event-loop
  stalls at the 99th percentile (target <= 50 ms) beside the same feed with no window, the Account
  Window's refreshes a second (target >= 4) and peak resident memory (target <= 300 MB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from workstation.bench.figures import Figure

_MODULE = "workstation.gui_measure"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", _MODULE, *args], capture_output=True, text=True, timeout=300,
                          check=False, env=env)


def _cold_start_seconds(bare: bool, tries: int) -> float:
    """Best of ``tries``: from spawning the process to its first painted window."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        result = _run("cold-start", *(["--bare"] if bare else []))
        elapsed = time.perf_counter() - started
        if result.returncode != 0 or "painted" not in result.stdout:
            raise RuntimeError(f"cold start failed: {result.stderr[-1000:]}")
        best = min(best, elapsed)
    return best


def _stream(seconds: float, bare: bool) -> dict[str, float]:
    result = _run("stream", "--seconds", str(seconds), *(["--bare"] if bare else []))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"stream failed: {result.stderr[-1000:]}")
    return json.loads(lines[-1])


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
    ]
