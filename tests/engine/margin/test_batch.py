"""Many accounts at once: the vectorised margin summary matches each account's own figures."""

import dataclasses
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import C230, C240, OPEN_TIME, P210, ok, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import DefineGroup, ForceExecution, OpenAccount, PlaceOrder, SeedPosition

D = Decimal


@settings(max_examples=25, deadline=None)
@given(books=st.lists(st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", "SAP", "VFIAX", C230, C240, P210,
                                                          "ESZ6", "ESZ6 C5900", "EUR.USD"]),
                                         st.integers(-300, 300)), max_size=5, unique_by=lambda p: p[0]),
                      min_size=1, max_size=6),
       kinds=st.lists(st.sampled_from([AccountType.MARGIN, AccountType.CASH]), min_size=6, max_size=6))
def test_the_vectorised_summary_of_many_accounts_matches_each_accounts_own_figures(universe, books, kinds):
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=True)
    ids = []
    for i, (positions, kind) in enumerate(zip(books, kinds, strict=False)):
        held = tuple(SeedPosition(s, D(q), D(5)) for s, q in positions if q and s != "EUR.USD"
                     and (kind is AccountType.MARGIN or q > 0) and not (kind is AccountType.CASH and "Z6" in s))
        ok(engine.execute(OpenAccount(f"A{i}", kind, cash=(("USD", D(200000)), ("EUR", D(-1000))), positions=held)
                          if kind is AccountType.MARGIN else
                          OpenAccount(f"A{i}", kind, cash=(("USD", D(200000)),), positions=held)))
        ids.append(f"A{i}")
    from workstation.engine.messages.commands import AdvanceClock
    ok(engine.execute(AdvanceClock(OPEN_TIME.replace(hour=11))))  # the market moves
    summary = engine.margin_summary(ids)
    for i, account_id in enumerate(ids):
        tags = engine.account_values(account_id)
        assert summary.net_liquidation[i] == pytest.approx(float(tags["NetLiquidation"]), abs=0.02)
        # IB's ELV-C is the commodities segment's net liquidation less its maintenance (decision D8.3)
        assert summary.equity_with_loan[i] == pytest.approx(
            float(tags["EquityWithLoanValue"] + tags["MaintMarginReq-C"]), abs=0.02)
        assert summary.initial[i] == pytest.approx(float(tags["InitMarginReq"]), abs=0.02)
        assert summary.maintenance[i] == pytest.approx(float(tags["MaintMarginReq"]), abs=0.02)
        # IB's whole-account funds are the segments' sums (ELV-C takes the futures maintenance off, decision D8.3)
        assert summary.available_funds[i] == pytest.approx(float(tags["AvailableFunds"]), abs=0.03)
        assert summary.excess_liquidity[i] == pytest.approx(float(tags["ExcessLiquidity"]), abs=0.03)


def test_figures_kept_for_a_command_and_ledgers_followed_in_place_equal_figures_taken_afresh(universe):
    # Arrange: an advisor's twenty clients (the batch path) holding stock, futures and short calls
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    clients = [f"K{i}" for i in range(20)]
    holdings = (SeedPosition("KO", D(100), D(60)), SeedPosition("ESZ6", D(1), D(5900)), SeedPosition(C230, D(-2), D(4)))
    for i, client in enumerate(clients):
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(900000)),), advisor="FA",
                                      positions=holdings[:i % 4])))
    ok(engine.execute(DefineGroup("FA", "Desk", AllocationMethod.CONTRACTS_OR_SHARES,
                                  tuple((client, D(6)) for client in clients))))
    for symbol, price in (("KO", "61.50"), ("ESZ6", "5905.25")):
        order_id = placed_id(engine.execute(PlaceOrder("FA", symbol, Action.BUY, D(0), OrderType.LMT, D("1.00"),
                                                       fa_group="Desk")))
        for size in (40, 60):  # every account booked twice: its ledger followed, not taken again
            ok(engine.execute(ForceExecution(order_id, D(size), D(price))))

    # Act: every account, then some of them in another order (from the figures kept)
    whole = engine.margin_summary(clients)
    some = engine.margin_summary(clients[::-3])

    # Assert: exactly the figures of an engine that takes every ledger afresh
    for kept, ids in ((whole, clients), (some, clients[::-3])):
        afresh = Engine.from_snapshot(universe, engine.snapshot()).margin_summary(ids)
        assert kept.accounts == afresh.accounts
        for field in dataclasses.fields(kept):
            assert np.array_equal(getattr(kept, field.name), getattr(afresh, field.name)), field.name
