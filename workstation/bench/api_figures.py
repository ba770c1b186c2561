"""TWS API figures for `workstation bench` (issue 18), each beside a reference from the same run.

The gateway runs in a child process (``python -m workstation.bench.api_gateway``: an engine on its
main thread, the API server's loop on another), so the clients here do not share its interpreter.

- placeOrder -> Filled with ib_async on loopback: N market orders for one share, one at a time
  (after a warm-up), from the call to the orderStatus that reads Filled; p50 (target <= 5 ms) beside
  the same orders executed by the engine in this process (the engine's own cost), p99 (<= 20 ms)
  beside a reqCurrentTime round trip (the transport's floor). ib_async's own throttle (45 requests
  a second) and the server's (50) are kept out of it: one order every 25 ms at most. Without
  ib_async installed (it is a test dependency) the figure says so and the run goes on.
- 100 streaming lines at 10 Hz to each of 8 clients: the child marks 100 stocks ten times a second on
  the engine's thread, noting when each SetPrice began; bare clients on one asyncio loop here note
  when each last-price tick arrived, and the price names the move it came from. An update is late
  when it arrives more than one move interval (100 ms) after the engine began its SetPrice (one
  never received counts as late): % late (target < 1%) and the delivery p99, at 8 clients beside 1
  (and 4 in the name, for the growth).
- 32 API clients and GUI stalls: see ``gui_measure api-stream`` (:func:`bench_api_gui`).
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from workstation.bench.figures import Figure, Unavailable
from workstation.bench.gui_figures import gui_json
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import PlaceOrder

ORDER_SYMBOLS = ("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "JPM", "XOM", "KO", "PG", "SPY")
REQUESTS_PER_SECOND = 40
MOVES_PER_SECOND = 10.0
LATE_S = 1.0 / MOVES_PER_SECOND
START_TIMEOUT = 120.0
CHILD_MAINS = ("workstation.bench.api_gateway", "workstation.bench.api_clients")
"""Also run as a child's main module (python -m), so imported here only when used: loaded with the
package, runpy would find them imported already and warn on the child's stderr."""


