"""Decimal money with a currency, and the one gate where numbers enter the ledger.

Floats are refused at the boundary: a ledger that accepts ``0.1 + 0.2`` drifts. Strings and
ints are exact, so they are the accepted spellings of a number coming from outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from workstation.engine.core.errors import FieldTypeError, FieldValueError

CENT = Decimal("0.01")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
ZERO = Decimal(0)


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies were combined; IB never converts implicitly."""


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Convert an exact input (Decimal, int, numeric string) to a finite Decimal.

    Raises ``FieldTypeError`` (a ``TypeError``) for floats and bools, ``FieldValueError`` (a
    ``ValueError``) for text that is not a number or for NaN/Infinity; both name ``field``.
    """
    if isinstance(value, (bool, float)):
        raise FieldTypeError(field, f"floats are not accepted for money or quantities ({value!r}); "
                                    "pass a string or a Decimal")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if "," in text:
            if not _THOUSANDS.match(text):
                raise FieldValueError(field, f"{value!r} is not a number (commas only group thousands)")
            text = text.replace(",", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise FieldValueError(field, f"{value!r} is not a number") from None
    else:
        raise FieldTypeError(field, f"expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise FieldValueError(field, f"{value!r} is not a finite number")
    return result


def round_cents(amount: Decimal) -> Decimal:
    """Round to cents with banker's rounding, as statements do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one ISO currency. Arithmetic only within one currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount, "amount"))
        elif not self.amount.is_finite():
            raise FieldValueError("amount", f"{self.amount} is not a finite number")
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isupper()):
            raise FieldValueError("currency", f"{self.currency!r} is not an ISO currency code")

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(to_decimal(amount, "amount"), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(ZERO, currency)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, (float, bool)) or not isinstance(factor, (Decimal, int)):
            raise TypeError("Money can only be multiplied by a Decimal or an int")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def rounded(self) -> Money:
        return Money(round_cents(self.amount), self.currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
