"""Settlement of trade cash: what a booking leaves unsettled, and the step that settles it.

IB's SettledCash is "Cash recognized at the time of settlement - purchases at the time of trade -
commissions - taxes - fees" (TWS API AccountSummaryTags,
https://interactivebrokers.github.io/tws-api/classIBApi_1_1AccountSummaryTags.html): a purchase and
every commission come off at once, while a sale's proceeds (and the currency an FX trade buys) count
only from the settlement date. So the ledger books all cash at trade time, as before, and keeps beside
it the credits still waiting (``Account.unsettled``), each with its settlement date
(``market.settlement``). Cash settles at the engine's pre-market step of that day (decision D1.2):
usable from that day's open.

A cash account's purchase that settled cash did not cover when it filled is kept as an
``UnpaidPurchase`` until it settles, so the end-of-day free-riding surveillance (``risk.free_riding``)
can tell when it was sold before being paid for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from workstation.engine.core.instruments import Instrument
from workstation.engine.core.money import ZERO
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account, UnpaidPurchase, UnsettledCash
from workstation.engine.ledger.book import LedgerState
from workstation.engine.market.settlement import settlement_cycle, settlement_date
from workstation.engine.messages.events import CashSettled, Event


@lru_cache(maxsize=4096)
def _settles(instrument: Instrument, trade_day: date) -> date:
    return settlement_date(instrument, trade_day)


def owe(account: Account, instrument: Instrument, currency: str, amount: Decimal, now: datetime) -> None:
    """Record a credit of ``amount`` (> 0) booked at trade time as unsettled until its settlement date."""
    if amount > 0 and settlement_cycle(instrument):
        settles = _settles(instrument, now.date())
        symbol = instrument.symbol
        for i, entry in enumerate(account.unsettled):  # one entry per contract, currency and day: a day of
            if entry.symbol == symbol and entry.currency == currency and entry.settles == settles:  # fills
                merged = UnsettledCash(symbol, currency, entry.amount + amount, settles)  # keeps its size
                account.unsettled = (*account.unsettled[:i], merged, *account.unsettled[i + 1:])
                return
        account.unsettled += (UnsettledCash(symbol, currency, amount, settles),)


def take_back(account: Account, symbol: str, currency: str, amount: Decimal) -> None:
    """A credit of ``symbol`` booked earlier is taken back (a bust or a correction): reduce what is
    still unsettled of it by up to ``amount``, newest first. Whatever has settled is cash already."""
    left = amount
    kept: list[UnsettledCash] = []
    for entry in reversed(account.unsettled):
        if left > 0 and entry.symbol == symbol and entry.currency == currency:
            used = min(left, entry.amount)
            left -= used
            if entry.amount > used:
                kept.append(UnsettledCash(entry.symbol, entry.currency, entry.amount - used, entry.settles))
            continue
        kept.append(entry)
    account.unsettled = tuple(reversed(kept))


def follow_trade(account: Account, instrument: Instrument, bought: bool, cost: Decimal, now: datetime,
                 quantity: Decimal) -> None:
    """A cash account's trade of ``quantity`` units (its position already booked), for the free-riding
    surveillance: a purchase of ``cost`` that leaves settled cash in its currency below zero is recorded
    as unpaid by that much (at most its cost); a sale that leaves fewer units held than the unpaid
    purchases not yet settled bought marks them sold (units paid for earlier may be sold: decision D3.1)."""
    if account.account_type is not AccountType.CASH:
        return
    if bought:
        short = -account.settled_cash_in(instrument.currency)
        if short > 0 and settlement_cycle(instrument):
            account.unpaid += (UnpaidPurchase(instrument.symbol, instrument.currency, min(short, cost),
                                              _settles(instrument, now.date()), quantity=quantity),)
        return
    today = now.date()
    symbol = instrument.symbol
    pending = [u for u in account.unpaid if u.symbol == symbol and u.settles > today and not u.sold]
    if pending and account.position_quantity(symbol) < sum((u.quantity for u in pending), ZERO):
        account.unpaid = tuple(replace(u, sold=True) if u.symbol == symbol and u.settles > today else u
                               for u in account.unpaid)


def settle_due(state: LedgerState, today: date, now: datetime, sink: list[Event]) -> list[CashSettled]:
    """Settle every credit due on or before ``today`` (one event per account, contract and currency)
    and forget the unpaid purchases that have settled; returns the settlement events."""
    settled: list[CashSettled] = []
    for account in state.accounts.values():
        if account.unpaid and any(u.settles <= today for u in account.unpaid):
            account.unpaid = tuple(u for u in account.unpaid if u.settles > today)
        if not account.unsettled or all(u.settles > today for u in account.unsettled):
            continue
        due: dict[tuple[str, str], Decimal] = {}
        for entry in account.unsettled:
            if entry.settles <= today:
                key = (entry.symbol, entry.currency)
                due[key] = due.get(key, ZERO) + entry.amount
        account.unsettled = tuple(u for u in account.unsettled if u.settles > today)
        account.revision += 1
        for (symbol, currency), amount in due.items():
            event = CashSettled(account.account_id, symbol, currency, amount, now)
            settled.append(event)
            sink.append(event)
    return settled
