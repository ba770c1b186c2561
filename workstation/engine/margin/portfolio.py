"""Portfolio margin (TIMS-style, ``ib-domain.md`` §5.5) for the securities of portfolio-margin
accounts: every stock, ETF, fund and option is revalued across a grid of moves of its underlying
(ten equidistant points over +/-15%, or the index range for broad-based index products) with
implied volatility stressed up and down at each point; per underlying, the worst loss is the
requirement, with a floor per option contract and, for a stock held above 1% of its shares
outstanding, the Reg T concentration share of its value. A house layer adds two extreme moves (by default
-30%/+30%, -20%/+20% for broad-based index products), of which 35% counts as in SPAN: they catch
the tail risk of short out-of-the-money options that the +/-15% grid does not reach. Options are
revalued with vectorised Black-Scholes: the whole grid is one array operation.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import concentration
from workstation.engine.market.pricing import black_scholes_grid
from workstation.engine.market.simulator import RISK_FREE_RATE

_BLOCK = 1000  # options per block: 1,000 x 12 points x 2 volatilities = 24,000 values a temporary


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="portfolio-margin")


def price_grid(low: float, high: float, points: int) -> np.ndarray:
    """``points`` equidistant relative moves from ``low`` to ``high`` (e.g. -15% .. +15%)."""
    return np.linspace(low, high, points)


def portfolio_requirements(holdings: Holdings, rates: MarginRates) -> np.ndarray:
    """Requirement per underlying group, put on the group's first row (base currency)."""
    requirement = np.zeros(holdings.size)
    mask = holdings.of_type(SecType.STK, SecType.FUND, SecType.OPT)
    if not mask.any():
        return requirement
    table = holdings.table
    positions = np.flatnonzero(mask)
    rows = holdings.rows[positions]
    option = table.underlying[rows] >= 0
    underlying = np.where(option, table.underlying[rows], rows)
    broad = table.broad[rows]
    spot = np.where(option, holdings.underlying_price[positions], holdings.price[positions])
    multiplier = table.multiplier[rows]
    size = holdings.quantity[positions] * multiplier * holdings.to_base[positions]

    stock_moves = np.r_[price_grid(-rates.pm_move, rates.pm_move, rates.pm_points),
                        -rates.pm_extreme_move, rates.pm_extreme_move]
    index_moves = np.r_[price_grid(-rates.pm_index_down, rates.pm_index_up, rates.pm_points),
                        -rates.pm_extreme_move_index, rates.pm_extreme_move_index]
    points = stock_moves.size
    weights = np.ones(points)
    weights[rates.pm_points:] = rates.pm_extreme_weight
    moves = np.where(broad[:, None], index_moves[None, :], stock_moves[None, :])       # (positions, points)
    groups, first, group_of = np.unique(underlying, return_index=True, return_inverse=True)
    # Scenario losses per underlying group, price point and volatility (down, up), flattened.
    totals = np.zeros((groups.size, points * 2))
    stocks = np.flatnonzero(~option)
    if stocks.size:  # a stock's loss is linear and the same at either volatility
        stock_loss = -moves[stocks] * (spot[stocks] * size[stocks])[:, None] * weights[None, :]
        np.add.at(totals, group_of[stocks], np.repeat(stock_loss, 2, axis=1))
    if option.any():
        # Options sorted by underlying, so that each group's rows are contiguous and are added up
        # in one pass; priced in blocks that keep every temporary in cache (the grid is
        # memory-bound, not arithmetic-bound).
        which = np.flatnonzero(option)
        which = which[np.argsort(underlying[which], kind="stable")]
        k, call = table.strike[rows][which], table.is_call[rows][which]
        t, iv = holdings.years[positions][which], holdings.iv[positions][which]
        shift = np.where(broad[which], rates.pm_vol_shift_index, rates.pm_vol_shift)
        now = black_scholes_grid(spot[which], k, t, iv, RISK_FREE_RATE, call)
        vols = np.maximum(iv[:, None] * (1.0 + np.array([-1.0, 1.0])[None, :] * shift[:, None]), 0.01)
        moved = spot[which][:, None] * (1.0 + moves[which])
        scale = -size[which][:, None, None] * weights[None, :, None]   # the extremes count their weight
        losses = np.empty((which.size, points, 2))

        def revalue(start: int) -> None:
            part = slice(start, start + _BLOCK)
            value = black_scholes_grid(moved[part][:, :, None], k[part, None, None], t[part, None, None],
                                       vols[part, None, :], RISK_FREE_RATE, call[part, None, None])
            np.subtract(value, now[part, None, None], out=losses[part])
            losses[part] *= scale[part]

        blocks = range(0, which.size, _BLOCK)
        if len(blocks) > 2:  # numpy releases the GIL in its loops: large grids use every core
            list(_pool().map(revalue, blocks))
        else:
            for start in blocks:
                revalue(start)
        option_groups = group_of[which]
        starts = np.flatnonzero(np.r_[True, option_groups[1:] != option_groups[:-1]])
        totals[option_groups[starts]] += np.add.reduceat(losses.reshape(which.size, -1), starts, axis=0)
    # Floors: per option contract, and a concentrated stock holding's share of its value (as in Reg T).
    concentrated = concentration(holdings.quantity[positions], table.shares_outstanding[rows], rates)
    floor = np.where(option, np.abs(holdings.quantity[positions]) * rates.pm_option_minimum * multiplier
                     * holdings.to_base[positions], np.abs(size * spot) * concentrated)
    minimum = np.bincount(group_of, weights=floor, minlength=groups.size)
    requirement[positions[first]] = np.maximum(np.maximum(totals.max(axis=1), minimum), 0.0)
    return requirement
