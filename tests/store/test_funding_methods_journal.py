"""Deposits by method, holds by bank, security devices and withdrawal fees on a database: they are engine
state, so reopening the file (from a snapshot, or replaying every command) gives back the same pending
deposits and holds, the limits of the same device and the same count of the month's withdrawals; the pending
money then arrives on the clock after the reopening.

Arithmetic (reference section 5, "Funding"): on Tue 1 Dec 2026 U1 (USD 100,000) notifies an ACH deposit of
40,000 from Chase (credited Mon 7 Dec, after the 4-business-day credit hold) and a check of 5,000 (credited
Thu 10 Dec, the 7th business day), names an IB Key, and withdraws 60,000 (above the 50,000 a day without a
device) then 1,000 (the month's second withdrawal: USD 10 wire fee): 100,000 - 61,000 - 10 = 38,990.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.api import Accepted
from workstation.engine.core.account_rules import earlier_rules
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, Deposit, OpenAccount, SetSecurityDevice, Withdraw
from workstation.store import codec

D = Decimal
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=EASTERN)
CHASE = "Chase ...1234"


@pytest.mark.parametrize("snapshot_every", [1, 0])  # reopened from a snapshot, and from the journal alone
def test_pending_deposits_devices_and_fees_survive_reopening_and_the_money_arrives_on_the_clock(
        tmp_path: Path, open_demo, digest, snapshot_every: int) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    opening = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100_000)),)),)
    engine, store = open_demo(path, start=TUESDAY, initial_commands=opening, snapshot_every=snapshot_every,
                              random_walk=False)
    for command in (Deposit("U1", "USD", D(40_000), "ach", CHASE), Deposit("U1", "USD", D(5_000), "check"),
                    SetSecurityDevice("U1", "ib_key"), Withdraw("U1", "USD", D(60_000), CHASE),
                    Withdraw("U1", "USD", D(1_000), CHASE, "wire")):
        assert isinstance(engine.execute(command), Accepted)
    before = digest(engine)
    assert before["cash"]["U1"] == {"USD": D(38_990)}

    # Act
    store.close()
    reopened, store = open_demo(path, snapshot_every=snapshot_every)

    # Assert
    with store:
        assert digest(reopened) == before
        assert [(w.amount, w.until) for w in reopened.pending_funds("U1")] == [
            (D(40_000), date(2026, 12, 7)), (D(5_000), date(2026, 12, 10))]
        assert reopened.security_device("U1") is SecurityDevice.IB_KEY
        assert [r.status for r in reopened.transaction_history("U1")] == [
            "Completed", "Completed", "Completed", "Pending", "Pending"]
        # the ACH limit still counts the 40,000 notified
        assert isinstance(reopened.execute(Deposit("U1", "USD", D("60000.01"), "ach", CHASE)), Rejected)
        assert isinstance(reopened.execute(AdvanceClock(datetime(2026, 12, 10, 9, tzinfo=EASTERN))), Accepted)
        assert reopened.cash("U1") == {"USD": D(83_990)}
        assert reopened.pending_funds("U1")[0].status == "Held"  # the ACH money, to another bank until Feb
        assert isinstance(reopened.execute(Withdraw("U1", "USD", D(1_000), "Wells ...5555")), Accepted)


def test_a_withdrawal_journaled_before_the_limits_replays_as_accepted(tmp_path: Path, open_demo, digest) -> None:
    # Reference 5: without a security device USD 50,000 a day; 60,000 to a bank that never deposited is refused
    # today, but a file written before the limits holds it as accepted (``@account_rule``: check_limits).
    path = tmp_path / "ws.db"
    opening = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100_000)),)),)
    engine, store = open_demo(path, start=TUESDAY, initial_commands=opening, snapshot_every=0, random_walk=False)
    withdrawal = Withdraw("U1", "USD", D(60_000))
    assert engine.execute(withdrawal).code == "WITHDRAWAL_LIMIT"
    with earlier_rules():
        assert isinstance(engine.execute(withdrawal), Accepted)
    before = digest(engine)
    store.close()

    reopened, store = open_demo(path, snapshot_every=0)

    with store:
        assert digest(reopened) == before
        assert store.recovery.under_earlier_rules == 1


def test_a_deposit_journaled_before_methods_reads_as_money_received() -> None:
    # An entry written before ``method`` and ``bank`` existed takes their defaults: credited at once.
    command = codec.loads('{"type": "Deposit", "account": "U1", "currency": "USD", "amount": "100.00"}')

    assert command == Deposit("U1", "USD", D("100.00"), "", "")
    assert codec.loads(codec.dumps(Withdraw("U1", "USD", D(5), CHASE, "ach"))) == Withdraw("U1", "USD", D(5), CHASE,
                                                                                          "ach")
