"""Every margin rate and scenario size in one place: the regulatory minimums IB publishes and the
house parameters IB does not (those are ours, chosen and documented here).

Sources are the seed articles and ``ib-domain.md`` §5: Reg T stocks (§5.1), naked options (§5.4),
SPAN scenarios (§5.6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workstation.engine.core.instruments import ProductClass


@dataclass(frozen=True, slots=True)
class MarginRates:
    # -- Reg T stocks (IB's intraday rates; Reg T's 50% is enforced at the end of the day) ---------
    stock_long_initial: float = 0.25
    stock_short_initial: float = 0.30
    stock_long_maintenance: float = 0.25
    stock_short_maintenance: float = 0.30
    reg_t_initial: float = 0.50
    # Short stock maintenance by price (KB285): above $5 the greater of $5 a share and 30%; at or
    # below $5 the greater of $2.50 a share and 100% of the value.
    short_low_price: float = 5.00
    short_per_share_above_low: float = 5.00
    short_per_share_at_or_below_low: float = 2.50
    # Concentration (IB's "other stocks" rule): above 1% of the shares outstanding the requirement
    # rises, linearly here (IB's steps are not published), to the full value at 5%.
    concentration_start: float = 0.01
    concentration_full: float = 0.05
    # A margin account borrows (a debit balance or a short sale) only with USD 2,000 of equity.
    minimum_equity_usd: float = 2000.0
    # Pattern day trading (the three-day-trade block, the PDT flag, day-trading buying power and calls) as IB
    # documented it; FINRA replaced that framework in mid-2026 and IB's rules since are not published.
    pattern_day_trading: bool = True
    # -- Reg T options (naked shorts; longs are paid in full) ----------------------------------------
    naked_option_rate: float = 0.20
    naked_option_rate_broad_index: float = 0.15
    naked_option_floor: float = 0.10
    # -- SPAN (futures and futures options) ------------------------------------------------------
    # The price scan range, as a fraction of the contract's notional value, is the exchange's
    # maintenance margin for one contract (IB: PSR = maintenance). Ours, by product class.
    span_price_scan: dict[ProductClass, float] = field(default_factory=lambda: {
        ProductClass.EQUITY: 0.06,
        ProductClass.EQUITY_VOLATILITY: 0.30,
        ProductClass.OIL: 0.12,
        ProductClass.INTEREST_RATE: 0.025,
        ProductClass.METALS: 0.08,
        ProductClass.FX: 0.04,
    })
    # The volatility scan moves implied volatility by this fraction of itself, up and down.
    span_volatility_scan: float = 0.25
    span_extreme_multiple: float = 2.0  # the extreme moves, scenarios 15 and 16 ...
    span_extreme_weight: float = 0.35   # ... of which 35% is counted
    # Intra-commodity (calendar) spread charge: scanning treats every month of a root as moving
    # together, so long and short months offset fully; SPAN charges each spread formed between
    # months (by delta) this fraction of its notional value. Ours, by product class.
    span_calendar_spread: dict[ProductClass, float] = field(default_factory=lambda: {
        ProductClass.EQUITY: 0.002,
        ProductClass.EQUITY_VOLATILITY: 0.05,
        ProductClass.OIL: 0.015,
        ProductClass.INTEREST_RATE: 0.003,
        ProductClass.METALS: 0.005,
        ProductClass.FX: 0.002,
    })
    span_short_option_minimum: float = 0.01  # per short option, as a fraction of its notional
    futures_initial_ratio: float = 1.10  # exchange initial margin over maintenance (speculators)
    # IB's intraday futures margin, from the open until 15 minutes before the close, as a share of the
    # overnight (SPAN) requirement, in margin accounts (decision D7.1: IB publishes intraday rates per
    # contract, not a rule; ``ib-domain.md`` §5.6 gives 50% at the open). See ``overnight``.
    futures_intraday_ratio: float = 0.50
    span_lookahead_days: float = 1.0
    # -- Portfolio margin (TIMS grid; IB's house volatility scans as announced in 2022) -------------
    pm_move: float = 0.15               # stocks, ETFs and their options: +/-15% ...
    pm_points: int = 10                 # ... in ten equidistant points
    pm_index_down: float = 0.08         # broad-based index products: -8% .. +6% (FINRA high-cap
    pm_index_up: float = 0.06           # index range, as often quoted; not confirmed in IB's text)
    pm_vol_shift: float = 0.15          # implied volatility down and up by 15% of itself ...
    pm_vol_shift_index: float = 0.75    # ... and 75% for broad-based index options
    # House extreme moves (ours; IB stresses extremes but does not publish the sizes), of which
    # pm_extreme_weight counts, as SPAN counts its extreme moves.
    pm_extreme_move: float = 0.30
    pm_extreme_move_index: float = 0.20
    pm_extreme_weight: float = 0.35
    pm_option_minimum: float = 0.375    # per share of each option contract (TIMS: 37.50 a contract)
    pm_open_minimum_usd: float = 110000.0   # net liquidation to open a portfolio-margin account
    pm_keep_minimum_usd: float = 100000.0   # below this only orders that reduce margin are accepted


DEFAULT_RATES = MarginRates()
