"""Account configuration on a database: requests journaled on Monday 2 March 15:50 ET wait for Tuesday's pre-market
step on a reopened engine, from a snapshot and from a replay of the journal alike (account-management reference
§6: l.191 Portfolio Margin, l.194 the base currency "processed the next business day", l.196 a new product from
the next business day, a new region at once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import (
    AdvanceClock,
    ChangeBaseCurrency,
    OpenAccount,
    RequestAccountType,
    RequestTradingPermissions,
)
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]


def _requests(engine: Engine) -> None:
    # U1 was opened before names were kept ("" : any name signs); N1 signs with its holder's name.
    for command in (RequestAccountType("U1", AccountType.PORTFOLIO, "Ulla"),
                    ChangeBaseCurrency("U1", "EUR"),
                    OpenAccount("N1", AccountType.MARGIN, cash=(("USD", Decimal(50000)),), permissions=("STK:US",),
                                holder_name="Nina North"),
                    RequestTradingPermissions("N1", ("STK:DE", "OPT:US"), "Nina North")):
        assert isinstance(engine.execute(command), Accepted)


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_configuration_requests_survive_a_reopen_and_take_effect_the_next_business_day(
        tmp_path: Path, open_demo: Opener, start, digest, from_snapshot) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    _requests(engine)
    pending = [(r.kind, r.value, r.effective) for r in engine.configuration_requests("U1")]
    tuesday = date(2026, 3, 3)
    assert pending == [("account_type", ("portfolio",), tuesday), ("base_currency", ("EUR",), tuesday)]
    assert "STK:DE" in {str(p) for p in engine.account("N1").permissions}  # a new region: at once
    store.close()

    reopened, store = open_demo(path)
    assert digest(reopened)["account_values"]["U1"]["NetLiquidation"] == Decimal("1000000.00")
    assert [r.kind for r in reopened.configuration_requests("N1")] == ["permissions"]
    assert isinstance(reopened.execute(AdvanceClock(start + timedelta(hours=14))), Accepted)  # Tuesday 05:50
    account = reopened.account("U1")
    assert (account.account_type, account.base_currency) == (AccountType.PORTFOLIO, "EUR")
    assert account.cash == {"USD": Decimal(1000000)}  # balances are not converted
    assert {"STK:DE", "OPT:US", "STK:US"} == {str(p) for p in reopened.account("N1").permissions}
    assert reopened.configuration_requests("U1") == reopened.configuration_requests("N1") == []
    after = digest(reopened)
    store.close()

    # The same commands on an engine never closed reach the same state.
    fresh, store = open_demo(tmp_path / "fresh.db")
    _requests(fresh)
    assert isinstance(fresh.execute(AdvanceClock(start + timedelta(hours=14))), Accepted)
    assert digest(fresh) == after
    store.close()
