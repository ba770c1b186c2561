"""The orders room's book (orders, executions and their audit trail) and the state the room works over."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.ledger.book import LedgerState
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.audit import AuditedEvent
from workstation.engine.orders.order import Order


class OrderBook(Protocol):
    """``orders``: order_id -> Order; ``working``: the subset of ``orders`` not yet done, in time
    priority; ``executions``: every fill in time order (the events themselves are the records);
    ``settled``: expired contracts already settled; ``busted``: executions cancelled by a trade bust;
    ``audit``: the latest events that changed orders, oldest first (the Audit Trail);
    ``next_order_id``: the id the next order placed gets. The trading desk places and works the
    orders; corrections, busts and expiries are this room's own."""

    orders: dict[int, Order]
    working: dict[int, Order]
    executions: list[ExecutionReported]
    settled: set[str]
    busted: set[str]
    audit: list[AuditedEvent]
    next_order_id: int


class OrdersState(LedgerState, OrderBook, Protocol):
    """What corrections, busts, expiries and fill commissions work over: the orders and the accounts they book to."""
