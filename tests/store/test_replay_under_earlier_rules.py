"""A database journaled under earlier account rules still opens: each journaled order was accepted by the
version that wrote it, so a rule that has tightened since (settled cash, the 5% cushion, day-trading buying
power, ...) replays it as accepted, and the recovery says how many it replayed so. Checks of the command
itself still stop a replay that diverges."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted
from workstation.engine.core.account_rules import ACCOUNT_RULES, earlier_rules
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import OpenAccount, PlaceOrder

D = Decimal
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=EASTERN)
OPENING = (OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(10000)),)),
           OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),)))

# One order per family of account rule, each refused by today's rules (the code says which rule):
REFUSED_TODAY = (
    # Reg T margin: 400 AAPL at 200.00 is 80,000.00; 50% initial is 40,000.00 against 10,000.00 of equity
    (PlaceOrder("M1", "AAPL", Action.BUY, D(400), OrderType.LMT, D("200.00")), "INSUFFICIENT_MARGIN"),
    # a cash account pays in full: 10 AAPL at 200.00 is 2,000.00 + 1.00 against 1,000.00 settled
    (PlaceOrder("C1", "AAPL", Action.BUY, D(10), OrderType.LMT, D("200.00")), "INSUFFICIENT_CASH"),
    # a cash account never goes short
    (PlaceOrder("C1", "KO", Action.SELL, D(5), OrderType.LMT, D("999.00")), "SHORT_SALE_NOT_ALLOWED"),
)


@pytest.mark.parametrize("snapshot_every", [0, 2])  # the whole journal, and after a snapshot
def test_orders_accepted_under_earlier_rules_replay_as_accepted(tmp_path: Path, open_demo, digest,
                                                               snapshot_every: int) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, start=MONDAY, initial_commands=OPENING, snapshot_every=snapshot_every,
                              random_walk=False)
    for command, code in REFUSED_TODAY:
        assert engine.execute(command).code == code  # today's rule
        with earlier_rules():  # the version that wrote the file had no such rule
            assert isinstance(engine.execute(command), Accepted)
    before = digest(engine)
    store.close()

    reopened, store = open_demo(path, snapshot_every=snapshot_every)

    with store:
        assert digest(reopened) == before
        replayed_after_snapshot = sum(1 for _ in store._command_rows(after=store.recovery.snapshot_seq or 0))
        assert store.recovery.replayed == replayed_after_snapshot
        # only the journaled orders today's rules refuse, and only those the replay met
        assert store.recovery.under_earlier_rules == min(len(REFUSED_TODAY), store.recovery.replayed)
        assert store.recovery.under_earlier_rules > 0 or snapshot_every


def test_a_journal_written_under_todays_rules_needs_none_of_them(tmp_path: Path, open_demo) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, start=MONDAY, initial_commands=OPENING, snapshot_every=0, random_walk=False)
    for command, _code in REFUSED_TODAY:
        engine.execute(command)  # refused, so never journaled
    assert isinstance(engine.execute(PlaceOrder("C1", "KO", Action.BUY, D(5), OrderType.LMT, D("60.00"))), Accepted)
    store.close()

    _reopened, store = open_demo(path, snapshot_every=0)

    with store:
        assert store.recovery.replayed == len(OPENING) + 1 and store.recovery.under_earlier_rules == 0


def test_every_account_rule_lets_the_order_through_under_earlier_rules() -> None:
    import workstation.engine  # noqa: F401  (imports every room, so every rule is marked)

    names = {rule.__qualname__ for rule in ACCOUNT_RULES}
    assert {"check_cash_account", "OrderDesk.check_margin", "OrderDesk._check_day_trades"} <= names
    with earlier_rules():
        for rule in ACCOUNT_RULES:
            assert rule(None, None) is None  # never looked at
