"""`workstation bench --quick` runs to the end and prints every section's figure beside its
reference, so the bench code cannot rot. No timing is asserted: a figure below its target on a
busy machine is reported by the bench, never failed here."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SECTIONS = (
    "engine: orders placed, filled and booked",
    "store: journaled events on disk",
    "store: reopen the",
    "allocation: one execution across 1,000 accounts",
    "allocation: one execution across 10,000 accounts",
    "allocation: 100,000-share order",
    "portfolio margin: 10,000 option positions",
    "SPAN: 10,000 futures and futures-option positions",
    "account values: 100 accounts x 50 positions",
    "what-if: an order on a 500-position account",
    "marketplace search:",
    "scenario: 200 place steps",
    "scenario: 2,000 place steps",
    "scenario: 200 accounts",
    "scenario: 2,000 accounts",
    "GUI cold start to the first painted main window",
    "GUI event-loop stall p99",
    "Account Window refreshes while streaming",
    "GUI peak resident memory while streaming",
    "GUI: placing an order from Order Entry with 1,000 orders",
    "GUI event-loop stall p99 while placing orders, 1,000 orders",
    "GUI event-loop stall max while placing orders, 1,000 orders",
    "GUI cold start with 1,000 orders in the database",
)
"""The quick bench's figures, in the order it prints them (each name's start)."""

NUMBER = r"-?[\d,]+(?:\.\d+)?"
FIGURE = re.compile(
    rf"^(?P<name>\S.*)\n"
    rf"    (?P<value>{NUMBER}) (?P<unit>.+?)  \(target (?P<target>.+): (?P<verdict>ok|BELOW TARGET)\)\n"
    rf"    reference: (?P<reference_name>.+) (?P<reference>{NUMBER}) (?P<reference_unit>\S+)$",
    re.MULTILINE)


def test_the_quick_bench_prints_every_figure_beside_its_reference():
    result = subprocess.run([sys.executable, "-m", "workstation", "bench", "--quick"], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=600,
                            check=False)

    figures = [m.groupdict() for m in FIGURE.finditer(result.stdout)]
    assert len(figures) == len(SECTIONS), result.stdout + result.stderr[-3000:]
    for figure, section in zip(figures, SECTIONS, strict=True):
        assert figure["name"].startswith(section), (figure["name"], section)
        assert figure["unit"] and figure["target"] and figure["reference_name"], figure
    assert len(result.stdout.splitlines()) == 3 * len(SECTIONS), result.stdout  # nothing else printed
    # The exit status says whether every target was met, and nothing else (a crash prints no figures).
    missed = any(f["verdict"] == "BELOW TARGET" for f in figures)
    assert result.returncode == (1 if missed else 0), result.stderr[-3000:]
