"""Trades Summary: the executions added up per account, symbol and side, as TWS's Trades window
summarises the day's fills (total quantity, average price, commission, number of executions).

Busted executions are left out, since they never traded; a corrected one counts at its corrected
price (the engine keeps the execution as last reported). The commission is what the orders cost
now: a bust or a correction restates an order's commission without rewriting its other
executions, and an advisor order's final distribution restates each account's share, so the
executions' own commissions would no longer add up to what was charged.

``summarise_trades`` adds up a list of executions; the engine keeps a ``TradesSummaryBook`` instead,
a derived read model like the price bars: fed each command's events, it keeps running totals per
row, so a fill costs one row's update, never a pass over every execution ever. It follows
``ExecutionReported`` (a fill adds its units, value and the commission it added to its order),
``ExecutionBusted`` and ``ExecutionCorrected`` (units and value leave or move) and
``CommissionRestated`` (an order's commission changed without a fill). Its totals are exact
Decimals that render as a fresh sum would (the same digits, trailing zeros included), so it
answers exactly what ``summarise_trades`` over the same executions would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.terms import Action
from workstation.engine.messages.events import (
    CommissionRestated,
    Event,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
)
from workstation.engine.orders.fill_commissions import order_commission_now
from workstation.engine.orders.order import Order

RowKey = tuple[str, str, Action]
"""(account, symbol, side): what a summary row adds up."""


@dataclass(frozen=True, slots=True)
class TradeSummaryRow:
    """One account's fills of one symbol on one side. ``avg_price`` is weighted by quantity."""

    account: str
    symbol: str
    action: Action
    quantity: Decimal
    avg_price: Decimal
    commission: Decimal
    commission_currency: str
    executions: int

    @property
    def key(self) -> str:
        """``DU111111|AAPL|BUY``: the row's identity (symbols may contain spaces, never ``|``)."""
        return f"{self.account}|{self.symbol}|{self.action.value}"


def summarise_trades(executions: Iterable[ExecutionReported], busted: Collection[str],
                     orders: Mapping[int, Order]) -> list[TradeSummaryRow]:
    """The summary rows of ``executions`` leaving out the ``busted`` exec ids, sorted by account,
    symbol and side; ``orders`` (by id) give the commissions. The definition ``TradesSummaryBook``
    is held to (its tests compare the two over random fills, busts and corrections)."""
    totals: dict[tuple[str, str, Action], list[ExecutionReported]] = {}
    for execution in executions:
        if execution.exec_id not in busted:
            totals.setdefault((execution.account, execution.symbol, execution.action), []).append(execution)
    rows = []
    for (account, symbol, action), fills in sorted(totals.items(), key=lambda item: (
            item[0][0], item[0][1], item[0][2].value)):
        quantity = sum((fill.quantity for fill in fills), Decimal(0))
        value = sum((fill.quantity * fill.price for fill in fills), Decimal(0))
        rows.append(TradeSummaryRow(
            account=account, symbol=symbol, action=action, quantity=quantity, avg_price=value / quantity,
            commission=sum((order_commission(orders[n]) for n in dict.fromkeys(f.order_id for f in fills)),
                           Decimal(0)),
            commission_currency=fills[0].commission_currency, executions=len(fills)))
    return rows


def order_commission(order: Order) -> Decimal:
    """What an order costs in commission now: its accounts' shares for an advisor order."""
    return order_commission_now(order)


class ExactSum:
    """A running sum of Decimals that terms leave as well as join, read as ``sum(terms, Decimal(0))``
    over the terms still in it would be: the same value and the same exponent (``1.50``, not
    ``1.5000`` left behind by a term with more places that has since gone). Exact addition keeps
    the smallest exponent of its operands, so the sum remembers how many terms of each exponent it
    holds."""

    __slots__ = ("total", "exponents")

    def __init__(self, total: Decimal = Decimal(0), exponents: dict[int, int] | None = None) -> None:
        self.total = total
        self.exponents: Counter[int] = Counter(exponents or {})

    def add(self, term: Decimal) -> None:
        self.total += term
        self.exponents[_exponent(term)] += 1

    def remove(self, term: Decimal) -> None:
        self.total -= term
        exponent = _exponent(term)
        self.exponents[exponent] -= 1
        if not self.exponents[exponent]:
            del self.exponents[exponent]

    def value(self) -> Decimal:
        exponent = min(0, *self.exponents) if self.exponents else 0
        if _exponent(self.total) == exponent:
            return self.total
        return self.total.quantize(Decimal((0, (1,), exponent)))

    def export(self) -> tuple[Decimal, dict[int, int]]:
        return self.total, dict(self.exponents)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), f"not a finite amount: {value}"
    return exponent


