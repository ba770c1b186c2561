"""Scenario figures for `workstation bench`: large valid files run in time proportional to their
size. A file of place steps and one of accounts are each read, run and written as JSON at two
sizes ten times apart, beside the time PyYAML's own safe loader takes just to parse the same text.

Targets (issue 14): the larger size within 5 s, and at most 13x the smaller one (linear growth
with some slack for noise; anything quadratic shows as about 100x).
"""

from __future__ import annotations

import json
import time

import yaml

from workstation.bench.figures import Figure
from workstation.engine.universe import Universe, build_universe
from workstation.resources import demo_universe_spec
from workstation.scenario import parse_scenario, run_scenario

_SYMBOLS = ("AAPL", "MSFT", "KO", "JPM", "F")
BUDGET_S = 5.0
MAX_GROWTH = 13.0


def place_steps_file(steps: int) -> str:
    """One margin account placing ``steps`` market orders for 10 shares, buys and sells in turn."""
    lines = ["seed: 1", "market: {random_walk: false}", "accounts:",
             "  - {id: U1, type: margin, cash: {USD: 100000000}}", "steps:"]
    lines += [f"  - place: {{id: o{i}, account: U1, action: {'SELL' if i % 2 else 'BUY'}, quantity: 10, "
              f"symbol: {_SYMBOLS[i % len(_SYMBOLS)]}}}" for i in range(steps)]
    return "\n".join(lines) + "\n"


def accounts_file(accounts: int) -> str:
    """``accounts`` margin accounts, each with cash and one stock position."""
    lines = ["seed: 1", "market: {random_walk: false}", "accounts:"]
    lines += [f"  - {{id: U{i}, type: margin, cash: {{USD: 100000}}, positions: [{{symbol: "
              f"{_SYMBOLS[i % len(_SYMBOLS)]}, quantity: 10, avg_cost: 50}}]}}" for i in range(accounts)]
    return "\n".join(lines) + "\n"


def _run_seconds(text: str, universe: Universe) -> float:
    """Read, run and write one scenario, as `workstation scenario` does."""
    started = time.perf_counter()
    result = run_scenario(parse_scenario(text), universe)
    json.dumps(result.output, indent=2)
    return time.perf_counter() - started


def _parse_seconds(text: str) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return time.perf_counter() - started


def bench_scenarios(small: int, large: int) -> list[Figure]:
    universe = build_universe(demo_universe_spec())
    figures = []
    for label, build in (("place steps", place_steps_file), ("accounts", accounts_file)):
        small_text, large_text = build(small), build(large)
        _run_seconds(build(10), universe)  # the first run's one-time costs (the exchange calendar) are not size
        small_s = _run_seconds(small_text, universe)
        large_s = _run_seconds(large_text, universe)
        growth = large_s / small_s
        figures.append(Figure(f"scenario: {small:,} {label} read, run and written as JSON", small_s, "s",
                              "reported", True, "PyYAML's safe loader parsing the same file",
                              _parse_seconds(small_text), "s"))
        figures.append(Figure(f"scenario: {large:,} {label} read, run and written as JSON", large_s, "s",
                              f"<= {BUDGET_S:g} s and <= {MAX_GROWTH:g}x the {small:,} figure ({growth:.1f}x)",
                              large_s <= BUDGET_S and growth <= MAX_GROWTH,
                              "PyYAML's safe loader parsing the same file", _parse_seconds(large_text), "s"))
    return figures
