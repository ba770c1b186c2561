"""IB's USD 2,000 minimum for borrowing on a database: a refused borrowing order journals nothing, an
order paid from cash is journaled and survives a reopen (examples a and b of issue 17's research note,
section 5.2; IB: https://ibkr.info/es/tag/margin?page=7)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SetPrice
from workstation.store import SqliteStore

Opener = Callable[..., tuple[Engine, SqliteStore]]
D = Decimal


def ko_buy(quantity: int) -> PlaceOrder:
    return PlaceOrder("S1", "KO", Action.BUY, D(quantity), OrderType.LMT, D("64.00"))


def test_under_the_minimum_a_cash_purchase_is_journaled_and_a_loan_is_not(tmp_path: Path, open_demo: Opener) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    for command in (OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(1500)),)), SetPrice("KO", D("64.00"))):
        assert isinstance(engine.execute(command), Accepted)
    journaled = len(list(store.commands()))
    # b) 30 x 64.00 + 1.00 = 1,921.00 > 1,500.00: a loan with ELV after 1,499.00 < 2,000.00 -> refused.
    refused = engine.execute(ko_buy(30))
    assert isinstance(refused, Rejected) and refused.code == "INSUFFICIENT_MARGIN"
    assert len(list(store.commands())) == journaled
    # a) 10 x 64.00 + 1.00 = 641.00 <= 1,500.00: paid from cash -> accepted and journaled.
    assert isinstance(engine.execute(ko_buy(10)), Accepted)
    assert len(list(store.commands())) == journaled + 1
    store.close()
    reopened, store = open_demo(path)
    assert [(o.symbol, o.total_quantity) for o in reopened.orders() if o.account == "S1"] == [("KO", D(10))]
    assert isinstance(reopened.execute(ko_buy(30)), Rejected)
    store.close()
