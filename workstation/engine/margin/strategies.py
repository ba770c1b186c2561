"""Reg T option strategies: short options are margined as parts of the strategies they form,
not as naked options, when that asks for less (``ib-domain.md`` §5.4).

Per underlying, in order:

1. covered calls (a short call against 100 shares held per contract) and covered puts (a short
   put against shares sold short);
2. for the options left, two readings, of which the lower requirement counts (IB runs an
   optimiser without promising the best pairing; so do we, within these two):
   - pairs: each short option with a long option of the same right expiring no earlier (vertical
     and calendar spreads: the strike width when the spread can lose it, nothing for a debit
     spread), then short calls with short puts (straddles and strangles: the larger naked
     requirement plus the other option's value), and the rest naked;
   - the whole expiry group at once, when every option expires together and no call is short
     without a long call to cover it: the largest loss the group can suffer at expiry, which
     prices butterflies, condors and iron condors (the greater wing) as IB does.

Requirements are on the footing of the naked ones: premiums received sit in cash and options
carry no loan value, so a credit spread needs its full width (IB's convention), a debit spread
nothing beyond what was paid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.margin.holdings import Holdings

SHARES_PER_CONTRACT = 100


@dataclass(slots=True)
class _Option:
    row: int
    units: float          # contracts left to pair (positive)
    strike: float
    expiry: float         # years
    call: bool
    multiplier: float
    to_base: float
    value: float          # per unit, in the option's currency
    naked: float          # per contract requirement if naked, base currency


def option_requirements(holdings: Holdings, naked: np.ndarray, stock_requirement: np.ndarray) -> np.ndarray:
    """Requirement per position of securities options, on the short legs' rows (a covered
    option's row carries its pair's requirement less the stock's own on the covered shares).
    ``naked`` is each short option row's naked requirement and ``stock_requirement`` each stock
    row's, both for the whole position in the base currency."""
    requirement = np.zeros(holdings.size)
    by_underlying: dict[str, list[int]] = defaultdict(list)
    instruments = holdings.instruments
    for row, instrument in enumerate(instruments):
        if instrument.sec_type is SecType.OPT and instrument.underlying:
            by_underlying[instrument.underlying].append(row)
    stock_rows = {instrument.symbol: row for row, instrument in enumerate(instruments)
                  if instrument.sec_type is SecType.STK}
    for underlying, rows in by_underlying.items():
        longs, shorts = [], []
        for row in rows:
            quantity = holdings.quantity[row]
            contracts = abs(quantity)
            option = _Option(row, contracts, holdings.strike[row], holdings.years[row], bool(holdings.is_call[row]),
                             holdings.multiplier[row], holdings.to_base[row], holdings.price[row],
                             naked[row] / contracts if quantity < 0 else 0.0)
            (shorts if quantity < 0 else longs).append(option)
        if not shorts:
            continue
        stock_row = stock_rows.get(underlying)
        if stock_row is not None:
            _cover(holdings, stock_row, shorts, stock_requirement, requirement)
        open_shorts = [s for s in shorts if s.units > 0]
        if not open_shorts:
            continue
        paired = _pairs([_copy(o) for o in longs], [_copy(o) for o in open_shorts])
        grouped = _max_loss(longs, open_shorts)
        total = paired if grouped is None else min(paired, grouped)
        weights = np.array([s.units for s in open_shorts])
        for option, weight in zip(open_shorts, weights / weights.sum(), strict=True):
            requirement[option.row] += total * weight
    return requirement


def _copy(option: _Option) -> _Option:
    return _Option(option.row, option.units, option.strike, option.expiry, option.call, option.multiplier,
                   option.to_base, option.value, option.naked)


def _cover(holdings: Holdings, stock_row: int, shorts: list[_Option], stock_requirement: np.ndarray,
           requirement: np.ndarray) -> None:
    """Covered calls against long stock, covered puts against short stock (IB's formulas as in
    Lean): the stock's own requirement on the covered shares is replaced by the pair's."""
    shares = holdings.quantity[stock_row] * holdings.multiplier[stock_row]
    price = holdings.price[stock_row]
    rate_to_base = holdings.to_base[stock_row]
    per_share = stock_requirement[stock_row] / abs(shares * price * rate_to_base)  # the stock's rate
    free = abs(shares)
    for option in sorted(shorts, key=lambda o: -o.strike if o.call else o.strike):
        if option.call != (shares > 0) or free < SHARES_PER_CONTRACT:
            continue
        contracts = min(option.units, free // SHARES_PER_CONTRACT)
        covered = contracts * SHARES_PER_CONTRACT
        in_money = max(price - option.strike, 0.0) if option.call else max(option.strike - price, 0.0)
        stock_margin = covered * price * per_share
        if option.call:
            capped = covered * min(price, option.strike) * per_share
            call_value = contracts * option.value * option.multiplier
            pair = max(covered * in_money + capped, min(covered * price, max(call_value, stock_margin)))
        else:
            pair = stock_margin + covered * in_money
        # The pair's requirement replaces the stock's on those shares; it sits on the option row.
        requirement[option.row] += pair * rate_to_base - stock_margin * rate_to_base
        option.units -= contracts
        free -= covered


def _pairs(longs: list[_Option], shorts: list[_Option]) -> float:
    total = 0.0
    for short in sorted(shorts, key=lambda o: o.naked, reverse=True):
        candidates = [o for o in longs if o.call == short.call and o.expiry >= short.expiry and o.units > 0]
        while short.units > 0 and candidates:
            best = min(candidates, key=lambda o: _width(short, o))
            contracts = min(short.units, best.units)
            total += min(_width(short, best) * contracts * short.multiplier * short.to_base, short.naked * contracts)
            short.units -= contracts
            best.units -= contracts
            candidates = [o for o in candidates if o.units > 0]
    calls = [s for s in shorts if s.call and s.units > 0]
    puts = [s for s in shorts if not s.call and s.units > 0]
    for call in calls:  # short straddles and strangles: one side's requirement, the other's value
        for put in puts:
            contracts = min(call.units, put.units)
            if contracts <= 0:
                continue
            bigger, smaller = (call, put) if call.naked >= put.naked else (put, call)
            total += contracts * (bigger.naked + smaller.value * smaller.multiplier * smaller.to_base)
            call.units -= contracts
            put.units -= contracts
    return total + sum(s.naked * s.units for s in shorts if s.units > 0)


def _width(short: _Option, long: _Option) -> float:
    """What a spread can lose at the short's expiry, per unit: the strike width when the long
    strike is the worse one (a credit spread), else nothing."""
    if short.call:
        return max(long.strike - short.strike, 0.0)
    return max(short.strike - long.strike, 0.0)


def _max_loss(longs: list[_Option], shorts: list[_Option]) -> float | None:
    """The worst payoff at expiry of the options together, if they expire together and the
    upside is covered (no more short calls than long calls); else None."""
    options = longs + shorts
    if len({round(o.expiry, 9) for o in options}) != 1:
        return None
    signed = [(o, o.units) for o in longs] + [(o, -o.units) for o in shorts]
    if sum(units for o, units in signed if o.call) < 0:
        return None  # a net short call can lose without limit
    points = sorted({0.0, *(o.strike for o in options)})
    worst = 0.0
    for price in points:
        payoff = sum(units * o.multiplier * o.to_base * (max(price - o.strike, 0.0) if o.call
                                                           else max(o.strike - price, 0.0))
                     for o, units in signed)
        worst = min(worst, payoff)
    return -worst
