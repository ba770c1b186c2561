"""A snapshot's pickling runs with the collector off: the pickler keeps a container per pickled
object alive until it ends, so collections meanwhile would walk a heap that grows with the state
(a pause that grows with the history) and free nothing."""

from __future__ import annotations

import gc
from decimal import Decimal

import pytest

from tests.factories import ok
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import OpenAccount, PlaceOrder


@pytest.fixture
def busy_engine(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(10_000_000)),))))
    for i in range(300):
        ok(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(1), OrderType.LMT, Decimal(100 + i % 50))))
    return engine


def test_a_snapshot_triggers_no_collection(busy_engine):
    collections = []

    def count(phase, _info):
        if phase == "start":
            collections.append(1)

    gc.collect()
    gc.callbacks.append(count)
    try:
        busy_engine.snapshot()
    finally:
        gc.callbacks.remove(count)

    assert collections == []


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_left_as_it_was(busy_engine, collecting):
    if not collecting:
        gc.disable()
    try:
        busy_engine.snapshot()
        assert gc.isenabled() is collecting
    finally:
        gc.enable()
