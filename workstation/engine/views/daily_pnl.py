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
from workstation.engine.orders.fill_commissions import execution_number

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
    feeds it every applied and replayed command's events and keeps its ``export()`` in each snapshot.

    It keeps the totals only, never today's fills: a bust or a correction looks its execution up
    (``execution``: the engine history's lookup by exec id) and tells today's by the execution's
    number (``execution_number``), after the last one reported before the session opened. The
    number, not the time: a pre-market fill can happen at the very instant of the open."""

    def __init__(self, execution: Callable[[str], ExecutionReported | None]) -> None:
        self._execution = execution
        self._traded: dict[str, dict[str, Traded]] = {}
        """account -> symbol -> today's totals"""
        self._last_number = 0
        """the number of the latest execution reported"""
        self._opened_after = 0
        """the number of the latest execution reported before the session opened: today's come after"""

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
                self._opened_after = self._last_number

    def traded(self, account_id: str) -> dict[str, Traded]:
        """symbol -> what the account traded of it since the session opened (since the engine
        started, if it started within a session: nothing traded before)."""
        return self._traded.get(account_id, {})

    def export(self) -> tuple:
        return ({account: {symbol: (t.units, t.value, t.fills) for symbol, t in symbols.items()}
                 for account, symbols in self._traded.items()}, self._last_number, self._opened_after)

    def restore(self, data: tuple) -> None:
        traded, self._last_number, self._opened_after = data
        self._traded = {account: {symbol: Traded(*totals) for symbol, totals in symbols.items()}
                        for account, symbols in traded.items()}

    def _filled(self, execution: ExecutionReported) -> None:
        self._last_number = execution_number(execution)
        receivers = execution.allocations or ((execution.account, execution.quantity),)
        sign = execution.action.sign
        symbol, price, traded = execution.symbol, execution.price, self._traded
        # An advisor execution gives thousands of accounts a few distinct parts (the same objects):
        # each part's signed units and value are worked out once. ``receivers`` keeps the ids alive.
        moves: dict[int, tuple[Decimal, Decimal]] = {}
        for account, units in receivers:
            if not units:
                continue
            move = moves.get(id(units))
            if move is None:
                signed = units * sign
                move = moves[id(units)] = (signed, price * signed)
            symbols = traded.get(account)
            if symbols is None:
                symbols = traded[account] = {}
            totals = symbols.get(symbol)
            if totals is None:
                totals = symbols[symbol] = Traded()
            totals.units += move[0]
            totals.value += move[1]
            totals.fills += 1

    def _todays(self, exec_id: str) -> ExecutionReported | None:
        """The execution ``exec_id`` as reported, if it happened since the session opened."""
        execution = self._execution(exec_id)
        if execution is None or execution_number(execution) <= self._opened_after:
            return None
        return execution

    def _busted(self, event: ExecutionBusted) -> None:
        execution = self._todays(event.exec_id)
        if execution is None:
            return
        for account, units in _shares(execution):
            symbols = self._traded[account]
            totals = symbols[execution.symbol]
            totals.units -= units
            totals.value -= event.price * units
            totals.fills -= 1
            if not totals.fills:
                del symbols[execution.symbol]  # as if never traded today

    def _corrected(self, event: ExecutionCorrected) -> None:
        execution = self._todays(event.exec_id)
        if execution is None:
            return
        for account, units in _shares(execution):
            self._traded[account][execution.symbol].value += (event.new_price - event.old_price) * units


def _shares(execution: ExecutionReported) -> tuple[tuple[str, Decimal], ...]:
    """(account, signed units) for each account the execution booked units to."""
    receivers = execution.allocations or ((execution.account, execution.quantity),)
    sign = execution.action.sign
    return tuple((account, units * sign) for account, units in receivers if units)
