"""Margin figures for `workstation bench` (issue 4), each beside a straightforward per-position loop
measured in the same run:

- portfolio margin for 10,000 option positions <= 20 ms;
- SPAN for 10,000 futures and futures-option positions <= 2 ms;
- account values for 1,000 accounts x 50 positions after a price tick <= 30 ms;
- a what-if on a 500-position account <= 10 ms.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from decimal import Decimal

import numpy as np

from workstation.bench.allocation import _time_ms
from workstation.bench.engine_store import BENCH_START
from workstation.bench.figures import Figure
from workstation.engine.api import Engine
from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.core.universe import Universe, build_universe
from workstation.engine.margin.holdings import Holdings, InstrumentTable, build_holdings
from workstation.engine.margin.portfolio import portfolio_requirements
from workstation.engine.margin.rates import DEFAULT_RATES
from workstation.engine.margin.span import VOL_MOVES, scenario_moves, span_requirements
from workstation.engine.market.simulator import RISK_FREE_RATE, MarketSimulator
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SeedPosition
from workstation.resources import demo_universe_spec


def bench_universe() -> Universe:
    """The demo universe with option chains on every stock: over 10,000 distinct option series."""
    spec = copy.deepcopy(demo_universe_spec())
    chained = {chain["underlying"] for chain in spec["option_chains"]}
    for stock in spec["stocks"]:
        if stock["symbol"] in chained:
            continue
        price = float(stock["price"])
        step = max(round(price / 50, 1), 0.5)
        spec["option_chains"].append({
            "underlying": stock["symbol"], "sec_type": "OPT", "exchange": "SMART", "multiplier": "100",
            "expiries": ["2026-12-18", "2027-01-15", "2027-02-19", "2027-03-19", "2027-06-18"],
            "strikes": {"from": str(round(price * 0.6, 1)), "to": str(round(price * 0.6 + step * 59, 1)),
                        "step": str(step)}})
    return build_universe(spec)


def _market(universe: Universe) -> tuple[InstrumentTable, np.ndarray, np.ndarray, MarketSimulator]:
    market = MarketSimulator(universe, 5, random_walk=False)
    market.start(BENCH_START)
    marks, ivs = market.marks()
    return InstrumentTable(market.instruments), marks, ivs, market


def _holdings(table: InstrumentTable, marks: np.ndarray, ivs: np.ndarray, rows: np.ndarray) -> Holdings:
    quantity = np.random.default_rng(3).integers(-20, 21, rows.size).astype(np.float64)
    quantity[quantity == 0] = 1
    return build_holdings(table, rows, quantity, marks, ivs, np.ones(rows.size), BENCH_START)


def _bs(spot: float, strike: float, years: float, vol: float, call: bool) -> float:
    """Black-Scholes for one option, plainly (the loop's pricing)."""
    if years <= 0 or vol <= 0:
        return max(spot - strike, 0.0) if call else max(strike - spot, 0.0)
    d1 = (math.log(spot / strike) + (RISK_FREE_RATE + vol * vol / 2) * years) / (vol * math.sqrt(years))
    d2 = d1 - vol * math.sqrt(years)

    def cdf(x: float) -> float:
        return 0.5 * (1 + math.erf(x / math.sqrt(2)))
    discount = strike * math.exp(-RISK_FREE_RATE * years)
    if call:
        return spot * cdf(d1) - discount * cdf(d2)
    return discount * cdf(-d2) - spot * cdf(-d1)


def _portfolio_loop(holdings: Holdings) -> float:
    """Portfolio margin position by position: each option priced at every grid point, the two
    house extremes (weighted) and both volatilities."""
    rates = DEFAULT_RATES
    instruments = holdings.instruments
    step = 2 * rates.pm_move / (rates.pm_points - 1)
    points = [(-rates.pm_move + p * step, 1.0) for p in range(rates.pm_points)] + [
        (-rates.pm_extreme_move, rates.pm_extreme_weight), (rates.pm_extreme_move, rates.pm_extreme_weight)]
    by_underlying: dict[str, list[float]] = defaultdict(lambda: [0.0] * (len(points) * 2))
    for k, instrument in enumerate(instruments):
        spot, strike = float(holdings.underlying_price[k]), float(instrument.strike or 0)
        years, iv, call = float(holdings.years[k]), float(holdings.iv[k]), bool(holdings.is_call[k])
        size = float(holdings.quantity[k]) * float(instrument.multiplier)
        now = _bs(spot, strike, years, iv, call)
        losses = by_underlying[instrument.underlying or instrument.symbol]
        for p, (move, weight) in enumerate(points):
            moved = spot * (1 + move)
            for v, shift in enumerate((-rates.pm_vol_shift, rates.pm_vol_shift)):
                losses[2 * p + v] -= (_bs(moved, strike, years, iv * (1 + shift), call) - now) * size * weight
    return sum(max(losses) for losses in by_underlying.values())


def bench_portfolio_margin(positions: int) -> Figure:
    table, marks, ivs, _ = _market(bench_universe())
    options = np.flatnonzero((table.kind == list(SecType).index(SecType.OPT)) & ~table.broad)
    rows = np.random.default_rng(1).choice(options, size=positions, replace=False)  # distinct series
    holdings = _holdings(table, marks, ivs, rows)
    vectorised = _time_ms(lambda: portfolio_requirements(holdings, DEFAULT_RATES), 7)
    loop = _time_ms(lambda: _portfolio_loop(holdings), 1)
    return Figure(f"portfolio margin: {positions:,} option positions", vectorised, "ms", "<= 20 ms",
                  vectorised <= 20, "per-position loop", loop, "ms")


def _span_loop(holdings: Holdings) -> float:
    """SPAN position by position: each contract's 16 scenarios, futures options priced plainly."""
    rates = DEFAULT_RATES
    moves, weights = scenario_moves(rates)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * 16)
    for k, instrument in enumerate(holdings.instruments):
        option = instrument.sec_type is SecType.FOP
        future = float(holdings.underlying_price[k] if option else holdings.price[k])
        scan = rates.span_price_scan.get(instrument.product_class, 0.1) * future
        size = float(holdings.quantity[k]) * float(instrument.multiplier)
        root = table_root(instrument.symbol, holdings.table)
        for s in range(16):
            moved = future + scan * moves[s]
            if option:
                strike, years, iv = float(instrument.strike or 0), float(holdings.years[k]), float(holdings.iv[k])
                later = max(years - 1 / 365, 0.0)
                pnl = (_bs(moved, strike, later, iv * (1 + rates.span_volatility_scan * VOL_MOVES[s]),
                           bool(holdings.is_call[k])) - _bs(future, strike, years, iv, bool(holdings.is_call[k])))
            else:
                pnl = moved - future
            totals[root][s] -= pnl * size * weights[s]
    return sum(max(max(t), 0.0) for t in totals.values())


