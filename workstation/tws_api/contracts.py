"""The engine's instruments as the TWS API names them: contract ids, the contract block, and the lookup a
request's contract needs (by conId, or by symbol, type, expiry, strike, right and currency).

IB identifies every contract by a conId. The best-known contracts of the demo universe carry IB's own
(AAPL 265598 and MSFT 272093 appear in IB's API documentation and in the clients' examples), so a program
written against IB with those ids works here unchanged; every other instrument gets a stable id derived
from its symbol (the same on every run and every machine), checked unique when the book is built.

Naming follows IB: a stock's ``exchange`` is SMART and its listing market ``primaryExchange``; an
option's ``symbol`` is its underlying, its ``localSymbol`` the OCC symbol the engine uses; a future's
``symbol`` is its root (ES) and ``localSymbol`` the engine's (ESZ6); a futures option's ``symbol`` the
future's root; a currency pair (EUR.USD) is symbol EUR, currency USD, on IDEALPRO.
"""

from __future__ import annotations

import copy
import weakref
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from workstation.engine import Engine, Instrument, InstrumentCatalog, SecType
from workstation.tws_api.model import ApiContract

IB_CON_IDS = {
    "AAPL": 265598, "MSFT": 272093, "SPY": 756733, "IBM": 8314, "KO": 8894, "SPX": 416904, "EUR.USD": 12087792,
}
"""IB's conIds for the demo's best-known contracts (IB's API documentation and the clients' examples)."""

_DERIVED_BASE, _DERIVED_SPAN = 700_000_000, 200_000_000
"""Derived ids sit in a band of their own, clear of IB's ids above and of 0 (an unset conId)."""

_SMART_ROUTED = (SecType.STK, SecType.OPT)
"""Contracts IB routes through SMART, naming their listing market as primaryExchange."""


@dataclass(frozen=True, slots=True)
class ContractBook:
    """Every instrument of a catalog with its conId, both ways, and its contract block built once."""

    by_con_id: dict[int, Instrument]
    con_ids: dict[str, int]
    _blocks: dict[str, ApiContract] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: InstrumentCatalog | Iterable[Instrument]) -> ContractBook:
        by_con_id: dict[int, Instrument] = {}
        con_ids: dict[str, int] = {}
        for instrument in sorted(catalog, key=lambda i: i.symbol):
            con_id = IB_CON_IDS.get(instrument.symbol) or _derived_id(instrument.symbol)
            if con_id in by_con_id:
                raise ValueError(f"conId {con_id} of {instrument.symbol} is already {by_con_id[con_id].symbol}'s")
            by_con_id[con_id] = instrument
            con_ids[instrument.symbol] = con_id
        book = cls(by_con_id, con_ids)
        book._blocks.update((instrument.symbol, book._block(instrument)) for instrument in by_con_id.values())
        return book

    def con_id(self, symbol: str) -> int:
        return self.con_ids[symbol]

    def instrument(self, con_id: int) -> Instrument | None:
        return self.by_con_id.get(con_id)

    def contract(self, instrument: Instrument) -> ApiContract:
        """The contract block of ``instrument`` as TWS fills it in (contractDetails, portfolio, orders): a copy
        the caller may change."""
        block = copy.copy(self._blocks[instrument.symbol])
        block.combo_legs = []  # the one list a contract holds: never share it with the cached block
        return block

    def _block(self, instrument: Instrument) -> ApiContract:
        sec_type = instrument.sec_type
        contract = ApiContract(con_id=self.con_ids[instrument.symbol], symbol=instrument.symbol,
                               sec_type=sec_type.value, exchange=instrument.exchange, currency=instrument.currency,
                               local_symbol=instrument.symbol, trading_class=instrument.symbol, strike=0.0)
        if sec_type in _SMART_ROUTED:
            contract.exchange, contract.primary_exchange = "SMART", instrument.exchange
        if sec_type is SecType.CASH:
            contract.symbol = instrument.underlying or instrument.symbol.split(".")[0]
            contract.trading_class = instrument.symbol
        if instrument.expiry is not None:
            contract.last_trade_date = instrument.expiry.strftime("%Y%m%d")
        if instrument.multiplier != 1 or instrument.is_derivative:
            contract.multiplier = f"{instrument.multiplier.normalize():f}"
        if instrument.is_option:
            contract.strike = float(instrument.strike or 0)
            contract.right = instrument.right.value if instrument.right is not None else ""
        if sec_type is SecType.OPT:
            contract.symbol = contract.trading_class = instrument.underlying or instrument.symbol.split()[0]
        elif sec_type is SecType.FUT:
            contract.symbol = contract.trading_class = instrument.underlying or instrument.symbol
        elif sec_type is SecType.FOP:
            future = instrument.underlying or ""
            contract.symbol = contract.trading_class = future[:-2] if len(future) > 2 else future
        return contract

    def matching(self, wanted: ApiContract) -> list[Instrument]:
        """The instruments a request's contract names: its conId alone when given, else every instrument
        agreeing with each field the request fills in (IB's qualification; none: error 200)."""
        if wanted.con_id:
            found = self.by_con_id.get(wanted.con_id)
            return [found] if found is not None else []
        return [instrument for con_id, instrument in sorted(self.by_con_id.items())
                if _agrees(self._blocks[instrument.symbol], wanted)]


_BOOKS: weakref.WeakKeyDictionary[Engine, ContractBook] = weakref.WeakKeyDictionary()


def contract_book(engine: Engine) -> ContractBook:
    """The engine's contract book, built once per engine (its catalog does not change)."""
    book = _BOOKS.get(engine)
    if book is None:
        book = _BOOKS[engine] = ContractBook.of(engine.catalog)
    return book


def _derived_id(symbol: str) -> int:
    return _DERIVED_BASE + zlib.crc32(symbol.encode()) % _DERIVED_SPAN


def _agrees(have: ApiContract, wanted: ApiContract) -> bool:
    if wanted.local_symbol:
        return wanted.local_symbol.replace(" ", "") == have.local_symbol.replace(" ", "") and (
            not wanted.sec_type or wanted.sec_type == have.sec_type)
    checks = (
        (wanted.symbol, have.symbol), (wanted.sec_type, have.sec_type), (wanted.currency, have.currency),
        (wanted.right[:1].upper() if wanted.right else "", have.right),
        (wanted.trading_class, have.trading_class), (wanted.multiplier, have.multiplier),
    )
    if any(want and want != got for want, got in checks):
        return False
    if wanted.exchange and wanted.exchange not in ("SMART", have.exchange, have.primary_exchange):
        return False
    if wanted.primary_exchange and wanted.primary_exchange not in (have.primary_exchange, have.exchange):
        return False
    if wanted.last_trade_date and not have.last_trade_date.startswith(wanted.last_trade_date):
        return False
    return not wanted.strike or wanted.strike == have.strike
