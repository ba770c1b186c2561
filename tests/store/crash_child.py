"""Child process of the crash test: trades market orders against a workstation file until killed.

It prints each order id only when the engine publishes the order's Filled status, which happens
after the journal committed the command, so every printed id must survive a SIGKILL.
Usage: ``python crash_child.py PATH``.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from decimal import Decimal

from workstation.engine.core.terms import AccountType, Action, OrderStatus
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder
from workstation.engine.messages.events import OrderStatusChanged
from workstation.resources import demo_universe_spec
from workstation.store import open_engine

OPENING_CASH = Decimal("10000000")
# Monday 2 March 2026, 09:31 ET: one second per round keeps the market open for hours.
START = datetime(2026, 3, 2, 9, 31, tzinfo=EASTERN)
OPENING = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", OPENING_CASH),)),)


def report_fill(event: OrderStatusChanged) -> None:
    if event.status is OrderStatus.FILLED:
        print(event.order_id, flush=True)


def main(path: str) -> None:
    engine, _store = open_engine(path, universe_spec=demo_universe_spec(), seed=11, start=START,
                                 initial_commands=OPENING, snapshot_every=50)
    engine.subscribe(report_fill, OrderStatusChanged)
    print("ready", flush=True)
    round_number = 0
    while True:
        # 500 shares often exceed the displayed size, so some orders fill over several clock steps.
        action = Action.BUY if round_number % 2 == 0 else Action.SELL
        engine.execute(PlaceOrder("U1", "AAPL", action, Decimal(500)))
        engine.execute(AdvanceClock(engine.now + timedelta(seconds=1)))
        round_number += 1


if __name__ == "__main__":
    main(sys.argv[1])
