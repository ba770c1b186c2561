"""Timings of large scenario files for `workstation bench`, measured in a fresh process (the bench
layer does not import the scenario runner):

    python -m workstation.scenario.bench {steps|accounts} SIZE

prints one JSON line: ``run_s``, reading, running and writing the file as JSON as `workstation
scenario` does, and ``parse_s``, PyYAML's own safe loader just parsing the same text.
"""

from __future__ import annotations

import json
import sys
import time

import yaml

from workstation.engine.core.universe import Universe, build_universe
from workstation.resources import demo_universe_spec
from workstation.scenario.loader import parse_scenario
from workstation.scenario.runner import run_scenario

_SYMBOLS = ("AAPL", "MSFT", "KO", "JPM", "F")


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


FILES = {"steps": place_steps_file, "accounts": accounts_file}


def run_seconds(text: str, universe: Universe) -> float:
    """Read, run and write one scenario, as `workstation scenario` does."""
    started = time.perf_counter()
    result = run_scenario(parse_scenario(text), universe)
    json.dumps(result.output, indent=2)
    return time.perf_counter() - started


def parse_seconds(text: str) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    kind, size = argv[0], int(argv[1])
    universe = build_universe(demo_universe_spec())
    run_seconds(FILES[kind](10), universe)  # the first run's one-time costs (the exchange calendar) are not size
    text = FILES[kind](size)
    print(json.dumps({"run_s": run_seconds(text, universe), "parse_s": parse_seconds(text)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
