"""Figures for `workstation bench` that show a cost following the work at hand, not everyone on the
desk (issue 16): each is measured at two sizes in the same run, so flatness reads off the pair.

- the engine's order flow with 5,000 funded accounts in the engine, beside the same flow with none
  (>= 5,000 orders/s), and with 500 beside 5,000;
"""

from __future__ import annotations

import time
from decimal import Decimal

from workstation.bench.engine_store import BENCH_START, _open_account, _order_flow
from workstation.bench.figures import Figure
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import build_universe
from workstation.engine.messages.commands import OpenAccount
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
