"""Orders and their lifecycle, with IB's status names and an explicit transition table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.core.money import ZERO
from workstation.engine.core.terms import Action, ComboLeg, OrderStatus, OrderType, TimeInForce

if TYPE_CHECKING:
    from workstation.engine.orders.allocation_plan import AllocationPlan










S = OrderStatus
# NOTE: a partial fill keeps an order Submitted, so Submitted -> Submitted is a legal edge.
# PreSubmitted -> Filled is absent on purpose: a held order is released (Submitted) before it fills.
TRANSITIONS: frozenset[tuple[OrderStatus, OrderStatus]] = frozenset({
    (S.PENDING_SUBMIT, S.PRE_SUBMITTED),
    (S.PENDING_SUBMIT, S.SUBMITTED),
    (S.PENDING_SUBMIT, S.CANCELLED),
    (S.PENDING_SUBMIT, S.INACTIVE),
    (S.PRE_SUBMITTED, S.SUBMITTED),
    (S.PRE_SUBMITTED, S.PRE_SUBMITTED),   # modified while held
    (S.PRE_SUBMITTED, S.PENDING_CANCEL),
    (S.PRE_SUBMITTED, S.CANCELLED),
    (S.PRE_SUBMITTED, S.INACTIVE),
    (S.SUBMITTED, S.SUBMITTED),
    (S.SUBMITTED, S.PRE_SUBMITTED),       # a stop modified back out of the market
    (S.SUBMITTED, S.FILLED),
    (S.SUBMITTED, S.PENDING_CANCEL),
    (S.SUBMITTED, S.CANCELLED),
    (S.SUBMITTED, S.INACTIVE),
    (S.PENDING_CANCEL, S.CANCELLED),
    (S.PENDING_CANCEL, S.FILLED),         # a fill can beat the cancel to the exchange
    (S.FILLED, S.CANCELLED),              # an execution busted: the order is not resubmitted
})
DONE_STATUSES = frozenset({S.FILLED, S.CANCELLED, S.INACTIVE})
WORKING_STATUSES = frozenset({S.PRE_SUBMITTED, S.SUBMITTED, S.PENDING_CANCEL})




@dataclass(frozen=True, slots=True)
class Combo:
    """What makes an order a combination order (IB's BAG): its legs, whether they trade together
    (guaranteed) or may leg in separately (a non-guaranteed smart combo), and the internal orders,
    one per leg, that carry each leg's fills."""

    legs: tuple[ComboLeg, ...]
    guaranteed: bool
    leg_ids: tuple[int, ...]


def combo_symbol(legs: tuple[ComboLeg, ...]) -> str:
    """How a combo is named in order lists: its legs with signed ratios, ``+1 KO / -1 PEP``."""
    return " / ".join(f"{'+' if leg.action is Action.BUY else '-'}{leg.ratio} {leg.symbol.strip()}" for leg in legs)


def average_price(value: Decimal, units: Decimal | int) -> Decimal:
    """The average price of ``units`` worth ``value`` (price x units); zero when there are none."""
    return value / units if units else ZERO


class InvalidOrderTransition(RuntimeError):
    """An order was asked to move along an edge the lifecycle does not have (a bug, not input)."""


class InvalidOrderFill(RuntimeError):
    """A fill was booked on an order that does not take it that way (a bug, not input)."""


@dataclass(slots=True)
class Order:
    """A working or finished order. Quantities are positive; ``action`` gives the side. A mutual-fund
    buy may be for ``cash_qty`` (IB's cashQty) instead: its quantity is set when the NAV is known.
    A combination order has a ``combo`` and counts units of it; each of its legs is an order of
    its own with ``parent_id`` set, which the combo works (never the desk on its own)."""

    order_id: int
    account: str
    symbol: str
    action: Action
    total_quantity: Decimal
    order_type: OrderType
    tif: TimeInForce
    created: datetime
    lmt_price: Decimal | None = None
    aux_price: Decimal | None = None
    outside_rth: bool = False
    order_ref: str = ""
    status: OrderStatus = OrderStatus.PENDING_SUBMIT
    filled: Decimal = ZERO
    avg_fill_price: Decimal = ZERO
    filled_value: Decimal = ZERO
    commission: Decimal = ZERO
    triggered: bool = False
    why_held: str = ""
    status_reason: str = ""
    updated: datetime | None = None
    good_until: datetime | None = None
    allocation: AllocationPlan | None = None
    execution_ids: list[str] = field(default_factory=list)
    cash_qty: Decimal | None = None
    combo: Combo | None = None
    parent_id: int | None = None
    api_client_id: int | None = None
    """The API client that placed it and that client's id for it (IB's Order.clientId and orderId;
    ``order_id`` is IB's permId); None for an order entered in the GUI and for a combo's legs."""
    api_order_id: int | None = None

    @property
    def awaiting_nav(self) -> bool:
        """A mutual-fund order for an amount of cash, not yet turned into shares at the NAV."""
        return self.cash_qty is not None and self.total_quantity == 0

    @property
    def remaining(self) -> Decimal:
        return self.total_quantity - self.filled

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def is_new(self) -> bool:
        """Just placed: PendingSubmit, as it was created, with nothing filled yet."""
        return self.status is OrderStatus.PENDING_SUBMIT and not self.filled and not self.execution_ids

    @property
    def is_stop(self) -> bool:
        return self.order_type.takes_stop

    def move_to(self, status: OrderStatus) -> None:
        """Change the status along an edge of ``TRANSITIONS``; any other change is refused."""
        if (self.status, status) not in TRANSITIONS:
            raise InvalidOrderTransition(f"order {self.order_id}: {self.status.value} -> {status.value}")
        self.status = status

    # The fill accounting: ``filled`` units worth ``filled_value`` (price x units, before the
    # multiplier) at ``avg_fill_price``. Only these methods change them, in this arithmetic, which
    # the stored scenarios reproduce to the last digit.

    def record_fill(self, quantity: Decimal, price: Decimal) -> None:
        """An execution of ``quantity`` at ``price``."""
        self._refuse_for_combo("record a fill")
        self.filled += quantity
        self.filled_value += quantity * price
        self._reprice()

    def correct_fill(self, quantity: Decimal, old_price: Decimal, new_price: Decimal) -> None:
        """An execution of ``quantity`` corrected from ``old_price`` to ``new_price``: the units stay."""
        self._refuse_for_combo("correct a fill")
        change = new_price - old_price
        self.filled_value += quantity * change
        self._reprice()

    def bust_fill(self, quantity: Decimal, price: Decimal) -> None:
        """An execution of ``quantity`` at ``price`` cancelled: as if it had never traded."""
        self._refuse_for_combo("bust a fill")
        self.filled -= quantity
        self.filled_value -= quantity * price
        self._reprice()

    def follow_legs(self, units: Decimal, net_price: Decimal | None) -> None:
        """A combo's fill from its legs': the whole ``units`` every leg has filled, at ``net_price``
        (the net of the legs' averages) once every leg has filled some; until then the average stays."""
        if self.combo is None:
            raise InvalidOrderFill(f"order {self.order_id} is not a combo; it has no legs to follow")
        self.filled = units
        if net_price is not None:
            self.avg_fill_price = net_price
        self.filled_value = self.avg_fill_price * self.filled

    def _reprice(self) -> None:
        self.avg_fill_price = average_price(self.filled_value, self.filled)

    def _refuse_for_combo(self, what: str) -> None:
        if self.combo is not None:
            raise InvalidOrderFill(f"order {self.order_id} is a combo: its legs {what}, and it follows them")
