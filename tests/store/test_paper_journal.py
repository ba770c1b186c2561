"""Paper trading on a database: a paper account opened and its reset asked on Monday 2 March 15:50 ET (before IB's
16:00 ET cut-off, account-management reference §1.6 l.87: processed Monday, made at Tuesday's pre-market step) wait
on a reopened engine, from a snapshot and from a replay of the journal alike, and reach the state of an engine
never closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted, Engine
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, ResetPaperAccount
from workstation.engine.trading.paper import open_paper_account
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]


def _paper(engine: Engine) -> None:
    for command in (open_paper_account(engine.account("U1")),
                    OpenAccount("DU9", engine.account("U1").account_type, cash=(("USD", Decimal(5)),
                                                                                ("EUR", Decimal(7))), paper=True),
                    ResetPaperAccount("DU9", Decimal(250_000))):
        assert isinstance(engine.execute(command), Accepted)


@pytest.mark.parametrize("from_snapshot", [True, False])
def test_a_paper_account_and_its_reset_survive_a_reopen(tmp_path: Path, open_demo: Opener, start, digest,
                                                        from_snapshot) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=1 if from_snapshot else 0)
    _paper(engine)
    store.close()

    reopened, store = open_demo(path)
    assert reopened.paper_of("U1") == "DU1" and reopened.account("DU1").paper
    assert [(r.amount, r.effective) for r in reopened.paper_resets("DU9")] == [(Decimal(250_000), date(2026, 3, 3))]
    assert isinstance(reopened.execute(AdvanceClock(start + timedelta(hours=14))), Accepted)  # Tuesday 05:50
    assert reopened.account("DU9").cash == {"USD": Decimal(250_000), "EUR": Decimal(0)}
    assert reopened.paper_resets("DU9") == []
    after = digest(reopened)
    store.close()

    fresh, store = open_demo(tmp_path / "fresh.db")
    _paper(fresh)
    assert isinstance(fresh.execute(AdvanceClock(start + timedelta(hours=14))), Accepted)
    assert digest(fresh) == after
    store.close()
