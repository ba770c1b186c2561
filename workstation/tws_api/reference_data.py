"""Reference data from the engine's universe: option chain parameters and symbol search, on the engine's thread.

reqSecDefOptParams names the underlying by conId (its symbol and type when the conId is 0) and answers one
row per exchange, trading class and multiplier of the options written on it, with every expiration and
strike (IB's layout; the universe lists each option as it trades, so a row has the union of what exists).
A future's options are asked with the future's conId and ``futFopExchange``.

reqMatchingSymbols searches as TWS's symbol box does: an exact symbol first, then symbols starting with the
pattern, then names containing it, underlyings only (options and futures options appear as the derivative
types listed on their underlying), at most 16 answers (IB's documented cap).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from workstation.engine import SecType
from workstation.tws_api.contracts import ContractBook, contract_book
from workstation.tws_api.outgoing_reference import OptionChain, SymbolSample

if TYPE_CHECKING:
    from workstation.engine import Engine, Instrument

MAX_SYMBOL_SAMPLES = 16
_OPTION_TYPES = (SecType.OPT, SecType.FOP)


def option_chains(engine: Engine, symbol: str, sec_type: str, con_id: int, fut_fop_exchange: str
                  ) -> list[OptionChain] | None:
    """The chains of the underlying a reqSecDefOptParams names; None when no such underlying exists."""
    book = contract_book(engine)
    underlyings = _underlyings(book, symbol, sec_type, con_id)
    if not underlyings:
        return None
    rows: dict[tuple[str, int, str, str], tuple[set[str], set[float]]] = defaultdict(lambda: (set(), set()))
    for instrument in book.by_con_id.values():
        if instrument.sec_type not in _OPTION_TYPES or instrument.underlying not in underlyings:
            continue
        contract = book.contract(instrument)
        if fut_fop_exchange and instrument.sec_type is SecType.FOP and fut_fop_exchange != contract.exchange:
            continue
        key = (contract.exchange, underlyings[instrument.underlying], contract.trading_class, contract.multiplier)
        expirations, strikes = rows[key]
        expirations.add(contract.last_trade_date)
        strikes.add(contract.strike)
    return [OptionChain(exchange, under_id, trading_class, multiplier, tuple(sorted(expirations)),
                        tuple(sorted(strikes)))
            for (exchange, under_id, trading_class, multiplier), (expirations, strikes) in sorted(rows.items())]


def _underlyings(book: ContractBook, symbol: str, sec_type: str, con_id: int) -> dict[str, int]:
    """The named underlying's engine symbol -> conId: by conId, else every instrument of that symbol and type."""
    if con_id:
        found = book.instrument(con_id)
        return {found.symbol: con_id} if found is not None and found.sec_type not in _OPTION_TYPES else {}
    named = {}
    for each_id, instrument in book.by_con_id.items():
        contract = book.contract(instrument)
        if instrument.sec_type in _OPTION_TYPES or contract.symbol != symbol:
            continue
        if not sec_type or sec_type == contract.sec_type:
            named[instrument.symbol] = each_id
    return named


def matching_symbols(engine: Engine, pattern: str) -> list[SymbolSample]:
    """The contracts a symbol search for ``pattern`` finds, best first."""
    wanted = pattern.strip().upper()
    if not wanted:
        return []
    book = contract_book(engine)
    derivatives: dict[str, set[str]] = defaultdict(set)
    candidates: list[Instrument] = []
    for instrument in book.by_con_id.values():
        if instrument.sec_type in _OPTION_TYPES:
            derivatives[instrument.underlying or ""].add(instrument.sec_type.value)
        else:
            candidates.append(instrument)

    def rank(instrument: Instrument) -> tuple[int, str] | None:
        symbol = book.contract(instrument).symbol.upper()
        if symbol == wanted or instrument.symbol.upper() == wanted:
            return 0, instrument.symbol
        if symbol.startswith(wanted) or instrument.symbol.upper().startswith(wanted):
            return 1, instrument.symbol
        if wanted in instrument.description.upper():
            return 2, instrument.symbol
        return None

    ranked = sorted((key, instrument) for instrument in candidates if (key := rank(instrument)) is not None)
    samples = []
    for _, instrument in ranked[:MAX_SYMBOL_SAMPLES]:
        contract = book.contract(instrument)
        samples.append(SymbolSample(
            con_id=contract.con_id, symbol=contract.symbol, sec_type=contract.sec_type,
            primary_exchange=contract.primary_exchange or contract.exchange, currency=contract.currency,
            derivative_sec_types=tuple(sorted(derivatives.get(instrument.symbol, ()))),
            description=instrument.description))
    return samples
