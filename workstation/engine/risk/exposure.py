"""IB's Exposure Fee (``ib-domain.md`` §4; the seed's "Order Preview - Check Exposure Fee Impact").

Every day IB stresses each portfolio with price moves larger than margin covers. An account that
could lose more than its net liquidation value pays a daily fee on the uncovered part, computed
for every calendar day on the close-of-business positions and charged the next trading day; the
first detection brings a notice and a week to adjust before charging starts. TWS shows the fee by
product class: "Last" (the latest charged) and "Estimated Next" (today's positions), and the
Order Preview's "Check Exposure Fee Impact" shows the change an order would make.

IB publishes neither the stress sizes nor the rate; ours are below, in one place. Each product
class is moved up and down by its stress (implied volatility up by half as much again), options
revalued; a class's loss is its worse direction, the portfolio's stress loss the sum over classes
(a crash in everything at once), and the fee is split among the classes by their losses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from workstation.engine.core.instruments import ProductClass, SecType
from workstation.engine.margin.holdings import Holdings
from workstation.engine.market.pricing import black_76_grid, black_scholes_grid
from workstation.engine.market.simulator import RISK_FREE_RATE

STRESS_MOVE: dict[ProductClass, float] = {
    ProductClass.EQUITY: 0.30,            # the forum-reported equity +/-30% stress
    ProductClass.EQUITY_VOLATILITY: 1.00,
    ProductClass.OIL: 0.40,
    ProductClass.INTEREST_RATE: 0.10,
    ProductClass.METALS: 0.25,
    ProductClass.FX: 0.15,
    ProductClass.FUND: 0.30,
}
VOLATILITY_STRESS = 0.5     # implied volatility rises by half in the adverse scenario
ANNUAL_RATE = Decimal("0.10")  # fee per year on the uncovered amount, charged by calendar day
DAYS_PER_YEAR = 365
NOTICE_DAYS = 7             # the week to adjust after the first detection
CHARGE_REASON = "Exposure fee"
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ExposureFee:
    """One day's fee by product class (base currency), and what it was computed from."""

    by_class: dict[str, Decimal]
    stress_loss: Decimal
    net_liquidation: Decimal

    @property
    def total(self) -> Decimal:
        return sum(self.by_class.values(), Decimal(0))


def stress_losses(holdings: Holdings) -> dict[str, float]:
    """Each product class's worse loss when its prices move by its stress, up or down."""
    losses: dict[str, float] = {}
    if not holdings.size:
        return losses
    table = holdings.table
    rows = holdings.rows
    classes = table.product_class[rows]
    option = table.underlying[rows] >= 0
    futures_option = option & np.isin(table.kind[rows], [list(SecType).index(SecType.FOP)])
    size = holdings.quantity * table.multiplier[rows] * holdings.to_base
    for code in np.unique(classes):
        product_class = table.product_classes[int(code)]
        move = STRESS_MOVE.get(product_class, 0.30)
        mask = classes == code
        worst = 0.0
        for direction in (1.0, -1.0):
            spot = np.where(option, holdings.underlying_price, holdings.price)[mask]
            shocked = spot * (1.0 + direction * move)
            pnl = (shocked - spot) * size[mask]
            opt = option[mask]
            if opt.any():
                k, call = table.strike[rows][mask][opt], table.is_call[rows][mask][opt]
                t, iv = holdings.years[mask][opt], holdings.iv[mask][opt]
                pricer = np.where(futures_option[mask][opt], 1, 0)
                stressed_iv = iv * (1.0 + VOLATILITY_STRESS)
                now = np.where(pricer, black_76_grid(spot[opt], k, t, iv, RISK_FREE_RATE, call),
                               black_scholes_grid(spot[opt], k, t, iv, RISK_FREE_RATE, call))
                later = np.where(pricer, black_76_grid(shocked[opt], k, t, stressed_iv, RISK_FREE_RATE, call),
                                 black_scholes_grid(shocked[opt], k, t, stressed_iv, RISK_FREE_RATE, call))
                pnl[opt] = (later - now) * size[mask][opt]
            worst = max(worst, -float(pnl.sum()))
        if worst > 0:
            losses[product_class.value] = worst
    return losses


def daily_fee(losses: dict[str, float], net_liquidation: Decimal) -> ExposureFee:
    """One calendar day's fee: the rate on stress loss beyond net liquidation, by product class."""
    stress = Decimal(f"{sum(losses.values()):.2f}")
    uncovered = max(stress - net_liquidation, Decimal(0))
    fee = uncovered * ANNUAL_RATE / DAYS_PER_YEAR
    by_class = {name: (fee * Decimal(f"{loss:.2f}") / stress).quantize(_CENT) for name, loss in losses.items()} \
        if fee and stress else {}
    return ExposureFee({k: v for k, v in by_class.items() if v}, stress, net_liquidation)


def calendar_days_until(day: date, next_business_day: date) -> list[date]:
    """The calendar days a close's fee covers: the day itself and those until the next session
    (a Friday's covers Saturday and Sunday; a holiday is treated like a weekend)."""
    days, current = [], day
    while current < next_business_day:
        days.append(current)
        current += timedelta(days=1)
    return days or [day]


def stress_losses_by_owner(holdings: Holdings, owner: np.ndarray, owners: int) -> tuple[np.ndarray, list[str]]:
    """``stress_losses`` of many accounts at once: ``owner`` gives each row's account; returns each
    account's loss per product class (``owners`` x classes, zero where it gains) and the classes."""
    table = holdings.table
    names = [c.value for c in table.product_classes]
    losses = np.zeros((owners, len(names)))
    if not holdings.size:
        return losses, names
    rows = holdings.rows
    classes = table.product_class[rows]
    option = table.underlying[rows] >= 0
    on_futures = table.kind[rows][option] == list(SecType).index(SecType.FOP)
    size = holdings.quantity * table.multiplier[rows] * holdings.to_base
    moves = np.array([STRESS_MOVE.get(c, 0.30) for c in table.product_classes])[classes]
    spot = np.where(option, holdings.underlying_price, holdings.price)
    k, call = table.strike[rows][option], table.is_call[rows][option]
    t, iv = holdings.years[option], holdings.iv[option]

    def priced(under: np.ndarray, vol: np.ndarray) -> np.ndarray:
        return np.where(on_futures, black_76_grid(under, k, t, vol, RISK_FREE_RATE, call),
                        black_scholes_grid(under, k, t, vol, RISK_FREE_RATE, call))

    now = priced(spot[option], iv) if option.any() else np.zeros(0)
    key = owner * len(names) + classes
    for direction in (1.0, -1.0):
        shocked = spot * (1.0 + direction * moves)
        pnl = (shocked - spot) * size
        if option.any():
            pnl[option] = (priced(shocked[option], iv * (1.0 + VOLATILITY_STRESS)) - now) * size[option]
        loss = -np.bincount(key, weights=pnl, minlength=owners * len(names)).reshape(owners, len(names))
        losses = np.maximum(losses, loss)
    present = np.zeros(owners * len(names), dtype=bool)
    present[key] = True
    return np.where(present.reshape(owners, len(names)), losses, 0.0), names
