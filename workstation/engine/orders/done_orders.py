"""Done orders leave the live state for the history: finding an order wherever it is, retiring the
orders a command finished, writing back a later change to a done one.

An order is retired at the end of the command that finished it, with its combo: a leg that fills
before its combo stays live (the combo still reads and shares its fills) and leaves with the combo.
After that the history holds the only version: a bust, a correction or a restated commission reads
it from there and writes it back (``keep_done``), so the engine never changes a done order behind
the history's back.
"""

from __future__ import annotations

from collections.abc import Iterable

from workstation.engine.messages.events import Event, OrderStatusChanged
from workstation.engine.orders.book import OrderBook
from workstation.engine.orders.order import Order


def find_order(state: OrderBook, order_id: int) -> Order | None:
    """The order with ``order_id``: live, else done (from the history), else None."""
    order = state.orders.get(order_id)
    return order if order is not None else state.history.order(order_id)


def keep_done(state: OrderBook, order: Order) -> None:
    """Write back a change to ``order`` when it is done and retired (a live order needs nothing)."""
    if order.order_id not in state.orders:
        state.history.keep_order(order)


def retire_done(state: OrderBook, events: Iterable[Event]) -> None:
    """Move the orders ``events`` finished (a combo with its legs) from the live state to the history."""
    # Read after the command, an order named twice gives the same answer twice (retired the first
    # time, or not done either time): no need to drop repeats before looking.
    orders = state.orders
    for event in events:
        if type(event) is not OrderStatusChanged:
            continue
        order = orders.get(event.order_id)  # type: ignore[attr-defined]
        if order is None:
            continue  # retired already, or done before this command
        root = order if order.parent_id is None else state.orders.get(order.parent_id)
        if root is None or not root.is_done:
            continue
        family = [root]
        if root.combo is not None:
            family.extend(orders[leg_id] for leg_id in root.combo.leg_ids)
            if not all(member.is_done for member in family):
                continue
        for member in family:
            state.history.keep_order(member)
            del state.orders[member.order_id]
