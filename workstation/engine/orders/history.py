"""The order history: done orders, every execution, the Audit Trail and the cash ledger's entries, kept outside
the live state.

The live state (and so every snapshot) holds what can still change by itself: accounts, working
orders, today's session. What is done only grows, so it lives behind this port: the engine writes
to it while it applies a command and reads from it when a view asks (Trade Log, Audit Trail,
statements, completed orders) or a correction needs an old fill. ``MemoryHistory`` keeps it in
lists, for engines without a database; the store implements the same port with append-only
tables written in the transaction that journals the command, so the engine imports no database.

The cash ledger's entries (every ``CashBooked``, with the balance after it) are kept so a statement can
tell an account's cash as of any past moment, and list a period's fees, without a copy of the balances
per day: ``cash_balance`` is one indexed lookup per currency, ``cash_bookings`` reads one period's.

Writes are idempotent by key (an order by its id, an execution by its exec id, an audit event by
its position). An engine restored from a snapshot replays the journal after it against the history
as it was when that snapshot was taken: it numbers new executions from ``execution_count`` and
re-applies busts and corrections to the done orders it reads, so what the commands after the
snapshot wrote must not be visible while they are replayed (keep each write with its journal entry
and set aside those after the snapshot's, say); the replay then writes the same again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Protocol

from workstation.engine.messages.events import CashBooked, ExecutionReported
from workstation.engine.orders.audit import AuditedEvent
from workstation.engine.orders.order import Order


class History(Protocol):
    """Done orders, executions and audited order events: written per command, read by key or range."""

    # -- writes, while a command is applied --------------------------------------------------------

    def keep_order(self, order: Order) -> None:
        """Record ``order`` as it is now (insert, or replace the version kept under its id)."""

    def add_execution(self, execution: ExecutionReported) -> None:
        """Append a new execution (its ``exec_id`` not yet kept)."""

    def replace_execution(self, execution: ExecutionReported) -> None:
        """Replace the kept execution with the same ``exec_id`` (a corrected price, a restated commission)."""

    def add_audit(self, events: Sequence[AuditedEvent]) -> None:
        """Append order events to the Audit Trail, oldest first."""

    def add_cash_bookings(self, bookings: Sequence[CashBooked]) -> None:
        """Append cash ledger entries, in the order they were booked."""

    # -- reads ---------------------------------------------------------------------------------------

    def order(self, order_id: int) -> Order | None:
        """The kept (done) order with ``order_id``, or None."""

    def orders(self) -> Iterator[Order]:
        """Every kept order, by order id."""

    def execution_count(self) -> int:
        """How many executions were ever added (busted ones included): what numbers the next exec id."""

    def execution(self, exec_id: str) -> ExecutionReported | None:
        """The execution with ``exec_id`` as last reported, or None."""

    def executions(self, order_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> list[ExecutionReported]:
        """Executions in the order they were added: all, one order's, or those with ``since <= time < until``."""

    def execution_range(self, start: int, stop: int) -> list[ExecutionReported]:
        """The executions at positions ``start`` to ``stop - 1`` (0: the first ever added), as last reported."""

    def audit(self, order_id: int | None = None) -> list[AuditedEvent]:
        """The audited order events, oldest first: every order's or ``order_id``'s."""

    def recent_audit(self, count: int) -> list[AuditedEvent]:
        """The latest ``count`` audited order events of every order, oldest first (the trail a view lists)."""

    def cash_balance(self, account_id: str, currency: str, until: datetime) -> Decimal | None:
        """The account's ``currency`` balance after its last booking before ``until`` (None: none before it)."""

    def cash_bookings(self, account_id: str, since: datetime, until: datetime) -> list[CashBooked]:
        """The account's cash ledger entries with ``since <= time < until``, in booking order."""


class MemoryHistory:
    """The history in lists and dicts: for engines without a database (scenarios, tests, the bench)."""

    def __init__(self) -> None:
        self._orders: dict[int, Order] = {}
        self._executions: list[ExecutionReported] = []
        self._position: dict[str, int] = {}
        self._by_order: dict[int, list[int]] = {}
        self._audit: list[AuditedEvent] = []
        self._cash: dict[str, list[CashBooked]] = {}
        self._cash_in: dict[tuple[str, str], list[CashBooked]] = {}

    def keep_order(self, order: Order) -> None:
        self._orders[order.order_id] = order

    def add_execution(self, execution: ExecutionReported) -> None:
        position = self._position[execution.exec_id] = len(self._executions)
        self._executions.append(execution)
        self._by_order.setdefault(execution.order_id, []).append(position)

    def replace_execution(self, execution: ExecutionReported) -> None:
        self._executions[self._position[execution.exec_id]] = execution

    def add_audit(self, events: Sequence[AuditedEvent]) -> None:
        self._audit.extend(events)

    def add_cash_bookings(self, bookings: Sequence[CashBooked]) -> None:
        for booking in bookings:
            self._cash.setdefault(booking.account_id, []).append(booking)
            self._cash_in.setdefault((booking.account_id, booking.currency), []).append(booking)

    def order(self, order_id: int) -> Order | None:
        return self._orders.get(order_id)

    def orders(self) -> Iterator[Order]:
        return iter([self._orders[order_id] for order_id in sorted(self._orders)])

    def execution_count(self) -> int:
        return len(self._executions)

    def execution(self, exec_id: str) -> ExecutionReported | None:
        position = self._position.get(exec_id)
        return None if position is None else self._executions[position]

    def executions(self, order_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> list[ExecutionReported]:
        if order_id is None:
            # Executions are added in time order (the engine's clock only moves forward): a range is a slice.
            time_of = attrgetter("time")
            start = 0 if since is None else bisect_left(self._executions, since, key=time_of)
            end = len(self._executions) if until is None else bisect_left(self._executions, until, key=time_of)
            return self._executions[start:end]
        chosen = (self._executions[position] for position in self._by_order.get(order_id, ()))
        return [e for e in chosen if (since is None or e.time >= since) and (until is None or e.time < until)]

    def execution_range(self, start: int, stop: int) -> list[ExecutionReported]:
        return self._executions[start:stop]

    def audit(self, order_id: int | None = None) -> list[AuditedEvent]:
        return [event for event in self._audit if order_id is None or event.order_id == order_id]

    def recent_audit(self, count: int) -> list[AuditedEvent]:
        return self._audit[-count:] if count > 0 else []

    def cash_balance(self, account_id: str, currency: str, until: datetime) -> Decimal | None:
        entries = self._cash_in.get((account_id, currency), [])
        before = bisect_left(entries, until, key=attrgetter("time"))  # booked in time order: the clock only moves on
        return entries[before - 1].balance if before else None

    def cash_bookings(self, account_id: str, since: datetime, until: datetime) -> list[CashBooked]:
        entries = self._cash.get(account_id, [])
        time_of = attrgetter("time")
        return entries[bisect_left(entries, since, key=time_of):bisect_left(entries, until, key=time_of)]
