"""A day-trading call, as the margin book keeps it (see ``day_trading``): a class of its own so the book can
name it without importing the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class DayTradingCall:
    """A day-trading call: ``amount`` (base currency) by which the day's fills exceeded DTBP, ``met`` of it
    deposited since; unmet at ``due``, the account trades on a cash-available basis until
    ``restricted_until`` (or until it is met)."""

    amount: Decimal
    issued: date
    due: date
    met: Decimal = Decimal(0)
    restricted_until: date | None = None

    @property
    def outstanding(self) -> Decimal:
        return max(self.amount - self.met, Decimal(0))
