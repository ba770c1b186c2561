"""An order's executions carry its commission between them. Each is booked with what it added to
the order's commission; when a bust, a correction or the final distribution of an advisor order
changes what the order costs, the executions still standing are restated to add up to it again:
the order's commission spread over them by quantity, to the cent (largest remainder).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.commissions import spread_to_cents

if TYPE_CHECKING:
    from workstation.engine.orders import Order
    from workstation.engine.state import EngineState


def restate_execution_commissions(state: EngineState, order: Order) -> None:
    """Make the order's standing executions add up to ``order.commission`` (nothing changes when
    they already do)."""
    positions = [i for i, execution in enumerate(state.executions)
                 if execution.order_id == order.order_id and execution.exec_id not in state.busted]
    standing = [state.executions[i] for i in positions]
    if sum((execution.commission for execution in standing), Decimal(0)) == order.commission or not standing:
        return
    parts = spread_to_cents(order.commission, [execution.quantity for execution in standing])
    for position, execution, commission in zip(positions, standing, parts, strict=True):
        if execution.commission != commission:
            state.executions[position] = replace(execution, commission=commission)


def account_commissions(order: Order) -> Decimal:
    """What an advisor order's accounts paid between them (the order's commission by definition)."""
    assert order.allocation is not None
    return sum((row.commission for row in order.allocation.rows), Decimal(0))
