"""An order's executions carry its commission between them. Each is booked with what it added to
the order's commission (and, for an advisor order, with each account's part of that); when a bust,
a correction or the final distribution changes what the order costs, the executions still standing
are restated to add up to it again, to the cent (largest remainder):

- an order for one account: its commission spread over the executions by quantity;
- an advisor order: each account's commission spread over the executions by the units it got in
  each, so that every execution's accounts add up to the execution and every account's parts add
  up to what it paid (an account that got units only from the final distribution: by quantity).

Such a restatement is published as ``CommissionRestated`` (see :func:`commission_restated`), the
only way a follower of the events learns an order's commission changed without a fill.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.core.commissions import spread_to_cents
from workstation.engine.messages.events import CommissionRestated

if TYPE_CHECKING:
    from workstation.engine.messages.events import ExecutionReported
    from workstation.engine.orders.book import OrdersState
    from workstation.engine.orders.order import Order


def restate_execution_commissions(state: OrdersState, order: Order) -> None:
    """Make the order's standing executions add up to ``order.commission``, and an advisor order's
    per-account parts to what each account paid (nothing changes when they already do)."""
    history = state.history
    found = (history.execution(exec_id) for exec_id in dict.fromkeys(order.execution_ids))
    standing = sorted((execution for execution in found
                       if execution is not None and execution.order_id == order.order_id
                       and execution.exec_id not in state.busted), key=execution_number)
    if not standing:
        return
    if order.allocation is not None and all(execution.allocation_commissions for execution in standing):
        restated = _by_account(standing, {row.account: row.commission for row in order.allocation.rows})
    else:
        restated = _by_quantity(standing, order.commission)
    for before, after in zip(standing, restated, strict=True):
        if after != before:
            history.replace_execution(after)


def execution_number(execution: ExecutionReported) -> int:
    """Where the execution comes among all executions: its id numbers them from 1 in the order they
    happened (``ORDER.NUMBER.01.01``, hex)."""
    return int(execution.exec_id.split(".")[1], 16)


def _by_quantity(standing: list[ExecutionReported], commission: Decimal) -> list[ExecutionReported]:
    if sum((execution.commission for execution in standing), Decimal(0)) == commission:
        return standing
    parts = spread_to_cents(commission, [execution.quantity for execution in standing])
    return [replace(execution, commission=part) for execution, part in zip(standing, parts, strict=True)]


def _by_account(standing: list[ExecutionReported], paid: dict[str, Decimal]) -> list[ExecutionReported]:
    booked: dict[str, Decimal] = {}
    for execution in standing:
        for account, commission in execution.allocation_commissions:
            booked[account] = booked.get(account, Decimal(0)) + commission
    if all(booked.get(account, Decimal(0)) == commission for account, commission in paid.items()) \
            and booked.keys() <= paid.keys():
        return standing
    quantities = [execution.quantity for execution in standing]
    units = [dict(execution.allocations) for execution in standing]
    parts = {}
    for account, commission in paid.items():
        weights = [shares.get(account, Decimal(0)) for shares in units]
        parts[account] = spread_to_cents(commission, weights if any(weights) else quantities)
    restated = []
    for i, execution in enumerate(standing):
        shares = tuple((account, parts[account][i]) for account in paid
                       if account in units[i] or parts[account][i])
        restated.append(replace(execution, commission=sum((c for _, c in shares), Decimal(0)),
                                allocation_commissions=shares))
    return restated


def account_commissions(order: Order) -> Decimal:
    """What an advisor order's accounts paid between them (the order's commission by definition)."""
    assert order.allocation is not None
    return sum((row.commission for row in order.allocation.rows), Decimal(0))


def order_commission_now(order: Order) -> Decimal:
    """What the order costs in commission now: its accounts' parts for an advisor order."""
    return order.commission if order.allocation is None else account_commissions(order)


def commission_restated(order: Order, previous: Decimal, time: datetime) -> CommissionRestated:
    """The event saying ``order`` now costs what it does (it cost ``previous`` before), per account."""
    plan = order.allocation
    accounts = ((order.account, order.commission),) if plan is None else tuple(
        (row.account, row.commission) for row in plan.rows)
    return CommissionRestated(order.order_id, order.account, order.symbol, order.action, previous,
                              order_commission_now(order), accounts, time)
