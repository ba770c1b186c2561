"""Pattern day trading (``ib-domain.md`` §5.3): a margin account under USD 25,000 may make three
day trades in five business days; a fourth opening order is refused as a potential pattern day
trader. Futures and futures options are not counted.

A day trade is counted when a position opened during the day is reduced the same day; opening
again afterwards starts another possible day trade.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from workstation.engine.core.instruments import InstrumentCatalog, SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.margin.book import MarginState
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import Event, PositionChanged, SessionOpened

DAY_TRADES_ALLOWED = 3
WINDOW_BUSINESS_DAYS = 5
PATTERN_DAY_TRADER_EQUITY = Decimal(25000)  # USD
UNLIMITED = -1
COUNTED = (SecType.STK, SecType.OPT, SecType.FUND)  # what a day trade is made of
_ZERO = Decimal(0)
_MARGINED = (AccountType.MARGIN, AccountType.PORTFOLIO)  # ``Account.is_margined``, asked once per booking
_KEEP_DAYS = 14  # calendar days: more than five business days with any holidays in between


def follow_day_trades(state: MarginState, catalog: InstrumentCatalog, events: Iterable[Event]) -> set[str]:
    """Count the day trades a command made (in ``state.day_trades``); the accounts that made one."""
    traded: set[str] = set()
    counted: dict[str, bool] = {}  # per contract: an advisor's execution books one for many accounts
    accounts, opened = state.accounts, state.opened_today
    for event in events:
        kind = type(event)  # never subclassed; an advisor's execution brings thousands
        if kind is SessionOpened:
            opened.clear()
            continue
        if kind is not PositionChanged or not event.change:  # type: ignore[attr-defined]
            continue
        account_id, symbol, change = event.account_id, event.symbol, event.change  # type: ignore[attr-defined]
        if accounts[account_id].account_type not in _MARGINED:
            continue
        is_counted = counted.get(symbol)
        if is_counted is None:
            is_counted = counted[symbol] = catalog[symbol].sec_type in COUNTED
        if not is_counted:
            continue
        key = (account_id, symbol)
        prior = event.quantity - change  # type: ignore[attr-defined]
        closing = prior * change < 0
        opened_today = opened.get(key, _ZERO)
        if closing and opened_today:
            today = state.now.date()
            counts = state.day_trades.setdefault(account_id, {})
            if today not in counts:  # a new day: forget days long out of every window
                for day in [d for d in counts if (today - d).days > _KEEP_DAYS]:
                    del counts[day]
            counts[today] = counts.get(today, 0) + 1
            traded.add(account_id)
            opened.pop(key)
        if not closing or abs(change) > abs(prior):
            opened[key] = opened_today + abs(change) - (abs(prior) if closing else 0)
    return traded


def window(calendar: ExchangeCalendar, last: date) -> list[date]:
    """The five business days ending with ``last``."""
    days, day = [], last
    while len(days) < WINDOW_BUSINESS_DAYS:
        if calendar.is_business_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days


def _next_business_days(calendar: ExchangeCalendar, start: date, count: int) -> list[date]:
    days, day = [start], start
    while len(days) < count:
        day += timedelta(days=1)
        if calendar.is_business_day(day):
            days.append(day)
    return days


def day_trades_remaining(state: MarginState, calendar: ExchangeCalendar, account_id: str,
                         net_liquidation_usd: Decimal, limited: bool = True) -> tuple[int, ...]:
    """Day trades left today and on each of the next four business days (TWS's five numbers);
    -1 for an account at or above USD 25,000, not a margin account, or with ``limited`` off
    (``MarginRates.pattern_day_trading``)."""
    account = state.accounts[account_id]
    if not limited or not account.is_margined or net_liquidation_usd >= PATTERN_DAY_TRADER_EQUITY:
        return (UNLIMITED,) * WINDOW_BUSINESS_DAYS
    counts = state.day_trades.get(account_id, {})
    today = state.now.date()
    remaining = []
    for day in _next_business_days(calendar, today, WINDOW_BUSINESS_DAYS):
        used = sum(counts.get(traded, 0) for traded in window(calendar, day))
        remaining.append(max(DAY_TRADES_ALLOWED - used, 0))
    return tuple(remaining)
