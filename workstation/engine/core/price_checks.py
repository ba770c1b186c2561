"""Checks every command shares: numbers that are finite and sane, prices on the tick, whole
quantities. Each raises a Rejection naming the field it checks."""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument

LARGEST = Decimal("1e9")  # no price or quantity in this market comes near a billion


def check_number(value: Decimal, field: str, code: str) -> None:
    if not value.is_finite():
        raise Rejection(code, field, f"{value} is not a finite number")
    if abs(value) >= LARGEST:
        raise Rejection(code, field, f"{value} is too large")


def check_price(value: Decimal | None, field: str, instrument: Instrument) -> None:
    """A price must be finite, positive, sane and a multiple of the contract's tick size."""
    if value is None:
        return
    check_number(value, field, "INVALID_PRICE")
    if value <= 0:
        raise Rejection("INVALID_PRICE", field, f"{value} must be greater than zero")
    if (value / instrument.tick_size) % 1 != 0:
        raise Rejection("INVALID_PRICE",
                        field, f"{value} is not a multiple of {instrument.symbol}'s tick size {instrument.tick_size}")


def check_quantity(quantity: Decimal, field: str) -> None:
    check_number(quantity, field, "INVALID_QUANTITY")
    if quantity <= 0:
        raise Rejection("INVALID_QUANTITY", field, f"{quantity} must be greater than zero")
    if quantity % 1 != 0:
        raise Rejection("INVALID_QUANTITY", field, f"{quantity} must be a whole number")
