"""Allocation figures for `workstation bench`: the vectorised partial-fill allocation beside a
straightforward Decimal loop, and a large advisor order booked end to end.

Targets (issue 3): one execution across 1,000 accounts <= 1 ms, across 10,000 <= 10 ms, and at
least 4x faster than the straightforward loop; a 1,000,000-share order filled in 1,000 executions
across 1,000 accounts is reported (total and per execution). Issue 16: an advisor execution booked
and journaled on a database costs <= 3 ms at 1,000 clients and <= 15 ms at 5,000, and journals
<= 100 bytes per client.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import numpy as np

from workstation.bench.engine_store import BENCH_START
from workstation.bench.figures import Figure
from workstation.engine.allocation.fills import allocate_execution
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.core.universe import build_universe
from workstation.engine.messages.commands import (
    Command,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
)
from workstation.engine.messages.events import AllocationBooked
from workstation.gc_policy import keep_long_lived_out_of_collections
from workstation.resources import demo_universe_spec


def straightforward_allocation(desired: list[Decimal], allocated: list[Decimal], quantity: Decimal) -> list[Decimal]:
    """The same rules written plainly with Decimals: floor of the pro-rata share, then the units
    left to the smallest fill ratios (ties by position; the reference needs no randomness)."""
    total_desired = sum(desired)
    filled = sum(allocated) + quantity
    result = list(allocated)
    given = Decimal(0)
    for i, want in enumerate(desired):
        target = (filled * want / total_desired).to_integral_value(rounding=ROUND_FLOOR)
        extra = max(target - result[i], Decimal(0))
        result[i] += extra
        given += extra
    left = int(quantity - given)
    ratios = sorted((result[i] / desired[i], i) for i in range(len(desired)) if result[i] < desired[i])
    for _ratio, i in ratios[:left]:
        result[i] += 1
    return [after - before for after, before in zip(result, allocated, strict=True)]


def _time_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_one_execution(accounts: int, budget_ms: float) -> Figure:
    rng = np.random.default_rng(7)
    desired = rng.integers(1, 1000, accounts).astype(np.int64)
    allocated = np.zeros(accounts, dtype=np.int64)
    quantity = int(desired.sum()) // 3 + 1  # leaves a remainder to hand out one unit at a time
    vectorised = _time_ms(lambda: allocate_execution(desired, allocated, quantity, np.random.default_rng(1)), 15)
    desired_dec = [Decimal(int(d)) for d in desired]
    allocated_dec = [Decimal(0)] * accounts
    loop = _time_ms(lambda: straightforward_allocation(desired_dec, allocated_dec, Decimal(quantity)), 5)
    speedup = loop / vectorised
    return Figure(f"allocation: one execution across {accounts:,} accounts", vectorised, "ms",
                  f"<= {budget_ms:g} ms and >= 4x the loop ({speedup:.1f}x)",
                  vectorised <= budget_ms and speedup >= 4, "straightforward Decimal loop", loop, "ms")


def bench_large_advisor_order(accounts: int, executions: int, shares_per_account: int) -> Figure:
    """An advisor order of accounts x shares filled in ``executions`` equal forced executions."""
    engine = Engine.new(build_universe(demo_universe_spec()), 1, BENCH_START, random_walk=False)
    engine.execute(OpenAccount("FBENCH", AccountType.ADVISOR))
    clients = [f"C{i:05d}" for i in range(accounts)]
    for client in clients:
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", Decimal(10_000_000)),), advisor="FBENCH"))
    engine.execute(DefineGroup("FBENCH", "Everyone", AllocationMethod.CONTRACTS_OR_SHARES,
                               tuple((c, Decimal(shares_per_account)) for c in clients)))
    placed = engine.execute(PlaceOrder("FBENCH", "KO", Action.BUY, Decimal(0), OrderType.LMT, Decimal("1.00"),
                                       fa_group="Everyone"))
    assert isinstance(placed, Accepted)
    order_id = placed.events[0].order_id
    size = Decimal(accounts * shares_per_account // executions)
    started = time.perf_counter()
    for _ in range(executions):
        engine.execute(ForceExecution(order_id, size, Decimal("64.30")))
    elapsed = time.perf_counter() - started
    order = engine.order(order_id)
    if order.filled != accounts * shares_per_account:
        raise RuntimeError("bench: the advisor order did not fill")
    per_execution = elapsed / executions * 1000
    return Figure(f"allocation: {int(order.filled):,}-share order, {executions:,} executions, {accounts:,} accounts "
                  f"(total {elapsed:.1f} s)", per_execution, "ms per execution", "reported", True,
                  "one execution's allocation alone", _time_ms(
                      lambda: allocate_execution(np.full(accounts, shares_per_account), np.zeros(accounts, np.int64),
                                                 int(size), np.random.default_rng(1)), 5), "ms")


def _advisor_desk(advisor: str, clients: int, shares_per_account: int) -> list[Command]:
    """An advisor whose ``clients`` margin accounts share one group, each wanting about
    ``shares_per_account`` (from half to one and a half times it). The clients differ as a real
    desk's do: in cash, and two in three already hold the contract in their own size and at their
    own cost, so no two neighbours book alike."""
    names = [f"C{i:05d}" for i in range(clients)]
    held = [(SeedPosition("KO", Decimal(10 + i % 97), Decimal("60.50") + i % 13),) if i % 3 else ()
            for i in range(clients)]
    wanted = [Decimal(shares_per_account // 2 + (i % 41) * shares_per_account // 40) for i in range(clients)]
    return [OpenAccount(advisor, AccountType.ADVISOR),
            *(OpenAccount(name, AccountType.MARGIN, cash=(("USD", Decimal(10_000_000 + 137 * i)),), advisor=advisor,
                          positions=held[i])
              for i, name in enumerate(names)),
            DefineGroup(advisor, "Everyone", AllocationMethod.CONTRACTS_OR_SHARES, tuple(zip(names, wanted)))]


def bench_advisor_execution(clients: int, executions: int, budget_ms: float, folder: Path) -> tuple[Figure, Figure]:
    """One advisor execution across ``clients`` accounts, booked and journaled on a database: its
    cost (median of ``executions``, none of them the order's last, which also distributes it) and
    the journal it writes per client, beside what journaling each account's bookings one by one
    would write (the same run's events, encoded as the journal encodes them). The collector runs
    as in the workstation (see gc_policy): the desk opened is kept out of full collections."""
    from workstation.store import codec, open_engine  # noqa: PLC0415 - bench is above the store layer

    keep_long_lived_out_of_collections()
    try:
        samples, one_by_one, journaled = _advisor_executions(clients, executions, folder, codec, open_engine)
    finally:
        keep_long_lived_out_of_collections(False)
        gc.unfreeze()
    alone = _time_ms(lambda: allocate_execution(np.full(clients, 1_000), np.zeros(clients, np.int64), clients * 10,
                                                np.random.default_rng(1)), 5)
    per_execution = statistics.median(samples)
    cost = Figure(f"allocation: an advisor execution on a database, {clients:,} clients", per_execution,
                  "ms per execution", f"<= {budget_ms:g} ms", per_execution <= budget_ms,
                  "the execution's allocation alone", alone, "ms")
    per_client = journaled / executions / clients
    journal = Figure(f"allocation: journal of an advisor execution, {clients:,} clients", per_client,
                     "bytes per client", "<= 100", per_client <= 100,
                     "each account's bookings journaled one by one", one_by_one / executions / clients, "bytes")
    return cost, journal


def _advisor_executions(clients: int, executions: int, folder: Path, codec: Any,
                        open_engine: Callable[..., Any]) -> tuple[list[float], int, int]:
    """Each execution's cost (ms), the bytes journaling each account's bookings would write, and the bytes written."""
    engine, store = open_engine(folder / f"advisor-{clients}.db", universe_spec=demo_universe_spec(), seed=1,
                                start=BENCH_START, random_walk=False,
                                initial_commands=_advisor_desk("FBENCH", clients, 1_000))
    try:
        placed = engine.execute(PlaceOrder("FBENCH", "KO", Action.BUY, Decimal(0), OrderType.LMT, Decimal("1.00"),
                                           fa_group="Everyone"))
        assert isinstance(placed, Accepted)
        order_id = placed.events[0].order_id
        size = Decimal(clients * 10)  # an order of a thousand shares each is far from done
        samples, one_by_one = [], 0
        for _ in range(executions):
            started = time.perf_counter()
            result = engine.execute(ForceExecution(order_id, size, Decimal("64.30")))
            samples.append((time.perf_counter() - started) * 1000)
            assert isinstance(result, Accepted)
            one_by_one += len(codec.dumps_all([e for e in result.events
                                               if e.journaled and not isinstance(e, AllocationBooked)]))
        first = store.journal_length() - executions
        journaled = sum(len(events) for seq, _command, events in store.journal_text() if seq > first)
    finally:
        store.close()
    return samples, one_by_one, journaled
