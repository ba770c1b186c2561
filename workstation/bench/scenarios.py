"""Scenario figures for `workstation bench` (issue 14): large valid files run in time proportional
to their size. A file of place steps and one of accounts are each read, run and written as JSON
at two sizes ten times apart, in a fresh process each (``python -m workstation.scenario.bench``),
beside the time PyYAML's own safe loader takes just to parse the same text.

Targets: the larger size within 5 s, and at most 13x the smaller one (linear growth with room for
noise; anything quadratic shows as about 100x).
"""

from __future__ import annotations

import json
import subprocess
import sys

from workstation.bench.figures import Figure

_MODULE = "workstation.scenario.bench"
BUDGET_S = 5.0
MAX_GROWTH = 13.0
_LABELS = {"steps": "place steps", "accounts": "accounts"}


def _timings(kind: str, size: int) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-m", _MODULE, kind, str(size)], capture_output=True, text=True,
                            timeout=900, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"scenario bench failed: {result.stderr[-1000:]}")
    return json.loads(lines[-1])


def bench_scenarios(small: int, large: int) -> list[Figure]:
    figures = []
    for kind, label in _LABELS.items():
        first, second = _timings(kind, small), _timings(kind, large)
        growth = second["run_s"] / first["run_s"]
        reference = "PyYAML's safe loader parsing the same file"
        figures.append(Figure(f"scenario: {small:,} {label} read, run and written as JSON", first["run_s"], "s",
                              "reported", True, reference, first["parse_s"], "s"))
        figures.append(Figure(f"scenario: {large:,} {label} read, run and written as JSON", second["run_s"], "s",
                              f"<= {BUDGET_S:g} s and <= {MAX_GROWTH:g}x the {small:,} figure ({growth:.1f}x)",
                              second["run_s"] <= BUDGET_S and growth <= MAX_GROWTH, reference, second["parse_s"], "s"))
    return figures
