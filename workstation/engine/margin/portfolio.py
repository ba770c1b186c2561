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
    # P/L per position, price point and volatility (down, up): shape (positions, points, 2).
    pnl = np.repeat((shocked - spot[:, None])[:, :, None], 2, axis=2)
    if option.any():
        k = table.strike[rows][option]
        t = holdings.years[positions][option]
        iv = holdings.iv[positions][option]
        call = table.is_call[rows][option]
        shift = np.where(broad[option], rates.pm_vol_shift_index, rates.pm_vol_shift)
        now = black_scholes_grid(spot[option], k, t, iv, RISK_FREE_RATE, call)
        vols = np.maximum(iv[:, None] * (1.0 + np.array([-1.0, 1.0])[None, :] * shift[:, None]), 0.01)
        later = black_scholes_grid(shocked[option][:, :, None], k[:, None, None], t[:, None, None],
                                   vols[:, None, :], RISK_FREE_RATE, call[:, None, None])
        pnl[option] = later - now[:, None, None]
    losses = (-pnl * size[:, None, None]).reshape(positions.size, -1)
    floor = np.where(option, np.abs(holdings.quantity[positions]) * rates.pm_option_minimum * multiplier
                     * holdings.to_base[positions], 0.0)
    names, group = np.unique(underlying, return_inverse=True)
    count = names.size
    worst = np.full(count, -np.inf)
    for column in range(losses.shape[1]):
        worst = np.maximum(worst, np.bincount(group, weights=losses[:, column], minlength=count))
    minimum = np.bincount(group, weights=floor, minlength=count)
    first_row = np.zeros(count, dtype=np.int64)
    first_row[group[::-1]] = positions[::-1]  # each group's first position
    requirement[first_row] = np.maximum(np.maximum(worst, minimum), 0.0)
    return requirement
