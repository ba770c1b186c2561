"""The commodities segment's cash on a database: what IB's excess funds sweep moved into the commodities segment
(IB Account Management, Excess Funds Sweep: https://clientam.com.hk/en/software/am3/am/settings/excessfundssweep.htm;
research note §8, decisions D8.1-D8.3) and the SMA it lowered come back the same from a snapshot and from a replay
of the journal, across the overnight-to-intraday change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import AdvanceClock, PlaceOrder, SetExcessFundsSweep
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_swept_cash_survives_a_reopen(tmp_path: Path, open_demo: Opener, start, from_snapshot) -> None:
    # U1 (margin, 1,000,000.00 USD) buys 2 ESZ6 at 15:50 ET, in the overnight period (from 15:45): the sweep
    # moves IM-C - NLV-C from the securities cash, so AvailableFunds-C = 0.00 and
    # EquityWithLoanValue-C = NLV-C - MM-C = IM-C - MM-C = 10% of MM-C (IM = MM x 1.10).
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    assert isinstance(engine.execute(PlaceOrder("U1", "ESZ6", Action.BUY, Decimal(2))), Accepted)
    values = engine.account_values("U1")
    assert values["AvailableFunds-C"] == Decimal("0.00")
    cash_c = values["InitMarginReq-C"] - values["FuturesPNL"]  # NLV-C = cash-C + FuturesPNL = IM-C
    assert values["EquityWithLoanValue-S"] == values["TotalCashValue"] - values["FuturesPNL"] - cash_c
    # The commission, 2 x 0.85 = 1.70, was booked to the commodities cash first: the sweep moved cash-C + 1.70.
    moved = cash_c + Decimal("1.70")
    assert values["SMA"] == Decimal("1000000.00") - moved  # IB: "This will cause your SMA to drop accordingly"
    # The next morning (intraday, half the overnight requirement) the cash stays in the commodities segment
    # ("Do not sweep excess funds", IB's default): AvailableFunds-C = NLV-C - IM-C > 0.
    assert isinstance(engine.execute(AdvanceClock(start + timedelta(days=1, hours=-5))), Accepted)
    before = engine.account_values("U1")
    assert before["AvailableFunds-C"] > 0
    assert before["LookAheadInitMarginReq"] == before["FullInitMarginReq"] > before["InitMarginReq"]
    store.close()

    reopened, store = open_demo(path)
    after = reopened.account_values("U1")
    store.close()

    assert after == before


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_a_sweep_setting_survives_a_reopen_and_applies_the_next_business_day(tmp_path: Path, open_demo: Opener,
                                                                              start, from_snapshot) -> None:
    # Monday 2 March 15:50: U1 holds 2 ESZ6 (swept in) and chooses "securities" from Tuesday 3 March; on the
    # reopened engine, Tuesday's first command after the open sends the cash above IM-C back to securities.
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    assert isinstance(engine.execute(PlaceOrder("U1", "ESZ6", Action.BUY, Decimal(2))), Accepted)
    changed = engine.execute(SetExcessFundsSweep("U1", "securities"))
    assert [(e.setting, e.effective) for e in changed.events] == [("securities", date(2026, 3, 3))]
    store.close()

    reopened, store = open_demo(path)
    assert isinstance(reopened.execute(AdvanceClock(start + timedelta(days=1, hours=-5))), Accepted)
    after = reopened.account_values("U1")
    store.close()

    assert after["AvailableFunds-C"] == Decimal("0.00")  # nothing above the (intraday) IM-C is left in -C
