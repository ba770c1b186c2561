"""The one gate where numbers enter the ledger, and the rounding of money to cents.

Floats are refused at the boundary: a ledger that accepts ``0.1 + 0.2`` drifts. Strings and
ints are exact, so they are the accepted spellings of a number coming from outside. Amounts are
plain ``Decimal`` filed under their currency's code (see the README's "Money"): there is no
currency-carrying money class.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from workstation.engine.core.errors import FieldTypeError, FieldValueError

CENT = Decimal("0.01")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
ZERO = Decimal(0)


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
