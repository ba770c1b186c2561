"""Market data subscriptions on a database: the subscriptions, the month's bill and the delayed series are
engine state, so reopening the file (from a snapshot, or replaying every command) gives back the same
subscriptions and fees and shows the same delayed quotes (reference section 4, "Market data").

Arithmetic: U1 (USD 10,000) on Tue 1 Dec 2026 leaves the demo's data, subscribes to the Snapshot and Futures
Value Bundle (USD 10) and the Add-On (USD 4.50): 10,000 - 14.50 = 9,985.50.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.market_data_terms import DEMO_BUNDLE, SNAPSHOT_BUNDLE, STREAMING_ADD_ON
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    OpenAccount,
    SubscribeMarketData,
    UnsubscribeMarketData,
)

D = Decimal
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=EASTERN)


@pytest.mark.parametrize("snapshot_every", [1, 0])  # reopened from a snapshot, and from the journal alone
def test_subscriptions_fees_and_delayed_quotes_survive_reopening(tmp_path: Path, open_demo, digest,
                                                                 snapshot_every: int) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    opening = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10_000)),)),)
    engine, store = open_demo(path, start=TUESDAY, initial_commands=opening, snapshot_every=snapshot_every,
                              random_walk=True)
    for command in (UnsubscribeMarketData("U1", DEMO_BUNDLE), AdvanceClock(datetime(2026, 12, 1, 10, 20,
                                                                                      tzinfo=EASTERN)),
                    SubscribeMarketData("U1", SNAPSHOT_BUNDLE), SubscribeMarketData("U1", STREAMING_ADD_ON),
                    AdvanceClock(datetime(2026, 12, 1, 10, 40, tzinfo=EASTERN))):
        assert isinstance(engine.execute(command), Accepted)
    before = digest(engine)
    delayed_sap = LoginReads(engine, "U1").quote("SAP")  # IBIS: no bundle of the set covers it
    assert delayed_sap != engine.quote("SAP")
    assert before["cash"]["U1"] == {"USD": D("9985.50")}

    # Act
    store.close()
    reopened, store = open_demo(path, snapshot_every=snapshot_every)

    # Assert
    with store:
        assert digest(reopened) == before
        assert reopened.market_data_subscriptions("U1") == {SNAPSHOT_BUNDLE, STREAMING_ADD_ON}
        month = reopened.market_data_month("U1")
        assert (month.charged, month.waivable) == (frozenset({SNAPSHOT_BUNDLE, STREAMING_ADD_ON}), D(10))
        assert LoginReads(reopened, "U1").quote("SAP") == delayed_sap
        assert LoginReads(reopened, "U1").quote_type("SAP") == 3
        assert LoginReads(reopened, "U1").quote("GCG7") == reopened.quote("GCG7")  # COMEX: in the bundle
