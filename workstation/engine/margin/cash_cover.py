"""What a cash account's short options commit: the shares that cover its calls and the cash that
secures its puts and European cash-settled spreads, which is its margin requirement.

IB's options margin table, "Cash or IRA Cash" column (restated row by row by ZacksTrade, an IB
introducing broker, https://www.zackstrade.com/faq/margin-faq/option-margin/; IB's page, mirrored at
https://royaltrade.exchange/en/indexae04.html?f=marginnew&p=opt, applies its formulas to "Cash or IRA-Cash"):

- long call or put: paid in full, no requirement;
- covered call: "Stock paid in full or None": the shares held cover it, nothing more is asked;
- short put: "Put Strike Price": strike x multiplier of cash per contract (decision D4.1: the premium
  received does not count towards it, the order check judges the cash before the premium arrives);
- call or put spread: "Same as Initial if both options are European-style cash-settled. Otherwise,
  N/A": the strike width (nothing for a debit spread), the long leg expiring no earlier than the short;
- short naked call, covered put, American spreads: "N/A" (decision D4.2: American spreads only leg by
  leg, the short call by shares, the short put by cash).

European cash-settled here means an option on an index: the engine settles those in cash at expiry
(``orders.expiration``), stock and ETF options by delivery (American style).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from workstation.engine.core.instruments import Instrument, Right, SecType

InstrumentOf = Callable[[str], Instrument | None]
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CashCover:
    """``shares``: per underlying, the shares its short calls commit; ``cash``: per currency, what its short
    puts and spreads commit; ``uncovered``: per option, the short contracts nothing covers (IB's "N/A")."""

    shares: dict[str, Decimal] = field(default_factory=dict)
    cash: dict[str, Decimal] = field(default_factory=dict)
    uncovered: dict[str, Decimal] = field(default_factory=dict)


def european_cash_settled(option: Instrument, instrument_of: InstrumentOf) -> bool:
    """An index option, settled in cash at expiry (SPX): the kind whose spreads a cash account may hold."""
    underlying = instrument_of(option.underlying or "")
    return option.sec_type is SecType.OPT and underlying is not None and underlying.sec_type is SecType.IND


def cash_cover(quantities: Mapping[str, Decimal], instrument_of: InstrumentOf) -> CashCover:
    """What the short options among ``quantities`` (symbol -> signed contracts or shares) commit."""
    by_underlying: dict[str, tuple[list[list], list[list]]] = defaultdict(lambda: ([], []))
    for symbol, quantity in quantities.items():
        instrument = instrument_of(symbol) if quantity else None
        if instrument is not None and instrument.is_option:
            shorts, longs = by_underlying[instrument.underlying or ""]
            (shorts if quantity < 0 else longs).append([instrument, abs(quantity)])
    shares: dict[str, Decimal] = defaultdict(Decimal)
    cash: dict[str, Decimal] = defaultdict(Decimal)
    uncovered: dict[str, Decimal] = {}
    for underlying, (shorts, longs) in sorted(by_underlying.items()):
        if not shorts:
            continue
        shorts.sort(key=lambda entry: (entry[0].right.value, entry[0].strike, entry[0].symbol))
        if european_cash_settled(shorts[0][0], instrument_of):
            _pair_spreads(shorts, longs, cash)
        held = instrument_of(underlying)
        free = ZERO
        if held is not None and held.sec_type in (SecType.STK, SecType.FUND) and shorts[0][0].sec_type is SecType.OPT:
            free = max(quantities.get(underlying, ZERO), ZERO) * held.multiplier
        for option, contracts in shorts:
            if not contracts:
                continue
            if option.right is Right.PUT:
                cash[option.currency] += contracts * option.multiplier * (option.strike or ZERO)
                continue
            covered = min(contracts, free // option.multiplier)
            if covered:
                shares[underlying] += covered * option.multiplier
                free -= covered * option.multiplier
            if contracts > covered:
                uncovered[option.symbol] = contracts - covered
    return CashCover(dict(shares), dict(cash), uncovered)


def _pair_spreads(shorts: list[list], longs: list[list], cash: dict[str, Decimal]) -> None:
    """European spreads: each short paired with the long of its right, expiring no earlier, whose strike
    loses least; the pair commits the strike width (a debit spread nothing). Pairing consumes contracts."""
    for short in shorts:
        option = short[0]
        while short[1]:
            candidates = [entry for entry in longs if entry[1] and entry[0].right is option.right
                          and entry[0].expiry is not None and option.expiry is not None
                          and entry[0].expiry >= option.expiry]
            if not candidates:
                break
            best = min(candidates, key=lambda entry: (_width(option, entry[0]), entry[0].symbol))
            contracts = min(short[1], best[1])
            cash[option.currency] += contracts * option.multiplier * _width(option, best[0])
            short[1] -= contracts
            best[1] -= contracts


def _width(short: Instrument, long: Instrument) -> Decimal:
    """What the spread can lose per unit at expiry: the strike width when the long strike is the worse one."""
    gap = (long.strike or ZERO) - (short.strike or ZERO)
    return max(gap if short.right is Right.CALL else -gap, ZERO)


def cash_requirement(positions: Iterable[tuple[Instrument, Decimal]], to_base: Callable[[str], float],
                     instrument_of: InstrumentOf) -> float:
    """A cash account's requirement in its base currency: the cash its short options commit, converted."""
    positions = list(positions)
    if not any(quantity < 0 and instrument.is_option for instrument, quantity in positions):
        return 0.0
    quantities = {instrument.symbol: quantity for instrument, quantity in positions}
    cover = cash_cover(quantities, instrument_of)
    return sum(float(amount) * to_base(currency) for currency, amount in cover.cash.items())
