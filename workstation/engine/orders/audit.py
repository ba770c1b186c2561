"""The audit trail: every change to an order, in the order it happened, as TWS's Audit Trail lists it.

The events that change orders are kept in the order history while commands are applied (and
again, identically, when the journal is replayed), outside the live state and its snapshots; they
are turned into lines only when the trail is read, so applying a command costs one append. Only
what happened is recorded: a refused command changed nothing and is shown by the Activity log
instead. The whole trail lists the latest ``MAX_ENTRIES`` events; one order's lists all of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from workstation.engine.core.terms import OrderStatus
from workstation.engine.messages.events import (
    EnteredByUser,
    Event,
    ExecutionReported,
    OrderModified,
    OrderPlaced,
    OrderStatusChanged,
)

MAX_ENTRIES = 20_000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line: when, which order, what happened (Placed, Modified, a status, Executed), and the detail."""

    time: datetime
    order_id: int
    what: str
    detail: str


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _entry(event: Event) -> AuditEntry | None:
    if isinstance(event, OrderPlaced):
        price = " ".join(p for p in (_amount(event.lmt_price), _amount(event.aux_price)) if p)
        detail = (f"{event.account} {event.action.value} {event.total_quantity:f} {event.symbol or 'combo'} "
                  f"{event.order_type.value} {price} {event.tif.value}").replace("  ", " ")
        if event.api_client_id is not None:
            detail = f"{detail.strip()} (API client {event.api_client_id}, order {event.api_order_id})"
        return AuditEntry(event.time, event.order_id, "Placed", detail.strip())
    if isinstance(event, OrderModified):
        price = " ".join(p for p in (_amount(event.lmt_price), _amount(event.aux_price)) if p)
        return AuditEntry(event.time, event.order_id, "Modified",
                          f"quantity {event.total_quantity:f} {price} {event.tif.value}".replace("  ", " ").strip())
    if isinstance(event, OrderStatusChanged):
        if event.status is OrderStatus.SUBMITTED and not event.reason and event.filled:
            return None  # a partial fill's status echo: the execution line already says it
        detail = f"filled {event.filled:f}, remaining {event.remaining:f}"
        if event.reason:
            detail += f" — {event.reason}"
        return AuditEntry(event.time, event.order_id, event.status.value, detail)
    if isinstance(event, ExecutionReported):
        return AuditEntry(event.time, event.order_id, "Executed",
                          f"{event.action.value} {event.quantity:f} {event.symbol} @ {event.price:f} "
                          f"(exec {event.exec_id}, commission {event.commission:f} {event.commission_currency})")
    if isinstance(event, EnteredByUser) and event.order_id is not None:
        return AuditEntry(event.time, event.order_id, "User", f"{event.user} ({event.command})")
    return None


_AUDITED = (OrderPlaced, OrderModified, OrderStatusChanged, ExecutionReported, EnteredByUser)
AuditedEvent = OrderPlaced | OrderModified | OrderStatusChanged | ExecutionReported | EnteredByUser


class AuditLog(Protocol):
    """Where audited events are kept: the order history (``orders.history.History``)."""

    def add_audit(self, events: Sequence[AuditedEvent]) -> None: ...


def record(history: AuditLog, events: Iterable[Event]) -> None:
    """Keep the order events among ``events`` in the history's Audit Trail."""
    audited = [event for event in events if isinstance(event, _AUDITED)
               and (type(event) is not EnteredByUser or event.order_id is not None)]
    if audited:
        history.add_audit(audited)


def entries(trail: Iterable[AuditedEvent], order_id: int | None = None) -> list[AuditEntry]:
    """The trail's lines, oldest first: every order's, or ``order_id``'s."""
    lines = (_entry(event) for event in trail if order_id is None or event.order_id == order_id)
    return [line for line in lines if line is not None]
