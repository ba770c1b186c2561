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
from workstation.engine.market.pricing import black_scholes
from workstation.engine.market.simulator import RISK_FREE_RATE


def price_grid(low: float, high: float, points: int) -> np.ndarray:
    """``points`` equidistant relative moves from ``low`` to ``high`` (e.g. -15% .. +15%)."""
    return np.linspace(low, high, points)


def portfolio_requirements(holdings: Holdings, rates: MarginRates) -> np.ndarray:
    """Requirement per underlying group, put on the group's first row (base currency)."""
    n = holdings.size
    requirement = np.zeros(n)
    mask = holdings.of_type(SecType.STK, SecType.FUND, SecType.OPT)
    if not mask.any():
        return requirement
    rows = np.flatnonzero(mask)
    every = holdings.instruments
    instruments = [every[r] for r in rows]
    underlying = [i.underlying if i.sec_type is SecType.OPT and i.underlying else i.symbol for i in instruments]
    broad = np.array([i.broad_based_index for i in instruments])
    option = np.array([i.sec_type is SecType.OPT for i in instruments])
    spot = np.where(option, holdings.underlying_price[rows], holdings.price[rows])
    size = holdings.quantity[rows] * holdings.multiplier[rows] * holdings.to_base[rows]

    stock_moves = price_grid(-rates.pm_move, rates.pm_move, rates.pm_points)
    index_moves = price_grid(-rates.pm_index_down, rates.pm_index_up, rates.pm_points)
    moves = np.where(broad[:, None], index_moves[None, :], stock_moves[None, :])       # (positions, points)
    vol_shift = np.where(broad, rates.pm_vol_shift_index, rates.pm_vol_shift)          # relative
    shocked = spot[:, None] * (1.0 + moves)
    # P/L per position, price point and volatility (down, up): shape (positions, points, 2).
    pnl = np.repeat(((shocked - spot[:, None]))[:, :, None], 2, axis=2)
    if option.any():
        k = holdings.strike[rows][option]
        t = holdings.years[rows][option]
        iv = holdings.iv[rows][option]
        call = holdings.is_call[rows][option]
        now = black_scholes(spot[option], k, t, iv, RISK_FREE_RATE, call)
        vols = np.maximum(iv[:, None] * (1.0 + np.array([-1.0, 1.0])[None, :] * vol_shift[option][:, None]), 0.01)
        later = black_scholes(shocked[option][:, :, None], k[:, None, None], t[:, None, None], vols[:, None, :],
                              RISK_FREE_RATE, call[:, None, None])
        pnl[option] = later - now[:, None, None]
    losses = -pnl * size[:, None, None]
    contracts_floor = np.where(option, np.abs(holdings.quantity[rows]) * rates.pm_option_minimum
                               * holdings.multiplier[rows] * holdings.to_base[rows], 0.0)
    for name in dict.fromkeys(underlying):
        group = np.array([u == name for u in underlying])
        worst = float(losses[group].sum(axis=0).max())
        requirement[rows[group][0]] = max(worst, float(contracts_floor[group].sum()), 0.0)
    return requirement
