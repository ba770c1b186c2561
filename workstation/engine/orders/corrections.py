"""Trade corrections and busts: an execution's price is corrected after the fact, or the
execution is cancelled outright (IB's "trade correction" and "trade bust").

A correction restates each account that received part of the execution, without trading: the
units it still holds from the order carry the correction in their cost basis, the units already
gone (closed by the fill or since) carry it in realized P&L, and the commission follows the
corrected value.

A bust takes the execution's units back from every account as if they had never traded: units it
opened leave the position with their cost, units it closed return at the basis they closed at, the
realized P&L of that close is reversed, and the commission is recomputed on what is left of the
order. A working order gets the quantity back and keeps working; a filled one is not resubmitted
(it ends Cancelled with what still stands).

An advisor order's execution can be corrected or busted until its period is distributed (at the
order's end or the close); after that the accounts hold their shares at the average, and both are
refused.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.price_checks import check_price
from workstation.engine.core.terms import OrderStatus
from workstation.engine.ledger import booking as ledger
from workstation.engine.messages.commands import BustExecution, CorrectExecution
from workstation.engine.messages.events import (
    Event,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    OrderStatusChanged,
)
from workstation.engine.messages.handlers import Handlers
from workstation.engine.orders.book import OrdersState
from workstation.engine.orders.done_orders import find_order, keep_done
from workstation.engine.orders.fill_commissions import (
    commission_restated,
    order_commission_now,
    restate_execution_commissions,
)
from workstation.engine.orders.order import Order

Sink = list[Event]


def _order_of(state: OrdersState, execution: ExecutionReported) -> Order:
    order = find_order(state, execution.order_id)
    assert order is not None, f"execution {execution.exec_id} names no order"
    return order


def _find_execution(state: OrdersState, exec_id: str, verb: str) -> ExecutionReported:
    execution = state.history.execution(exec_id)
    if execution is not None:
        if exec_id in state.busted:
            raise Rejection("ALREADY_BUSTED", "exec_id", f"execution {exec_id} was busted; there is nothing to {verb}")
        order = _order_of(state, execution)
        if order.parent_id is not None:
            raise Rejection("NOT_CORRECTABLE", "exec_id", f"{exec_id} is a leg of combo order {order.parent_id}; "
                            f"a combo's executions cannot be {verb}ed leg by leg")
        plan = order.allocation
        if plan is not None and exec_id in plan.distributed_executions:
            raise Rejection("NOT_CORRECTABLE", "exec_id", f"{exec_id} is already in a final distribution of its "
                            f"advisor order; {verb} executions before the order's end or the close")
        return execution
    raise Rejection("UNKNOWN_EXECUTION", "exec_id", f"no execution {exec_id!r}")


def validate_correction(state: OrdersState, catalog: InstrumentCatalog,
                        command: CorrectExecution) -> ExecutionReported:
    """The execution to correct."""
    execution = _find_execution(state, command.exec_id, "correct")
    check_price(command.price, "price", catalog[execution.symbol])
    if command.price == execution.price:
        raise Rejection("NOTHING_TO_CORRECT", "price", f"execution {command.exec_id} is already at {execution.price}")
    return execution


def apply_correction(state: OrdersState, catalog: InstrumentCatalog, command: CorrectExecution,
                     execution: ExecutionReported, sink: Sink) -> None:
    order = _order_of(state, execution)
    instrument = catalog[execution.symbol]
    change = command.price - execution.price
    paid_before = order_commission_now(order)
    order.correct_fill(execution.quantity, execution.price, command.price)
    plan = order.allocation
    shares = list(execution.allocations)  # the execution's period is not distributed yet (validated)
    reason = f"Correction of {execution.exec_id}: {execution.price} -> {command.price}"
    commission_ccy = commission_currency(instrument)
    rows = {row.account: row for row in plan.rows} if plan is not None else {}
    for account_id, units in shares:
        if not units:
            continue
        account = state.accounts[account_id]
        held = account.position_quantity(instrument.symbol) * execution.action.sign
        still_held = min(units, max(held, Decimal(0)))
        commission_correction = Decimal(0)
        row = rows.get(account_id)
        if row is not None:
            row.correct_fill(units, execution.price, command.price)
            commission = order_commission(instrument, Decimal(row.allocated), row.filled_value * instrument.multiplier)
            commission_correction, row.commission = commission - row.commission, commission
        elif plan is None:
            commission = order_commission(instrument, order.filled, order.filled_value * instrument.multiplier)
            commission_correction, order.commission = commission - order.commission, commission
        ledger.restate_fill(account, instrument, execution.action, units - still_held, still_held, units * change,
                            commission_correction, commission_ccy, state.now, sink, reason=reason)
    if plan is not None:
        order.commission = sum((row.commission for row in plan.rows), Decimal(0))
    state.history.replace_execution(replace(execution, price=command.price))
    restate_execution_commissions(state, order)
    keep_done(state, order)
    _announce_commission(order, paid_before, state, sink)
    sink.append(ExecutionCorrected(execution.exec_id, order.order_id, execution.price, command.price, state.now,
                                   execution.account, execution.symbol, execution.action, execution.quantity))
    sink.append(OrderStatusChanged(order.order_id, order.status, order.filled, order.remaining, order.avg_fill_price,
                                   reason, state.now))


def validate_bust(state: OrdersState, catalog: InstrumentCatalog, command: BustExecution) -> ExecutionReported:
    """The execution to bust. Refused when an account has traded the contract since in
    another order, or its own order has since carried it past the units (opened after they
    closed): taking them back then would need those later trades re-booked, so the price is
    corrected instead."""
    execution = _find_execution(state, command.exec_id, "bust")
    if execution.symbol in state.settled:
        raise Rejection("CONTRACT_EXPIRED", "exec_id", f"{execution.symbol} has expired and settled; "
                        f"execution {command.exec_id} can no longer be busted")
    if catalog[execution.symbol].sec_type is SecType.CASH:
        return execution  # FX is two cash balances: nothing to trade through
    receivers = {account for account, _ in execution.allocations}
    for later in _executions_after(state, execution):
        if later.symbol == execution.symbol and later.order_id != execution.order_id \
                and later.exec_id not in state.busted:
            for account_id in receivers.intersection(account for account, _ in later.allocations):
                raise Rejection("BUST_NOT_POSSIBLE", "exec_id", f"account {account_id} has traded {execution.symbol} "
                                f"since ({later.exec_id}); correct the price of {command.exec_id} instead")
    closed = {account: units for account, units, _, _ in execution.closings}
    for account_id, units in execution.allocations:
        on_side = state.accounts[account_id].position_quantity(execution.symbol) * execution.action.sign
        closed_units = closed.get(account_id, Decimal(0))
        opened = units - closed_units
        if (on_side < opened) if not closed_units else (max(on_side, Decimal(0)) != opened):
            raise Rejection("BUST_NOT_POSSIBLE", "exec_id", f"account {account_id} has traded {execution.symbol} "
                            f"through the units of {command.exec_id} since; correct its price instead")
    return execution


def _executions_after(state: OrdersState, execution: ExecutionReported) -> list[ExecutionReported]:
    """The executions that happened after ``execution``: the clock only moves forward, so they are
    among those since its time, after it."""
    since = state.history.executions(since=execution.time)
    at = next(i for i, other in enumerate(since) if other.exec_id == execution.exec_id)
    return since[at + 1:]


def apply_bust(state: OrdersState, catalog: InstrumentCatalog, command: BustExecution,
               execution: ExecutionReported, sink: Sink) -> None:
    order = _order_of(state, execution)
    instrument = catalog[execution.symbol]
    price = execution.price
    paid_before = order_commission_now(order)
    order.bust_fill(execution.quantity, price)
    plan = order.allocation
    rows = {row.account: row for row in plan.rows} if plan is not None else {}
    closings = {account: (units, cost, basis_price) for account, units, cost, basis_price in execution.closings}
    reason = (f"Bust of {execution.exec_id}: {execution.action.value} {execution.quantity.normalize():f} "
              f"{execution.symbol} @ {price}")
    commission_ccy = commission_currency(instrument)
    for account_id, units in execution.allocations:
        account = state.accounts[account_id]
        closed, cost, basis_price = closings.get(account_id, (Decimal(0), Decimal(0), Decimal(0)))
        opened = units - closed
        row = rows.get(account_id)
        if row is not None:
            row.take_back(units, price)
            row.closed -= int(closed)
            commission = _commission(instrument, Decimal(row.allocated), row.filled_value)
            commission_correction, row.commission = commission - row.commission, commission
        else:
            commission = _commission(instrument, order.filled, order.filled_value)
            commission_correction, order.commission = commission - order.commission, commission
        # The refund first, while the units are still held: the part the opened units carried in
        # the cost basis leaves it, the part the closed units paid goes back to realized P&L.
        if commission_correction:
            ledger.restate_fill(account, instrument, execution.action, int(closed), int(opened), Decimal(0),
                                commission_correction, commission_ccy, state.now, sink, reason=reason)
        ledger.unbook_fill(account, instrument, execution.action, opened, closed, price, (cost, basis_price),
                           state.now, sink, reason)
    if plan is not None:
        order.commission = sum((row.commission for row in plan.rows), Decimal(0))
    state.busted.add(execution.exec_id)
    restate_execution_commissions(state, order)
    _announce_commission(order, paid_before, state, sink)
    sink.append(ExecutionBusted(execution.exec_id, order.order_id, execution.symbol, execution.action,
                                execution.quantity, price, execution.allocations, state.now, execution.account))
    if order.status is OrderStatus.FILLED:
        order.move_to(OrderStatus.CANCELLED)
        reason += "; the order is not resubmitted"
    elif order.is_done:
        reason += "; the order stays done"
    else:
        reason += "; the quantity is working again"
    order.status_reason = reason
    order.updated = state.now
    keep_done(state, order)
    sink.append(OrderStatusChanged(order.order_id, order.status, order.filled, order.remaining, order.avg_fill_price,
                                   reason, state.now))


def _announce_commission(order: Order, paid_before: Decimal, state: OrdersState, sink: Sink) -> None:
    """Publish the order's restated commission when the bust or correction changed it (before the
    bust itself, so a follower restates the order while its Trades Summary row still stands)."""
    if order_commission_now(order) != paid_before:
        sink.append(commission_restated(order, paid_before, state.now))


def _commission(instrument: Instrument, quantity: Decimal, value: Decimal) -> Decimal:
    """What the order (or an account's part of it) costs now; nothing once nothing is left."""
    return order_commission(instrument, quantity, value * instrument.multiplier) if quantity else Decimal(0)


def correction_handlers(state: OrdersState, catalog: InstrumentCatalog) -> Handlers:
    """CorrectExecution and BustExecution over ``state``."""
    return {
        CorrectExecution: (lambda c: validate_correction(state, catalog, c),
                           lambda c, execution, sink: apply_correction(state, catalog, c, execution, sink)),
        BustExecution: (lambda c: validate_bust(state, catalog, c),
                        lambda c, execution, sink: apply_bust(state, catalog, c, execution, sink)),
    }