class _RunningRow:
    """One row's running totals: units, value (units x price), commission, executions."""

    __slots__ = ("quantity", "value", "commission", "currency", "executions")

    def __init__(self, currency: str) -> None:
        self.quantity = ExactSum()
        self.value = ExactSum()
        self.commission = Decimal(0)
        self.currency = currency
        self.executions = 0


class TradesSummaryBook:
    """Trades Summary kept per event: running totals per (account, symbol, side), never a pass over
    the executions. Derived, not engine state: the engine feeds it every applied and replayed
    command's events and keeps its ``export()`` in each snapshot."""

    def __init__(self) -> None:
        self._rows: dict[RowKey, _RunningRow] = {}
        self._shown: dict[RowKey, TradeSummaryRow] = {}
        """rows already made for a reader since they last changed"""
        self._sorted: list[TradeSummaryRow] | None = None

    def follow(self, events: Iterable[Event]) -> None:
        """Update the rows the events touch."""
        for event in events:
            if isinstance(event, ExecutionReported):
                self._filled(event)
            elif isinstance(event, ExecutionBusted):
                self._busted(event)
            elif isinstance(event, ExecutionCorrected):
                self._corrected(event)
            elif isinstance(event, CommissionRestated):
                self._restated(event)

    def rows(self) -> list[TradeSummaryRow]:
        """Every row, sorted by account, symbol and side."""
        if self._sorted is None:
            self._sorted = [self._row(key) for key in sorted(self._rows, key=lambda k: (k[0], k[1], k[2].value))]
        return list(self._sorted)

    def row(self, account: str, symbol: str, action: Action) -> TradeSummaryRow | None:
        """The row of ``account``'s fills of ``symbol`` on ``action``'s side, or None (none stand)."""
        key = (account, symbol, action)
        return self._row(key) if key in self._rows else None

    def export(self) -> dict[RowKey, tuple]:
        """The running totals, for a snapshot."""
        return {key: (row.quantity.export(), row.value.export(), row.commission, row.currency, row.executions)
                for key, row in self._rows.items()}

    def restore(self, data: dict[RowKey, tuple]) -> None:
        """Take the totals of a snapshot (made by ``export``) in place of these."""
        self._rows.clear()
        for key, (quantity, value, commission, currency, executions) in data.items():
            row = self._rows[key] = _RunningRow(currency)
            row.quantity, row.value = ExactSum(*quantity), ExactSum(*value)
            row.commission, row.executions = commission, executions
        self._changed(None)

    # -- following ---------------------------------------------------------------------------------

    def _filled(self, event: ExecutionReported) -> None:
        key = (event.account, event.symbol, event.action)
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = _RunningRow(event.commission_currency)
        row.quantity.add(event.quantity)
        row.value.add(event.quantity * event.price)
        row.commission += event.commission  # what the fill added to its order's commission
        row.executions += 1
        self._changed(key)

    def _busted(self, event: ExecutionBusted) -> None:
        key = (event.account, event.symbol, event.action)
        row = self._rows.get(key)
        if row is None:
            return
        row.quantity.remove(event.quantity)
        row.value.remove(event.quantity * event.price)
        row.executions -= 1
        if not row.executions:
            # Every order of the row has then lost its last fill, and CommissionRestated took its
            # commission back to nothing before this event.
            del self._rows[key]
        self._changed(key)

    def _corrected(self, event: ExecutionCorrected) -> None:
        assert event.action is not None, "a correction journaled before it named its execution's side"
        key = (event.account, event.symbol, event.action)
        row = self._rows.get(key)
        if row is None:
            return
        row.value.remove(event.quantity * event.old_price)
        row.value.add(event.quantity * event.new_price)
        self._changed(key)

    def _restated(self, event: CommissionRestated) -> None:
        key = (event.account, event.symbol, event.action)
        row = self._rows.get(key)
        if row is None:
            return
        row.commission += event.commission - event.previous
        self._changed(key)

    def _changed(self, key: RowKey | None) -> None:
        if key is None:
            self._shown.clear()
        else:
            self._shown.pop(key, None)
        self._sorted = None

    def _row(self, key: RowKey) -> TradeSummaryRow:
        shown = self._shown.get(key)
        if shown is None:
            row = self._rows[key]
            quantity = row.quantity.value()
            shown = self._shown[key] = TradeSummaryRow(
                account=key[0], symbol=key[1], action=key[2], quantity=quantity,
                avg_price=row.value.value() / quantity, commission=row.commission,
                commission_currency=row.currency, executions=row.executions)
        return shown
