"""Daily P&L: what each position made since the prior session's close, as TWS's Portfolio shows it.

A position held at the prior close is marked from that close; what was bought or sold today is
marked from its fill price. So for a position with ``q`` units now, of which ``t`` were traded today
(signed) at prices ``p_i``:

    daily = (last - close) * (q - t) * multiplier + sum((last - p_i) * t_i) * multiplier

which also counts the P&L of a position opened and closed within the day. Commissions are not part
of Daily P&L (they show in Realized P&L), and a busted execution never happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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


@dataclass(slots=True)
class Traded:
    """An account's fills of one symbol today: signed units, their value (sum of price x signed
    units) and how many fills booked it units."""

    units: Decimal = ZERO
    value: Decimal = ZERO
    fills: int = 0


def daily_pnl(account: Account, executions: Iterable[ExecutionReported], since: datetime,
              catalog: InstrumentCatalog, last_of: Callable[[str], Decimal],
              close_of: Callable[[str], Decimal], busted: set[str] | frozenset[str] = frozenset()
              ) -> dict[str, Decimal]:
    """symbol -> Daily P&L in the instrument's currency, for every position held or traded today,
    from a list of executions (those before ``since`` and the ``busted`` ones left out)."""
    traded: dict[str, Traded] = {}
    for execution in executions:
        if execution.time < since or execution.exec_id in busted:
            continue
        units = units_booked(execution, account.account_id)
        if units:
            totals = traded.setdefault(execution.symbol, Traded())
            totals.units += units
            totals.value += execution.price * units
            totals.fills += 1
    return daily_pnl_of(account, traded, catalog, last_of, close_of)


def daily_pnl_of(account: Account, traded: Mapping[str, Traded], catalog: InstrumentCatalog,
                 last_of: Callable[[str], Decimal], close_of: Callable[[str], Decimal]) -> dict[str, Decimal]:
    """symbol -> Daily P&L in the instrument's currency, from what the account traded today."""
    result: dict[str, Decimal] = {}
    for symbol in {*account.positions, *traded}:
        multiplier = catalog[symbol].multiplier
        today = traded.get(symbol)
        units, value = (today.units, today.value) if today is not None else (ZERO, ZERO)
        last = last_of(symbol)
        held_at_close = account.position_quantity(symbol) - units
        pnl = (last - close_of(symbol)) * held_at_close + last * units - value
        result[symbol] = round_cents(pnl * multiplier)
    return result


class TodaysFills:
    """Per account and symbol, what the account's fills since the session opened add up to
    (``Traded``), busted ones taken back and corrected ones at their new price. An advisor's
    execution counts for each account it was allocated to. Derived, not engine state: the engine
    feeds it every applied and replayed command's events and keeps its ``export()`` in each snapshot."""

    def __init__(self) -> None:
        self._traded: dict[str, dict[str, Traded]] = {}
        """account -> symbol -> today's totals"""
        self._fills: dict[str, tuple[str, tuple[tuple[str, Decimal], ...]]] = {}
        """today's exec id -> (symbol, signed units per account), what a bust or a correction restates"""

    def follow(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, ExecutionReported):
                self._filled(event)
            elif isinstance(event, ExecutionBusted):
                self._busted(event)
            elif isinstance(event, ExecutionCorrected):
                self._corrected(event)
            elif isinstance(event, SessionOpened):
                # Daily P&L counts from the open: what traded before it is held at the close
                self._traded.clear()
                self._fills.clear()

    def traded(self, account_id: str) -> dict[str, Traded]:
        """symbol -> what the account traded of it since the session opened (since the engine
        started, if it started within a session: nothing traded before)."""
        return self._traded.get(account_id, {})

    def export(self) -> tuple:
        return ({account: {symbol: (t.units, t.value, t.fills) for symbol, t in symbols.items()}
                 for account, symbols in self._traded.items()}, dict(self._fills))

    def restore(self, data: tuple) -> None:
        traded, fills = data
        self._traded = {account: {symbol: Traded(*totals) for symbol, totals in symbols.items()}
                        for account, symbols in traded.items()}
        self._fills = dict(fills)

    def _filled(self, execution: ExecutionReported) -> None:
        receivers = execution.allocations or ((execution.account, execution.quantity),)
        sign = execution.action.sign
        shares = tuple((account, units * sign) for account, units in receivers if units)
        self._fills[execution.exec_id] = (execution.symbol, shares)
        for account, units in shares:
            totals = self._traded.setdefault(account, {}).setdefault(execution.symbol, Traded())
            totals.units += units
            totals.value += execution.price * units
            totals.fills += 1

    def _busted(self, event: ExecutionBusted) -> None:
        fill = self._fills.pop(event.exec_id, None)
        if fill is None:
            return  # not one of today's
        symbol, shares = fill
        for account, units in shares:
            symbols = self._traded[account]
            totals = symbols[symbol]
            totals.units -= units
            totals.value -= event.price * units
            totals.fills -= 1
            if not totals.fills:
                del symbols[symbol]  # as if never traded today

    def _corrected(self, event: ExecutionCorrected) -> None:
        fill = self._fills.get(event.exec_id)
        if fill is None:
            return
        symbol, shares = fill
        for account, units in shares:
            self._traded[account][symbol].value += (event.new_price - event.old_price) * units
