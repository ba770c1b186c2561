"""Contracts: what can be quoted and traded, with IB's security types and product classes.

An instrument is keyed by ``symbol``, IB's local symbol: ``AAPL`` for a stock, ``ESZ6`` for a
future, ``AAPL  261218C00200000`` (OCC) for an equity option, ``ESZ6 C6000`` for a futures option,
``EUR.USD`` for an FX pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum


class SecType(Enum):
    """IB security types (``Contract.secType``)."""

    STK = "STK"
    IND = "IND"
    OPT = "OPT"
    FUT = "FUT"
    FOP = "FOP"
    FUND = "FUND"
    CASH = "CASH"


class Right(Enum):
    CALL = "C"
    PUT = "P"


class ProductClass(Enum):
    """Risk product class, the breakdown IB uses for the exposure fee (Equity, Oil, ...)."""

    EQUITY = "Equity"
    EQUITY_VOLATILITY = "Equity Volatility"
    OIL = "Oil"
    INTEREST_RATE = "Interest Rate"
    FX = "FX"
    METALS = "Metals"
    FUND = "Fund"


@dataclass(frozen=True, slots=True)
class Instrument:
    """A tradable or quote-only contract. Fields follow IB's ``Contract`` where it has one."""

    symbol: str
    sec_type: SecType
    description: str
    currency: str
    exchange: str
    country: str
    product_class: ProductClass
    underlying: str | None = None
    multiplier: Decimal = Decimal(1)
    strike: Decimal | None = None
    right: Right | None = None
    expiry: date | None = None
    is_etf: bool = False
    marginable: bool = True
    leverage_factor: Decimal = Decimal(1)
    broad_based_index: bool = False
    tick_size: Decimal = Decimal("0.01")
    sector: str = ""
    tradable: bool = True
    # For a foreign (non-US issuer) stock's ready-market test: when it listed, its shares in issue
    # and its usual daily volume (the history before the simulated days).
    listed_since: date | None = None
    shares_outstanding: Decimal | None = None
    typical_volume: Decimal | None = None

    @property
    def is_option(self) -> bool:
        return self.sec_type in (SecType.OPT, SecType.FOP)

    @property
    def is_derivative(self) -> bool:
        return self.sec_type in (SecType.OPT, SecType.FOP, SecType.FUT)

    @property
    def permission_class(self) -> str:
        """The asset class a trading permission must name to trade this (ETFs trade as STK)."""
        return self.sec_type.value

    @property
    def default_quantity(self) -> Decimal:
        """TWS's default order size: 100 shares for stocks, 1 contract for derivatives."""
        if self.sec_type is SecType.STK:
            return Decimal(100)
        if self.sec_type is SecType.CASH:
            return Decimal(20000)
        if self.sec_type is SecType.FUND:
            return Decimal(10)
        return Decimal(1)

    def is_expired(self, on: date) -> bool:
        return self.expiry is not None and on > self.expiry


@dataclass(slots=True)
class InstrumentCatalog:
    """The contract universe: lookup by symbol and TWS-style contract search."""

    _by_symbol: dict[str, Instrument] = field(default_factory=dict)
    _chains: dict[str, list[Instrument]] | None = field(default=None, repr=False, compare=False)
    """underlying -> its option chain, built on first use and dropped when a contract is added"""

    @classmethod
    def of(cls, instruments: Iterable[Instrument]) -> InstrumentCatalog:
        catalog = cls()
        for instrument in instruments:
            catalog.add(instrument)
        return catalog

    def add(self, instrument: Instrument) -> None:
        if instrument.symbol in self._by_symbol:
            raise ValueError(f"symbol: {instrument.symbol!r} is defined twice")
        self._by_symbol[instrument.symbol] = instrument
        self._chains = None

    def get(self, symbol: str) -> Instrument | None:
        return self._by_symbol.get(symbol)

    def __getitem__(self, symbol: str) -> Instrument:
        return self._by_symbol[symbol]

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._by_symbol

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._by_symbol.values())

    def __len__(self) -> int:
        return len(self._by_symbol)

    def search(self, text: str, limit: int = 25) -> list[Instrument]:
        """Match symbol prefix first, then words of the description, as TWS's contract search does.

        Derivatives are left out unless the text names one exactly: a search for ``AAPL`` lists the
        stock, not its whole option chain.
        """
        needle = text.strip().upper()
        if not needle:
            return []
        exact, prefix, by_name = [], [], []
        for instrument in self._by_symbol.values():
            symbol = instrument.symbol.upper()
            if symbol == needle:
                exact.append(instrument)
            elif instrument.is_option:
                continue
            elif symbol.startswith(needle):
                prefix.append(instrument)
            elif needle in instrument.description.upper():
                by_name.append(instrument)
        prefix.sort(key=lambda i: (len(i.symbol), i.symbol))
        by_name.sort(key=lambda i: i.symbol)
        return (exact + prefix + by_name)[:limit]

    def options_on(self, underlying: str) -> list[Instrument]:
        """The option chain on ``underlying``, by expiry, right, strike (indexed on first use)."""
        if self._chains is None:
            chains: dict[str, list[Instrument]] = {}
            for instrument in self._by_symbol.values():
                if instrument.is_option and instrument.underlying is not None:
                    chains.setdefault(instrument.underlying, []).append(instrument)
            for chain in chains.values():
                chain.sort(key=lambda i: (i.expiry, i.right.value if i.right else "", i.strike))
            self._chains = chains
        return list(self._chains.get(underlying, ()))
