"""Many accounts at once: the vectorised margin summary matches each account's own figures."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import C230, C240, OPEN_TIME, P210, ok
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount, SeedPosition

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
        assert summary.equity_with_loan[i] == pytest.approx(float(tags["EquityWithLoanValue"]), abs=0.02)
        assert summary.initial[i] == pytest.approx(float(tags["InitMarginReq"]), abs=0.02)
        assert summary.maintenance[i] == pytest.approx(float(tags["MaintMarginReq"]), abs=0.02)
