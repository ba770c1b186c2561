"""Trades Summary: the executions added up per account, symbol and side, as TWS's Trades window
summarises the day's fills (total quantity, average price, commission, number of executions).

Busted executions are left out, since they never traded; a corrected one counts at its corrected
price (the engine keeps the execution as last reported). The commission is what the orders cost
now: a bust or a correction restates an order's commission without rewriting its other
executions, and an advisor order's final distribution restates each account's share, so the
executions' own commissions would no longer add up to what was charged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.terms import Action
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.order import Order


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
    symbol and side; ``orders`` (by id) give the commissions."""
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
    plan = order.allocation
    return order.commission if plan is None else sum((row.commission for row in plan.rows), Decimal(0))
