"""`workstation bench`: performance figures, each printed beside a reference from the same run."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from workstation.bench.allocation import bench_advisor_execution, bench_large_advisor_order, bench_one_execution
from workstation.bench.engine_store import bench_engine, bench_store
from workstation.bench.figures import print_figures
from workstation.bench.gui_figures import bench_gui
from workstation.bench.history import bench_history
from workstation.bench.long_session import run_long_session
from workstation.bench.margin import bench_account_values, bench_portfolio_margin, bench_span, bench_what_if
from workstation.bench.marketplace import bench_marketplace_search
from workstation.bench.scaling import bench_account_window_all, bench_clock_step, bench_engine_with_accounts
from workstation.bench.scenarios import bench_scenarios

__all__ = ["run_benchmarks", "run_long_session"]


def run_benchmarks(quick: bool = False, out: Callable[[str], None] = print) -> int:
    """Run every benchmark and print the figures; returns 0, or 1 if a target was missed."""
    figures = [bench_engine(1_000 if quick else 10_000)]
    figures.extend(bench_engine_with_accounts(1_000 if quick else 10_000))
    figures.append(bench_clock_step(5_000))
    with tempfile.TemporaryDirectory() as scratch:
        # 13,000 orders journal a little over 100,000 events: the size the reopen target names.
        figures.extend(bench_store(1_000 if quick else 13_000, Path(scratch)))
        figures.extend(bench_history(30_000 if quick else 1_000_000, Path(scratch)))
    figures.append(bench_one_execution(1_000, budget_ms=1.0))
    figures.append(bench_one_execution(10_000, budget_ms=10.0))
    figures.append(bench_large_advisor_order(accounts=100 if quick else 1_000, executions=100 if quick else 1_000,
                                             shares_per_account=1_000))
    with tempfile.TemporaryDirectory() as scratch:
        for clients, budget_ms in ((1_000, 3.0), (5_000, 15.0)):
            figures.extend(bench_advisor_execution(clients, 5 if quick else 20, budget_ms, Path(scratch)))
    figures.append(bench_portfolio_margin(10_000))
    figures.append(bench_span(10_000))
    figures.append(bench_account_values(accounts=100 if quick else 1_000, positions=50))
    figures.append(bench_account_window_all(clients=300 if quick else 3_000))
    figures.append(bench_what_if(500))
    figures.append(bench_marketplace_search())
    figures.extend(bench_scenarios(200, 2_000) if quick else bench_scenarios(2_000, 20_000))
    figures.extend(bench_gui(quick))
    print_figures(figures, out)
    return 0 if all(f.met for f in figures) else 1
