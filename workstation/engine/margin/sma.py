"""The Special Memorandum Account and the end-of-day Reg T check (``ib-domain.md`` §5.2, the seed's
"Key Margin Definitions").

SMA is a line of credit kept per margin account from its opening: deposits add to it dollar for
dollar; a purchase uses its Reg T initial margin (50% of a marginable stock's cost, all of an
option's or a non-marginable security's) and a sale releases as much of its proceeds; a gain in
market value raises it, because it is at least Equity with Loan Value less the Reg T margin, and
a loss never lowers it. Futures live in the commodities segment and leave it alone.

On a day it traded, an account's SMA must not be negative from 15:50 ET (IB's Reg T check runs
15:50-17:20): the liquidation system sells what releases the shortfall (``Liquidator``), and an
account still negative at the close has a Reg T call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.ledger.booking import OPENING_BALANCE
from workstation.engine.margin.book import MarginState
from workstation.engine.margin.previous_day import money_moved
from workstation.engine.margin.rates import MarginRates
from workstation.engine.messages.events import (
    AdvisorFeeCharged,
    CashBooked,
    CashTransferred,
    Event,
    FundsDeposited,
    FundsWithdrawn,
    PositionChanged,
    RegTCallIssued,
)

RateOf = Callable[[str, str], Decimal]
TagsOf = Callable[[str], dict[str, Decimal]]
FloorsOf = Callable[[list[Account]], dict[str, Decimal]]  # ELV-S less Reg T margin, many accounts at once
_SECURITIES = (SecType.STK, SecType.FUND, SecType.OPT)
_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_MARGINED = (AccountType.MARGIN, AccountType.PORTFOLIO)  # ``Account.is_margined``, asked once per booking


def reg_t_rate(instrument: Instrument, rates: MarginRates, marginable: bool = True) -> Decimal:
    """The share of a purchase Reg T asks for on the day: 50% of marginable stock (times a
    leveraged ETF's factor, never above all of it), all of anything else."""
    if instrument.sec_type is SecType.STK and instrument.marginable and marginable:
        return min(Decimal(str(rates.reg_t_initial)) * instrument.leverage_factor, Decimal(1))
    return Decimal(1)


def sma_change(instrument: Instrument, prior: Decimal, change: Decimal, price: Decimal, to_base: Decimal,
               rates: MarginRates, marginable: bool = True) -> Decimal:
    """What one trade does to SMA: the Reg T margin it uses (units opened) or releases (units closed)."""
    if instrument.sec_type not in _SECURITIES or not change:
        return Decimal(0)
    closed = min(abs(change), abs(prior)) if prior * change < 0 else Decimal(0)
    opened = abs(change) - closed
    return reg_t_rate(instrument, rates, marginable) * price * instrument.multiplier * to_base * (closed - opened)


_FUNDING = (FundsDeposited, FundsWithdrawn, CashTransferred, AdvisorFeeCharged)


def _funding_flows(event: Event) -> list[tuple[str, str, Decimal]]:
    """The (account, currency, signed amount) a funding event moved: money in or out (``money_moved``),
    or an advisor's fee taken from a partition."""
    if isinstance(event, AdvisorFeeCharged):
        return [(event.partition, event.currency, -event.amount)]
    return money_moved(event)


class SmaLedger:
    """Keeps every margin account's SMA in the margin book's ``sma`` as commands are applied."""

    def __init__(self, catalog: InstrumentCatalog, rates: MarginRates, rate_of: RateOf, tags_of: TagsOf,
                 floors_of: FloorsOf, marginable: Callable[[str], bool],
                 holding: Callable[[], Iterable[Account]]) -> None:
        self._holding = holding  # the accounts with positions, in ledger order: those a market move revalues
        self._marginable = marginable
        self._catalog = catalog
        self._rates = rates
        self._rate_of = rate_of
        self._tags_of = tags_of
        self._floors_of = floors_of

    def follow(self, state: MarginState, events: Iterable[Event], market_moved: bool) -> None:
        """Book what a command did: deposits and trades, then the rise in value of every account it
        touched (all accounts holding positions when prices moved)."""
        touched: dict[str, None] = {}
        accounts, sma, day_traded = state.accounts, state.sma, state.day_traded
        # What a unit opened or closed does to SMA (None: nothing) for the contract, price and base
        # currency of the trade before: the many accounts of an advisor's execution share one, and
        # share what opening each distinct number of units does.
        symbol, price, base, factor = "", _ZERO, "", None
        opening: dict[Decimal, Decimal] = {}
        for event in events:
            kind = type(event)  # events are never subclassed: an advisor's execution brings thousands
            if kind is PositionChanged and event.change:  # type: ignore[attr-defined]
                account_id = event.account_id  # type: ignore[attr-defined]
                account = accounts[account_id]
                if account.account_type not in _MARGINED:
                    continue
                if event.symbol != symbol or event.price != price or account.base_currency != base:  # type: ignore[attr-defined]
                    symbol, price, base = event.symbol, event.price, account.base_currency  # type: ignore[attr-defined]
                    factor = self._per_unit(symbol, price, base)
                    opening = {}
                change = event.change  # type: ignore[attr-defined]
                if factor is None:
                    delta = _ZERO
                else:
                    prior = event.quantity - change  # type: ignore[attr-defined]
                    if prior * change < 0:
                        closed = min(abs(change), abs(prior))
                        delta = factor * (closed - (abs(change) - closed))
                    else:  # nothing closed: the same for every account opening as many units
                        delta = opening.get(change)  # type: ignore[assignment]
                        if delta is None:
                            delta = opening[change] = factor * (_ZERO - (abs(change) - _ZERO))
                    day_traded.add(account_id)
                sma[account_id] = sma.get(account_id, _ZERO) + delta
                touched[account_id] = None
            elif kind is CashBooked:
                if event.reason == OPENING_BALANCE:  # type: ignore[attr-defined]
                    self._book_funds(state, event.account_id, event.currency, event.amount, touched)  # type: ignore[attr-defined]
            elif kind in _FUNDING:
                for account_id, currency, amount in _funding_flows(event):
                    self._book_funds(state, account_id, currency, amount, touched)
        if market_moved:  # the holders first, in the ledger's order: the liquidation check's batch, reused
            holders = dict.fromkeys(a.account_id for a in self._holding() if a.is_margined)
            touched = holders | touched
        if touched:
            segment_cash = state.segment_cash  # the commodities segment's cash is not SMA's (``segments``)
            for account_id, floor in self._floors_of([accounts[a] for a in touched]).items():
                if account_id in segment_cash:
                    floor -= segment_cash[account_id]
                sma[account_id] = max(sma.get(account_id, _ZERO), floor).quantize(_CENT)

    def _per_unit(self, symbol: str, price: Decimal, base: str) -> Decimal | None:
        """``sma_change`` up to its last factor, units closed less units opened (None: no change)."""
        instrument = self._catalog[symbol]
        if instrument.sec_type not in _SECURITIES:
            return None
        to_base = self._rate_of(instrument.currency, base)
        return reg_t_rate(instrument, self._rates, self._marginable(symbol)) * price * instrument.multiplier * to_base

    def _book_funds(self, state: MarginState, account_id: str, currency: str, amount: Decimal,
                    touched: dict[str, None]) -> None:
        """Money in adds to SMA dollar for dollar; money out (a withdrawal, a transfer, a fee) uses it."""
        account = state.accounts[account_id]
        if account.is_margined:
            change = amount * self._rate_of(currency, account.base_currency)
            state.sma[account_id] = state.sma.get(account_id, Decimal(0)) + change
            touched[account_id] = None

    def ratchet(self, state: MarginState, account_id: str) -> None:
        """SMA is at least Equity with Loan Value less the Reg T margin: gains raise it for good."""
        tags = self._tags_of(account_id)
        floor = tags[AccountTag.EQUITY_WITH_LOAN_VALUE_S] - tags[AccountTag.REG_T_MARGIN]
        state.sma[account_id] = max(state.sma.get(account_id, Decimal(0)), floor).quantize(_CENT)

    def shortfalls(self, state: MarginState, account_ids: Iterable[str]) -> dict[str, Decimal]:
        """The accounts among ``account_ids`` that traded today with a negative SMA, and by how much."""
        short = {}
        for account_id in account_ids:
            if account_id in state.day_traded and state.sma.get(account_id, Decimal(0)) < 0:
                self.ratchet(state, account_id)  # a gain since the last booking may have covered it
                if state.sma[account_id] < 0:
                    short[account_id] = -state.sma[account_id]
        return short

    def release(self, account: Account, symbol: str, price: Decimal) -> Decimal:
        """What closing one unit of the account's position in ``symbol`` at ``price`` adds to SMA."""
        position = account.positions[symbol]
        instrument = self._catalog[symbol]
        to_base = self._rate_of(instrument.currency, account.base_currency)
        unit = Decimal(-1) if position.quantity > 0 else Decimal(1)
        return sma_change(instrument, position.quantity, unit, price, to_base, self._rates, self._marginable(symbol))

    def close_of_day(self, state: MarginState, sink: list[Event]) -> None:
        """The Reg T check at the close: an account that traded today with a negative SMA is called."""
        for account_id in sorted(state.day_traded):
            self.ratchet(state, account_id)
            sma = state.sma.get(account_id, Decimal(0))
            if sma < 0:
                state.reg_t_calls[account_id] = state.now.date()
                sink.append(RegTCallIssued(account_id, sma, state.now))
        state.day_traded.clear()
