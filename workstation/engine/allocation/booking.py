"""Booking an advisor order's executions into its client accounts.

Each execution is shared at once by the partial-fill methodology (so every account's margin is
real time) and booked at the execution price, each account paying the commission on its own
part of the order: every account in one loop, journaled as one ``AllocationBooked``. When the
order is done, the final distribution of everything filled is recomputed and any difference
moved between accounts at the order's average price.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from workstation.engine.allocation.fills import FillAllocation, allocate_closing_first, final_closing_first
from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.instruments import Instrument
from workstation.engine.ledger import booking as ledger
from workstation.engine.messages.events import AllocationBooked, AllocationFinalized, Event
from workstation.engine.orders.fill_commissions import (
    account_commissions,
    commission_restated,
    restate_execution_commissions,
)
from workstation.engine.orders.order import Order, average_price

if TYPE_CHECKING:
    from workstation.engine.allocation.book import AllocationState
    from workstation.engine.ledger.accounts import Account
    from workstation.engine.orders.allocation_plan import AccountAllocation

Sink = list[Event]


# Streams of the engine's counter-based RNG, so allocation draws never collide with the market's.
_EXECUTION_STREAM = 2
_FINAL_STREAM = 3


class AllocatedExecution(NamedTuple):
    """What sharing one execution did: totals, units per account, the accounts that won a unit
    by random draw, and the closing units per account with the basis they closed at."""

    commission: Decimal
    realized: Decimal
    allocations: tuple[tuple[str, Decimal], ...]
    random_picks: tuple[str, ...]
    closings: tuple[tuple[str, Decimal, Decimal, Decimal], ...]
    commissions: tuple[tuple[str, Decimal], ...] = ()
    """each account's commission on its part (an advisor order's execution)"""


def execution_rng(state: AllocationState, order: Order) -> np.random.Generator:
    """The draw for ties in sharing the order's next execution (replayable from the seed)."""
    return np.random.default_rng([state.seed, _EXECUTION_STREAM, order.order_id, len(order.execution_ids)])


def final_rng(state: AllocationState, order: Order, distribution: int) -> np.random.Generator:
    """The draw for ties in the order's ``distribution``-th final distribution."""
    return np.random.default_rng([state.seed, _FINAL_STREAM, order.order_id, distribution])


def book_allocated_execution(state: AllocationState, order: Order, instrument: Instrument, quantity: Decimal,
                             price: Decimal, sink: Sink, shared: FillAllocation | None = None) -> AllocatedExecution:
    """Share one execution among the order's accounts and book each part. ``shared`` gives the
    parts when they were decided elsewhere (a guaranteed combo's leg, shared as a unit)."""
    plan = order.allocation
    assert plan is not None
    if shared is None:
        shared = allocate_closing_first(plan.first_parts_array(), plan.allowed_array(), plan.allocated_array(),
                                        int(quantity), execution_rng(state, order), plan.lot)
    currency = commission_currency(instrument)
    given = np.flatnonzero(shared.quantities)
    rows = [plan.rows[i] for i in given.tolist()]
    units: dict[int, Decimal] = {}
    parts = [units.get(n) or units.setdefault(n, Decimal(n)) for n in shared.quantities[given].tolist()]
    multiplier = instrument.multiplier
    commissions = []
    # Each account pays its own order's commission schedule (the minimum once per account); accounts
    # that have received the same units at the same value so far owe the same.
    schedule: dict[int, dict[Decimal, Decimal]] = {}  # units so far -> value so far -> commission owed
    # Rows whose fill so far holds the same objects and that receive the same part end with the
    # same values: computed once, the objects shared (so the ledger groups their accounts too).
    # Keys hold ids; ``alive`` keeps their objects from being reused.
    outcomes: dict[tuple[int, int, int, int], tuple[int, Decimal, Decimal, Decimal]] = {}
    alive = []
    # Alike rows tend to follow each other: a row that holds what the row before held takes its
    # outcome without a look-up.
    outcome: tuple[int, Decimal, Decimal, Decimal] | None = None
    last_allocated, last_value, last_paid, last_part = -1, None, None, None
    for row, part in zip(rows, parts, strict=True):
        allocated, filled_value, paid = row.allocated, row.filled_value, row.commission
        if outcome is None or part is not last_part or filled_value is not last_value or paid is not last_paid \
                or allocated != last_allocated:
            last_allocated, last_value, last_paid, last_part = allocated, filled_value, paid, part
            key = (allocated, id(filled_value), id(paid), id(part))
            outcome = outcomes.get(key)
            if outcome is None:
                alive.append((filled_value, paid))
                row.record_fill(part, price)
                by_value = schedule.get(row.allocated)
                if by_value is None:
                    by_value = schedule[row.allocated] = {}
                owed = by_value.get(row.filled_value)
                if owed is None:
                    owed = by_value[row.filled_value] = order_commission(instrument, Decimal(row.allocated),
                                                                         row.filled_value * multiplier)
                commission = owed - paid
                outcome = outcomes[key] = (row.allocated, row.filled_value, commission, paid + commission)
        allocated, filled_value, commission, row.commission = outcome
        row.record_fill_as(allocated, filled_value)
        commissions.append(commission)
    accounts = [state.accounts[row.account] for row in rows]
    booked_from = len(sink)
    booked = ledger.book_executions(accounts, instrument, order.action, parts, price, commissions, currency,
                                    state.now, sink)
    names = tuple(row.account for row in rows)
    closings = []
    for i, effect in booked.closed:
        rows[i].record_closed(int(effect.closed), effect.closed_cost, effect.closed_price)
        closings.append((names[i], effect.closed, effect.closed_cost, effect.closed_price))
    sink.append(AllocationBooked(order.execution_ids[-1], order.order_id, names, tuple(parts), tuple(booked.cash),
                                 tuple(commissions), len(sink) - booked_from))
    commission_total = sum(commissions, Decimal(0))
    picks = tuple(plan.rows[i].account for i in shared.random_picks)
    plan.random_picks.extend(picks)
    return AllocatedExecution(commission_total, booked.realized, tuple(zip(names, parts, strict=True)), picks,
                              tuple(closings), tuple(zip(names, commissions, strict=True)))


