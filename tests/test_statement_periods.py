"""Statement periods (reference §7: "Daily, Custom Date Range, Monthly, Annually/Calendar Year, Year to
Date"): the first and last day each covers, a running month or year up to today, and no day after today."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.statements.periods import PeriodError, PeriodKind, period_days

TODAY = date(2026, 12, 8)


@pytest.mark.parametrize(("kind", "day", "expected"), [
    (PeriodKind.DAILY, date(2026, 11, 30), (date(2026, 11, 30), date(2026, 11, 30))),
    (PeriodKind.DAILY, None, (TODAY, TODAY)),
    (PeriodKind.MONTHLY, date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
    (PeriodKind.MONTHLY, date(2024, 2, 14), (date(2024, 2, 1), date(2024, 2, 29))),   # a leap year
    (PeriodKind.MONTHLY, date(2026, 12, 1), (date(2026, 12, 1), TODAY)),              # the month to date
    (PeriodKind.ANNUAL, date(2025, 6, 1), (date(2025, 1, 1), date(2025, 12, 31))),
    (PeriodKind.ANNUAL, None, (date(2026, 1, 1), TODAY)),
    (PeriodKind.YEAR_TO_DATE, date(2025, 6, 1), (date(2026, 1, 1), TODAY)),           # the day is not asked
])
def test_each_period_covers_its_days(kind, day, expected):
    assert period_days(kind, TODAY, day) == expected


def test_a_custom_range_is_as_picked():
    assert period_days(PeriodKind.CUSTOM, TODAY, start=date(2026, 11, 3), end=date(2026, 11, 3)) == (
        date(2026, 11, 3), date(2026, 11, 3))


@pytest.mark.parametrize(("kind", "arguments", "field"), [
    (PeriodKind.DAILY, {"day": date(2026, 12, 9)}, "day"),
    (PeriodKind.MONTHLY, {"day": date(2027, 1, 1)}, "day"),
    (PeriodKind.CUSTOM, {"start": date(2026, 11, 5), "end": date(2026, 11, 4)}, "start"),
    (PeriodKind.CUSTOM, {"start": date(2026, 11, 5), "end": date(2026, 12, 9)}, "end"),
    (PeriodKind.CUSTOM, {"start": date(2026, 11, 5)}, "end"),
])
def test_a_period_after_today_or_backwards_is_refused_naming_the_input(kind, arguments, field):
    with pytest.raises(PeriodError) as refused:
        period_days(kind, TODAY, **arguments)
    assert refused.value.field == field and str(refused.value).startswith(f"{field}: ")
