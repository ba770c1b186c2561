"""Positions as numpy arrays, the form every margin method computes over.

``InstrumentTable`` holds, once per universe, every contract attribute the margin methods read,
as arrays indexed like the market simulator's instruments. ``Holdings`` gathers those attributes
for a set of positions (one account's, or many accounts' stacked) by fancy indexing, so building
them costs a handful of array operations, not a loop over positions.

Prices and values are float64: margin figures are risk estimates, rounded to cents when
reported, while the ledger itself stays exact in Decimal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.ledger.accounts import Account
from workstation.engine.market.calendar import EASTERN

_EXPIRY_HOUR = 16
_SECONDS_PER_YEAR = 365.0 * 86400.0
_US_AND_CANADA = ("US", "CA")
KINDS = tuple(SecType)
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}


def kind_code(*kinds: SecType) -> list[int]:
    return [_KIND_CODE[k] for k in kinds]


_LOOKUPS: dict[tuple[SecType, ...], np.ndarray] = {}


def kind_lookup(kinds: tuple[SecType, ...]) -> np.ndarray:
    """A boolean per kind code, True for ``kinds``: a mask of rows is one fancy index into it."""
    lookup = _LOOKUPS.get(kinds)
    if lookup is None:
        lookup = np.zeros(len(KINDS), dtype=bool)
        lookup[kind_code(*kinds)] = True
        _LOOKUPS[kinds] = lookup
    return lookup


class InstrumentTable:
    """Every contract's margin attributes as arrays, in the order of ``instruments``."""

    def __init__(self, instruments: list[Instrument]) -> None:
        self.instruments = instruments
        self.index = {instrument.symbol: i for i, instrument in enumerate(instruments)}
        n = len(instruments)
        self.kind = np.array([_KIND_CODE[i.sec_type] for i in instruments], dtype=np.int8)
        self.multiplier = np.array([float(i.multiplier) for i in instruments])
        self.leverage = np.array([float(i.leverage_factor) for i in instruments])
        self.shares_outstanding = np.array([float(i.shares_outstanding or 0) for i in instruments])
        self.marginable_stock = np.array([i.sec_type is SecType.STK and i.marginable for i in instruments])
        self.broad = np.array([i.broad_based_index for i in instruments])
        self.loan_value = np.array([i.sec_type in (SecType.STK, SecType.FUND)
                                    or (i.sec_type is SecType.OPT and i.country not in _US_AND_CANADA)
                                    for i in instruments])
        self.strike = np.array([float(i.strike) if i.strike is not None else 0.0 for i in instruments])
        self.is_call = np.array([i.right is not None and i.right.value == "C" for i in instruments])
        self.underlying = np.array([self.index.get(i.underlying, -1) if i.is_option else -1 for i in instruments],
                                   dtype=np.int64)
        self.expiry_ts = np.array([datetime(i.expiry.year, i.expiry.month, i.expiry.day, _EXPIRY_HOUR,
                                            tzinfo=EASTERN).timestamp() if i.is_option and i.expiry else 0.0
                                   for i in instruments])
        roots = [self._root(i) for i in instruments]
        self.commodity_names = sorted({r for r in roots if r})
        self.commodity = np.array([self.commodity_names.index(r) if r else -1 for r in roots], dtype=np.int64)
        self.product_classes = list(dict.fromkeys(i.product_class for i in instruments))
        self.product_class = np.array([self.product_classes.index(i.product_class) for i in instruments],
                                      dtype=np.int64)
        currencies = sorted({i.currency for i in instruments})
        self.currencies = currencies
        self.currency = np.array([currencies.index(i.currency) for i in instruments], dtype=np.int64)
        assert self.kind.size == n

    def _root(self, instrument: Instrument) -> str:
        """The futures root (SPAN's combined commodity) of a future or futures option, else ''."""
        if instrument.sec_type is SecType.FOP and instrument.underlying:
            instrument = self.instruments[self.index[instrument.underlying]]
        if instrument.sec_type is not SecType.FUT:
            return ""
        return instrument.underlying or instrument.symbol

    def indices(self, symbols: list[str]) -> np.ndarray:
        return np.array([self.index[s] for s in symbols], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Holdings:
    """Positions (non-zero) with what the margin methods read, one row per position."""

    table: InstrumentTable
    rows: np.ndarray          # instrument index of each position
    quantity: np.ndarray      # signed contracts or shares
    price: np.ndarray         # last price, in the instrument's currency
    to_base: np.ndarray       # base currency per unit of the instrument's currency
    underlying_price: np.ndarray  # options: the underlying's last price (a future's, for FOPs)
    years: np.ndarray         # options: time to expiry in years (calendar)
    iv: np.ndarray            # options: implied volatility

    @property
    def instruments(self) -> list[Instrument]:
        return [self.table.instruments[i] for i in self.rows]

    @property
    def size(self) -> int:
        return int(self.rows.size)

    @property
    def multiplier(self) -> np.ndarray:
        return self.table.multiplier[self.rows]

    @property
    def strike(self) -> np.ndarray:
        return self.table.strike[self.rows]

    @property
    def is_call(self) -> np.ndarray:
        return self.table.is_call[self.rows]

    @property
    def value(self) -> np.ndarray:
        """Signed market value in the base currency."""
        return self.quantity * self.multiplier * self.price * self.to_base

    def of_type(self, *sec_types: SecType) -> np.ndarray:
        return kind_lookup(sec_types)[self.table.kind[self.rows]]

    def loan_value_mask(self) -> np.ndarray:
        """Positions that count in Equity with Loan Value: stocks, funds and non-US/Canadian
        securities options (US options and futures options are paid for, not lent against)."""
        return self.table.loan_value[self.rows]


def build_holdings(table: InstrumentTable, rows: np.ndarray, quantity: np.ndarray, marks: np.ndarray,
                   ivs: np.ndarray, to_base: np.ndarray, now: datetime) -> Holdings:
    """Holdings of the positions ``rows`` (instrument indices) holding ``quantity``; ``marks`` and
    ``ivs`` are every instrument's last price and implied volatility, ``to_base`` each row's rate."""
    keep = quantity != 0
    rows, quantity, to_base = rows[keep], quantity[keep], to_base[keep]
    under = table.underlying[rows]
    option = under >= 0
    underlying_price = np.where(option, marks[np.maximum(under, 0)], 0.0)
    years = np.where(option, np.maximum(table.expiry_ts[rows] - now.timestamp(), 0.0) / _SECONDS_PER_YEAR, 0.0)
    iv = np.where(option, ivs[rows], 0.0)
    return Holdings(table, rows, quantity.astype(np.float64), marks[rows], to_base, underlying_price, years, iv)


def account_holdings(table: InstrumentTable, account: Account, symbols: list[str], marks: np.ndarray,
                     ivs: np.ndarray, to_base: Callable[[str], float], now: datetime) -> Holdings:
    """Holdings of ``account``'s positions in ``symbols``; ``to_base`` converts a currency to its base."""
    rows = table.indices(symbols)
    quantity = np.array([float(account.positions[s].quantity) for s in symbols], dtype=np.float64)
    rates = np.array([to_base(table.instruments[r].currency) for r in rows], dtype=np.float64)
    return build_holdings(table, rows, quantity, marks, ivs, rates, now)
