"""Account values of many accounts at once, from the vectorised batch figures: what an Account Window
totalling an advisor's group or All reads, instead of every account's values one by one.

Each account's tags come out as ``Engine.account_values`` gives them, in its base currency and to the
cent (as float arrays, one per tag): the balances from the batch's per-currency sums converted at the
account's rates, the margin tags from its batch figures by IB's formulas (``margin.account_margin``).
Floats may round a half cent the other way from the Decimal path; nothing else differs. Alongside:
the smallest day-trade counts, the per-currency balances summed over the accounts, the exposure fees
(the estimate from one stress test of every position at once) and which accounts are liquidating.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import numpy as np

from workstation.engine.core.account_tags import DAY_TRADE_TAGS, AccountTag
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginModel
from workstation.engine.margin.account_margin import (
    BUYING_POWER_MULTIPLE,
    CommoditiesRequirements,
    next_change_seconds,
    requirement_tags,
)
from workstation.engine.margin.batch import BALANCE_COLUMNS, BatchBalances, BatchFigures, _rows
from workstation.engine.margin.book import MarginState
from workstation.engine.risk.exposure import STRESS_MOVE, daily_fee, stress_losses_by_owner

RateOf = Callable[[str, str], Decimal]
DayTradesOf = Callable[[str, Decimal], tuple[int, ...]]  # account id, net liquidation in USD
_PATTERN_DAY_TRADER_USD = 25_000.0
_BALANCE_TAGS = (AccountTag.TOTAL_CASH_VALUE, AccountTag.STOCK_MARKET_VALUE, AccountTag.OPTION_MARKET_VALUE,
                 AccountTag.FUTURE_OPTION_VALUE, AccountTag.MUTUAL_FUND_VALUE, AccountTag.FUTURES_PNL,
                 AccountTag.GROSS_POSITION_VALUE, AccountTag.UNREALIZED_PNL, AccountTag.REALIZED_PNL)
assert tuple(str(t) for t in _BALANCE_TAGS) == BALANCE_COLUMNS


@dataclass(frozen=True, slots=True)
class AccountTotals:
    """Many accounts' values: ``tags`` per account (in ``accounts`` order, each in ``bases``' currency,
    to the cent; the ratio and day-trade tags left out), the smallest day-trade counts (-1: none
    limited), the per-currency balances summed (in that currency, with the ExchangeRate of the first
    account holding it), the exposure fees summed, and which accounts are liquidating."""

    accounts: tuple[str, ...]
    bases: tuple[str, ...]
    tags: dict[AccountTag, np.ndarray]
    day_trades: dict[AccountTag, Decimal]
    by_currency: dict[str, dict[AccountTag, Decimal]]
    exposure_fee_last: Decimal
    exposure_fee_next: Decimal
    liquidating: np.ndarray
    to_first_base: np.ndarray
    """each account's base currency in the first account's"""
    first_base_rates: dict[str, Decimal]
    look_ahead_next_change: Decimal | None = None
    """LookAheadNextChange: a moment, the same for every account (one calendar), never summed"""


def _cents(values: np.ndarray) -> np.ndarray:
    return np.round(values, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def account_totals(state: MarginState, margin: MarginModel, accounts: list[Account], rate: RateOf,
                   day_trades_of: DayTradesOf, fees_last: Decimal, liquidating: set[str],
                   now: datetime) -> AccountTotals:
    """The values of ``accounts`` (none an advisor), computed together; ``fees_last``: the last
    exposure fees charged to them, summed; ``liquidating``: those among them being liquidated."""
    n = len(accounts)
    figures = margin.batch_figures(accounts, now)
    balances = margin.batch_balances(accounts, now)  # the positions as the figures just valued them
    bases = tuple(a.base_currency for a in accounts)
    rates: dict[tuple[str, str], float] = {}

    def float_rate(currency: str, base: str) -> float:
        if (currency, base) not in rates:
            rates[(currency, base)] = float(rate(currency, base))
        return rates[(currency, base)]

    base_names = sorted(set(bases))
    base_index = np.array([base_names.index(b) for b in bases], dtype=np.int64)
    matrix = np.array([[float_rate(c, b) for c in balances.currencies] for b in base_names]).reshape(
        len(base_names), len(balances.currencies))
    converted = np.einsum("acj,ac->aj", balances.sums, matrix[base_index]) if n else np.zeros((0, 9))
    converted[:, 0] += converted[:, 5]  # TotalCashValue includes futures P&L (ib-domain §3.3)
    net_liquidation = converted[:, 0] + converted[:, 1:5].sum(axis=1)
    tags: dict[AccountTag, np.ndarray] = {tag: _cents(converted[:, j]) for j, tag in enumerate(_BALANCE_TAGS)}
    tags[AccountTag.NET_LIQUIDATION] = nlv = _cents(net_liquidation)
    unsettled = np.array([float(margin.unsettled_in_base(a)) for a in accounts])
    tags |= _margin_tags(state, accounts, figures, tags, unsettled)
    return AccountTotals(
        tuple(a.account_id for a in accounts), bases, tags,
        _fewest_day_trades(accounts, nlv, np.array([float_rate(b, "USD") for b in bases]), day_trades_of),
        _by_currency(balances, accounts, rate),
        fees_last, _estimated_fees(balances, nlv),
        np.array([a.account_id in liquidating for a in accounts], dtype=bool) if liquidating else np.zeros(n, bool),
        np.array([float_rate(b, bases[0]) for b in base_names])[base_index] if n else np.zeros(0),
        {c: rate(c, bases[0]) for c in balances.currencies} if n else {},
        next_change_seconds(margin.period(now)))


def _margin_tags(state: MarginState, accounts: list[Account], figures: BatchFigures,
                 balances: dict[AccountTag, np.ndarray], unsettled: np.ndarray) -> dict[AccountTag, np.ndarray]:
    """IB's margin tags from the batch figures, as ``margin_tags`` computes them for one account
    (``unsettled``: each account's trade cash not yet settled, in its base)."""
    cash_c = np.array([float(state.segment_cash.get(a.account_id, 0)) for a in accounts]) if state.segment_cash \
        else np.zeros(len(accounts))
    cash = np.array([a.account_type is AccountType.CASH for a in accounts], dtype=bool)
    elv_s = _cents(figures.equity_with_loan_s) - cash_c - np.where(cash, unsettled, 0.0)
    commodities = CommoditiesRequirements(
        _cents(figures.initial_c), _cents(figures.maintenance_c), _cents(figures.full_initial_c),
        _cents(figures.full_maintenance_c), _cents(figures.next_initial_c), _cents(figures.next_maintenance_c))
    reg_t = _cents(figures.reg_t)
    futures_pnl = balances[AccountTag.FUTURES_PNL]
    nlv_c = cash_c + futures_pnl + balances[AccountTag.FUTURE_OPTION_VALUE]
    previous = np.array([float(state.previous_day_elv.get(a.account_id, "nan")) for a in accounts])
    previous = np.where(np.isnan(previous), elv_s, previous)
    previous_c = np.array([float(state.previous_day_nlv_c.get(a.account_id, 0)) for a in accounts]) \
        if state.previous_day_nlv_c else 0.0
    sma = np.array([float(state.sma.get(a.account_id) or 0) for a in accounts])
    tags = {
        AccountTag.SETTLED_CASH: balances[AccountTag.TOTAL_CASH_VALUE] - balances[AccountTag.FUTURES_PNL] - unsettled,
        AccountTag.TOTAL_CASH_VALUE_S: balances[AccountTag.TOTAL_CASH_VALUE] - (cash_c + futures_pnl),
        AccountTag.TOTAL_CASH_VALUE_C: cash_c + futures_pnl,
        **requirement_tags(elv_s, previous, reg_t, _cents(figures.initial_s), _cents(figures.maintenance_s),
                           commodities, nlv_c, np.where(cash, 1, BUYING_POWER_MULTIPLE), np.minimum, previous_c),
        AccountTag.SMA: np.where(cash, 0.0, np.maximum(sma, elv_s - reg_t)),
    }
    return {tag: _cents(values) for tag, values in tags.items()}


def _fewest_day_trades(accounts: list[Account], nlv: np.ndarray, to_usd: np.ndarray,
                       day_trades_of: DayTradesOf) -> dict[AccountTag, Decimal]:
    """The smallest count of day trades left among the accounts (-1, unlimited, when none is limited):
    only margin accounts under USD 25,000 are counted, so only those are asked."""
    margined = np.array([a.is_margined for a in accounts], dtype=bool)
    limited = np.flatnonzero(margined & (nlv * to_usd < _PATTERN_DAY_TRADER_USD + 1.0))
    fewest: list[int] | None = None
    for i in limited:
        usd = Decimal(f"{nlv[i]:.2f}") * Decimal(str(to_usd[i]))
        counts = day_trades_of(accounts[i].account_id, usd)
        if counts[0] < 0:
            continue
        fewest = list(counts) if fewest is None else [min(a, b) for a, b in zip(fewest, counts, strict=True)]
    return {tag: Decimal(-1 if fewest is None else fewest[k]) for k, tag in enumerate(DAY_TRADE_TAGS)}


def _by_currency(balances: BatchBalances, accounts: list[Account],
                 rate: RateOf) -> dict[str, dict[AccountTag, Decimal]]:
    """Per currency, each account's balances in it (to the cent) summed; its ExchangeRate to the base
    of the first account holding it, as the window merges them."""
    sums = balances.sums.copy()
    sums[:, :, 0] += sums[:, :, 5]
    nlv = sums[:, :, 0] + sums[:, :, 1:5].sum(axis=2)
    rounded = np.where(balances.held[:, :, None], _cents(sums), 0.0)
    nlv = np.where(balances.held, _cents(nlv), 0.0)
    result: dict[str, dict[AccountTag, Decimal]] = {}
    for c, currency in enumerate(balances.currencies):
        holders = np.flatnonzero(balances.held[:, c])
        if not holders.size:
            continue
        tags = {AccountTag.EXCHANGE_RATE: rate(currency, accounts[int(holders[0])].base_currency)}
        tags |= {tag: Decimal(f"{rounded[:, c, j].sum():.2f}") + 0 for j, tag in enumerate(_BALANCE_TAGS)}
        tags[AccountTag.NET_LIQUIDATION] = Decimal(f"{nlv[:, c].sum():.2f}") + 0
        result[currency] = tags
    return dict(sorted(result.items()))


def _estimated_fees(balances: BatchBalances, nlv: np.ndarray) -> Decimal:
    """The next exposure fee of every account, summed: a fee is due only where the stress loss beats
    net liquidation. A bound spares the stress test of most accounts: a stock or future loses at
    most its stress move, a long option at most its price (taken 5% and a nickel high, for the
    theoretical price it is revalued from); a short option has no such bound. The accounts the
    bound does not clear are stressed together and charged the Decimal way (``daily_fee``)."""
    holdings, owner, n = balances.holdings, balances.owner, len(balances.accounts)
    option = holdings.table.underlying[holdings.rows] >= 0
    units = np.abs(holdings.quantity * holdings.multiplier * holdings.to_base)
    moves = np.array([STRESS_MOVE.get(c, 0.30) for c in holdings.table.product_classes])
    row_bound = np.where(option, np.where(holdings.quantity > 0, (holdings.price * 1.05 + 0.05) * units, np.inf),
                         moves[holdings.table.product_class[holdings.rows]] * np.abs(holdings.price) * units)
    bound = np.bincount(owner, weights=row_bound, minlength=n) if owner.size else np.zeros(n)
    doubtful = np.flatnonzero(bound > nlv - 0.01)
    if not doubtful.size:
        return Decimal(0)
    rows = np.isin(owner, doubtful)
    losses, names = stress_losses_by_owner(_rows(holdings, rows), owner[rows], n)
    total = Decimal(0)
    for i in np.flatnonzero(losses.sum(axis=1) > nlv - 0.01):
        by_class = {names[j]: float(losses[i, j]) for j in range(len(names)) if losses[i, j] > 0}
        total += daily_fee(by_class, Decimal(f"{nlv[i]:.2f}")).total
    return total
