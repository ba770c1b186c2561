"""Rejected orders as order lines: TWS lists an order the system refused, Inactive with the reason,
beside the orders that were accepted. A refusal changes nothing, so these lines are a read model
kept beside the state: never journaled, never in a snapshot, gone on restart (as in TWS), and
numbered below zero so they can never take an accepted order's id.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import OrderStatus
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.orders.order import Order, combo_symbol

KEPT = 1_000
"""The newest rejected orders kept; older lines drop off (a runaway client cannot fill memory)."""


def is_rejected_line(order_id: int) -> bool:
    """Whether ``order_id`` names a rejected order's line (they are numbered -1, -2, ...)."""
    return order_id < 0


class RejectedOrders:
    """The session's refused ``PlaceOrder`` commands as Inactive orders, oldest first."""

    def __init__(self) -> None:
        self._lines: OrderedDict[int, tuple[Order, PlaceOrder, Rejected]] = OrderedDict()
        self._last_id = 0

    def add(self, command: PlaceOrder, rejected: Rejected, now: datetime) -> int:
        """Keep ``command`` as an Inactive line with the refusal as its reason; its (negative) id."""
        self._last_id -= 1
        order = Order(self._last_id, command.account,
                      combo_symbol(command.legs) if command.is_combo else command.symbol,
                      command.action, command.total_quantity, command.order_type, command.tif, now,
                      lmt_price=command.lmt_price, aux_price=command.aux_price, outside_rth=command.outside_rth,
                      order_ref=command.order_ref, status_reason=rejected.text, updated=now,
                      cash_qty=command.cash_qty, api_client_id=command.api_client_id,
                      api_order_id=command.api_order_id)
        order.move_to(OrderStatus.INACTIVE)
        self._lines[order.order_id] = (order, command, rejected)
        while len(self._lines) > KEPT:
            self._lines.popitem(last=False)
        return order.order_id

    def orders(self) -> list[Order]:
        return [order for order, _, _ in self._lines.values()]

    def order(self, order_id: int) -> Order:
        return self._lines[order_id][0]

    def command(self, order_id: int) -> PlaceOrder:
        """The order as it was entered (to preview it again)."""
        return self._lines[order_id][1]

    def refusal(self, order_id: int) -> Rejected:
        """Why the order was refused (its line's reason, with the field it names)."""
        return self._lines[order_id][2]
