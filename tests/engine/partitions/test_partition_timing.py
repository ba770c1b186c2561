"""When a partition request is ready: 18:00 ET the same business day before the 16:00 cut-off,
else 18:00 ET on the next business day (weekends and exchange holidays skipped)."""

from datetime import datetime

import pytest

from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.partitions.timing import partition_ready_time


def et(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=EASTERN)


@pytest.mark.parametrize(("requested", "ready"), [
    (et(2026, 11, 24, 15, 59), et(2026, 11, 24, 18)),   # Tuesday before the cut-off: the same day
    (et(2026, 11, 24, 16, 0), et(2026, 11, 25, 18)),    # at the cut-off: the next business day
    (et(2026, 11, 24, 16, 1), et(2026, 11, 25, 18)),
    (et(2026, 11, 25, 17, 0), et(2026, 11, 27, 18)),    # Wednesday evening: Thanksgiving (26th) skipped
    (et(2026, 11, 26, 10, 0), et(2026, 11, 27, 18)),    # on the holiday itself: the next business day
    (et(2026, 11, 27, 16, 30), et(2026, 11, 30, 18)),   # Friday after the cut-off: Monday
    (et(2026, 11, 28, 9, 0), et(2026, 11, 30, 18)),     # Saturday: Monday
    (et(2026, 12, 24, 12, 0), et(2026, 12, 24, 18)),    # an early-close day is still a business day
])
def test_cutoff_table(requested: datetime, ready: datetime) -> None:
    assert partition_ready_time(ExchangeCalendar.nyse(), requested) == ready


def test_a_request_in_another_zone_is_read_in_eastern_time() -> None:
    elsewhere = datetime(2026, 11, 24, 20, 59, tzinfo=EASTERN).astimezone()  # the machine's zone, same instant
    assert partition_ready_time(ExchangeCalendar.nyse(), elsewhere) == et(2026, 11, 25, 18)
