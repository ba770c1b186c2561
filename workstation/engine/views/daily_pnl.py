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
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.money import round_cents
from workstation.engine.core.terms import Action
from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import (
    Event,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    SessionOpened,
)

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


class TodaysFills:
    """Per account, the executions that booked units to it since the session opened, in the order
    they happened, as last reported (busted ones dropped). An advisor's execution is listed under
    each account it was allocated to. Derived, not engine state: the engine feeds it every applied
    and replayed command's events and keeps its ``export()`` in each snapshot."""

    def __init__(self) -> None:
        self._by_account: dict[str, dict[str, ExecutionReported]] = {}

    def follow(self, events: Iterable[Event]) -> None:
        for event in events:
            kind = type(event)
            if kind is ExecutionReported:
                assert isinstance(event, ExecutionReported)
                for account in _receivers(event):
                    self._by_account.setdefault(account, {})[event.exec_id] = event
            elif kind is ExecutionBusted or kind is ExecutionCorrected:
                assert isinstance(event, (ExecutionBusted, ExecutionCorrected))
                self._restate(event)
            elif kind is SessionOpened:
                self._by_account.clear()  # Daily P&L counts from the open: earlier fills are held at the close

    def executions(self, account_id: str) -> list[ExecutionReported]:
        """The account's fills since the session opened (those before the open of a session the
        engine started in never happened)."""
        return list(self._by_account.get(account_id, {}).values())

    def export(self) -> dict[str, list[ExecutionReported]]:
        return {account: list(fills.values()) for account, fills in self._by_account.items()}

    def restore(self, data: dict[str, list[ExecutionReported]]) -> None:
        self._by_account = {account: {e.exec_id: e for e in fills} for account, fills in data.items()}

    def _restate(self, event: ExecutionBusted | ExecutionCorrected) -> None:
        for fills in self._by_account.values():
            execution = fills.get(event.exec_id)
            if execution is None:
                continue  # not today's, or not this account's
            if isinstance(event, ExecutionBusted):
                del fills[event.exec_id]
            else:
                fills[event.exec_id] = replace(execution, price=event.new_price)


def _receivers(execution: ExecutionReported) -> list[str]:
    """The accounts ``execution`` booked units to (see ``units_booked``)."""
    return [account for account, _ in execution.allocations] if execution.allocations else [execution.account]