@dataclass
class _Child:
    process: subprocess.Popen[str]
    port: int

    def move(self, seconds: float, lines: int) -> dict[int, list[float]]:
        """Have the child's engine mark the first ``lines`` stocks; when each SetPrice began, per move."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"move {seconds} {MOVES_PER_SECOND} {lines}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer.startswith("{"):
            raise RuntimeError(f"the bench gateway stopped while moving prices: {answer.strip()}")
        return {int(k): v for k, v in json.loads(answer)["emitted"].items()}


@contextmanager
def bench_gateway(symbols: int) -> Iterator[_Child]:
    """The child gateway, stopped (end of stdin) when the block ends."""
    from workstation.bench.api_gateway import LISTENING  # noqa: PLC0415 - see CHILD_MAINS
    process = subprocess.Popen([sys.executable, "-m", CHILD_MAINS[0], "--symbols", str(symbols)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith(LISTENING):
            raise RuntimeError(f"the bench gateway did not start (exit {process.poll()})")
        yield _Child(process, int(re.findall(r"\d+", line)[-1]))  # the port ends the line
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def _order(n: int) -> tuple[str, Action]:
    """The n-th order's symbol and side: round-robin, buying one round and selling the next (stays flat)."""
    return ORDER_SYMBOLS[n % len(ORDER_SYMBOLS)], Action.BUY if (n // len(ORDER_SYMBOLS)) % 2 == 0 else Action.SELL


# ------------------------------------------------------------------------------------------------ orders


class _Pacer:
    """Requests at most REQUESTS_PER_SECOND a second, under the server's 50 (error 100 beyond) and
    ib_async's own 45, so neither pacing is what gets timed."""

    def __init__(self) -> None:
        self.next = time.monotonic()

    async def turn(self) -> None:
        wait = self.next - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self.next = max(self.next, time.monotonic() - 1.0) + 1.0 / REQUESTS_PER_SECOND


async def _ib_round_trips(port: int, orders: int, warm_up: int,
                          fetch: object = None) -> tuple[list[float], list[float]]:
    """Round trips of ``orders`` market orders and as many reqCurrentTime, in ms. ``fetch``: ib_async's
    StartupFetch flags (default all: what a program connecting with defaults subscribes to)."""
    import ib_async  # noqa: PLC0415 - a test dependency; absence is reported by the caller

    ib = ib_async.IB()
    await ib.connectAsync("127.0.0.1", port, clientId=1, timeout=START_TIMEOUT,
                          fetchFields=ib_async.ib.StartupFetchALL if fetch is None else fetch)
    try:
        contracts = [ib_async.Stock(symbol, "SMART", "USD") for symbol in ORDER_SYMBOLS]
        await ib.qualifyContractsAsync(*contracts)
        loop = asyncio.get_running_loop()
        trips: list[float] = []
        paced = _Pacer()
        for n in range(warm_up + orders):
            await paced.turn()
            symbol, action = _order(n)
            filled: asyncio.Future[float] = loop.create_future()

            def on_status(trade: ib_async.Trade, filled: asyncio.Future[float] = filled) -> None:
                if trade.orderStatus.status == "Filled" and not filled.done():
                    filled.set_result(time.perf_counter())

            started = time.perf_counter()
            trade = ib.placeOrder(contracts[ORDER_SYMBOLS.index(symbol)], ib_async.MarketOrder(action.value, 1))
            trade.statusEvent += on_status
            try:
                done = await asyncio.wait_for(filled, 30)
            except TimeoutError:
                raise RuntimeError(f"order {n + 1} did not fill: {trade.orderStatus.status}") from None
            if n >= warm_up:
                trips.append((done - started) * 1000)
        floor = []
        for _ in range(orders):
            await paced.turn()
            started = time.perf_counter()
            await ib.reqCurrentTimeAsync()
            floor.append((time.perf_counter() - started) * 1000)
        return trips, floor
    finally:
        ib.disconnect()


def _engine_orders_ms(orders: int, warm_up: int) -> list[float]:
    """The same orders executed by the engine in this process, one by one."""
    from workstation.bench.api_gateway import ACCOUNT, bench_engine  # noqa: PLC0415 - see CHILD_MAINS
    engine = bench_engine(0)
    took = []
    for n in range(warm_up + orders):
        symbol, action = _order(n)
        started = time.perf_counter()
        engine.execute(PlaceOrder(ACCOUNT, symbol, action, 1))
        if n >= warm_up:
            took.append((time.perf_counter() - started) * 1000)
    return took


def bench_api_orders(quick: bool = False) -> list[Figure]:
    try:
        import ib_async  # noqa: F401, PLC0415
    except ImportError:
        raise Unavailable("ib_async not installed (it comes with the test extra: pip install '.[test]')") from None
    orders, warm_up = (40, 10) if quick else (300, 30)
    with bench_gateway(symbols=0) as child:
        trips, floor = asyncio.run(_ib_round_trips(child.port, orders, warm_up))
    engine_ms = _engine_orders_ms(orders, warm_up)
    p50, p99 = _percentile(trips, 0.5), _percentile(trips, 0.99)
    what = f"{orders} MKT orders one at a time, gateway in a child process"
    return [
        Figure(f"TWS API: placeOrder -> Filled with ib_async on loopback, p50 ({what})", p50, "ms", "<= 5 ms",
               p50 <= 5.0, "the same orders by engine.execute in one process, p50",
               statistics.median(engine_ms), "ms"),
        Figure(f"TWS API: placeOrder -> Filled with ib_async on loopback, p99 ({what})", p99, "ms", "<= 20 ms",
               p99 <= 20.0, "a reqCurrentTime round trip, p99", _percentile(floor, 0.99), "ms"),
    ]


# ------------------------------------------------------------------------------------------------ streaming


@dataclass(frozen=True)
class _Delivery:
    clients: int
    expected: int
    late_percent: float
    p99_ms: float


async def _stream(child: _Child, clients: int, lines: int, seconds: float, first_client_id: int) -> _Delivery:
    from workstation.bench.api_clients import connected_clients  # noqa: PLC0415 - see CHILD_MAINS
    from workstation.bench.api_gateway import generated_symbol, move_of  # noqa: PLC0415 - see CHILD_MAINS

    arrivals: list[tuple[int, float, float]] = []
    symbols = [generated_symbol(i) for i in range(lines)]
    opened = await connected_clients(child.port, clients, symbols, first_client_id,
                                     on_last=lambda _n, req_id, price, arrived: arrivals.append((req_id, price,
                                                                                                 arrived)))
    try:
        emitted = await asyncio.to_thread(child.move, seconds, lines)
        expected = clients * lines * len(emitted)
        deadline = time.monotonic() + 2.0  # stragglers; one never received counts as late
        while len(arrivals) < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
    finally:
        await asyncio.gather(*(c.close() for c in opened))
    delays = []
    for req_id, price, arrived in arrivals:
        line = req_id - 1
        stamps = emitted.get(move_of(line, price))
        if stamps is not None:
            delays.append(arrived - stamps[line])
    late = sum(1 for d in delays if d > LATE_S) + max(0, expected - len(delays))
    return _Delivery(clients, expected, 100.0 * late / max(1, expected), _percentile(delays, 0.99) * 1000)


def bench_api_streaming(quick: bool = False) -> list[Figure]:
    lines, seconds, counts = (20, 1.0, (1, 2)) if quick else (100, 5.0, (1, 4, 8))
    with bench_gateway(symbols=lines) as child:
        runs = [asyncio.run(_stream(child, clients, lines, seconds, first_client_id=1 + 100 * n))
                for n, clients in enumerate(counts)]
    one, most = runs[0], runs[-1]
    growth = ", ".join(f"{r.clients} client{'s' if r.clients > 1 else ''}: {r.p99_ms:.1f} ms" for r in runs[1:-1])
    what = f"{lines} lines at {MOVES_PER_SECOND:.0f} Hz to each of {most.clients} clients"
    return [
        Figure(f"TWS API: {what}, updates later than {LATE_S * 1000:.0f} ms ({most.expected:,} updates)",
               most.late_percent, "%", "< 1%", most.late_percent < 1.0, "the same to 1 client", one.late_percent,
               "%"),
        Figure(f"TWS API: {what}, delivery p99{f' ({growth})' if growth else ''}", most.p99_ms, "ms", "<= 100 ms",
               most.p99_ms <= LATE_S * 1000, "the same to 1 client", one.p99_ms, "ms"),
    ]


# ------------------------------------------------------------------------------------------------ GUI


def bench_api_gui(quick: bool = False) -> Figure:
    """The GUI's event-loop stalls while streaming, with API clients connected to a server running in
    the GUI process and holding a few lines each, beside the same with the server and no client."""
    clients, seconds = (4, 2.0) if quick else (32, 8.0)
    busy = gui_json("api-stream", "--seconds", str(seconds), "--clients", str(clients))
    idle = gui_json("api-stream", "--seconds", str(seconds), "--clients", "0")
    feed = f"{busy['quotes_per_s']:,.0f} quotes/s on {busy['rows']:.0f} rows"
    return Figure(f"GUI event-loop stall p99 with {clients} API clients of {busy['lines']:.0f} lines each ({feed}, "
                  f"{busy['ticks_per_s']:,.0f} ticks/s received)", busy["p99_stall_ms"], "ms", "<= 50 ms",
                  busy["p99_stall_ms"] <= 50.0, "the same with the server and no client", idle["p99_stall_ms"], "ms")
