"""History-independent persistence figures for `workstation bench`: a journaled engine's costs at a
long history (1,000,000 journaled events; quick mode 30,000) beside the same costs early on.

Targets (issue 16): a snapshot write <= 50 ms and flat with history; appending >= 10,000 journaled
events/s over the last 100,000 events; reopening the whole database <= 0.5 s; <= 1 KB of resident
memory per done order. The database is built by journaling the engine's order flow (market orders
round-robin, a clock step every 200). The windows that give figures run as the workstation does
(a snapshot every 500 commands); the stretch between them is journaled without snapshots, only
to reach the size sooner, and each stretch is a reopen of the same file.
"""

from __future__ import annotations

import gc
import os
import resource
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from workstation.bench.engine_store import BENCH_START, ORDERS_PER_REFRESH, SYMBOLS, _open_account, _raw_read_seconds
from workstation.bench.figures import Figure
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action, OrderStatus
from workstation.engine.messages.commands import AdvanceClock, PlaceOrder
from workstation.engine.messages.events import Event, OrderStatusChanged
from workstation.resources import demo_universe_spec

SNAPSHOT_EVERY = 500   # open_engine's default: what the workstation runs with
EARLY_EVENTS = 32_000
LATE_EVENTS = 100_000


class _Flow:
    """The bench's order flow and its counts: journaled events, orders filled (done), orders placed."""

    def __init__(self) -> None:
        self.events = 0
        self.orders_done = 0
        self.placed = 0

    def follow(self, engine: Engine) -> None:
        engine.subscribe(self._count)

    def _count(self, event: Event) -> None:
        self.events += event.journaled
        if type(event) is OrderStatusChanged and event.status is OrderStatus.FILLED:
            self.orders_done += 1

    def trade_until(self, engine: Engine, events: int) -> float:
        """Place orders until ``events`` events are journaled; returns the seconds it took."""
        quantity = Decimal(100)
        now = engine.now
        started = time.perf_counter()
        while self.events < events:
            i = self.placed
            action = Action.BUY if (i // len(SYMBOLS)) % 2 == 0 else Action.SELL
            engine.execute(PlaceOrder("BENCH1", SYMBOLS[i % len(SYMBOLS)], action, quantity))
            self.placed += 1
            if self.placed % ORDERS_PER_REFRESH == 0:
                now += timedelta(seconds=1)
                engine.execute(AdvanceClock(now))
        return time.perf_counter() - started


def _resident_bytes() -> int:
    """The process's resident memory now (Linux), else its peak (which only grows, as history does)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if os.uname().sysname == "Darwin" else peak * 1024


def _snapshot_seconds(engine: Engine, save: Callable[[bytes], None], budget_s: float = 1.0) -> float:
    """The best of up to three snapshot writes (the engine's snapshot plus its insert), within ``budget_s``."""
    best = float("inf")
    spent = 0.0
    for _ in range(3):
        started = time.perf_counter()
        save(engine.snapshot())
        elapsed = time.perf_counter() - started
        best, spent = min(best, elapsed), spent + elapsed
        if spent >= budget_s:
            break
    return best


def bench_history(events: int, folder: Path) -> list[Figure]:
    from workstation.store import open_engine  # noqa: PLC0415 - bench is above the store layer

    path = folder / "history.db"
    spec = demo_universe_spec()
    early, late = min(EARLY_EVENTS, events // 10), min(LATE_EVENTS, events // 10)
    flow = _Flow()

    def reopen(snapshot_every: int):  # noqa: ANN202 - open_engine's pair
        engine, store = open_engine(path, universe_spec=spec, seed=1, start=BENCH_START,
                                    initial_commands=[_open_account()], snapshot_every=snapshot_every)
        flow.follow(engine)
        return engine, store

    # The first window, from an empty file
    engine, store = reopen(SNAPSHOT_EVERY)
    early_rate = early / flow.trade_until(engine, early)   # counting starts after the opening command
    early_snapshot = _snapshot_seconds(engine, lambda data: store.save_snapshot(store.journal_length(), data))
    store.close()

    # The stretch to the last window, where memory per done order is measured
    engine, store = reopen(0)
    flow.trade_until(engine, events // 10)
    gc.collect()
    memory_from, done_from = _resident_bytes(), flow.orders_done
    flow.trade_until(engine, events - late)
    gc.collect()
    per_order = (_resident_bytes() - memory_from) / max(1, flow.orders_done - done_from)
    store.save_snapshot(store.journal_length(), engine.snapshot())
    store.close()
    del engine

    # The last window, then the snapshot the reopen starts from
    engine, store = reopen(SNAPSHOT_EVERY)
    window_from = flow.events
    late_rate = (events - window_from) / flow.trade_until(engine, events)
    total, commands = flow.events, engine.commands_applied
    late_snapshot = _snapshot_seconds(engine, lambda data: store.save_snapshot(store.journal_length(), data))
    store.close()
    del engine
    gc.collect()

    started = time.perf_counter()
    reopened, store = open_engine(path, universe_spec=spec, seed=1, start=BENCH_START)
    reopen_s = time.perf_counter() - started
    store.close()
    if reopened.commands_applied != commands:
        raise RuntimeError("bench: the reopened engine does not hold every journaled command")
    file_per_order = path.stat().st_size / max(1, flow.orders_done)
    return [
        Figure(f"history: snapshot write at {total:,} journaled events", late_snapshot * 1000, "ms",
               "<= 50, flat with history", late_snapshot <= 0.050,
               f"the same at {early:,} events", early_snapshot * 1000, "ms"),
        Figure(f"history: journaled events/s over the last {total - window_from:,} of {total:,}", late_rate,
               "events/s", ">= 10,000", late_rate >= 10_000, f"the same over the first {early:,}", early_rate,
               "events/s"),
        Figure(f"history: reopen the {total:,}-event database", reopen_s, "s", "<= 0.5", reopen_s <= 0.5,
               "raw read of every journal row", _raw_read_seconds(path), "s"),
        Figure("history: resident memory per done order", per_order, "bytes", "<= 1,024", per_order <= 1024,
               "database file per done order", file_per_order, "bytes"),
    ]
