"""The securities and commodities segments' cash, and IB's excess funds sweep between them.

IB: "Your account is authorized to trade both securities products and commodities/futures products and
therefore consists of two underlying accounts or account segments ... you have authorized us to
automatically transfer funds as necessary between your securities account and your futures account in order
to satisfy margin requirements in either account." (Account Management, Excess Funds Sweep:
https://clientam.com.hk/en/software/am3/am/settings/excessfundssweep.htm.) The default, "Do not sweep excess
funds", moves cash only "to resolve or alleviate a margin deficiency in the other segment" or "to minimize a
debit cash balance in a segment" (IB KB "Cash Sweeps", http://ibkr.info/nl/tag/customer-protection); "If you
enter a commodities trade, cash will be moved from the Securities segment to the Commodities segment in order
to facilitate the trade. This will cause your SMA to drop accordingly." (IB margin page, as reproduced at
http://tradingprofessional.org/margin.)

Each margin account's commodities cash is kept in its base currency (``segment_cash``); the rest of its cash
is the securities segment's. Futures' realised P&L, futures and futures options' commissions and option
premiums are booked to the commodities segment. The sweep (decision D8.1) tops the commodities segment's net
liquidation up to its current initial margin when the account trades futures or futures options, at the
intraday-to-overnight change (``overnight``), and at any other moment only when the segment's excess liquidity
is negative; a debit cash balance in either segment is paid from the other's cash. Moves from securities
come from its cash only (securities proceeds reach futures once settled: MEXEM "Insufficient Settled Cash";
a loan is never swept) and lower SMA; moves back raise it.

The account's Excess Funds Sweep setting (``SetExcessFundsSweep``, decision D8.2) takes effect the next
business day ("a change takes one business day", http://www.kamaraju.xyz/dk/ibkr_notes): ``none``, IB's
default, leaves cash above a requirement where it is; ``securities`` ("only the cash needed for the current
commodities margin requirement stays in the commodities segment") moves the commodities cash above IM-C to
securities; ``commodities`` moves the securities cash above the securities initial margin to commodities.
Only accounts with futures or futures-options permission may choose one ("Do not sweep" is "the only option"
for the others).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal

import numpy as np

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog, SecType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.batch import BatchFigures
from workstation.engine.margin.book import MarginState
from workstation.engine.margin.overnight import MarginPeriod
from workstation.engine.margin.risk_cache import RiskTotals
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import SetExcessFundsSweep
from workstation.engine.messages.events import CashBooked, CashSettled, Event, ExcessFundsSweepSet, PositionChanged
from workstation.engine.messages.handlers import Handlers

RateOf = Callable[[str, str], Decimal]
TotalsOf = Callable[[Account, datetime], RiskTotals]
BatchOf = Callable[[list[Account], datetime], BatchFigures]
_FEW_ACCOUNTS = 16  # above this, a market move's deficiency test runs on the vectorised batch figures
_COMMODITIES = (SecType.FUT, SecType.FOP)
_CENT = Decimal("0.01")
_ZERO = Decimal(0)


NO_SWEEP = "none"
SWEEP_SETTINGS = (NO_SWEEP, "securities", "commodities")


def sweep_setting(state: MarginState, account_id: str) -> str:
    """The account's Excess Funds Sweep setting in force now."""
    entry = state.sweep_settings.get(account_id)
    if entry is None:
        return NO_SWEEP
    before, after, effective = entry
    return after if state.now.astimezone(EASTERN).date() >= effective else before


