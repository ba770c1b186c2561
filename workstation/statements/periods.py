"""Statement periods as IB's Statements page offers them: Daily, Monthly, Annual, Year to Date and a
Custom Date Range, turned into the first and last day a statement covers (US/Eastern calendar days).

A period may not end after today (the simulated clock's day): a month or a year still running is
covered up to today, as IB's statement for the current month is. A custom range ending after today,
or starting after it, is refused with the field it is about.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from enum import Enum


class PeriodKind(Enum):
    DAILY = "Daily"
    MONTHLY = "Monthly"
    ANNUAL = "Annual"
    YEAR_TO_DATE = "Year to Date"
    CUSTOM = "Custom Date Range"


class PeriodError(ValueError):
    """A period that cannot be run; ``field`` names the input it is about (``day``, ``start`` or ``end``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def period_days(kind: PeriodKind, today: date, day: date | None = None, start: date | None = None,
                end: date | None = None) -> tuple[date, date]:
    """The first and last day of the period: ``day`` picks the day, month or year (default today);
    ``start`` and ``end`` bound a custom range."""
    if kind is PeriodKind.CUSTOM:
        if start is None or end is None:
            raise PeriodError("start" if start is None else "end", "a custom range needs both dates")
        if start > end:
            raise PeriodError("start", f"{start} is after {end}")
        if end > today:
            raise PeriodError("end", f"{end} is after today ({today})")
        return start, end
    chosen = today if day is None else day
    if chosen > today:
        raise PeriodError("day", f"{chosen} is after today ({today})")
    if kind is PeriodKind.DAILY:
        return chosen, chosen
    if kind is PeriodKind.MONTHLY:
        last = chosen.replace(day=monthrange(chosen.year, chosen.month)[1])
        return chosen.replace(day=1), min(last, today)
    if kind is PeriodKind.ANNUAL:
        return date(chosen.year, 1, 1), min(date(chosen.year, 12, 31), today)
    return date(today.year, 1, 1), today
