"""Previous Day Equity with Loan Value on a database: the value a deposit after the 16:00 ET close adjusted
(decision D9.1; IB's pattern day trading page, https://royaltrade.exchange/en/index39d7.html?f=marginnew&p=daytrade:
"net deposits and withdrawals ... after 4:15 PM ET ... are handled as adjustments") and the margin
BuyingPower it floors (https://interactivebrokers.github.io/tws-api/classIBApi_1_1AccountSummaryTags.html)
come back the same from a snapshot and from a replay of the journal."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.messages.commands import AdvanceClock, Deposit
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]
PREVIOUS = AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_a_deposit_after_the_close_survives_a_reopen(tmp_path: Path, open_demo: Opener, start, from_snapshot) -> None:
    # U1 (margin, 1,000,000.00 USD, no positions) is recorded at Monday's 16:00 close: 1,000,000.00.
    # A 25,000.00 deposit at 16:05 -> 1,000,000.00 + 25,000.00 = 1,025,000.00 = ELV, IM 0.00;
    # BuyingPower = 4 x (min(1,025,000.00, 1,025,000.00) - 0.00) = 4,100,000.00.
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    for command in (AdvanceClock(start.replace(hour=16, minute=5)), Deposit("U1", "USD", Decimal(25_000))):
        assert isinstance(engine.execute(command), Accepted)
    before = engine.account_values("U1")
    assert (before[PREVIOUS], before[AccountTag.BUYING_POWER]) == (Decimal("1025000.00"), Decimal("4100000.00"))
    store.close()
    if not from_snapshot:
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT COUNT(*) FROM snapshots").fetchone() == (0,)
        db.close()

    reopened, store = open_demo(path)
    after = reopened.account_values("U1")
    # The next close records the ELV again, on the reopened engine as on the first.
    assert isinstance(reopened.execute(AdvanceClock(start + timedelta(days=1, minutes=15))), Accepted)
    store.close()

    assert after == before
    assert reopened.account_values("U1")[PREVIOUS] == Decimal("1025000.00")
