"""NYSE sessions: business days, holidays, early closes.

The sessions come from the exchange_calendars library's rules, written out as plain data in
``nyse_sessions`` (by ``scripts/write_nyse_sessions.py``; a test keeps the two equal), so starting
the workstation does not import pandas. Asking for the market state on every clock step costs a
dictionary look-up.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from workstation.engine.core.terms import MarketState
from workstation.engine.market import nyse_sessions

EASTERN = ZoneInfo("America/New_York")
PRE_MARKET_OPEN = time(4, 0)
AFTER_HOURS_CLOSE = time(20, 0)




@dataclass(frozen=True, slots=True)
class Session:
    day: date
    open: datetime
    close: datetime

    @property
    def pre_market_open(self) -> datetime:
        return datetime.combine(self.day, PRE_MARKET_OPEN, EASTERN)

    @property
    def after_hours_close(self) -> datetime:
        return datetime.combine(self.day, AFTER_HOURS_CLOSE, EASTERN)


class ExchangeCalendar:
    """Regular sessions of one exchange (XNYS by default) between two years."""

    def __init__(self, sessions: list[Session]) -> None:
        self._sessions = sessions
        self._days = [s.day for s in sessions]
        self._by_day = {s.day: s for s in sessions}

    @classmethod
    def nyse(cls) -> ExchangeCalendar:
        return _nyse_calendar()

    @property
    def last_moment(self) -> datetime:
        """The last instant the calendar can place: the after-hours close of its final session."""
        return self._sessions[-1].after_hours_close

    def session_on(self, day: date) -> Session | None:
        return self._by_day.get(day)

    def is_business_day(self, day: date) -> bool:
        return day in self._by_day

    def business_day_after(self, day: date, count: int = 1) -> date:
        """The ``count``-th business day after ``day`` (which need not be one itself)."""
        index = bisect.bisect_right(self._days, day) + count - 1
        if index >= len(self._days):
            raise ValueError(f"day: {count} business days after {day} is beyond the exchange calendar")
        return self._days[index]

    def latest_open(self, moment: datetime) -> datetime | None:
        """When the latest session opened at or before ``moment`` (None before the first one):
        the start of the trading day that TWS's Daily P&L and Change are measured over."""
        day = moment.astimezone(EASTERN).date()
        index = bisect.bisect_right(self._days, day) - 1
        while index >= 0:
            if self._sessions[index].open <= moment:
                return self._sessions[index].open
            index -= 1
        return None

    def next_session(self, after: datetime) -> Session:
        """The first session whose close is after ``after``."""
        day = after.astimezone(EASTERN).date()
        index = bisect.bisect_left(self._days, day)
        while index < len(self._sessions):
            session = self._sessions[index]
            if session.close > after:
                return session
            index += 1
        raise ValueError(f"clock: {after.isoformat()} is beyond the exchange calendar")

    def state_at(self, moment: datetime) -> MarketState:
        session = self._by_day.get(moment.astimezone(EASTERN).date())
        if session is None:
            return MarketState.CLOSED
        if session.open <= moment < session.close:
            return MarketState.OPEN
        if session.pre_market_open <= moment < session.open:
            return MarketState.PRE_MARKET
        if session.close <= moment < session.after_hours_close:
            return MarketState.AFTER_HOURS
        return MarketState.CLOSED

    def next_boundary(self, moment: datetime) -> datetime:
        """The next instant at which the market state or the trading day changes."""
        day = moment.astimezone(EASTERN).date()
        index = bisect.bisect_left(self._days, day)
        for session in self._sessions[index:index + 2]:
            for boundary in (session.pre_market_open, session.open, session.close, session.after_hours_close):
                if boundary > moment:
                    return boundary
        raise ValueError(f"clock: {moment.isoformat()} is beyond the exchange calendar")


@lru_cache(maxsize=1)
def _nyse_calendar() -> ExchangeCalendar:
    closed = frozenset(date.fromisoformat(day) for day in nyse_sessions.CLOSED)
    first, last = date.fromisoformat(nyse_sessions.FIRST), date.fromisoformat(nyse_sessions.LAST)
    sessions = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5 or day in closed:
            continue
        opens, closes = nyse_sessions.SPECIAL.get(day.isoformat(), nyse_sessions.REGULAR)
        sessions.append(Session(day, datetime.combine(day, time.fromisoformat(opens), EASTERN),
                                datetime.combine(day, time.fromisoformat(closes), EASTERN)))
    return ExchangeCalendar(sessions)
