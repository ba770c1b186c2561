"""The gateway the TWS API figures measure, run in a child process so that the bench's clients do not
share its interpreter (``python -m workstation.bench.api_gateway [--symbols N]``).

It serves, read-write, an engine holding the demo universe plus ``N`` generated stocks
``APIB000``.. (prices 20.00, 21.00, ...: nothing else holds or quotes them, so marking them moves
only the lines the bench opened), and one margin account ``BENCH1`` funded with 100,000,000 USD, at
10:00 on a trading day with the clock standing still, so a market order fills as it arrives. It prints
``API listening on 127.0.0.1:PORT`` and then obeys lines on stdin:

``move SECONDS RATE COUNT``
    Mark the first COUNT generated stocks RATE times a second for SECONDS: move ``k`` (counted
    from 1 over the whole run) sets stock ``i`` to :func:`moved_price` ``(i, k)``, one SetPrice each,
    posted to the engine's thread as the market driver would. Before each SetPrice the engine's
    thread notes ``time.monotonic()`` (the system's monotonic clock, the same in every process);
    when the moves are done one JSON line follows: ``{"emitted": {"k": [t_0, .., t_COUNT-1]}}``.

End of stdin stops the gateway and the process (exit 0).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from datetime import datetime
from decimal import Decimal

from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import OpenAccount, SetPrice
from workstation.resources import demo_universe_spec
from workstation.tws_api.gateway import Gateway
from workstation.tws_api.server import ServerConfig

ACCOUNT = "BENCH1"
START = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)  # a Tuesday, the regular session open
PREFIX = "APIB"
STEP = Decimal("0.01")
LISTENING = "API listening on"


def generated_symbol(i: int) -> str:
    return f"{PREFIX}{i:03d}"


def base_price(i: int) -> Decimal:
    return Decimal(20 + i)


def moved_price(i: int, move: int) -> Decimal:
    """Stock ``i``'s mark after move ``move``: one cent a move, so a tick names the move it came from."""
    return base_price(i) + move * STEP


def move_of(i: int, price: float) -> int:
    """The move a last price of stock ``i`` came from (:func:`moved_price` read backwards)."""
    return round((price - float(base_price(i))) / float(STEP))


def bench_engine(symbols: int) -> Engine:
    spec = demo_universe_spec()
    spec["stocks"] = [*spec["stocks"], *({"symbol": generated_symbol(i), "description": f"API BENCH STOCK {i}",
                                          "exchange": "NYSE", "sector": "Industrials", "price": f"{base_price(i)}.00",
                                          "vol": "0.30"} for i in range(symbols))]
    engine = Engine.new(build_universe(spec), 1, START)
    engine.execute(OpenAccount(ACCOUNT, AccountType.MARGIN, cash=(("USD", Decimal(100_000_000)),)))
    return engine


class _Mover:
    """Posts each move to the engine's thread on a fixed schedule and collects when it was emitted."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.moves = 0

    def run(self, seconds: float, rate: float, count: int) -> dict[int, list[float]]:
        emitted: dict[int, list[float]] = {}
        done = threading.Event()
        interval = 1.0 / rate
        total = max(1, round(seconds * rate))
        first = self.moves + 1
        self.moves += total

        def move(k: int) -> None:
            engine, stamps = self.gateway.engine, []
            for i in range(count):
                stamps.append(time.monotonic())
                engine.execute(SetPrice(generated_symbol(i), moved_price(i, k)))
            emitted[k] = stamps
            if len(emitted) == total:
                done.set()

        started = time.monotonic()
        for n, k in enumerate(range(first, first + total)):
            time.sleep(max(0.0, started + n * interval - time.monotonic()))
            self.gateway.executor.post(lambda k=k: move(k))
        done.wait(timeout=seconds + 60)
        return emitted


def _obey(gateway: Gateway) -> None:
    mover = _Mover(gateway)
    try:
        for line in sys.stdin:
            words = line.split()
            if words[:1] == ["move"] and len(words) == 4:
                emitted = mover.run(float(words[1]), float(words[2]), int(words[3]))
                print(json.dumps({"emitted": emitted}), flush=True)
    finally:
        gateway.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workstation.bench.api_gateway")
    parser.add_argument("--symbols", type=int, default=100)
    args = parser.parse_args(argv)
    gateway = Gateway(bench_engine(args.symbols), ACCOUNT, ServerConfig(host="127.0.0.1", port=0))

    def listening(host: str, port: int) -> None:
        print(f"{LISTENING} {host}:{port}", flush=True)
        threading.Thread(target=_obey, args=(gateway,), name="bench-commands", daemon=True).start()

    gateway.serve(on_listening=listening)
    return 0


if __name__ == "__main__":
    sys.exit(main())
