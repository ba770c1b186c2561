"""Message pacing as IB documents it ("Requests limitations": at most 50 messages a second, error 100
beyond), on a clock the test moves."""

from __future__ import annotations

from workstation.tws_api.pacing import MessagePacing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_fifty_at_once_pass_and_the_fifty_first_is_refused():
    clock = Clock()
    pacing = MessagePacing(clock=clock)
    assert all(pacing.admit() for _ in range(50))
    assert not pacing.admit()
    assert "max=50" in pacing.violation_text()


def test_the_allowance_refills_at_fifty_a_second():
    clock = Clock()
    pacing = MessagePacing(clock=clock)
    for _ in range(50):
        pacing.admit()
    clock.now += 0.125  # an eighth of a second: six more (and a quarter)
    assert [pacing.admit() for _ in range(7)] == [True] * 6 + [False]
    clock.now += 10  # a long pause never banks more than one second's worth
    assert sum(pacing.admit() for _ in range(60)) == 50


def test_a_client_holding_to_45_a_second_is_never_refused_even_when_bursts_arrive_bunched():
    clock = Clock()
    pacing = MessagePacing(clock=clock)
    for second in range(5):  # ib_async's own throttle (client.py MaxRequests = 45 per second)
        clock.now = 100.0 + second + (0.15 if second % 2 == 0 else 0.0)  # every other burst arrives late
        assert all(pacing.admit() for _ in range(45))
