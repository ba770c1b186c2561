"""When futures margin is intraday and when overnight, and when the next change comes (LookAheadNextChange).

IB margins futures at a lower intraday rate in margin accounts and at the full (overnight) rate from
15 minutes before the end of regular trading hours: "Margin accounts with lower Intraday futures margins
have higher Overnight margins, applicable 15 minutes before the end of Regular Trading Hours. Track 'Look
Ahead Available Funds' and 'Look Ahead Next Change' in your Account Window. Cash and IRA accounts don't have
Intraday margin rates." (MEXEM, clearing through IB: https://support.mexem.com/faq-tags/intraday.) The TWS
guide: "If it is 3:00 pm ET, the next calculation you're looking ahead to is after the close, or the
Overnight Initial Margin. If it's 3:00 am ET, the next calculation will be at the market's open."

Decision D7.3: one calendar, the NYSE's, for every future (per-exchange futures hours are not modelled):
intraday from the open until 15 minutes before the close (13:00 on an early-close day, so 12:45),
overnight from then until the next session's open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from workstation.engine.market.calendar import ExchangeCalendar

OVERNIGHT_LEAD = timedelta(minutes=15)  # the overnight rate applies this long before the close


@dataclass(frozen=True, slots=True)
class MarginPeriod:
    """``intraday``: whether the intraday futures rate applies now; ``next_change``: when the other period
    begins (the time IB's LookAheadNextChange reports)."""

    intraday: bool
    next_change: datetime


def margin_period(calendar: ExchangeCalendar, now: datetime) -> MarginPeriod:
    """The margin period at ``now``. After the calendar's last session it stays overnight for good."""
    try:
        session = calendar.next_session(now)  # the first session whose close is after now
    except ValueError:
        return MarginPeriod(False, calendar.last_moment)
    flip = session.close - OVERNIGHT_LEAD
    if now < session.open:
        return MarginPeriod(False, session.open)
    if now < flip:
        return MarginPeriod(True, flip)
    try:
        following = calendar.next_session(session.close)
    except ValueError:
        return MarginPeriod(False, calendar.last_moment)
    return MarginPeriod(False, following.open)


class PeriodClock:
    """``margin_period`` of one calendar, the last answer kept (every margin figure asks at the same time)."""

    def __init__(self, calendar: ExchangeCalendar) -> None:
        self._calendar = calendar
        self._last: tuple[datetime, MarginPeriod] | None = None

    def at(self, now: datetime) -> MarginPeriod:
        last = self._last
        if last is None or last[0] != now:
            last = self._last = (now, margin_period(self._calendar, now))
        return last[1]
