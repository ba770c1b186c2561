"""Figures for `workstation bench` that show a cost following the work at hand, not everyone on the
desk (issue 16): each is measured at two sizes in the same run, so flatness reads off the pair.

- the engine's order flow with 5,000 funded accounts in the engine, beside the same flow with none
  (>= 5,000 orders/s), and with 500 beside 5,000;
- a market step (AdvanceClock) with 5,000 resting limit orders, beside the step with 50 (<= 5 ms);
- the Account Window's All for an advisor with 3,000 clients x 50 positions after a tick, beside the
  vectorised margin summary of the same accounts (<= 30 ms).
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import numpy as np

from workstation.bench.allocation import _time_ms
from workstation.bench.engine_store import BENCH_START, SYMBOLS, _open_account, _order_flow
from workstation.bench.figures import Figure
from workstation.bench.margin import _stock_and_option_symbols, bench_universe
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.core.universe import build_universe
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SeedPosition
from workstation.resources import demo_universe_spec


def _flow_rate(bystanders: int, orders: int) -> float:
    """Orders/s of the bench's order flow on one account while ``bystanders`` funded accounts,
    which trade nothing, sit in the engine."""
    engine = Engine.new(build_universe(demo_universe_spec()), 1, BENCH_START)
    for k in range(bystanders):
        engine.execute(OpenAccount(f"S{k:05d}", AccountType.MARGIN, cash=(("USD", Decimal(250_000)),)))
    engine.execute(_open_account())
    started = time.perf_counter()
    filled = _order_flow(engine, orders)
    elapsed = time.perf_counter() - started
    if filled != orders:
        raise RuntimeError(f"bench: only {filled} of {orders} orders filled")
    return orders / elapsed


def bench_engine_with_accounts(orders: int) -> tuple[Figure, Figure]:
    """The order flow with 5,000 accounts in the engine, beside none; and 500 beside 5,000."""
    alone = _flow_rate(0, orders)
    few = _flow_rate(500, orders)
    many = _flow_rate(5_000, orders)
    return (Figure("engine: orders/s with 5,000 accounts in the engine", many, "orders/s", ">= 5,000",
                   many >= 5000, "the same flow with no other account", alone, "orders/s"),
            Figure("engine: orders/s with 500 accounts in the engine", few, "orders/s", ">= 5,000 (flat)",
                   few >= 5000, "the same flow with 5,000 accounts", many, "orders/s"))


def _step_ms(resting: int) -> float:
    """Milliseconds of a one-second AdvanceClock in regular hours with ``resting`` GTC limit orders
    working, a fifth under the market for buys and over it for sells, so none fills."""
    engine = Engine.new(build_universe(demo_universe_spec()), 1, BENCH_START)
    engine.execute(OpenAccount("REST1", AccountType.MARGIN, cash=(("USD", Decimal(1_000_000_000)),)))
    for k in range(resting):
        symbol = SYMBOLS[k % len(SYMBOLS)]
        buy = k % 2 == 0
        away = Decimal("0.80") if buy else Decimal("1.20")
        price = (engine.price_of(symbol) * away - Decimal(k % 50) / 100).quantize(Decimal("0.01"))
        engine.execute(PlaceOrder("REST1", symbol, Action.BUY if buy else Action.SELL, Decimal(1), OrderType.LMT,
                                  price, tif=TimeInForce.GTC))
    if len(engine.working_orders()) != resting:
        raise RuntimeError(f"bench: {resting} orders should rest, {len(engine.working_orders())} do")
    clock = [engine.now]

    def step() -> None:
        clock[0] += timedelta(seconds=1)
        engine.execute(AdvanceClock(clock[0]))
    return _time_ms(step, 21)


def bench_clock_step(resting: int = 5_000) -> Figure:
    few, many = _step_ms(50), _step_ms(resting)
    return Figure(f"engine: one market step with {resting:,} resting orders", many, "ms", "<= 5 ms", many <= 5,
                  "the same step with 50 resting orders", few, "ms")


def bench_account_window_all(clients: int, positions: int = 50) -> Figure:
    """All of an advisor's ``clients``, each holding ``positions`` stocks and options (as the account
    values figure builds them), read after a tick."""
    from workstation.client.account_window import AccountSelection, SelectionKind, account_window  # noqa: PLC0415

    universe = bench_universe()
    engine = Engine.new(universe, 9, BENCH_START, random_walk=True)
    engine.execute(OpenAccount("FA", AccountType.ADVISOR))
    symbols = _stock_and_option_symbols(universe, positions)
    rng = np.random.default_rng(4)
    ids = [f"V{i:05d}" for i in range(clients)]
    for account_id in ids:
        held = tuple(SeedPosition(s, Decimal(int(rng.integers(1, 200))), Decimal(10)) for s in symbols)
        engine.execute(OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", Decimal(5_000_000)),),
                                   positions=held, advisor="FA"))
    engine.execute(AdvanceClock(BENCH_START.replace(minute=BENCH_START.minute + 1)))  # a tick: prices move
    reads = LoginReads(engine, "FA")
    everyone = AccountSelection(SelectionKind.ALL, "All", tuple(ids))
    window = _time_ms(lambda: account_window(reads, everyone), 7)
    summary = _time_ms(lambda: engine.margin_summary(ids), 7)
    return Figure(f"Account Window: All of {clients:,} clients x {positions} positions after a tick", window, "ms",
                  "<= 30 ms", window <= 30, "margin summary of the same accounts", summary, "ms")
