"""Deposits by method, credited on the simulated clock, and withdrawals within IB's limits, for a fee after
the month's free one, never during a margin deficit. Every figure is IB's as the reference's section 5
("Funding", /work/shared/reference/account-management.md) cites it; where IB is silent, ours (FundingTerms).

Calendar (NYSE): Tue 1 Dec 2026 is day 0; business days after it: Wed 2, Thu 3, Fri 4, Mon 7, Tue 8, Wed 9,
Thu 10 Dec; the 44th is Thu 4 Feb 2027 (Christmas, New Year's Day and Martin Luther King Day are closed).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok
from workstation.engine.api import Engine
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.terms import FUNDING_TERMS, SecurityDevice, WithdrawalMethod
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Deposit,
    OpenAccount,
    RequestPartition,
    SeedPosition,
    SetPrice,
    SetSecurityDevice,
    TransferPosition,
    Withdraw,
)
from workstation.engine.messages.events import DepositNotified, FundsDeposited, WithdrawalFeeCharged

D = Decimal
CHASE, WELLS = "Chase ...1234", "Wells ...5555"


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=EASTERN)


@pytest.fixture
def engine(make_engine) -> Engine:
    """U1, a margin account with USD 10,000 (an opening balance: no bank ever deposited), on Tue 1 Dec 10:00."""
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10_000)),))))
    return engine


def usd(engine: Engine, account: str = "U1") -> Decimal:
    return engine.cash(account).get("USD", D(0))


# -- deposits ------------------------------------------------------------------------------------------------


def test_a_deposit_without_a_method_is_money_received_credited_at_once_and_held_three_business_days(engine):
    # Reference 5, Wire: "Withdrawal Hold Period: 3 business days"; the engine's deposit before methods existed.
    events = ok(engine.execute(Deposit("U1", "USD", D(1000)))).events

    assert usd(engine) == D(11_000)
    assert not any(isinstance(e, DepositNotified) for e in events)
    [row] = engine.transaction_history("U1")
    assert (row.kind, row.method, row.status, row.until) == ("Deposit", "wire", "Held", date(2026, 12, 4))
    assert engine.funding_history("U1")[0].description == "Deposit, withdrawable from 04 Dec 2026"


def test_a_wire_notification_is_pending_until_the_next_business_days_pre_market_then_held_three_days(engine):
    # Reference 5, Wire: arrives "from immediately to 4 business days" (ours: the next business day), credited
    # "immediately upon arrival", then the 3-business-day withdrawal hold.
    events = ok(engine.execute(Deposit("U1", "USD", D(25_000), "wire", CHASE))).events

    assert [type(e) for e in events] == [DepositNotified]
    assert usd(engine) == D(10_000)  # pending: not counted
    assert engine.account_values("U1")[AccountTag.NET_LIQUIDATION] == D(10_000)
    [waiting] = engine.pending_funds("U1")
    assert (waiting.status, waiting.until, waiting.bank) == ("Pending", date(2026, 12, 2), CHASE)

    arrived = ok(engine.execute(AdvanceClock(at(12, 2, 5)))).events
    [credited] = [e for e in arrived if isinstance(e, FundsDeposited)]
    assert credited.time == at(12, 2, 4)  # the pre-market step, as trade cash settles
    assert (credited.withdrawable_on, usd(engine)) == (date(2026, 12, 7), D(35_000))
    assert engine.withdrawable("U1", "USD") == D(10_000)
    assert engine.transaction_history("U1")[0].status == "Held"


def test_an_ach_deposit_is_credited_after_the_four_business_day_credit_hold_and_not_traded_before(engine):
    # Reference 5, ACH: "a 4-business-day credit hold before the money is credited".
    ok(engine.execute(Deposit("U1", "USD", D(60_000), "ach", CHASE)))

    ok(engine.execute(AdvanceClock(at(12, 4, 15))))
    assert usd(engine) == D(10_000)
    assert engine.account_values("U1")[AccountTag.AVAILABLE_FUNDS] == D(10_000)
    ok(engine.execute(AdvanceClock(at(12, 7, 9))))
    assert usd(engine) == D(70_000)
    assert engine.withdrawable("U1", "USD") == D(70_000)  # to the bank it came from, at once


def test_ach_money_goes_to_another_bank_only_after_44_business_days(engine):
    # Reference 5: "If funds are withdrawn to a bank other than the originating bank, a 44-business day
    # withdrawal hold period will be applied."
    ok(engine.execute(Deposit("U1", "USD", D(40_000), "ach", CHASE)))
    ok(engine.execute(AdvanceClock(at(12, 7))))

    refused = assert_refused(engine, Withdraw("U1", "USD", D(10_001), WELLS), "FUNDS_ON_HOLD", "amount")
    assert "at most 10,000.00 USD" in refused.message and "held until 04 Feb 2027" in refused.message
    ok(engine.execute(Withdraw("U1", "USD", D(40_000), CHASE)))


def test_ach_deposits_are_limited_to_100000_over_seven_business_days_naming_what_remains(engine):
    # Reference 5, ACH: "IB limits ACH deposits to $100,000 over seven business days".
    ok(engine.execute(Deposit("U1", "USD", D(60_000), "ach", CHASE)))

    refused = assert_refused(engine, Deposit("U1", "USD", D("40000.01"), "ach", CHASE), "ACH_LIMIT", "amount")
    assert "limited to 100,000.00 USD over 7 business days" in refused.message
    assert "at most 40,000.00 USD more" in refused.message
    ok(engine.execute(Deposit("U1", "USD", D(40_000), "ach", CHASE)))
    assert_refused(engine, Deposit("U1", "USD", D(1), "ach", CHASE), "ACH_LIMIT", "amount")
    # Tue 1 Dec leaves the window of the seven business days ending Thu 10 Dec
    ok(engine.execute(AdvanceClock(at(12, 9))))
    assert_refused(engine, Deposit("U1", "USD", D(1), "ach", CHASE), "ACH_LIMIT", "amount")
    ok(engine.execute(AdvanceClock(at(12, 10))))
    ok(engine.execute(Deposit("U1", "USD", D(100_000), "ach", CHASE)))


def test_a_check_is_held_six_business_days_and_available_on_the_seventh(engine):
    # Reference 5, Check: "uniform hold of 6 business days; funds are available on the 7th".
    ok(engine.execute(Deposit("U1", "USD", D(5_000), "check")))

    ok(engine.execute(AdvanceClock(at(12, 9, 20))))
    assert usd(engine) == D(10_000)
    ok(engine.execute(AdvanceClock(at(12, 10, 5))))
    assert usd(engine) == D(15_000)
    assert engine.withdrawable("U1", "USD") == D(15_000)


@pytest.mark.parametrize(("command", "code", "field"), [
    (Deposit("U1", "EUR", D(100), "ach", CHASE), "METHOD_NOT_AVAILABLE", "method"),  # ACH: "US, USD only"
    (Deposit("U1", "EUR", D(100), "check"), "METHOD_NOT_AVAILABLE", "method"),
    (Deposit("U1", "USD", D(100), "ach"), "MISSING_BANK", "bank"),
    (Deposit("U1", "USD", D(100), "paypal"), "INVALID_METHOD", "method"),
    (Withdraw("U1", "USD", D(100), CHASE, "carrier pigeon"), "INVALID_METHOD", "method"),
    (Withdraw("U1", "EUR", D(100), CHASE, "ach"), "METHOD_NOT_AVAILABLE", "method"),
    (SetSecurityDevice("U1", "yubikey"), "INVALID_DEVICE", "device"),
    (SetSecurityDevice("U9", "sms"), "UNKNOWN_ACCOUNT", "account"),
])
def test_a_method_device_or_bank_ib_does_not_take_is_refused_naming_the_field(engine, command, code, field):
    assert_refused(engine, command, code, field)


def test_money_arriving_on_the_clock_moves_the_previous_day_elv_once_even_when_the_clock_passes_the_close(engine):
    # Decision D9.1: money moved after the close adjusts the previous-day ELV; the close then records the
    # value with it. Wire credited Wed 04:00 (+25,000 -> 35,000), the Wednesday close records 35,000.
    ok(engine.execute(Deposit("U1", "USD", D(25_000), "wire", CHASE)))

    ok(engine.execute(AdvanceClock(at(12, 2, 17))))

    assert engine.account_values("U1")[AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE] == D(35_000)


# -- withdrawals ---------------------------------------------------------------------------------------------


def rich(make_engine, device: str | None = None) -> Engine:
    """U2 with USD 2,000,000 and no deposits, on Tue 1 Dec."""
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", D(2_000_000)),))))
    if device:
        ok(engine.execute(SetSecurityDevice("U2", device)))
    return engine


def test_without_a_security_device_withdrawals_are_limited_to_50000_a_day_and_100000_in_five_business_days(
        make_engine):
    # Reference 5, "Withdrawal limits by security device": None USD 50,000 / 100,000.
    engine = rich(make_engine)
    ok(engine.execute(Withdraw("U2", "USD", D(30_000), "Citi")))

    refused = assert_refused(engine, Withdraw("U2", "USD", D("20000.01"), "Citi"), "WITHDRAWAL_LIMIT", "amount")
    assert "daily limit of 50,000.00 USD (20,000.00 left today)" in refused.message
    assert "security device none" in refused.message and "deposited to U2 before" in refused.message
    ok(engine.execute(Withdraw("U2", "USD", D(20_000), "Citi")))
    ok(engine.execute(AdvanceClock(at(12, 2))))
    ok(engine.execute(Withdraw("U2", "USD", D(50_000), "Citi")))
    ok(engine.execute(AdvanceClock(at(12, 3))))
    refused = assert_refused(engine, Withdraw("U2", "USD", D(1), "Citi"), "WITHDRAWAL_LIMIT", "amount")
    assert "100,000.00 USD per 5 business days (0.00 left)" in refused.message


@pytest.mark.parametrize(("device", "daily"), [
    ("sms", D(200_000)), ("ib_key", D(200_000)), ("security_code_card", D(200_000)),
    ("digital_security_card", D(1_000_000)),
])
def test_a_stronger_security_device_raises_the_daily_limit(make_engine, device, daily):
    # Reference 5: SMS, IB Key, Security Code Card 200,000 / 600,000; Digital Security Card 1,000,000 / 1,500,000.
    engine = rich(make_engine, device)

    assert_refused(engine, Withdraw("U2", "USD", daily + D("0.01"), "Citi"), "WITHDRAWAL_LIMIT", "amount")
    ok(engine.execute(Withdraw("U2", "USD", daily, "Citi")))
    assert engine.security_device("U2") is SecurityDevice(device)


def test_a_digital_security_card_plus_has_no_limit(make_engine):
    engine = rich(make_engine, "digital_security_card_plus")  # Reference 5: "DSC+ unlimited"

    ok(engine.execute(Withdraw("U2", "USD", D(1_999_000), "Citi")))


def test_above_the_limit_an_exceptional_withdrawal_goes_only_to_a_bank_that_deposited_before(engine):
    # Reference 5: an "exceptional withdrawal" above the limits "is processed if the destination bank was used
    # for a deposit before; otherwise the client contacts Client Services with documents".
    ok(engine.execute(Deposit("U1", "USD", D(90_000), "wire", CHASE)))
    ok(engine.execute(AdvanceClock(at(12, 7))))

    assert_refused(engine, Withdraw("U1", "USD", D(60_000), WELLS), "WITHDRAWAL_LIMIT", "amount")
    ok(engine.execute(Withdraw("U1", "USD", D(60_000), CHASE)))
    [withdrawal] = [r for r in engine.transaction_history("U1") if r.kind == "Withdrawal" and r.status != "Refused"]
    assert (withdrawal.bank, withdrawal.status) == (CHASE, "Completed")
    assert "exceptional" in withdrawal.description


def test_one_withdrawal_a_month_is_free_then_ibs_fee_for_the_method_is_booked(make_engine):
    # Reference 5: "one free withdrawal per month, with fees for later ones"; IB's table: USD wire 10.00,
    # check 4.00, ACH 1.00 (FundingTerms). 2,000,000 - 1,000 x 4 - (10 + 1 + 4) = 1,995,985.
    engine = rich(make_engine, "ib_key")
    ok(engine.execute(Withdraw("U2", "USD", D(1_000), "Citi")))
    fees = []
    for method in ("wire", "ach", "check"):
        events = ok(engine.execute(Withdraw("U2", "USD", D(1_000), "Citi", method))).events
        fees += [(e.method, e.amount) for e in events if isinstance(e, WithdrawalFeeCharged)]

    assert fees == [("wire", D(10)), ("ach", D(1)), ("check", D(4))]
    assert usd(engine, "U2") == D(1_995_985)
    statement = engine.activity_statement("U2", date(2026, 12, 1), date(2026, 12, 31))
    assert [m.amount for m in statement.deposits_withdrawals if m.kind == "Withdrawal Fee"] == [D(-10), D(-1),
                                                                                                D(-4)]
    # a new calendar month: free again
    ok(engine.execute(AdvanceClock(at(1, 4, year=2027))))
    events = ok(engine.execute(Withdraw("U2", "USD", D(1_000), "Citi"))).events
    assert not any(isinstance(e, WithdrawalFeeCharged) for e in events)


def test_the_fee_is_charged_in_the_currency_withdrawn_and_a_wire_goes_in_any_currency(make_engine):
    # IB's table: EUR wires 8.00; a currency the table does not list is wired without a fee (ours), so a
    # withdrawal journaled before fees existed is never refused for its currency.
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(1_000)), ("EUR", D(1_000))))))
    ok(engine.execute(Withdraw("U1", "EUR", D(100), method="wire")))
    events = ok(engine.execute(Withdraw("U1", "EUR", D(100), method="wire"))).events

    assert [(e.currency, e.amount) for e in events if isinstance(e, WithdrawalFeeCharged)] == [("EUR", D(8))]
    assert engine.cash("U1")["EUR"] == D(792)
    assert FUNDING_TERMS.withdrawal_fee("TRY", WithdrawalMethod.WIRE) == D(0)
    assert FUNDING_TERMS.withdrawal_fee("TRY", WithdrawalMethod.ACH) is None


def test_a_withdrawal_that_names_no_method_pays_no_fee(make_engine):
    # A withdrawal journaled before methods and fees existed names none: replaying it must not charge a fee
    # its holder never paid (our choice; the Transfers dialog sends none either).
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(2_000)),))))
    ok(engine.execute(Withdraw("U1", "USD", D(1_000))))
    events = ok(engine.execute(Withdraw("U1", "USD", D(500)))).events

    assert not any(isinstance(e, WithdrawalFeeCharged) for e in events)
    assert usd(engine) == D(500)


def test_a_withdrawal_whose_fee_the_cash_cannot_pay_is_refused(make_engine):
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(2_000)),))))
    ok(engine.execute(Withdraw("U1", "USD", D(1_000), method="wire")))

    refused = assert_refused(engine, Withdraw("U1", "USD", D(995), method="wire"), "INSUFFICIENT_CASH", "amount")
    assert "fee of 10.00 USD" in refused.message
    ok(engine.execute(Withdraw("U1", "USD", D(990), method="wire")))
    assert usd(engine) == D(0)


# -- margin deficits -----------------------------------------------------------------------------------------


def in_deficit(make_engine, hour: int) -> Engine:
    """U3 borrows 600,000 against 10,000 AAPL; AAPL falls to 70.00: ELV 100,000 < maintenance 175,000."""
    engine = make_engine(at(12, 1, hour))
    ok(engine.execute(OpenAccount("U3", AccountType.MARGIN, cash=(("USD", D(-600_000)),),
                                  positions=(SeedPosition("AAPL", D(10_000), D(150)),))))
    ok(engine.execute(SetPrice("AAPL", D(70))))
    return engine


def test_no_withdrawal_leaves_an_account_in_a_margin_deficit_after_hours(make_engine):
    # Reference 5, Margin deficit: "IBKR's margin compliance policy does not allow for transfers … if there is a
    # margin violation/deficit."
    engine = in_deficit(make_engine, 17)

    refused = assert_refused(engine, Withdraw("U3", "USD", D(1)), "MARGIN_DEFICIT", "account")
    assert "does not allow for transfers" in refused.message


def test_no_fund_or_position_transfer_moves_while_an_account_is_in_a_margin_deficit(make_engine):
    # Reference 5, Margin deficit: no "transfers … if there is a margin violation/deficit in the account".
    engine = make_engine(at(12, 1, 10))
    ok(engine.execute(OpenAccount("U4", AccountType.MARGIN, cash=(("USD", D(-600_000)),),
                                  positions=(SeedPosition("AAPL", D(10_000), D(150)),
                                             SeedPosition("KO", D(10), D(60))))))
    ok(engine.execute(RequestPartition("U4", "F5100001", "Avery Stone", ("STK:US",))))
    ok(engine.execute(AdvanceClock(at(12, 1, 19))))
    ok(engine.execute(TransferPosition("U4", "U4-P1", "KO", D(5))))
    ok(engine.execute(SetPrice("AAPL", D(70))))  # after hours: ELV 100,000 < maintenance 175,000

    refused = assert_refused(engine, TransferPosition("U4", "U4-P1", "KO", D(1)), "MARGIN_DEFICIT", "from_account")
    assert "does not allow for transfers" in refused.message
    assert_refused(engine, TransferPosition("U4-P1", "U4", "KO", D(1)), "MARGIN_DEFICIT", "to_account")


def test_while_a_deficit_is_liquidated_no_withdrawal_is_made_and_a_deposit_counts_from_the_next_business_day(
        make_engine):
    # Reference 5: the deficit account "is subject to immediate liquidation" and "incoming funds count only after
    # they clear": a deposit does not stop the liquidation.
    engine = in_deficit(make_engine, 10)
    assert engine.is_liquidating("U3")

    assert_refused(engine, Withdraw("U3", "USD", D(1)), "MARGIN_DEFICIT", "account")
    cash = usd(engine, "U3")
    ok(engine.execute(Deposit("U3", "USD", D(500_000))))
    assert usd(engine, "U3") == cash and engine.is_liquidating("U3")
    [waiting] = engine.pending_funds("U3")
    assert (waiting.status, waiting.until) == ("Pending", date(2026, 12, 2))
    assert "being liquidated" in engine.transaction_history("U3")[-1].description
    ok(engine.execute(AdvanceClock(at(12, 2, 5))))
    assert usd(engine, "U3") > cash + D(499_000)


# -- reads ---------------------------------------------------------------------------------------------------


def test_the_transaction_history_lists_every_movement_with_its_status_and_a_refused_request(engine):
    ok(engine.execute(Deposit("U1", "USD", D(2_000), "check")))
    ok(engine.execute(Deposit("U1", "USD", D(1_000))))
    assert_refused(engine, Withdraw("U1", "USD", D(10_500), CHASE), "FUNDS_ON_HOLD", "amount")
    ok(engine.execute(Withdraw("U1", "USD", D(500), CHASE)))

    # one moment: booked movements first, then pending notifications, then refusals
    rows = [(r.kind, r.method, r.bank, r.amount, r.status, r.until) for r in engine.transaction_history("U1")]
    assert rows == [
        ("Deposit", "wire", "", D(1_000), "Held", date(2026, 12, 4)),
        ("Withdrawal", "wire", CHASE, D(500), "Completed", None),
        ("Deposit", "check", "", D(2_000), "Pending", date(2026, 12, 10)),
        ("Withdrawal", "wire", CHASE, D(10_500), "Refused", None),
    ]
    ok(engine.execute(AdvanceClock(at(12, 4))))
    assert engine.transaction_history("U1")[0].status == "Available"


def test_a_login_reads_only_the_transaction_history_of_accounts_it_sees(engine):
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", D(1_000)),))))
    ok(engine.execute(Deposit("U2", "USD", D(1_000), "wire", CHASE)))
    holder = LoginReads(engine, "U1")

    assert holder.transaction_history("U1") == []
    with pytest.raises(KeyError):
        holder.transaction_history("U2")
    with pytest.raises(KeyError):
        holder.pending_funds("U2")
    assert not holder.sees_event(DepositNotified("U2", "USD", D(1), "wire", "", date(2026, 12, 2),
                                                 date(2026, 12, 7), at(12, 1)))