class SegmentSweep:
    """Keeps every margin account's commodities cash in the margin book's ``segment_cash`` as commands apply."""

    def __init__(self, catalog: InstrumentCatalog, rate_of: RateOf, totals_of: TotalsOf,
                 period: Callable[[datetime], MarginPeriod], batch_of: BatchOf, calendar: ExchangeCalendar) -> None:
        self._calendar = calendar
        self._batch_of = batch_of
        self._catalog = catalog
        self._rate_of = rate_of
        self._totals_of = totals_of
        self._period = period
        self._commodity: dict[str, bool] = {}  # symbol -> a future or a futures option

    def handlers(self, state: MarginState) -> Handlers:
        return {SetExcessFundsSweep: (lambda c: self._validate_setting(state, c),
                                      lambda c, effective, sink: self._set(state, c, effective, sink))}

    def _validate_setting(self, state: MarginState, command: SetExcessFundsSweep) -> date:
        account = state.accounts.get(command.account)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", "account", f"account {command.account} does not exist")
        if command.setting not in SWEEP_SETTINGS:
            raise Rejection("INVALID_VALUE", "setting", f"{command.setting!r} is not one of "
                            f"{', '.join(SWEEP_SETTINGS)}")
        if command.setting != NO_SWEEP and (not account.is_margined or not any(
                p.asset_class in ("FUT", "FOP") for p in account.permissions)):
            raise Rejection("SWEEP_NOT_AVAILABLE", "setting", f"{command.account} has no commodities segment (a "
                            "margin account with futures permission); \"Do not sweep\" is its only option")
        return self._calendar.business_day_after(state.now.astimezone(EASTERN).date())

    def _set(self, state: MarginState, command: SetExcessFundsSweep, effective: date, sink: list[Event]) -> None:
        """Record the new setting beside the one in force until ``effective``."""
        state.sweep_settings[command.account] = (sweep_setting(state, command.account), command.setting, effective)
        sink.append(ExcessFundsSweepSet(command.account, command.setting, effective, state.now))

    def follow(self, state: MarginState, events: Sequence[Event], market_moved: bool) -> None:
        """Book a command's commodities cash, then sweep where IB would."""
        accounts, segment_cash = state.accounts, state.segment_cash
        traded: dict[str, None] = {}
        touched: dict[str, None] = {}
        for i, event in enumerate(events):
            kind = type(event)
            if kind is CashBooked or kind is CashSettled:  # settled securities cash may now be swept
                if event.account_id in segment_cash:  # type: ignore[attr-defined]
                    touched[event.account_id] = None  # type: ignore[attr-defined]
                continue
            if kind is not PositionChanged:
                continue
            symbol = event.symbol  # type: ignore[attr-defined]
            is_commodity = self._is_commodity(symbol)
            account_id = event.account_id  # type: ignore[attr-defined]
            if not is_commodity or not accounts[account_id].is_margined:
                continue
            # An execution's commission and cash are booked just before its position (``ledger.booking``),
            # labelled "... {symbol} @ {price}".
            label, flow, base = f" {symbol} @ ", _ZERO, accounts[account_id].base_currency
            j = i - 1
            while j >= 0 and type(events[j]) is CashBooked and events[j].account_id == account_id:  # type: ignore[attr-defined]
                booked = events[j]
                if label in booked.reason:  # type: ignore[attr-defined]
                    flow += booked.amount * self._rate_of(booked.currency, base)  # type: ignore[attr-defined]
                j -= 1
            segment_cash[account_id] = (segment_cash.get(account_id, _ZERO) + flow).quantize(_CENT) + 0
            traded[account_id] = None
        intraday = self._period(state.now).intraday
        flipped = state.sweep_period is not None and state.sweep_period != intraday
        state.sweep_period = intraday
        candidates = dict(traded)
        if flipped:
            candidates |= dict.fromkeys(segment_cash)
        elif market_moved and segment_cash:
            candidates |= self._deficient(state)
        candidates |= touched
        if state.sweep_settings and (market_moved or flipped or traded):  # the few who chose to sweep excess
            candidates |= {a: None for a in state.sweep_settings if sweep_setting(state, a) != NO_SWEEP}
        for account_id in candidates:
            self._sweep(state, accounts[account_id], to_initial=account_id in traded or flipped)

    def _is_commodity(self, symbol: str) -> bool:
        is_commodity = self._commodity.get(symbol)
        if is_commodity is None:
            is_commodity = self._commodity[symbol] = self._catalog[symbol].sec_type in _COMMODITIES
        return is_commodity

    def _settled_cash(self, account: Account, cash_s: Decimal, cash_c: Decimal) -> tuple[Decimal, Decimal]:
        """Each segment's cash less its trade credits not yet settled (securities', futures options'), in the
        base currency: all the sweep may move out of it (MEXEM: securities and commodities transactions
        "require that settlement be completed before proceeds can be transferred between the two account
        segments")."""
        if not account.unsettled:
            return cash_s, cash_c
        base = account.base_currency
        unsettled_s = unsettled_c = _ZERO
        for u in account.unsettled:
            amount = u.amount * self._rate_of(u.currency, base)
            if self._is_commodity(u.symbol):
                unsettled_c += amount
            else:
                unsettled_s += amount
        return cash_s - unsettled_s, cash_c - unsettled_c

    def _deficient(self, state: MarginState) -> dict[str, None]:
        """The accounts whose commodities segment is short of its maintenance margin after a market move
        (EL-C < 0): a few from their figures kept group by group, many from one vectorised pass."""
        accounts, segment_cash = state.accounts, state.segment_cash
        if len(segment_cash) <= _FEW_ACCOUNTS:
            return dict.fromkeys(segment_cash)  # ``_sweep`` moves nothing where nothing is short
        ids = list(segment_cash)
        figures = self._batch_of([accounts[a] for a in ids], state.now)
        cash_c = np.array([float(segment_cash[a]) for a in ids])
        net_liquidation_c = cash_c + figures.equity_with_loan - figures.equity_with_loan_s  # + futures P&L, FOP value
        short = net_liquidation_c - figures.maintenance_c < -0.005
        return dict.fromkeys(ids[i] for i in np.flatnonzero(short | (cash_c < 0)))

    def _sweep(self, state: MarginState, account: Account, to_initial: bool) -> None:
        """Move what IB would between the account's segments now: up to IM-C when ``to_initial`` (a futures
        trade, the overnight change) or on an EL-C deficiency, a debit paid, then what the setting sweeps."""
        account_id = account.account_id
        totals = self._totals_of(account, state.now)
        cash_c = state.segment_cash.get(account_id, _ZERO)
        base = account.base_currency
        cash = sum((amount * self._rate_of(currency, base) for currency, amount in account.cash.items()), _ZERO)
        cash_s = cash - cash_c
        settled_s, settled_c = self._settled_cash(account, cash_s, cash_c)
        nlv_c = cash_c + Decimal(f"{totals.equity_with_loan_c:.2f}")
        initial_c = Decimal(f"{totals.initial_c:.2f}")
        deficient = nlv_c < Decimal(f"{totals.maintenance_c:.2f}")
        wanted = initial_c - nlv_c if (to_initial or deficient) else _ZERO
        wanted = max(wanted, -cash_c)  # a commodities debit is paid too
        if wanted > 0:
            moved = min(wanted, max(settled_s, _ZERO))  # settled securities cash only: a loan is never swept
        else:  # a securities debit is paid from cash above the commodities requirement
            spare = min(settled_c, nlv_c - initial_c)
            moved = -min(max(-cash_s, _ZERO), max(spare, _ZERO))
        if not moved and not deficient:
            setting = sweep_setting(state, account_id) if state.sweep_settings else NO_SWEEP
            if setting == "securities":  # the commodities cash above IM-C goes to securities
                moved = -max(min(settled_c, nlv_c - initial_c), _ZERO)
            elif setting == "commodities":  # the securities cash above the securities initial margin goes over
                elv_s = Decimal(f"{totals.equity_with_loan_s:.2f}") - cash_c
                initial_s = Decimal(f"{totals.initial - totals.initial_c:.2f}")
                moved = max(min(settled_s, elv_s - initial_s), _ZERO)
        moved = moved.quantize(_CENT)
        if moved:
            state.segment_cash[account_id] = (cash_c + moved) + 0
            state.sma[account_id] = state.sma.get(account_id, _ZERO) - moved  # SMA counts securities cash only
