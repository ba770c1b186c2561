"""Margin: Reg T for securities, SPAN for futures and futures options, and the account-value tags
built on them (Equity with Loan Value, Initial and Maintenance Margin, Available Funds, Excess
Liquidity, Buying Power, ...). ``MarginModel`` is the one entry point the engine uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

import numpy as np

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.instruments import InstrumentCatalog, SecType
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.account_margin import MarginFigures, margin_figures, margin_tags, next_change_seconds
from workstation.engine.margin.batch import AccountBook, BatchBalances, BatchFigures
from workstation.engine.margin.holdings import Holdings, InstrumentTable, account_holdings
from workstation.engine.margin.impact import (
    BalancesOf,
    Change,
    MarginImpact,
    ProposedFill,
    margin_refusal,
    portfolio_floor_text,
)
from workstation.engine.margin.minimum_equity import minimum_equity_refusal, order_loan
from workstation.engine.margin.overnight import MarginPeriod, PeriodClock
from workstation.engine.margin.rates import DEFAULT_RATES, MarginRates
from workstation.engine.margin.risk_cache import RiskCache, trial_account
from workstation.engine.margin.sma import SmaLedger, sma_change
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import Event

__all__ = ["Change", "MarginFigures", "MarginImpact", "MarginModel", "MarginRates", "ProposedFill"]

RateOf = Callable[[str, str], Decimal]
MarketArrays = Callable[[], tuple[np.ndarray, np.ndarray]]
_COMMODITIES = (SecType.FUT, SecType.FOP)
_FEW_ACCOUNTS = 16  # below this, accounts are read from the incremental risk cache, above it in one batch


class MarginModel:
    """Computes an account's margin figures and tags from its ledger and the market.

    ``market_arrays`` gives every instrument's last price and implied volatility as arrays in
    the order of ``table`` (the market simulator's order)."""

    def __init__(self, table: InstrumentTable, catalog: InstrumentCatalog, market_arrays: MarketArrays,
                 rate_of: RateOf, balances_of: BalancesOf, rates: MarginRates = DEFAULT_RATES,
                 calendar: ExchangeCalendar | None = None,
                 segment_cash_of: Callable[[str], Decimal] = lambda _account_id: Decimal(0)) -> None:
        self.table = table
        self._segment_cash_of = segment_cash_of  # an account's commodities cash, in its base (``segments``)
        self._periods = PeriodClock(calendar or ExchangeCalendar.nyse())
        self._catalog = catalog
        self._balances_of = balances_of
        self._market_arrays = market_arrays
        self._rate_of = rate_of
        self.rates = rates
        self.book = AccountBook(table, rates, rate_of)
        self.risk = RiskCache(table, market_arrays, rate_of, rates, self.period)
        self._recent: tuple[tuple[object, ...], BatchFigures] | None = None

    def period(self, now: datetime) -> MarginPeriod:
        """Whether futures are margined at the intraday rate at ``now``, and when that changes (``overnight``)."""
        return self._periods.at(now)

    def set_marginable(self, symbol: str, marginable: bool) -> None:
        """A stock's loan value, as the ready-market test decides it (see ``ready_market``)."""
        self.table.marginable_stock[self.table.index[symbol]] = marginable
        self.book.forget()
        self._recent = None

    def account_changed(self, account_id: str) -> None:
        """An account's type or base currency changed (``trading.configuration_desk``): figures kept for it go."""
        self.risk.forget(account_id)
        self.book.forget_account_facts()
        self._recent = None

    def is_marginable(self, symbol: str) -> bool:
        return bool(self.table.marginable_stock[self.table.index[symbol]])

    def holdings(self, account: Account, now: datetime) -> Holdings:
        base = account.base_currency
        rates: dict[str, float] = {}

        def to_base(currency: str) -> float:
            if currency not in rates:
                rates[currency] = float(self._rate_of(currency, base))
            return rates[currency]

        marks, ivs = self._market_arrays()
        held = [symbol for symbol, position in account.positions.items() if position.quantity]
        return account_holdings(self.table, account, held, marks, ivs, to_base, now)

    def batch_figures(self, accounts: list[Account], now: datetime) -> BatchFigures:
        """Balances and margin of many accounts in vectorised passes (see ``batch``), with the
        requirements by segment: only futures and futures options, margined one account at a time,
        have a commodities part."""
        marks, ivs = self._market_arrays()

        def grouped(account: Account) -> tuple[float, ...]:
            figures = self.figures(account, self._balances_of(account), now)
            return (figures.initial, figures.maintenance, figures.reg_t_margin, figures.initial_s, figures.initial_c,
                    figures.maintenance_s, figures.maintenance_c, figures.full_initial_c, figures.full_maintenance_c,
                    figures.next_initial_c, figures.next_maintenance_c)

        return self.book.figures(accounts, marks, ivs, now, grouped)

    def recent_batch_figures(self, accounts: list[Account], now: datetime) -> BatchFigures:
        """``batch_figures``, taken again only when something they depend on moved since the last call
        for the same accounts: a ledger (its revision), the market (new marks), the clock or a stock's
        marginability. A market step's liquidation check and its SMA ratchet read the same accounts
        at the same prices; this spares the second pass."""
        marks, ivs = self._market_arrays()
        key = (tuple([(a.account_id, a.revision) for a in accounts]), now)
        recent = self._recent
        if recent is not None and recent[0][0] is marks and recent[0][1] is ivs and recent[0][2] == key:
            return recent[1]
        figures = self.batch_figures(accounts, now)
        self._recent = ((marks, ivs, key), figures)
        return figures

    def batch_balances(self, accounts: list[Account], now: datetime) -> BatchBalances:
        """Balance sums of many accounts per currency, and their positions stacked (see ``batch``)."""
        marks, ivs = self._market_arrays()
        return self.book.balances(accounts, marks, ivs, now)

    def follow_bookings(self, accounts: Mapping[str, Account], events: Sequence[Event]) -> None:
        """Keep the batch's float ledgers up to date with a command's bookings (see ``AccountBook.follow``)."""
        self.book.follow(accounts, events)

    def figures(self, account: Account, balances: dict[AccountTag, Decimal], now: datetime) -> MarginFigures:
        """Margin figures given the account's balance tags (from ``valuation.account_values``)."""
        futures_pnl = balances[AccountTag.FUTURES_PNL]
        cash = balances[AccountTag.TOTAL_CASH_VALUE] - futures_pnl
        return margin_figures(account, self.holdings(account, now), float(cash), float(futures_pnl), self.rates,
                              self.period(now).intraday)

    def tags(self, account: Account, balances: dict[AccountTag, Decimal], now: datetime,
             previous_day_elv: Decimal | None, sma: Decimal | None = None,
             cash_c: Decimal = Decimal(0), previous_c: Decimal = Decimal(0)) -> dict[AccountTag, Decimal]:
        """IB's margin tags of the account (``margin_tags``), with LookAheadNextChange."""
        tags = margin_tags(account, self.figures(account, balances, now), balances, previous_day_elv, sma, cash_c,
                           self.unsettled_in_base(account), previous_c)
        tags[AccountTag.LOOK_AHEAD_NEXT_CHANGE] = next_change_seconds(self.period(now))
        return tags

    def unsettled_in_base(self, account: Account) -> Decimal:
        """The account's trade cash not yet settled, in its base currency, to the cent."""
        if not account.unsettled:
            return Decimal(0)
        base = account.base_currency
        total = sum((u.amount * self._rate_of(u.currency, base) for u in account.unsettled), Decimal(0))
        return total.quantize(Decimal("0.01")) + 0

    def proposed_fill(self, symbol: str, action: Action, quantity: Decimal, price: Decimal) -> ProposedFill:
        """An order for ``quantity`` assumed filled in full at ``price``, with its commission."""
        instrument = self._catalog[symbol]
        commission = order_commission(instrument, quantity, quantity * price * instrument.multiplier)
        return ProposedFill(instrument, action, quantity, price, commission, commission_currency(instrument))

    def impact(self, account: Account, fills: list[ProposedFill], now: datetime) -> MarginImpact:
        """Before / Change / After of the account's margin if ``fills`` executed now (computed on
        the groups of positions they touch, see ``risk_cache``)."""
        return self.risk.impact(account, fills, now)[0]

    def sma_ledger(self, tags_of: Callable[[str], dict[str, Decimal]], now: Callable[[], datetime],
                   holding: Callable[[], Iterable[Account]]) -> SmaLedger:
        """The SMA bookkeeping over these rates (``tags_of``: an account's current tags; ``holding``: the
        accounts with positions, in ledger order)."""
        def floors(accounts: list[Account]) -> dict[str, Decimal]:
            if len(accounts) <= _FEW_ACCOUNTS:  # kept group by group: only what traded is computed again
                # SMA usually sits at its floor once ratcheted, so a bound rarely spares the work here.
                totals = [(a.account_id, self.risk.totals(a, now())) for a in accounts]
                return {a: Decimal(f"{t.equity_with_loan_s - t.reg_t:.2f}") for a, t in totals}
            figures = self.recent_batch_figures(accounts, now())
            gap = figures.equity_with_loan_s - figures.reg_t
            return {account_id: Decimal(f"{value:.2f}") for account_id, value in zip(figures.accounts, gap.tolist(),
                                                                                    strict=True)}
        return SmaLedger(self._catalog, self.rates, self._rate_of, tags_of, floors, self.is_marginable, holding)

    def look_ahead_funds(self, account: Account, fills: list[ProposedFill], impact: MarginImpact,
                         now: datetime) -> Decimal | None:
        """The account's available funds at the next margin change (``overnight``) if ``fills`` executed now:
        the funds after them less the rise in the commodities' initial margin at that change; None when the
        change raises nothing (no futures after the order, or the overnight rate already applies)."""
        if not account.is_margined:
            return None
        trial = trial_account(account, fills, now)
        if not any(self._catalog[s].sec_type in _COMMODITIES for s, p in trial.positions.items() if p.quantity):
            return None
        figures = self.figures(trial, self._balances_of(trial), now)
        rise = Decimal(f"{figures.next_initial_c:.2f}") - Decimal(f"{figures.initial_c:.2f}")
        return impact.available_funds.after - rise if rise > 0 else None

    def sma_after(self, account: Account, fills: list[ProposedFill], sma: Decimal) -> Decimal:
        """SMA after ``fills``: each uses or releases its Reg T initial margin (``sma.sma_change``)."""
        for fill in fills:
            instrument = fill.instrument
            prior = account.position_quantity(instrument.symbol)
            change = fill.quantity if fill.action is Action.BUY else -fill.quantity
            sma += sma_change(instrument, prior, change, fill.price, self._rate_of(instrument.currency,
                                                                                   account.base_currency),
                              self.rates, self.is_marginable(instrument.symbol) if instrument.sec_type
                              is SecType.STK else True)
        return sma

    def check(self, account: Account, fills: list[ProposedFill], now: datetime) -> str | None:
        """IB's pre-trade margin check of ``fills``: why it refuses them, or None. An order far
        inside the account's available funds passes the quick check without a full what-if."""
        if account.account_type is AccountType.CASH or account.is_advisor:
            return None
        usd = float(self._rate_of("USD", account.base_currency))
        if self.risk.clearly_fits(account, fills, now, self.rates.minimum_equity_usd * usd,
                                  self.rates.pm_keep_minimum_usd * usd):
            return None
        return self.refusal(account, fills, self.impact(account, fills, now), now)

    def clearly_within_day_trading_power(self, account: Account, fills: list[ProposedFill], now: datetime,
                                         previous_day_elv: Decimal | None) -> bool:
        """True when a pattern day trader surely keeps day-trading buying power after ``fills`` (see
        ``RiskCache.clearly_within_day_trading_power``); False: work it out from the account values."""
        return self.risk.clearly_within_day_trading_power(
            account, fills, now, None if previous_day_elv is None else float(previous_day_elv),
            float(self._segment_cash_of(account.account_id)))

    def refusal(self, account: Account, fills: list[ProposedFill], impact: MarginImpact, now: datetime) -> str | None:
        """Why the pre-trade margin check refuses ``fills`` with this impact, or None."""
        keep = Decimal(str(self.rates.pm_keep_minimum_usd)) * self._rate_of("USD", account.base_currency)
        equity = Decimal(f"{self.risk.totals(account, now).reported_equity_with_loan:.2f}")
        return margin_refusal(account, impact, keep, equity,
                              lambda: self.minimum_equity_refusal(account, fills, impact, now))

    def portfolio_floor_refusal(self, account: Account, fills: list[ProposedFill], now: datetime) -> str | None:
        """IB's refusal of ``fills`` that raise a Portfolio Margin account's margin while its equity with loan
        value is under USD 100,000 (``pm_keep_minimum_usd``), or None."""
        if account.account_type is not AccountType.PORTFOLIO:
            return None
        # Floats to the cent first: asked for every order of a portfolio-margin account, nearly always above the floor.
        keep = self.rates.pm_keep_minimum_usd * float(self._rate_of("USD", account.base_currency))
        equity = round(self.risk.totals(account, now).reported_equity_with_loan, 2)
        if equity >= round(keep, 2) or self.impact(account, fills, now).initial_margin.change <= 0:
            return None
        return portfolio_floor_text(account.account_id, Decimal(f"{equity:.2f}"), account.base_currency)

    def order_loan(self, account: Account, fills: list[ProposedFill], now: datetime) -> str | None:
        """What ``fills`` would borrow (a debit balance, a short sale, an uncovered option), or None."""
        return order_loan(account, trial_account(account, fills, now), fills, self._catalog.get,
                          self._segment_cash_of(account.account_id))

    def minimum_equity_refusal(self, account: Account, fills: list[ProposedFill], impact: MarginImpact,
                               now: datetime) -> str | None:
        """Why ``fills`` are refused by IB's USD 2,000 minimum for borrowing (see ``minimum_equity``), or None;
        the Order Preview shows it as a warning too."""
        if account.account_type is AccountType.CASH or account.is_advisor:
            return None
        usd = self._rate_of("USD", account.base_currency)
        minimum = Decimal(str(self.rates.minimum_equity_usd)) * usd
        return minimum_equity_refusal(account, impact, minimum, lambda: self.order_loan(account, fills, now))
