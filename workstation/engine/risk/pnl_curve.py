"""Risk Navigator's P&L curve: what an account's positions on one underlying gain or lose as the
underlying moves, all else equal (the same implied volatility and time to expiry: a move now).

Built on the margin machinery: the account's ``Holdings`` (positions as arrays, with each option's
underlying price, time to expiry and implied volatility) and the grid pricers the portfolio-margin
and exposure-fee scenarios use. A stock, ETF, fund or future moves linearly with its price;
options are revalued with Black-Scholes (Black-76 for options on futures), so their curve bends.
Each point is the change from the model value at no move, so no move is exactly zero.

P&L values are float64 in the account's base currency, rounded to cents, as risk figures are
published; moves are fractions of the underlying's price (-0.30 is 30% down).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.market.pricing import black_76_grid, black_scholes_grid
from workstation.engine.market.simulator import RISK_FREE_RATE

CURVE_MOVES: tuple[float, ...] = tuple(round(-0.30 + 0.025 * step, 4) for step in range(25))
"""-30% to +30% in steps of 2.5%: the house extreme moves of portfolio margin at either end."""


@dataclass(frozen=True, slots=True)
class PnlCurve:
    """An account's P&L on one underlying across moves of its price.

    ``symbols`` are the positions counted (the underlying itself and options on it); ``pnl[i]`` is
    their change in value, in ``currency``, if the underlying moved by ``moves[i]``."""

    account_id: str
    underlying: str
    underlying_price: float
    currency: str
    symbols: tuple[str, ...]
    moves: tuple[float, ...]
    pnl: tuple[float, ...]


def _underlying_rows(holdings: Holdings) -> np.ndarray:
    """Each position's underlying as an instrument row: an option's underlying, else itself."""
    under = holdings.table.underlying[holdings.rows]
    return np.where(under >= 0, under, holdings.rows)


def held_underlyings(holdings: Holdings) -> tuple[str, ...]:
    """The underlyings of the positions, each once, sorted by symbol (stocks alone and with options)."""
    instruments = holdings.table.instruments
    return tuple(sorted({instruments[int(row)].symbol for row in _underlying_rows(holdings)}))


def pnl_curve(account_id: str, currency: str, holdings: Holdings, underlying: str, underlying_price: float,
              moves: tuple[float, ...] = CURVE_MOVES) -> PnlCurve:
    """The P&L of the ``holdings`` on ``underlying`` for each of ``moves`` (all zero if none)."""
    table = holdings.table
    row = table.index[underlying]
    mine = np.flatnonzero(_underlying_rows(holdings) == row)
    grid = np.asarray(moves, dtype=np.float64)
    total = np.zeros(grid.size)
    if mine.size:
        rows = holdings.rows[mine]
        size = holdings.quantity[mine] * table.multiplier[rows] * holdings.to_base[mine]
        option = table.underlying[rows] >= 0
        linear = ~option  # value moves with the price: the exposure times the move
        total += grid * float((holdings.price[mine][linear] * size[linear]).sum())
        if option.any():
            total += _option_pnl(holdings, mine[option], grid, size[option])
    symbols = tuple(table.instruments[int(r)].symbol for r in holdings.rows[mine])
    return PnlCurve(account_id, underlying, underlying_price, currency, symbols, tuple(float(m) for m in grid),
                    tuple(round(float(v), 2) + 0.0 for v in total))  # + 0.0: no -0.0


def _option_pnl(holdings: Holdings, which: np.ndarray, grid: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Options repriced at each moved underlying, less their value now, times the position size."""
    rows = holdings.rows[which]
    table = holdings.table
    spot = holdings.underlying_price[which][:, None]
    strike, call = table.strike[rows][:, None], table.is_call[rows][:, None]
    years, iv = holdings.years[which][:, None], holdings.iv[which][:, None]
    futures = holdings.of_type(SecType.FOP)[which][:, None]
    moved = spot * (1.0 + grid[None, :])

    def value(underlying: np.ndarray) -> np.ndarray:
        return np.where(futures, black_76_grid(underlying, strike, years, iv, RISK_FREE_RATE, call),
                        black_scholes_grid(underlying, strike, years, iv, RISK_FREE_RATE, call))

    return ((value(moved) - value(spot)) * size[:, None]).sum(axis=0)
