"""The workstation's collector policy (workstation.gc_policy) as the store applies it: switched on,
the engine the store builds and the state each snapshot captures leave the collector's generations;
off, the default everywhere else, the store leaves the collector alone."""

from __future__ import annotations

import gc
import weakref
from decimal import Decimal

import pytest

from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import PlaceOrder
from workstation.gc_policy import keep_long_lived_out_of_collections


@pytest.fixture
def policy_on():
    keep_long_lived_out_of_collections()
    try:
        yield
    finally:
        keep_long_lived_out_of_collections(False)
        gc.unfreeze()


def collected_by_gc(obj: object) -> bool:
    """Whether ``obj`` is in one of the collector's generations (not frozen out of them)."""
    return any(candidate is obj for candidate in gc.get_objects())


def buy() -> PlaceOrder:
    return PlaceOrder("U1", "AAPL", Action.BUY, Decimal(10))


def test_off_by_default_the_store_freezes_nothing(open_demo, tmp_path):
    engine, store = open_demo(tmp_path / "w.db", snapshot_every=2)
    for _ in range(4):
        engine.execute(buy())
    store.close()

    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("policy_on")
def test_the_engine_the_store_builds_is_frozen_new_or_reopened(open_demo, tmp_path):
    engine, store = open_demo(tmp_path / "w.db")
    assert not collected_by_gc(engine)
    engine.execute(buy())
    store.close()

    reopened, store = open_demo(tmp_path / "w.db")
    store.close()

    assert not collected_by_gc(reopened)


@pytest.mark.usefixtures("policy_on")
def test_what_a_snapshot_captures_is_frozen_once_it_is_written(open_demo, tmp_path):
    engine, store = open_demo(tmp_path / "w.db", snapshot_every=3)   # the opening is command 1
    placed = engine.execute(buy())                                    # command 2
    assert gc.is_tracked(placed) and collected_by_gc(placed)

    engine.execute(buy())                                             # command 3: snapshot
    store.close()

    assert not collected_by_gc(placed)


@pytest.mark.usefixtures("policy_on")
def test_a_reopen_lets_the_engine_left_behind_be_collected(open_demo, tmp_path):
    engine, store = open_demo(tmp_path / "w.db")
    left_behind = weakref.ref(engine)
    store.close()
    del engine   # the engine holds itself in cycles (its views close over it): only the collector frees it

    _, store = open_demo(tmp_path / "w.db")
    store.close()

    assert left_behind() is None
