"""The orders room's book (live orders and the history of done ones) and the state the room works over."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.ledger.book import LedgerState
from workstation.engine.orders.history import History
from workstation.engine.orders.order import Order


class OrderBook(Protocol):
    """``orders``: order_id -> Order, the live orders: every order not yet done, and the done legs
    of a combo still working; ``working``: the orders not yet done, in time priority;
    ``settled``: expired contracts already settled; ``busted``: executions cancelled by a trade bust;
    ``next_order_id``: the id the next order placed gets; ``history``: what is done (done orders,
    every execution, the Audit Trail), outside the live state and its snapshots. An order leaves
    ``orders`` for ``history`` at the end of the command that finished it (``done_orders``), so
    an order read by id is looked for in both (``done_orders.find_order``), and a change to a done
    order is written back to the history. The trading desk places and works the orders;
    corrections, busts and expiries are this room's own."""

    orders: dict[int, Order]
    working: dict[int, Order]
    settled: set[str]
    busted: set[str]
    next_order_id: int
    history: History


class OrdersState(LedgerState, OrderBook, Protocol):
    """What corrections, busts, expiries and fill commissions work over: the orders and the accounts they book to."""
