"""Portfolio margin (TIMS-style, ``ib-domain.md`` §5.5) for the securities of portfolio-margin
accounts: every stock, ETF, fund and option is revalued across a grid of moves of its underlying
(ten equidistant points over +/-15%, or the index range for broad-based index products) with
implied volatility stressed up and down at each point; per underlying, the worst loss is the
requirement, with a floor per option contract. Options are revalued with vectorised
Black-Scholes: the whole grid is one array operation.
"""

from __future__ import annotations

import numpy as np

from workstation.engine.instruments import SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.margin.rates import MarginRates
from workstation.engine.market.pricing import black_scholes_grid
from workstation.engine.market.simulator import RISK_FREE_RATE

_BLOCK = 1000  # options per block: 1,000 x 10 points x 2 volatilities = 20,000 values a temporary


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

    stock_moves = price_grid(-rates.pm_move, rates.pm_move, rates.pm_points)
    index_moves = price_grid(-rates.pm_index_down, rates.pm_index_up, rates.pm_points)
    moves = np.where(broad[:, None], index_moves[None, :], stock_moves[None, :])       # (positions, points)
    shocked = spot[:, None] * (1.0 + moves)
    # Loss per position, price point and volatility (down, up): shape (positions, points, 2).
    losses = np.empty((positions.size, rates.pm_points, 2))
    losses[:] = ((spot[:, None] - shocked) * size[:, None])[:, :, None]
    if option.any():
        which = np.flatnonzero(option)
        k = table.strike[rows][which]
        t = holdings.years[positions][which]
        iv = holdings.iv[positions][which]
        call = table.is_call[rows][which]
        shift = np.where(broad[which], rates.pm_vol_shift_index, rates.pm_vol_shift)
        now = black_scholes_grid(spot[which], k, t, iv, RISK_FREE_RATE, call)
        vols = np.maximum(iv[:, None] * (1.0 + np.array([-1.0, 1.0])[None, :] * shift[:, None]), 0.01)
        moved = shocked[which]
        # In blocks that keep every temporary in cache: the grid is memory-bound, not arithmetic-bound.
        for start in range(0, which.size, _BLOCK):
            part = slice(start, start + _BLOCK)
            value = black_scholes_grid(moved[part][:, :, None], k[part, None, None], t[part, None, None],
                                       vols[part, None, :], RISK_FREE_RATE, call[part, None, None])
            value -= now[part, None, None]
            value *= -size[which[part], None, None]
            losses[which[part]] = value
    floor = np.where(option, np.abs(holdings.quantity[positions]) * rates.pm_option_minimum * multiplier
                     * holdings.to_base[positions], 0.0)
    # Per underlying: positions sorted by group, each group's scenario losses added in one pass.
    order = np.argsort(underlying, kind="stable")
    grouped = underlying[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    totals = np.add.reduceat(losses.reshape(positions.size, -1)[order], starts, axis=0)
    worst = totals.max(axis=1)
    minimum = np.add.reduceat(floor[order], starts)
    requirement[positions[order[starts]]] = np.maximum(np.maximum(worst, minimum), 0.0)
    return requirement
