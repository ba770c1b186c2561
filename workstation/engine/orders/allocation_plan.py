"""An order's allocation plan: per account, what the method wants, what the credit check allows,
what has been allocated so far, and why an account was excluded or reduced (the drift view).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from workstation.engine.core.terms import AllocationMethod
from workstation.engine.messages.events import AllocationPlanned, AllocationRow


@dataclass(slots=True)
class AccountAllocation:
    """One account's row: IB's ``OrderAllocation`` fields plus the fill so far. ``closing_quantity``
    is the part of ``allowed_quantity`` that reduces the account's existing position. A fund order
    for an amount of cash shares money first: ``desired_amount`` and the ``amount`` the credit check
    allows, which become whole shares at the NAV."""

    account: str
    position: Decimal
    desired_quantity: int
    allowed_quantity: int
    allocated: int = 0
    note: str = ""
    closing_quantity: int = 0
    distributed: int = 0
    distributed_value: Decimal = Decimal(0)
    filled_value: Decimal = Decimal(0)
    commission: Decimal = Decimal(0)
    closed: int = 0
    closed_basis: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    desired_amount: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)

    # The account's share of the order's fill: ``allocated`` units worth ``filled_value`` (price x
    # units, before the multiplier). Only these methods change ``filled_value``.

    def record_fill(self, units: Decimal, price: Decimal) -> None:
        """Whole ``units`` of the order's fill given to this account at ``price``."""
        self.allocated += int(units)
        self.filled_value += units * price

    def record_fill_as(self, allocated: int, filled_value: Decimal) -> None:
        """The fill so far made what another row's became by ``record_fill`` of the same units at
        the same price from the same totals: its values taken as they are (the same objects)."""
        self.allocated = allocated
        self.filled_value = filled_value

    def take_back(self, units: Decimal, price: Decimal) -> None:
        """Whole ``units`` taken back from this account at ``price`` (what it paid for them)."""
        self.allocated -= int(units)
        self.filled_value -= units * price

    def correct_fill(self, units: Decimal, old_price: Decimal, new_price: Decimal) -> None:
        """This account's ``units`` of an execution corrected from ``old_price`` to ``new_price``."""
        change = new_price - old_price
        self.filled_value += units * change

    def restate_period(self, share: int, average: Decimal) -> None:
        """The undistributed period restated to the account's final ``share`` at the period's ``average``."""
        self.filled_value = self.distributed_value + share * average

    def record_closed(self, units: int, cost: Decimal, price: Decimal) -> None:
        """Units of this order that closed the account's position, and the basis they closed at
        (averaged over the order's closing fills), so they can be put back exactly."""
        total = self.closed + units
        old_cost, old_price = self.closed_basis
        self.closed_basis = ((old_cost * self.closed + cost * units) / total,
                             (old_price * self.closed + price * units) / total)
        self.closed = total

    @property
    def fill_ratio(self) -> Decimal:
        """Allocated / desired, the article's fill ratio: how far the account is from its share."""
        return Decimal(self.allocated) / self.desired_quantity if self.desired_quantity else Decimal(0)


@dataclass(frozen=True, slots=True)
class DriftRow:
    """One account of an advisor order as the advisor watches it: what it wants, what the credit
    check allows, what it has, how far along it is, and why it differs."""

    account: str
    position: Decimal
    desired_quantity: int
    allowed_quantity: int
    allocated: int
    fill_ratio: Decimal
    position_desired: Decimal
    position_after: Decimal
    note: str
    desired_amount: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)


@dataclass(slots=True)
class AllocationPlan:
    """How an advisor order is shared. ``rows`` keep the group's order; ``random_picks`` lists, by
    account, every unit given by a random draw among tied fill ratios (the audit trail).
    ``distributed_value`` (price x units) and each row's ``distributed`` cover the fills already
    in a final distribution (at an end of day, or the order's end). ``lot`` > 1 shares every fill
    in whole board lots; ``close_first`` fills the closing parts before any opening one (both
    from the advisor's presets when the order was placed)."""

    group: str
    method: AllocationMethod
    sign: int
    rows: list[AccountAllocation]
    random_picks: list[str] = field(default_factory=list)
    model: str | None = None
    requested: int = 0
    finalized: bool = False
    distributions: int = 0
    distributed_value: Decimal = Decimal(0)
    distributed_executions: set[str] = field(default_factory=set)
    lot: int = 1
    cash_qty: Decimal | None = None
    close_first: bool = True

    def allowed_array(self) -> np.ndarray:
        return np.array([row.allowed_quantity for row in self.rows], dtype=np.int64)

    def closing_array(self) -> np.ndarray:
        return np.array([row.closing_quantity for row in self.rows], dtype=np.int64)

    def first_parts_array(self) -> np.ndarray:
        """The parts every execution fills before the rest: the closing parts under close
        positions first, none otherwise."""
        return self.closing_array() if self.close_first else np.zeros(len(self.rows), dtype=np.int64)

    def allocated_array(self) -> np.ndarray:
        return np.array([row.allocated for row in self.rows], dtype=np.int64)

    @property
    def total_allowed(self) -> int:
        return sum(row.allowed_quantity for row in self.rows)

    def position_after(self, row: AccountAllocation) -> Decimal:
        """The position once this account's allowed share has filled."""
        return row.position + self.sign * row.allowed_quantity

    def position_desired(self, row: AccountAllocation) -> Decimal:
        return row.position + self.sign * row.desired_quantity

    def drift(self) -> tuple[DriftRow, ...]:
        """A frozen copy of every row, for views and reports."""
        return tuple(DriftRow(row.account, row.position, row.desired_quantity, row.allowed_quantity, row.allocated,
                              row.fill_ratio, self.position_desired(row), self.position_after(row), row.note,
                              row.desired_amount, row.amount)
                     for row in self.rows)


def planned_event(order_id: int, plan: AllocationPlan) -> AllocationPlanned:
    rows = tuple(AllocationRow(r.account, r.position, Decimal(r.desired_quantity), Decimal(r.allowed_quantity), r.note)
                 for r in plan.rows)
    return AllocationPlanned(order_id, plan.group, plan.method.value, rows)