def distribute(state: AllocationState, order: Order, instrument: Instrument, sink: Sink, end_of_day: bool = False,
               final: FillAllocation | None = None) -> None:
    """The final distribution of what filled since the last one (at the order's end, or at the
    close for an order that keeps working), as the client sees it: every account receives its
    share at the period's average price.

    The shares are recomputed by the article's rules over what each account still wants (ties
    kept by the accounts already holding the units). Units that move between accounts are booked
    at no profit to the giver; then each account's period is restated to its share at the
    average price and its commission to what its final share costs: a correction of cash and of
    cost basis (or, for the part that closed a position, of realized P&L), not a trade. ``final``
    gives the period's shares when they were decided elsewhere (a guaranteed combo's leg,
    distributed as a unit).
    """
    plan = order.allocation
    if plan is None or plan.finalized:
        return
    if not end_of_day:
        plan.finalized = True
    base = np.array([row.distributed for row in plan.rows], dtype=np.int64)
    filled = int(order.filled) - int(base.sum())
    if filled == 0:
        return
    average = average_price(order.filled_value - plan.distributed_value, filled)
    plan.distributions += 1
    paid_before = [row.commission for row in plan.rows]
    if final is None:
        closing_left = np.maximum(plan.first_parts_array() - base, 0)
        final = final_closing_first(closing_left, plan.allowed_array() - base, filled,
                                    final_rng(state, order, plan.distributions),
                                    running=plan.allocated_array() - base, lot=plan.lot)
    adjustments = []
    for row, share in zip(plan.rows, final.quantities.tolist(), strict=True):
        target = row.distributed + share
        delta = target - row.allocated
        running = row.allocated - row.distributed
        account = state.accounts[row.account]
        if delta:
            _move_units(account, instrument, order, row, delta, average, state, sink)
            adjustments.append((row.account, Decimal(delta)))
        if share or running:
            _restate_to_average(account, instrument, order, row, share, average, state, sink)
        row.distributed = target
        row.distributed_value = row.filled_value
    plan.distributed_value = order.filled_value
    plan.distributed_executions.update(order.execution_ids)
    if [row.commission for row in plan.rows] != paid_before:  # the final shares cost other than the running ones
        order.commission = account_commissions(order)
        restate_execution_commissions(state, order)
        sink.append(commission_restated(order, sum(paid_before, Decimal(0)), state.now))
    picks = tuple(plan.rows[i].account for i in final.random_picks)
    sink.append(AllocationFinalized(order.order_id, tuple((r.account, Decimal(r.allocated)) for r in plan.rows),
                                    tuple(adjustments), picks, average, state.now, end_of_day))


def _move_units(account: Account, instrument: Instrument, order: Order, row: AccountAllocation, delta: int,
                average: Decimal, state: AllocationState, sink: Sink) -> None:
    """Give (delta > 0) or take back (delta < 0) units of this order's fill.

    Units given are booked at the period's average. Units taken back are un-booked at what the
    account paid for them this period (its running average), so the giver realizes nothing on
    units it never kept: first those that opened a position, then those that had closed one,
    which return to the position at the basis they closed at.
    """
    units = Decimal(abs(delta))
    reason = "Allocation adjustment"
    if delta > 0:
        effect = ledger.book_execution(account, instrument, order.action, units, average, Decimal(0),
                                       instrument.currency, state.now, sink, reason=reason)
        if effect.closed:
            row.record_closed(int(effect.closed), effect.closed_cost, effect.closed_price)
        row.record_fill(units, average)
        return
    running = row.allocated - row.distributed
    paid = average_price(row.filled_value - row.distributed_value, running)
    closed_in_period = min(row.allocated, row.closing_quantity) - min(row.distributed, row.closing_quantity)
    opened = min(units, Decimal(running - closed_in_period))
    closed = units - opened
    ledger.unbook_fill(account, instrument, order.action, opened, closed, paid, row.closed_basis, state.now, sink,
                       reason)
    if closed:
        row.closed -= int(closed)
    row.take_back(units, paid)


def _restate_to_average(account: Account, instrument: Instrument, order: Order, row: AccountAllocation,
                        share: int, average: Decimal, state: AllocationState, sink: Sink) -> None:
    period_value = row.filled_value - row.distributed_value
    value_correction = share * average - period_value
    row.restate_period(share, average)
    commission = order_commission(instrument, Decimal(row.allocated), row.filled_value * instrument.multiplier)
    commission_correction = commission - row.commission
    row.commission = commission
    if not value_correction and not commission_correction:
        return
    closed_before = min(row.distributed, row.closing_quantity)
    closing = min(row.allocated, row.closing_quantity) - closed_before
    ledger.restate_fill(account, instrument, order.action, closing, share - closing, value_correction,
                        commission_correction, commission_currency(instrument), state.now, sink,
                        reason=f"Order {order.order_id} at its average price {average.normalize():f}")
