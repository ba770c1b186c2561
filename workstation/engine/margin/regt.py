"""Reg T (rules-based) requirements for securities: stocks, ETFs, funds and securities options.

Per position, in the base currency (``ib-domain.md`` §5.1 and §5.4, the seed's "Key Margin
Definitions"):

- stocks: IB's intraday initial 25% long / 30% short, maintenance 25% long / 30% short with the
  low-priced short rules, Reg T's 50% at the end of the day; leveraged ETFs multiply the rates by
  their leverage factor (never above 100%); non-marginable securities (mutual funds among them)
  are margined at 100%; a position above 1% of the company's shares outstanding is margined
  more, rising linearly to 100% at 5% (IB's concentration rule for stocks);
- long options are paid in full (they carry no loan value and need no margin);
- short (naked) options: the option's value plus the greater of 20% of the underlying less the
  out-of-the-money amount and 10% of the underlying (calls) or of the strike (puts); 15% for
  broad-based index options; the percentages times the leverage factor for leveraged ETFs;
  less where the option is part of a strategy (``strategies``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from workstation.engine.core.instruments import SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.strategies import option_requirements


@dataclass(frozen=True, slots=True)
class Requirements:
    """Per-position requirements in the base currency."""

    initial: np.ndarray
    maintenance: np.ndarray
    reg_t: np.ndarray  # the end-of-day Reg T initial requirement


def regt_requirements(holdings: Holdings, rates: MarginRates) -> Requirements:
    n = holdings.size
    initial, maintenance, reg_t = np.zeros(n), np.zeros(n), np.zeros(n)
    stocks = holdings.of_type(SecType.STK, SecType.FUND)
    if stocks.any():
        _stocks(holdings, stocks, rates, initial, maintenance, reg_t)
    short_options = holdings.of_type(SecType.OPT) & (holdings.quantity < 0)
    if short_options.any():
        naked = np.zeros(n)
        naked[short_options] = naked_options(holdings, short_options, rates)
        # Strategies first: a short option is naked only when no spread or cover asks for less.
        initial = initial + option_requirements(holdings, naked, initial)
        maintenance = maintenance + option_requirements(holdings, naked, maintenance)
        reg_t = reg_t + option_requirements(holdings, naked, reg_t)
    return Requirements(initial, maintenance, reg_t)


def _stocks(holdings: Holdings, mask: np.ndarray, rates: MarginRates, initial: np.ndarray,
            maintenance: np.ndarray, reg_t: np.ndarray) -> None:
    rows = holdings.rows[mask]
    initial[mask], maintenance[mask], reg_t[mask] = stock_requirement(
        holdings.quantity[mask] * holdings.table.multiplier[rows], holdings.price[mask], holdings.to_base[mask],
        holdings.table.leverage[rows], holdings.table.marginable_stock[rows], rates,
        outstanding=holdings.table.shares_outstanding[rows])


class _Ops(NamedTuple):
    where: Callable
    maximum: Callable
    minimum: Callable
    absolute: Callable


ARRAYS = _Ops(np.where, np.maximum, np.minimum, np.abs)
NUMBERS = _Ops(lambda condition, yes, no: yes if condition else no, max, min, abs)  # one position, no numpy


def stock_requirement(shares: ArrayLike, price: ArrayLike, to_base: ArrayLike, factor: ArrayLike,
                      marginable: ArrayLike, rates: MarginRates, ops: _Ops = ARRAYS,
                      outstanding: ArrayLike = 0.0) -> tuple[ArrayLike, ArrayLike, ArrayLike]:
    """Initial, maintenance and end-of-day Reg T requirements of stock positions (signed shares),
    elementwise: arrays for a book of positions, or (with ``NUMBERS``) plain floats for one.
    ``outstanding`` is the company's shares outstanding (0 when unknown: no concentration rule)."""
    value = ops.absolute(shares * price * to_base)
    long = shares > 0

    def capped(base: float) -> ArrayLike:
        return ops.where(marginable, ops.minimum(base * factor, 1.0), 1.0)

    long_init, short_init = capped(rates.stock_long_initial), capped(rates.stock_short_initial)
    long_maint, short_maint = capped(rates.stock_long_maintenance), capped(rates.stock_short_maintenance)
    low = price <= rates.short_low_price
    per_share = ops.where(low, rates.short_per_share_at_or_below_low, rates.short_per_share_above_low)
    short_floor_rate = ops.where(low, 1.0, short_maint)
    short_maintenance = ops.maximum(ops.absolute(shares) * per_share * to_base, value * short_floor_rate)
    maintenance = ops.where(long, value * long_maint, short_maintenance)
    initial = ops.where(long, value * long_init, ops.maximum(value * short_init, short_maintenance))
    reg_t = ops.maximum(value * capped(rates.reg_t_initial), maintenance)
    concentrated = concentration(shares, outstanding, rates, ops)

    def raised(requirement: ArrayLike) -> ArrayLike:  # towards the full value as concentration rises
        return requirement + ops.maximum(value - requirement, 0.0) * concentrated

    return raised(initial), raised(maintenance), raised(reg_t)


def concentration(shares: ArrayLike, outstanding: ArrayLike, rates: MarginRates, ops: _Ops = ARRAYS) -> ArrayLike:
    """How far a holding is into the concentration band: 0 up to ``concentration_start`` of the
    shares outstanding, 1 from ``concentration_full`` (fully margined), linear between."""
    held = ops.absolute(shares) / ops.maximum(outstanding, 1.0) * (outstanding > 0)
    band = rates.concentration_full - rates.concentration_start
    return ops.minimum(ops.maximum((held - rates.concentration_start) / band, 0.0), 1.0)


def naked_options(holdings: Holdings, mask: np.ndarray, rates: MarginRates) -> np.ndarray:
    """The naked requirement of each masked (short option) row, for the whole position."""
    rows = holdings.rows[mask]
    factor = holdings.table.leverage[rows]
    broad = holdings.table.broad[rows]
    under = holdings.underlying_price[mask]
    strike = holdings.table.strike[rows]
    call = holdings.table.is_call[rows]
    out_of_money = np.where(call, np.maximum(strike - under, 0.0), np.maximum(under - strike, 0.0))
    percent = np.where(broad, rates.naked_option_rate_broad_index, rates.naked_option_rate) * factor
    floor = rates.naked_option_floor * factor * np.where(call, under, strike)
    per_unit = holdings.price[mask] + np.maximum(percent * under - out_of_money, floor)
    return per_unit * np.abs(holdings.quantity[mask]) * holdings.table.multiplier[rows] * holdings.to_base[mask]
