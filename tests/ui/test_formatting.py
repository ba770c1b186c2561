"""Display formatting: places follow the tick size, changes carry a sign, volumes abbreviate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from workstation.engine.market.calendar import EASTERN
from workstation.ui import formatting


@pytest.mark.parametrize(("tick", "places"), [
    (Decimal("0.01"), 2), (Decimal("0.25"), 2), (Decimal("0.00005"), 5), (Decimal("1"), 2), (Decimal("0.015625"), 6),
])
def test_places_follow_the_tick(tick: Decimal, places: int) -> None:
    assert formatting.places_for_tick(tick) == places


def test_prices_group_thousands_and_keep_places() -> None:
    assert formatting.price(Decimal("232.5")) == "232.50"
    assert formatting.price(Decimal("5931.25")) == "5,931.25"
    assert formatting.price(Decimal("1.0842"), 5) == "1.08420"


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("4.9935"), 2, "4.9935"),  # 5.00 less 0.65 commission over 100 shares of an option
    (Decimal("198.40"), 2, "198.40"), (Decimal("198.405"), 2, "198.405"),
    (Decimal("150.0133333"), 2, "150.0133"),  # a third of a cent: four places at most
    (Decimal("5890.25"), 2, "5,890.25"), (Decimal("1.08425"), 5, "1.08425"), (Decimal("-3.25"), 2, "-3.25"),
])
def test_averages_show_the_places_they_have_up_to_four(value: Decimal, places: int, text: str) -> None:
    assert formatting.average(value, places) == text


def test_changes_and_percentages_are_signed() -> None:
    assert formatting.signed(Decimal("1.25")) == "+1.25"
    assert formatting.signed(Decimal("-0.4")) == "-0.40"
    assert formatting.signed(Decimal("0")) == "0.00"
    assert formatting.signed(Decimal("0.001")) == "0.00"  # rounds to zero: no lonely plus sign
    assert formatting.percent(Decimal("0.5376")) == "+0.54%"


@pytest.mark.parametrize(("value", "text"), [
    (Decimal(0), "0"), (Decimal(950), "950"), (Decimal(428200), "428.2K"), (Decimal(12_345_678), "12.35M"),
    (Decimal(7_000_000), "7M"), (Decimal(1_100_000_000), "1.1B"),
])
def test_volume_is_compact(value: Decimal, text: str) -> None:
    assert formatting.compact(value) == text


def test_sizes_group_below_a_million() -> None:
    assert formatting.size(Decimal(1100)) == "1,100"
    assert formatting.size(Decimal(4_000_000)) == "4M"


def test_clock_shows_exchange_time_whatever_the_zone() -> None:
    moment = datetime(2026, 11, 24, 15, 0, 5, tzinfo=ZoneInfo("UTC"))  # 10:00:05 in New York (EST)
    assert formatting.clock(moment) == "Tue Nov 24 10:00:05 ET"
    assert formatting.clock(moment.astimezone(EASTERN)) == "Tue Nov 24 10:00:05 ET"
