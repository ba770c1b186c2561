"""A market step's liquidation check and its SMA ratchet read the same many accounts at the same
prices: the batch figures are computed once for both, and again as soon as a ledger, the market, the
clock or a stock's marginability moves."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np

from tests.factories import OPEN_TIME, ok, order
from workstation.engine.core.terms import AccountType
from workstation.engine.margin import MarginModel
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SeedPosition

HOLDERS = 20  # more than the few the risk cache serves one by one


def _desk(make_engine):
    engine = make_engine(random_walk=True)
    for k in range(HOLDERS):
        ok(engine.execute(OpenAccount(f"H{k:02d}", AccountType.MARGIN, cash=(("USD", Decimal(100_000)),),
                                      positions=(SeedPosition("AAPL", Decimal(10 + k), Decimal(200)),))))
    return engine


def test_a_market_step_computes_the_batch_once_for_the_liquidation_check_and_sma(make_engine, monkeypatch):
    engine = _desk(make_engine)
    calls = []
    batch_figures = MarginModel.batch_figures
    monkeypatch.setattr(MarginModel, "batch_figures", lambda self, accounts, now: (
        calls.append(len(accounts)), batch_figures(self, accounts, now))[1])
    ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(minutes=1))))
    assert calls == [HOLDERS]


def test_the_figures_are_taken_again_when_anything_they_read_moves(make_engine):
    engine = _desk(make_engine)
    margin = engine._margin  # noqa: SLF001
    accounts = [engine._state.accounts[f"H{k:02d}"] for k in range(HOLDERS)]  # noqa: SLF001
    first = margin.recent_batch_figures(accounts, engine.now)
    assert margin.recent_batch_figures(accounts, engine.now) is first
    margin.set_marginable("AAPL", False)
    unmarginable = margin.recent_batch_figures(accounts, engine.now)
    assert unmarginable is not first and (unmarginable.initial > first.initial).all()  # all of its cost, not half
    ok(engine.execute(order("H00", "AAPL", quantity="5")))
    traded = margin.recent_batch_figures(accounts, engine.now)
    assert traded is not unmarginable
    ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(minutes=1))))
    moved = margin.recent_batch_figures(accounts, engine.now)
    fresh = margin.batch_figures(accounts, engine.now)
    assert moved is not traded and np.array_equal(moved.net_liquidation, fresh.net_liquidation)
