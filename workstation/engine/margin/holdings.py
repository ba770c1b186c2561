"""An account's positions as numpy arrays, the form every margin method computes over.

Prices and values are float64: margin figures are risk estimates, rounded to cents when
reported, while the ledger itself stays exact in Decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from workstation.engine.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.market.calendar import EASTERN

FloatOf = Callable[[str], float]
_EXPIRY_HOUR = 16
_SECONDS_PER_YEAR = 365.0 * 86400.0
_US_AND_CANADA = ("US", "CA")


@dataclass(frozen=True, slots=True)
class Holdings:
    """Positions (non-zero) with what the margin methods read, one entry per position."""

    instruments: tuple[Instrument, ...]
    quantity: np.ndarray      # signed contracts or shares
    multiplier: np.ndarray
    price: np.ndarray         # last price, in the instrument's currency
    to_base: np.ndarray       # base currency per unit of the instrument's currency
    underlying_price: np.ndarray  # options: the underlying's last price (a future's, for FOPs)
    strike: np.ndarray
    is_call: np.ndarray
    years: np.ndarray         # options: time to expiry in years (calendar)
    iv: np.ndarray            # options: implied volatility

    @property
    def value(self) -> np.ndarray:
        """Signed market value in the base currency."""
        return self.quantity * self.multiplier * self.price * self.to_base

    def of_type(self, *sec_types: SecType) -> np.ndarray:
        return np.array([i.sec_type in sec_types for i in self.instruments], dtype=bool)

    def loan_value_mask(self) -> np.ndarray:
        """Positions that count in Equity with Loan Value: stocks, funds and non-US/Canadian
        securities options (US options and futures options are paid for, not lent against)."""
        return np.array([i.sec_type in (SecType.STK, SecType.FUND)
                         or (i.sec_type is SecType.OPT and i.country not in _US_AND_CANADA)
                         for i in self.instruments], dtype=bool)


def build_holdings(positions: Iterable[tuple[str, float]], catalog: InstrumentCatalog, price_of: FloatOf,
                   iv_of: FloatOf, to_base: Callable[[str], float], now: datetime) -> Holdings:
    """Holdings from ``(symbol, signed quantity)`` pairs; zero quantities are left out."""
    rows = [(catalog[symbol], quantity) for symbol, quantity in positions if quantity]
    instruments = tuple(instrument for instrument, _ in rows)
    n = len(rows)
    quantity = np.array([q for _, q in rows], dtype=np.float64)
    multiplier = np.array([float(i.multiplier) for i in instruments])
    price = np.array([price_of(i.symbol) for i in instruments])
    rate = np.array([to_base(i.currency) for i in instruments])
    underlying = np.zeros(n)
    strike = np.zeros(n)
    is_call = np.zeros(n, dtype=bool)
    years = np.zeros(n)
    iv = np.zeros(n)
    stamp = now.timestamp()
    for k, instrument in enumerate(instruments):
        if not instrument.is_option:
            continue
        assert instrument.underlying is not None and instrument.strike is not None and instrument.expiry is not None
        underlying[k] = price_of(instrument.underlying)
        strike[k] = float(instrument.strike)
        is_call[k] = instrument.right is not None and instrument.right.value == "C"
        expiry = datetime(instrument.expiry.year, instrument.expiry.month, instrument.expiry.day, _EXPIRY_HOUR,
                          tzinfo=EASTERN)
        years[k] = max(expiry.timestamp() - stamp, 0.0) / _SECONDS_PER_YEAR
        iv[k] = iv_of(instrument.symbol)
    return Holdings(instruments, quantity, multiplier, price, rate, underlying, strike, is_call, years, iv)
