"""Quote: one instrument's top of book and day statistics, as a frozen snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Quote:
    """Top of book and day statistics. ``close`` is the prior session's close, as in TWS."""

    symbol: str
    bid: Decimal
    ask: Decimal
    last: Decimal
    bid_size: Decimal
    ask_size: Decimal
    volume: Decimal
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    implied_vol: Decimal | None = None

    @property
    def mid(self) -> Decimal:
        return (self.bid + self.ask) / 2

    @property
    def change(self) -> Decimal:
        return self.last - self.close

    @property
    def change_percent(self) -> Decimal:
        if not self.close:
            return Decimal(0)
        return (self.last - self.close) / self.close * 100
