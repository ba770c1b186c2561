"""`workstation bench`: performance figures, each printed beside a reference from the same run."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from workstation.bench.allocation import bench_advisor_execution, bench_large_advisor_order, bench_one_execution
from workstation.bench.api_figures import bench_api_gui, bench_api_orders, bench_api_streaming
from workstation.bench.engine_store import bench_engine, bench_store
from workstation.bench.figures import Figure, Unavailable, print_figures
from workstation.bench.gui_figures import bench_gui
from workstation.bench.history import bench_history
from workstation.bench.long_session import run_long_session
from workstation.bench.margin import bench_account_values, bench_portfolio_margin, bench_span, bench_what_if
from workstation.bench.market_data import bench_delayed_quotes
from workstation.bench.marketplace import bench_marketplace_search
from workstation.bench.scaling import bench_account_window_all, bench_clock_step, bench_engine_with_accounts
from workstation.bench.scenarios import bench_scenarios

__all__ = ["run_benchmarks", "run_long_session"]


def run_benchmarks(quick: bool = False, out: Callable[[str], None] = print) -> int:
    """Run every benchmark, printing each figure as soon as it is measured (so an interrupted run keeps
    what it measured); returns 0, or 1 if a target was missed or a measurement could not be made."""
    bench = _Bench(out)
    bench.measure("engine: orders placed", lambda: bench_engine(1_000 if quick else 10_000))
    bench.measure("engine: orders/s with accounts", lambda: bench_engine_with_accounts(1_000 if quick else 10_000))
    bench.measure("engine: one market step", lambda: bench_clock_step(5_000))
    with tempfile.TemporaryDirectory() as scratch:
        # 13,000 orders journal a little over 100,000 events: the size the reopen target names.
        bench.measure("store", lambda: bench_store(1_000 if quick else 13_000, Path(scratch)))
        bench.measure("history", lambda: bench_history(30_000 if quick else 1_000_000, Path(scratch)))
    bench.measure("allocation: one execution across 1,000 accounts", lambda: bench_one_execution(1_000, 1.0))
    bench.measure("allocation: one execution across 10,000 accounts", lambda: bench_one_execution(10_000, 10.0))
    bench.measure("allocation: a large advisor order", lambda: bench_large_advisor_order(
        accounts=100 if quick else 1_000, executions=100 if quick else 1_000, shares_per_account=1_000))
    with tempfile.TemporaryDirectory() as scratch:
        for clients, budget_ms in ((1_000, 3.0), (5_000, 15.0)):
            bench.measure(f"allocation: an advisor execution, {clients:,} clients", lambda c=clients, b=budget_ms:
                          bench_advisor_execution(c, 5 if quick else 20, b, Path(scratch)))
    bench.measure("portfolio margin", lambda: bench_portfolio_margin(10_000))
    bench.measure("SPAN", lambda: bench_span(10_000))
    bench.measure("account values", lambda: bench_account_values(accounts=100 if quick else 1_000, positions=50))
    bench.measure("Account Window: All", lambda: bench_account_window_all(clients=300 if quick else 3_000))
    bench.measure("what-if", lambda: bench_what_if(500))
    bench.measure("delayed quotes", lambda: bench_delayed_quotes(100 if quick else 1_000))
    bench.measure("marketplace search", bench_marketplace_search)
    bench.measure("scenario", lambda: bench_scenarios(200, 2_000) if quick else bench_scenarios(2_000, 20_000))
    bench.measure("GUI", lambda: bench_gui(quick))
    bench.measure("TWS API: placeOrder -> Filled", lambda: bench_api_orders(quick))
    bench.measure("TWS API: streaming market data", lambda: bench_api_streaming(quick))
    bench.measure("TWS API: clients and GUI stalls", lambda: bench_api_gui(quick))
    return 0 if bench.all_met else 1


class _Bench:
    """Prints figures as they come; a measurement that cannot be made is reported, not raised."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.all_met = True

    def measure(self, section: str, take: Callable[[], Figure | Sequence[Figure]]) -> None:
        try:
            taken = take()
        except Unavailable as missing:  # nothing was missed: this installation cannot take the figure
            self.out(f"{section}\n    not measured: {missing}")
            return
        except (RuntimeError, subprocess.SubprocessError, OSError) as error:
            self.all_met = False
            self.out(f"{section}\n    not measured: {str(error).strip()[-500:]}")
            return
        figures = [taken] if isinstance(taken, Figure) else list(taken)
        print_figures(figures, self.out)
        self.all_met = self.all_met and all(f.met for f in figures)
