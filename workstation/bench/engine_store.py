"""Engine and store figures for `workstation bench`.

Targets (issue 2): engine >= 5,000 orders/s in memory; store >= 5,000 journaled events/s; reopen
of a 100,000-event database <= 3 s. Issue 16: no collection during the store's order flow pauses
longer than a frame (16 ms), where a full collection of the same heap takes far longer.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from workstation.bench.day_metrics import GcWatch
from workstation.bench.figures import Figure
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder
from workstation.gc_policy import keep_long_lived_out_of_collections
from workstation.resources import demo_universe_spec

BENCH_START = datetime(2026, 11, 24, 9, 45, tzinfo=EASTERN)
SYMBOLS = ("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "DIS", "JPM", "BAC", "XOM", "CVX", "JNJ", "PFE", "PG", "KO",
           "CAT", "BA", "NEE", "F", "SPY", "QQQ", "IWM")
ORDERS_PER_REFRESH = 200
FRAME_MS = 16.0


def _open_account() -> OpenAccount:
    return OpenAccount("BENCH1", AccountType.MARGIN, cash=(("USD", Decimal("100000000")),))


def _order_flow(engine: Engine, count: int) -> int:
    """Place ``count`` 100-share market orders round-robin, refreshing the book every so often;
    returns the number of orders filled (all of them, once the last refresh is done)."""
    quantity = Decimal(100)
    now = engine.now
    for i in range(count):
        action = Action.BUY if (i // len(SYMBOLS)) % 2 == 0 else Action.SELL
        engine.execute(PlaceOrder("BENCH1", SYMBOLS[i % len(SYMBOLS)], action, quantity))
        if (i + 1) % ORDERS_PER_REFRESH == 0:
            now += timedelta(seconds=1)
            engine.execute(AdvanceClock(now))
    while engine.working_orders():
        now += timedelta(seconds=1)
        engine.execute(AdvanceClock(now))
    return sum(1 for o in engine.orders() if o.status.value == "Filled")


def _python_floor(count: int) -> float:
    """Reference: the bare Python cost of booking ``count`` fills into dict ledgers (loops/s)."""
    started = time.perf_counter()
    cash: dict[str, Decimal] = {"USD": Decimal(0)}
    positions: dict[str, Decimal] = {}
    for i in range(count):
        symbol = SYMBOLS[i % len(SYMBOLS)]
        price = Decimal("100.01") + i % 7
        cash["USD"] -= price * 100 + Decimal("1.00")
        positions[symbol] = positions.get(symbol, Decimal(0)) + 100
        record = {"order": i, "symbol": symbol, "price": price, "quantity": 100}
        record.clear()
    return count / (time.perf_counter() - started)


def bench_engine(count: int) -> Figure:
    universe = build_universe(demo_universe_spec())
    engine = Engine.new(universe, 1, BENCH_START)
    engine.execute(_open_account())
    started = time.perf_counter()
    filled = _order_flow(engine, count)
    elapsed = time.perf_counter() - started
    if filled != count:
        raise RuntimeError(f"bench: only {filled} of {count} orders filled")
    rate = count / elapsed
    return Figure("engine: orders placed, filled and booked (in memory)", rate, "orders/s", ">= 5,000",
                  rate >= 5000, "bare Python ledger loop", _python_floor(count), "loops/s")


def _raw_sqlite_rate(folder: Path, rows: int, payload: str) -> float:
    """Reference: one INSERT and one COMMIT per row into a WAL database, nothing else (rows/s)."""
    connection = sqlite3.connect(folder / "raw.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE journal(seq INTEGER PRIMARY KEY, command TEXT, events TEXT)")
    started = time.perf_counter()
    for _ in range(rows):
        connection.execute("BEGIN")
        connection.execute("INSERT INTO journal(command, events) VALUES (?, ?)", ("{}", payload))
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return rows / elapsed


def _raw_read_seconds(path: Path) -> float:
    """Reference: reading every journal row back with plain sqlite3 (seconds)."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    for _row in connection.execute("SELECT command, events FROM journal"):
        pass
    connection.close()
    return time.perf_counter() - started


def bench_store(count: int, folder: Path) -> tuple[Figure, Figure, Figure]:
    from workstation.store import open_engine  # noqa: PLC0415 - bench is above the store layer

    path = folder / "bench.db"
    watch = GcWatch()
    keep_long_lived_out_of_collections()   # as the workstation runs: see gc_policy
    try:
        engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=1, start=BENCH_START,
                                    initial_commands=[_open_account()])
        journaled = [0]
        engine.subscribe(lambda event: journaled.__setitem__(0, journaled[0] + event.journaled))
        commands_before = engine.commands_applied
        with watch.installed():
            started = time.perf_counter()
            _order_flow(engine, count)
            elapsed = time.perf_counter() - started
        full_collection = _full_collection_ms()
    finally:
        keep_long_lived_out_of_collections(False)
        gc.unfreeze()
    commands = engine.commands_applied - commands_before
    total_commands = engine.commands_applied
    store.close()
    events = journaled[0]
    payload = json.dumps(["x" * 180] * max(1, events // max(1, commands)))
    raw = _raw_sqlite_rate(folder, min(commands, 20000), payload)
    write = Figure(f"store: journaled events on disk ({events:,} events in {commands:,} commands)",
                   events / elapsed, "events/s", ">= 5,000", events / elapsed >= 5000,
                   "raw SQLite insert+commit", raw, "rows/s")
    pause = Figure(f"GC: longest collection pause during those {commands:,} commands", watch.longest_ms, "ms",
                   f"<= {FRAME_MS:g} (a frame)", watch.longest_ms <= FRAME_MS,
                   "one full gc.collect() of the same heap, unfrozen", full_collection, "ms")
    started = time.perf_counter()
    reopened, store = open_engine(path, universe_spec=demo_universe_spec(), seed=1, start=BENCH_START)
    reopen = time.perf_counter() - started
    store.close()
    if reopened.commands_applied != total_commands:
        raise RuntimeError("bench: the reopened engine does not hold every journaled command")
    read = Figure(f"store: reopen the {events:,}-event database", reopen, "s", "<= 3.0 at 100,000 events",
                  reopen <= 3.0, "raw read of every journal row", _raw_read_seconds(path), "s")
    return write, read, pause


def _full_collection_ms() -> float:
    """Reference: what a full collection of the process's heap costs when nothing is frozen, which is
    what a generation-2 pause costs without the policy (the garbage already there collected first)."""
    gc.unfreeze()
    gc.collect()
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000