def table_root(symbol: str, table: InstrumentTable) -> str:
    return table.commodity_names[int(table.commodity[table.index[symbol]])]


def bench_span(positions: int) -> Figure:
    table, marks, ivs, _ = _market(bench_universe())
    futures = np.flatnonzero(table.commodity >= 0)
    rows = np.random.default_rng(2).choice(futures, size=positions, replace=True)
    holdings = _holdings(table, marks, ivs, rows)
    vectorised = _time_ms(lambda: span_requirements(holdings, DEFAULT_RATES), 9)
    loop = _time_ms(lambda: _span_loop(holdings), 1)
    return Figure(f"SPAN: {positions:,} futures and futures-option positions", vectorised, "ms", "<= 2 ms",
                  vectorised <= 2, "per-position loop (Black-76 plainly)", loop, "ms")


def _stock_and_option_symbols(universe: Universe, count: int) -> list[str]:
    stocks = [i.symbol for i in universe.catalog if i.sec_type is SecType.STK]
    options = [i.symbol for i in universe.catalog if i.sec_type is SecType.OPT]
    return (stocks + options)[:count]


def bench_account_values(accounts: int, positions: int) -> Figure:
    universe = bench_universe()
    engine = Engine.new(universe, 9, BENCH_START, random_walk=True)
    symbols = _stock_and_option_symbols(universe, positions)
    rng = np.random.default_rng(4)
    ids = [f"V{i:05d}" for i in range(accounts)]
    for account_id in ids:
        held = tuple(SeedPosition(s, Decimal(int(rng.integers(1, 200))), Decimal(10)) for s in symbols)
        engine.execute(OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", Decimal(5_000_000)),),
                                   positions=held))
    engine.execute(AdvanceClock(BENCH_START.replace(minute=BENCH_START.minute + 1)))  # a tick: prices move
    vectorised = _time_ms(lambda: engine.margin_summary(ids), 7)
    loop = _time_ms(lambda: [engine.account_values(a) for a in ids], 1)
    return Figure(f"account values: {accounts:,} accounts x {positions} positions after a tick", vectorised, "ms",
                  "<= 30 ms", vectorised <= 30, "account by account (tags)", loop, "ms")


def bench_what_if(positions: int) -> Figure:
    universe = bench_universe()
    engine = Engine.new(universe, 9, BENCH_START, random_walk=False)
    symbols = _stock_and_option_symbols(universe, positions)
    rng = np.random.default_rng(5)
    held = tuple(SeedPosition(s, Decimal(int(rng.integers(1, 50))), Decimal(10)) for s in symbols)
    engine.execute(OpenAccount("W", AccountType.MARGIN, cash=(("USD", Decimal(50_000_000)),), positions=held))
    order = PlaceOrder("W", "AAPL", Action.BUY, Decimal(100), OrderType.LMT, Decimal("230.00"))
    vectorised = _time_ms(lambda: engine.preview(order), 9)
    loop = _time_ms(lambda: _deep_copy_what_if(engine, "W", order), 3)
    return Figure(f"what-if: an order on a {positions}-position account", vectorised, "ms", "<= 10 ms",
                  vectorised <= 10, "the same impact on a deep copy of the account", loop, "ms")


def _deep_copy_what_if(engine: Engine, account_id: str, order: PlaceOrder) -> dict[str, Decimal]:
    """The straightforward what-if: copy the whole account, book the order, value it again."""
    from workstation.engine.ledger import booking as ledger
    from workstation.engine.ledger.valuation import FxRates, account_values

    account = copy.deepcopy(engine.account(account_id))
    instrument = engine.catalog[order.symbol]
    ledger.book_execution(account, instrument, order.action, order.total_quantity, order.lmt_price or Decimal(0),
                          Decimal(1), "USD", engine.now, [])
    return account_values(account, engine.catalog, engine.price_of, FxRates(engine.catalog, engine.price_of))
