"""Commands: what a user, a scenario or a test asks the engine to do (imperative names).

Every field is plain data (str, Decimal, enums, datetimes, tuples), so a command can be journaled
and replayed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from workstation.engine.accounts import AccountType
from workstation.engine.money import to_decimal
from workstation.engine.orders import Action, OrderType, TimeInForce


def _exact(command: object, *fields: str) -> None:
    """The boundary where numbers enter: ints and numeric strings become Decimals, floats are refused."""
    for name in fields:
        value = getattr(command, name)
        if value is not None and not isinstance(value, Decimal):
            object.__setattr__(command, name, to_decimal(value, name))


@dataclass(frozen=True, slots=True)
class SeedPosition:
    symbol: str
    quantity: Decimal
    avg_cost: Decimal

    def __post_init__(self) -> None:
        _exact(self, "quantity", "avg_cost")


@dataclass(frozen=True, slots=True)
class OpenAccount:
    """Create an account with its opening cash and positions (the back office's job at IB)."""

    account_id: str
    account_type: AccountType
    base_currency: str = "USD"
    cash: tuple[tuple[str, Decimal], ...] = ()
    positions: tuple[SeedPosition, ...] = ()
    permissions: tuple[str, ...] | None = None
    advisor: str | None = None
    parent: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cash", tuple((ccy, to_decimal(amount, f"cash.{ccy}")) for ccy, amount in self.cash))


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    account: str
    symbol: str
    action: Action
    total_quantity: Decimal
    order_type: OrderType = OrderType.MKT
    lmt_price: Decimal | None = None
    aux_price: Decimal | None = None
    tif: TimeInForce = TimeInForce.DAY
    outside_rth: bool = False
    order_ref: str = ""

    def __post_init__(self) -> None:
        _exact(self, "total_quantity", "lmt_price", "aux_price")


@dataclass(frozen=True, slots=True)
class ModifyOrder:
    """Change a working order; fields left as None keep their value."""

    order_id: int
    total_quantity: Decimal | None = None
    lmt_price: Decimal | None = None
    aux_price: Decimal | None = None
    tif: TimeInForce | None = None

    def __post_init__(self) -> None:
        _exact(self, "total_quantity", "lmt_price", "aux_price")


@dataclass(frozen=True, slots=True)
class CancelOrder:
    order_id: int


@dataclass(frozen=True, slots=True)
class ForceExecution:
    """Execute ``quantity`` of a working order at ``price`` now, whatever the book shows."""

    order_id: int
    quantity: Decimal
    price: Decimal

    def __post_init__(self) -> None:
        _exact(self, "quantity", "price")


@dataclass(frozen=True, slots=True)
class SetPrice:
    """Mark an instrument at ``price`` (options on it are repriced)."""

    symbol: str
    price: Decimal

    def __post_init__(self) -> None:
        _exact(self, "price")


@dataclass(frozen=True, slots=True)
class AdvanceClock:
    """Move simulated time forward to ``to``, stepping the market and working orders."""

    to: datetime


Command = OpenAccount | PlaceOrder | ModifyOrder | CancelOrder | ForceExecution | SetPrice | AdvanceClock
COMMAND_TYPES: tuple[type, ...] = (OpenAccount, PlaceOrder, ModifyOrder, CancelOrder, ForceExecution, SetPrice,
                                   AdvanceClock, SeedPosition)
