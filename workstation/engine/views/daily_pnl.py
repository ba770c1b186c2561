"""Daily P&L: what each position made since the prior session's close, as TWS's Portfolio shows it.

A position held at the prior close is marked from that close; what was bought or sold today is
marked from its fill price. So for a position with ``q`` units now, of which ``t`` were traded today
(signed) at prices ``p_i``:

    daily = (last - close) * (q - t) * multiplier + sum((last - p_i) * t_i) * multiplier

which also counts the P&L of a position opened and closed within the day. Commissions are not part
of Daily P&L (they show in Realized P&L), and a busted execution never happened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.money import round_cents
from workstation.engine.core.terms import Action
from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import ExecutionReported

ZERO = Decimal(0)


def units_booked(execution: ExecutionReported, account_id: str) -> Decimal:
    """The signed units ``execution`` booked to ``account_id`` (its share of an advisor's fill)."""
    if execution.allocations:
        units = sum((q for a, q in execution.allocations if a == account_id), ZERO)
    else:
        units = execution.quantity if execution.account == account_id else ZERO
    return units if execution.action is Action.BUY else -units


def daily_pnl(account: Account, executions: Iterable[ExecutionReported], since: datetime,
              catalog: InstrumentCatalog, last_of: Callable[[str], Decimal],
              close_of: Callable[[str], Decimal], busted: set[str] | frozenset[str] = frozenset()
              ) -> dict[str, Decimal]:
    """symbol -> Daily P&L in the instrument's currency, for every position held or traded today."""
    traded: dict[str, Decimal] = defaultdict(lambda: ZERO)
    traded_gain: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for execution in executions:
        if execution.time < since or execution.exec_id in busted:
            continue
        units = units_booked(execution, account.account_id)
        if units:
            traded[execution.symbol] += units
            traded_gain[execution.symbol] += (last_of(execution.symbol) - execution.price) * units
    result: dict[str, Decimal] = {}
    for symbol in {*account.positions, *traded}:
        multiplier = catalog[symbol].multiplier
        held_at_close = account.position_quantity(symbol) - traded[symbol]
        pnl = (last_of(symbol) - close_of(symbol)) * held_at_close + traded_gain[symbol]
        result[symbol] = round_cents(pnl * multiplier)
    return result
