"""CME SPAN for futures and futures options (``ib-domain.md`` §5.6).

Each position gets a 16-scenario risk array: the loss of the position over a one-day look-ahead
when the future moves by 0, 1/3, 2/3 and 3/3 of the price scan range, up and down, each with
implied volatility up and down by the volatility scan range, plus two extreme moves of twice the
range of which 35% counts. Positions on the same underlying (a combined commodity) are added
scenario by scenario; the worst total is the scan risk. The requirement of a combined commodity
is the greater of the scan risk plus the intra-commodity spread charge and the short option
minimum, less the net option value (long options' value less short options'): options are paid
for in full, so their premium is not lent against and a long option needs no margin beyond it.

Scanning moves every contract month of a root by the same fraction, so a long month offsets a
short one almost fully; the intra-commodity (calendar) spread charge puts back the risk that the
months move apart. Each month's delta is netted (futures count one, options their Black-76
delta); the spreads formed are the smaller of the long and the short deltas across months, each
charged a rate of its notional value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.margin.rates import MarginRates
from workstation.engine.market.pricing import black_76_delta, black_76_grid
from workstation.engine.market.simulator import RISK_FREE_RATE

# Scenario k moves the price by PRICE_MOVES[k] scan ranges and volatility by VOL_MOVES[k] scan ranges.
PRICE_MOVES = np.array([0, 0, 1 / 3, 1 / 3, -1 / 3, -1 / 3, 2 / 3, 2 / 3, -2 / 3, -2 / 3, 1, 1, -1, -1, 0, 0])
VOL_MOVES = np.array([1, -1] * 7 + [0, 0], dtype=np.float64)
SCENARIOS = 16


def scenario_moves(rates: MarginRates) -> tuple[np.ndarray, np.ndarray]:
    """Price moves (in scan ranges) and weights of the 16 scenarios."""
    moves = PRICE_MOVES.copy()
    moves[14], moves[15] = rates.span_extreme_multiple, -rates.span_extreme_multiple
    weights = np.ones(SCENARIOS)
    weights[14:] = rates.span_extreme_weight
    return moves, weights


def scan_risk(risk_arrays: np.ndarray) -> tuple[float, int]:
    """The worst weighted loss across the scenarios of positions added together (rows are
    positions, already times their quantity and weight), and the scenario (0-based) it is in."""
    totals = np.asarray(risk_arrays, dtype=np.float64).reshape(-1, SCENARIOS).sum(axis=0)
    worst = int(np.argmax(totals))
    return max(float(totals[worst]), 0.0), worst


@dataclass(frozen=True, slots=True)
class SpanResult:
    """Per combined commodity (the futures root): maintenance requirement in the base currency."""

    maintenance: dict[str, float]
    scan_risk: dict[str, float]
    spread_charge: dict[str, float]


def _unit_losses(holdings: Holdings, positions: np.ndarray, scan: np.ndarray,
                 rates: MarginRates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each contract's weighted loss per unit of price (one long unit) in every scenario: positions
    in the same contract share it, so each contract is priced once. Returns the contracts (table
    rows), a position in each, each position's contract and the (contracts, 16) losses."""
    moves, weights = scenario_moves(rates)
    contracts, first, of_contract = np.unique(holdings.rows[positions], return_index=True, return_inverse=True)
    at = positions[first]
    option = holdings.table.underlying[contracts] >= 0
    future_price = np.where(option, holdings.underlying_price[at], holdings.price[at])
    shifted = future_price[:, None] + scan[first][:, None] * moves[None, :]
    pnl = shifted - future_price[:, None]  # a future gains the move
    if option.any():
        strike, call = holdings.table.strike[contracts][option], holdings.table.is_call[contracts][option]
        years, iv = holdings.years[at][option], holdings.iv[at][option]
        now_value = black_76_grid(future_price[option], strike, years, iv, RISK_FREE_RATE, call)
        later = np.maximum(years - rates.span_lookahead_days / 365.0, 0.0)
        vol = iv[:, None] * (1.0 + rates.span_volatility_scan * VOL_MOVES[None, :])
        scenario_value = black_76_grid(shifted[option], strike[:, None], later[:, None], vol, RISK_FREE_RATE,
                                       call[:, None])
        pnl[option] = scenario_value - now_value[:, None]
    return contracts, at, of_contract, -pnl * weights[None, :]


