"""Throttle: the first change shows at once, later ones within the interval are gathered, none lost."""

from __future__ import annotations

from workstation.ui.throttle import Throttle


def test_first_request_runs_at_once_and_a_burst_runs_once_more_at_the_end(qtbot) -> None:
    seen: list[int] = []
    value = [0]
    throttle = Throttle(lambda: seen.append(value[0]), interval_ms=40)

    throttle.request()
    assert seen == [0]
    for value[0] in range(1, 6):
        throttle.request()
    assert seen == [0] and throttle.pending

    qtbot.waitUntil(lambda: seen == [0, 5], timeout=1000)  # one update, with the latest state
    assert not throttle.pending


def test_flush_runs_a_gathered_update_now(qtbot) -> None:
    calls: list[str] = []
    throttle = Throttle(lambda: calls.append("update"), interval_ms=10_000)
    throttle.request()
    throttle.request()

    throttle.flush()

    assert calls == ["update", "update"]
    throttle.flush()
    assert calls == ["update", "update"]  # nothing was pending any more
