"""`workstation bench`'s GUI measurements run and report (their figures are read in the bench
output, never asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_cold_start_paints_the_main_window_of_a_new_database() -> None:
    result = subprocess.run([sys.executable, "-m", "workstation.gui_measure", "cold-start"], capture_output=True,
                            text=True, timeout=120, check=False, env=ENV)

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "painted"


def test_the_stream_feeds_200_rows_and_reports_every_figure() -> None:
    result = subprocess.run([sys.executable, "-m", "workstation.gui_measure", "stream", "--seconds", "1"],
                            capture_output=True, text=True, timeout=120, check=False, env=ENV)

    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] == 200
    assert figures["quotes_per_s"] > 0 and figures["account_refreshes_per_s"] > 0
    assert {"p99_stall_ms", "rss_mb"} <= set(figures)


def test_api_clients_hold_lines_on_a_server_inside_the_gui_process_while_the_stream_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "workstation.gui_measure", "api-stream", "--seconds", "1",
                             "--clients", "3"], capture_output=True, text=True, timeout=180, check=False, env=ENV)

    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["clients"] == 3 and figures["lines"] == 5 and figures["rows"] == 200
    assert figures["ticks_per_s"] > 0  # the feed's moves reached the clients through the GUI thread's server
    assert figures["quotes_per_s"] > 0 and "p99_stall_ms" in figures


def test_a_database_of_orders_is_built_then_the_gui_places_more_on_it_and_starts_on_it(tmp_path) -> None:
    db = tmp_path / "history.db"

    def measure(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workstation.gui_measure", *args, "--db", str(db)],
                              capture_output=True, text=True, timeout=180, check=False, env=ENV)

    built = measure("build-db", "--orders", "45")
    placed = measure("orders", "--orders", "3")
    started = measure("cold-start")

    assert built.returncode == 0, built.stderr[-2000:]
    assert json.loads(built.stdout.strip().splitlines()[-1])["orders"] == 45
    assert placed.returncode == 0, placed.stderr[-2000:]
    figures = json.loads(placed.stdout.strip().splitlines()[-1])
    assert (figures["orders_before"], figures["orders_placed"]) == (45, 3)
    assert {"ms_per_order", "p99_stall_ms", "max_stall_ms"} <= set(figures)
    assert started.returncode == 0 and started.stdout.strip() == "painted", started.stderr[-2000:]
