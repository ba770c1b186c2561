"""When a requested partition is ready: IB's cut-off (ib-domain §7, PART-CP).

A request made before 16:00 ET on a business day is ready by 18:00 ET that day; one made at or
after 16:00, or on a day the exchange is closed, is ready by 18:00 ET on the next business day.
Business days are the exchange calendar's sessions, so weekends and exchange holidays are skipped.
"""

from __future__ import annotations

from datetime import date, datetime, time

from workstation.engine.market.calendar import EASTERN, ExchangeCalendar

REQUEST_CUTOFF = time(16, 0)
"""Requests before this time (ET) on a business day are processed the same day."""
READY_AT = time(18, 0)
"""When a processed request's partition is ready for funding (ET)."""


def partition_ready_time(calendar: ExchangeCalendar, requested: datetime) -> datetime:
    """The moment (ET) a partition requested at ``requested`` opens."""
    local = requested.astimezone(EASTERN)
    day = local.date()
    if calendar.is_business_day(day) and local.time() < REQUEST_CUTOFF:
        return datetime.combine(day, READY_AT, EASTERN)
    try:
        following = calendar.business_day_after(day)
    except ValueError:
        raise ValueError(f"requested: {requested.isoformat()} is beyond the exchange calendar") from None
    return datetime.combine(following, READY_AT, EASTERN)


def day_after_processing(calendar: ExchangeCalendar, requested: datetime) -> date:
    """The business day after the one that processes a request made at ``requested``: IB processes a request
    received before 16:00 ET on a business day that day, so its change holds from the next business day; one
    received later, the business day after that (account changes that wait for the cut-off: a downgrade to
    Reg T, a paper account's reset)."""
    return calendar.business_day_after(partition_ready_time(calendar, requested).date())
