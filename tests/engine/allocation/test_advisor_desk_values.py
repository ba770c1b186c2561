"""An advisor's executions booked for all its clients at once leave every account exactly as booking
them one account at a time did: cash, positions, SMA and account values after every execution of a
random desk (stocks bought and sold, closing positions first, futures, an order taken to its final
distribution), compared with the values recorded from the per-account booking.

``advisor_desk_values.json`` was recorded from the engine before the bulk booking (the commit
"Orders: the History port ...") by ``python tests/engine/allocation/test_advisor_desk_values.py``:
one digest per account per step, so a difference names the step and the account. Record it again
only for an intended change of behaviour.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    Command,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
)
from workstation.resources import demo_universe_spec

RECORDED = Path(__file__).with_name("advisor_desk_values.json")
START = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)
D = Decimal


def _ok(engine: Engine, command: Command) -> Accepted:
    result = engine.execute(command)
    assert isinstance(result, Accepted), result
    return result


def _on_quarters(price: Decimal) -> Decimal:
    """``price`` on a quarter, a tick of every contract the desk trades."""
    return (price * 4).to_integral_value() / 4


def _account_digest(engine: Engine, account_id: str) -> str:
    """Every cash balance, position and account value (SMA among them) of one account, digested."""
    account = engine.account(account_id)
    state = {
        "cash": {currency: str(amount) for currency, amount in sorted(account.cash.items())},
        "positions": {symbol: [str(p.quantity), str(p.avg_cost), str(p.avg_price), str(p.realized_pnl)]
                      for symbol, p in sorted(account.positions.items())},
        "values": {str(tag): str(value) for tag, value in sorted(engine.account_values(account_id).items())},
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:20]


def run_random_desk(seed: int = 16) -> dict[str, dict[str, str]]:
    """A random advisor desk traded through several orders; each account's digest after every step."""
    rng = random.Random(seed)
    engine = Engine.new(build_universe(demo_universe_spec()), seed, START, random_walk=False)
    _ok(engine, OpenAccount("FA", AccountType.ADVISOR))
    clients = [f"K{i:02d}" for i in range(24)]
    for i, client in enumerate(clients):
        held = []
        if rng.random() < 0.5:
            held.append(SeedPosition("KO", D(rng.randint(1, 40) * 10), D(rng.randint(5500, 6800)) / 100))
        if rng.random() < 0.3:
            held.append(SeedPosition("AAPL", D(-rng.randint(1, 20) * 5), D(rng.randint(20000, 24000)) / 100))
        kind = AccountType.CASH if i % 8 == 7 else AccountType.MARGIN
        held = [p for p in held if kind is AccountType.MARGIN or p.quantity > 0]
        _ok(engine, OpenAccount(client, kind, cash=(("USD", D(rng.randint(40, 4000) * 1000)),), advisor="FA",
                                positions=tuple(held)))
    _ok(engine, DefineGroup("FA", "Desk", AllocationMethod.CONTRACTS_OR_SHARES,
                            tuple((client, D(rng.randint(1, 30) * 10)) for client in clients)))
    futures = [client for client in clients if engine.account(client).account_type is AccountType.MARGIN][:10]
    _ok(engine, DefineGroup("FA", "Futures", AllocationMethod.CONTRACTS_OR_SHARES,
                            tuple((client, D(rng.randint(1, 4))) for client in futures)))
    values: dict[str, dict[str, str]] = {}
    step = 0

    def record() -> None:
        nonlocal step
        step += 1
        values[f"{step:02d}"] = {client: _account_digest(engine, client) for client in clients}

    plans = [("AAPL", Action.BUY, "Desk", 5), ("KO", Action.SELL, "Desk", 4), ("ESZ6", Action.BUY, "Futures", 3),
             ("KO", Action.BUY, "Desk", 3)]
    for symbol, action, group, executions in plans:
        placed = _ok(engine, PlaceOrder("FA", symbol, action, D(0), OrderType.MKT, fa_group=group))
        order_id = placed.events[0].order_id
        for number in range(executions):
            order = engine.order(order_id)
            last = number == executions - 1
            size = order.remaining if last else max(D(1), (order.remaining * D(rng.randint(10, 30)) / 100)
                                                    .to_integral_value())
            price = _on_quarters(engine.quote(symbol).last * (1 + D(rng.randint(-50, 50)) / 10_000))
            _ok(engine, ForceExecution(order_id, size, price))
            record()
            _ok(engine, SetPrice(symbol, _on_quarters(price * (1 + D(rng.randint(-300, 300)) / 10_000))))
            record()
    return values


def test_bulk_booking_leaves_every_account_as_booking_one_at_a_time_did() -> None:
    recorded = json.loads(RECORDED.read_text())
    now = run_random_desk()

    assert list(now) == list(recorded)
    for step, accounts in recorded.items():
        differing = [account for account, digest in accounts.items() if now[step][account] != digest]
        assert differing == [], f"step {step}: these accounts differ from the per-account booking"


if __name__ == "__main__":  # record the reference values (see the module's docstring)
    RECORDED.write_text(json.dumps(run_random_desk(), indent=1, sort_keys=True) + "\n")
    sys.exit(0)
