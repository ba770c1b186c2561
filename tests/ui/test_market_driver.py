"""MarketClockDriver: real time x speed becomes AdvanceClock; explicit start and stop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from workstation.engine.api import Engine
from workstation.engine.market.calendar import EASTERN
from workstation.ui.bridge import EngineBridge
from workstation.ui.market_driver import MAX_REAL_STEP, MarketClockDriver


def test_the_constructor_starts_nothing(bridge: EngineBridge, engine: Engine, start: datetime) -> None:
    driver = MarketClockDriver(bridge, speed=60)

    assert not driver.is_running
    assert engine.now == start


def test_a_step_advances_the_clock_by_real_time_times_speed(bridge: EngineBridge, engine: Engine,
                                                            start: datetime) -> None:
    driver = MarketClockDriver(bridge, speed=30)

    assert driver.step(timedelta(milliseconds=500)) is True

    assert engine.now == start + timedelta(seconds=15)  # 0.5 s x 30


def test_a_long_stall_is_capped_rather_than_replayed(bridge: EngineBridge, engine: Engine, start: datetime) -> None:
    driver = MarketClockDriver(bridge, speed=2)

    driver.step(timedelta(minutes=5))

    assert engine.now == start + MAX_REAL_STEP * 2


def test_speed_must_be_positive(bridge: EngineBridge) -> None:
    with pytest.raises(ValueError, match="speed"):
        MarketClockDriver(bridge, speed=0)
    driver = MarketClockDriver(bridge)
    with pytest.raises(ValueError, match="speed"):
        driver.speed = -1


def test_running_moves_the_clock_until_stopped(qtbot, bridge: EngineBridge, engine: Engine, start: datetime) -> None:
    driver = MarketClockDriver(bridge, speed=100, tick_ms=5)

    with qtbot.waitSignal(driver.sig_running_changed, timeout=0):
        driver.start()
    qtbot.waitUntil(lambda: engine.now > start, timeout=2000)
    with qtbot.waitSignal(driver.sig_running_changed, timeout=0):
        driver.stop()

    assert not driver.is_running


def test_a_refused_step_stops_the_driver(qtbot, make_engine: Callable[..., Engine]) -> None:
    engine = make_engine(datetime(2045, 12, 29, 19, 59, tzinfo=EASTERN))  # the calendar's last evening
    bridge = EngineBridge(engine)
    driver = MarketClockDriver(bridge, speed=1e7, tick_ms=1)  # one real second is ~four months

    with qtbot.waitSignal(driver.sig_running_changed, check_params_cb=lambda running: not running, timeout=2000):
        driver.start()

    assert driver.last_refusal is not None
    assert driver.last_refusal.code == "INVALID_TIME"
    bridge.close()
