"""Engine.withdrawal_outlook: what the next withdrawal meets, read before it is asked (Withdraw Funds' page).

The read and the rule agree: a withdrawal of what is left of the day's limit is accepted and a cent more is
refused. IB's figures (reference section 5): without a security device USD 50,000 a day and 100,000 per five
business days; one free withdrawal a calendar month, then the method's fee (USD wire 10.00, ACH 1.00).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SetSecurityDevice, Withdraw

D = Decimal


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=EASTERN)


@pytest.fixture
def engine(make_engine):
    """U2 with USD 2,000,000 and no security device, Tue 1 Dec 2026 10:00; U3 another customer's account."""
    engine = make_engine(at(1))
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", D(2_000_000)),))))
    ok(engine.execute(OpenAccount("U3", AccountType.MARGIN, cash=(("USD", D(1_000)),))))
    return engine


def test_the_outlook_starts_at_the_devices_limits_with_the_months_withdrawal_free(engine):
    outlook = engine.withdrawal_outlook("U2", "USD", "wire")

    assert outlook.device is SecurityDevice.NONE
    assert (outlook.limits, outlook.left_today, outlook.left_five_days) == ((D(50_000), D(100_000)), D(50_000),
                                                                           D(100_000))
    assert (outlook.free_left, outlook.fee) == (1, D(0))


def test_what_is_left_follows_the_withdrawals_and_agrees_with_the_rule(engine):
    ok(engine.execute(Withdraw("U2", "USD", D(30_000), "Citi", "wire")))

    outlook = engine.withdrawal_outlook("U2", "USD", "ach")
    assert (outlook.left_today, outlook.left_five_days, outlook.free_left, outlook.fee) == (
        D(20_000), D(70_000), 0, D(1))
    assert engine.withdrawal_outlook("U2", "USD", "wire").fee == D(10)
    assert_refused(engine, Withdraw("U2", "USD", D("20000.01"), "Citi", "wire"), "WITHDRAWAL_LIMIT", "amount")
    ok(engine.execute(Withdraw("U2", "USD", D(20_000), "Citi", "wire")))

    ok(engine.execute(AdvanceClock(at(2))))
    outlook = engine.withdrawal_outlook("U2", "USD", "wire")
    assert (outlook.left_today, outlook.left_five_days) == (D(50_000), D(50_000))


def test_a_digital_security_card_plus_has_no_limits_and_ach_in_euros_is_not_offered(engine):
    ok(engine.execute(SetSecurityDevice("U2", "digital_security_card_plus")))

    outlook = engine.withdrawal_outlook("U2", "EUR", "ach")
    assert (outlook.limits, outlook.left_today, outlook.left_five_days) == (None, None, None)
    assert outlook.fee is None  # IB sends no ACH in EUR


def test_the_outlook_is_read_only_for_an_account_the_login_sees(engine):
    reads = LoginReads(engine, "U2")

    assert reads.withdrawal_outlook("U2", "USD").left_today == D(50_000)
    with pytest.raises(KeyError):
        reads.withdrawal_outlook("U3", "USD")
    with pytest.raises(KeyError):
        engine.withdrawal_outlook("U9", "USD")
