"""Unsettled trade cash and a free-riding restriction on a database: both are engine state, so reopening the
file (from a snapshot, or replaying every command) gives back the same SettledCash, the same credits still to
settle with their dates, and the same "Cash Up Front" restriction; settlement then happens on the clock.

Arithmetic (IB KB 3101, https://ibkr.info/nl/node/3101; TWS API SettledCash): on Mon 23 Nov 2026 cash account
C1 (1,000.00) buys 14 KO on a stop at 64.00 that fills at 75.01 after a gap (1,051.14: 51.14 unpaid) and sells
them at 74.99 (1,049.86 settling Tue 24, commission 1.00): SettledCash -52.14; the end-of-day check restricts
it until Sun 21 Feb 2027. At Tuesday's pre-market the proceeds settle: SettledCash = -52.14 + 1,049.86 = 997.72.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, PlaceOrder, SetPrice

D = Decimal
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=EASTERN)


def _free_ride(engine) -> None:
    for command in (SetPrice("KO", D("60.00")),
                    PlaceOrder("C1", "KO", Action.BUY, D(14), OrderType.STP, None, D("64.00")),
                    SetPrice("KO", D("75.00")),
                    PlaceOrder("C1", "KO", Action.SELL, D(14), OrderType.MKT),
                    AdvanceClock(MONDAY.replace(hour=20))):
        assert isinstance(engine.execute(command), Accepted)


@pytest.mark.parametrize("snapshot_every", [1, 0])  # reopened from a snapshot, and from the journal alone
def test_unsettled_cash_and_the_restriction_survive_reopening_and_settle_on_the_clock(
        tmp_path: Path, open_demo, digest, snapshot_every: int) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    opening = (OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),)),)
    engine, store = open_demo(path, start=MONDAY, initial_commands=opening, snapshot_every=snapshot_every,
                              random_walk=False)
    _free_ride(engine)
    before = digest(engine)
    assert before["account_values"]["C1"][AccountTag.SETTLED_CASH] == D("-52.14")

    # Act
    store.close()
    reopened, store = open_demo(path, snapshot_every=snapshot_every)

    # Assert
    with store:
        assert digest(reopened) == before
        [credit] = reopened.unsettled_cash("C1")
        assert (credit.amount, credit.settles) == (D("1049.86"), date(2026, 11, 24))
        assert reopened.trading_restriction("C1") == (
            "Cash Up Front until 21 Feb 2027 (free riding): purchases with settled cash only")
        assert isinstance(reopened.execute(AdvanceClock(MONDAY.replace(day=24))), Accepted)
        assert reopened.account_values("C1")[AccountTag.SETTLED_CASH] == D("997.72")
        assert reopened.unsettled_cash("C1") == ()


def test_a_journal_written_before_settlement_still_opens(tmp_path: Path, open_demo, digest) -> None:
    # Before settlement existed, C1 could spend Tuesday's sale proceeds at once: 60 KO at 64.00 (3,841.00) with
    # 2,498.00 settled and 10,498.00 in all. The old version journaled that purchase; replaying it applies it
    # as the version that wrote it accepted it instead of refusing to open the file, and says so.
    from workstation.engine.core.account_rules import earlier_rules
    from workstation.engine.messages.commands import ForceExecution

    path = tmp_path / "ws.db"
    opening = (OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),)),)
    engine, store = open_demo(path, start=MONDAY, initial_commands=opening, snapshot_every=0, random_walk=False)
    for command in (PlaceOrder("C1", "AAPL", Action.BUY, D(50), OrderType.LMT, D("0.01")),
                    ForceExecution(1, D(50), D("150.00")),
                    AdvanceClock(MONDAY.replace(day=24)),
                    PlaceOrder("C1", "AAPL", Action.SELL, D(50), OrderType.LMT, D("999.00")),
                    ForceExecution(2, D(50), D("160.00"))):
        assert isinstance(engine.execute(command), Accepted)
    purchase = PlaceOrder("C1", "KO", Action.BUY, D(60), OrderType.LMT, D("64.00"))
    assert engine.execute(purchase).code == "INSUFFICIENT_CASH"  # today's rule
    with earlier_rules():  # the version that wrote the file
        assert isinstance(engine.execute(purchase), Accepted)
    before = digest(engine)

    store.close()
    reopened, store = open_demo(path, snapshot_every=0)

    with store:
        assert digest(reopened) == before
        assert reopened.order(3).total_quantity == 60
        assert store.recovery.under_earlier_rules == 1