def _sizes(holdings: Holdings, positions: np.ndarray) -> np.ndarray:
    """Signed units of price per position, in the base currency (quantity x multiplier x rate)."""
    return holdings.quantity[positions] * holdings.table.multiplier[holdings.rows[positions]] \
        * holdings.to_base[positions]


def risk_arrays(holdings: Holdings, mask: np.ndarray, scan: np.ndarray, rates: MarginRates) -> np.ndarray:
    """Loss per position (rows) and scenario (columns), weighted, for the masked positions.
    ``scan`` is each position's price scan range in the future's price points."""
    positions = np.flatnonzero(mask)
    _, _, of_contract, unit = _unit_losses(holdings, positions, scan, rates)
    return unit[of_contract] * _sizes(holdings, positions)[:, None]


def span_requirements(holdings: Holdings, rates: MarginRates) -> SpanResult:
    mask = holdings.of_type(SecType.FUT, SecType.FOP)
    if not mask.any():
        return SpanResult({}, {}, {})
    table = holdings.table
    positions = np.flatnonzero(mask)
    rows = holdings.rows[positions]
    option = table.underlying[rows] >= 0
    future_price = np.where(option, holdings.underlying_price[positions], holdings.price[positions])
    scan_by_class = np.array([rates.span_price_scan.get(c, 0.10) for c in table.product_classes])
    scan = scan_by_class[table.product_class[rows]] * future_price
    contracts, at, of_contract, unit = _unit_losses(holdings, positions, scan, rates)
    size = _sizes(holdings, positions)
    held = np.bincount(of_contract, weights=size, minlength=contracts.size)   # per contract
    names, contract_group = np.unique(table.commodity[contracts], return_inverse=True)
    count = names.size
    totals = np.zeros((count, SCENARIOS))
    np.add.at(totals, contract_group, unit * held[:, None])
    risk = np.maximum(totals.max(axis=1), 0.0)
    spread = _calendar_spread_charges(holdings, contracts, at, held, contract_group, count, rates)
    quantity = holdings.quantity[positions]
    short_minimum = np.where(option & (quantity < 0), rates.span_short_option_minimum * future_price * np.abs(size),
                             0.0)
    option_value = np.where(option, size * holdings.price[positions], 0.0)
    group = contract_group[of_contract]
    minimum = np.bincount(group, weights=short_minimum, minlength=count)
    net_option_value = np.bincount(group, weights=option_value, minlength=count)
    requirement = np.maximum(np.maximum(risk + spread, minimum) - net_option_value, 0.0)
    labels = [table.commodity_names[i] for i in names]
    return SpanResult(dict(zip(labels, requirement.tolist(), strict=True)),
                      dict(zip(labels, risk.tolist(), strict=True)),
                      dict(zip(labels, spread.tolist(), strict=True)))


def _calendar_spread_charges(holdings: Holdings, contracts: np.ndarray, at: np.ndarray, held: np.ndarray,
                             group: np.ndarray, count: int, rates: MarginRates) -> np.ndarray:
    """Per combined commodity: the spreads formed between contract months, by delta notional in
    the base currency, times the class's spread rate. Computed per contract (``at`` is a position
    in each, ``held`` its size in units of price, ``group`` its combined commodity)."""
    table = holdings.table
    option = table.underlying[contracts] >= 0
    month = np.where(option, table.underlying[contracts], contracts)  # the future an option delivers
    future_price = np.where(option, holdings.underlying_price[at], holdings.price[at])
    delta = np.ones(contracts.size)
    if option.any():
        delta[option] = black_76_delta(future_price[option], table.strike[contracts][option],
                                       holdings.years[at][option], holdings.iv[at][option],
                                       RISK_FREE_RATE, table.is_call[contracts][option])
    months, of_month = np.unique(month, return_inverse=True)
    net = np.bincount(of_month, weights=delta * held * future_price, minlength=months.size)
    month_group = np.zeros(months.size, dtype=np.int64)
    month_group[of_month] = group
    long = np.bincount(month_group, weights=np.maximum(net, 0.0), minlength=count)
    short = np.bincount(month_group, weights=np.maximum(-net, 0.0), minlength=count)
    spread_rate = np.array([rates.span_calendar_spread.get(c, 0.0) for c in table.product_classes])
    rate = np.zeros(count)
    rate[month_group] = spread_rate[table.product_class[months]]
    return np.minimum(long, short) * rate
