"""Trade corrections: an execution's price is corrected after the fact (IB's "trade correction").

Each account that received part of the execution is restated, not re-traded: the units it still
holds from the order carry the correction in their cost basis, the units already gone (closed by
the fill or since) carry it in realized P&L, and the commission follows the corrected value. An
advisor order's execution can be corrected until its period is distributed (at the order's end or
the close); after that the accounts hold their shares at the average, and it is refused.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from workstation.engine import ledger
from workstation.engine.checks import check_price
from workstation.engine.commands import CorrectExecution
from workstation.engine.commissions import commission_currency, order_commission
from workstation.engine.errors import Rejection
from workstation.engine.events import Event, ExecutionCorrected, OrderStatusChanged
from workstation.engine.instruments import InstrumentCatalog
from workstation.engine.state import EngineState

Sink = list[Event]


def validate_correction(state: EngineState, catalog: InstrumentCatalog, command: CorrectExecution) -> int:
    """The index of the execution to correct."""
    for index, execution in enumerate(state.executions):
        if execution.exec_id == command.exec_id:
            check_price(command.price, "price", catalog[execution.symbol])
            plan = state.orders[execution.order_id].allocation
            if plan is not None and execution.exec_id in plan.distributed_executions:
                raise Rejection("NOT_CORRECTABLE", f"exec_id: {command.exec_id} is already in a final distribution "
                                "of its advisor order; correct executions before the order's end or the close")
            if command.price == execution.price:
                raise Rejection("NOTHING_TO_CORRECT", f"price: execution {command.exec_id} is already at "
                                f"{execution.price}")
            return index
    raise Rejection("UNKNOWN_EXECUTION", f"exec_id: no execution {command.exec_id!r}")


def apply_correction(state: EngineState, catalog: InstrumentCatalog, command: CorrectExecution, index: int,
                     sink: Sink) -> None:
    execution = state.executions[index]
    order = state.orders[execution.order_id]
    instrument = catalog[execution.symbol]
    change = command.price - execution.price
    order.filled_value += execution.quantity * change
    order.avg_fill_price = order.filled_value / order.filled
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
            row.filled_value += units * change
            commission = order_commission(instrument, Decimal(row.allocated), row.filled_value * instrument.multiplier)
            commission_correction, row.commission = commission - row.commission, commission
        elif plan is None:
            commission = order_commission(instrument, order.filled, order.filled_value * instrument.multiplier)
            commission_correction, order.commission = commission - order.commission, commission
        ledger.restate_fill(account, instrument, execution.action, units - still_held, still_held, units * change,
                            commission_correction, commission_ccy, state.now, sink, reason=reason)
    if plan is not None:
        order.commission = sum((row.commission for row in plan.rows), Decimal(0))
    state.executions[index] = replace(execution, price=command.price)
    sink.append(ExecutionCorrected(execution.exec_id, order.order_id, execution.price, command.price, state.now))
    sink.append(OrderStatusChanged(order.order_id, order.status, order.filled, order.remaining, order.avg_fill_price,
                                   reason, state.now))
