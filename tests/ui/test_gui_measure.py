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
