"""Previous Day Equity with Loan Value: fixed at the 16:00 ET close (at opening for a new account), moved by
money deposited, withdrawn or transferred after it, and the floor of BuyingPower for cash and margin accounts.

Sources: IB TWS API AccountSummaryTags (https://interactivebrokers.github.io/tws-api/classIBApi_1_1AccountSummaryTags.html):
"PreviousEquityWithLoanValue - Marginable Equity with Loan value as of 16:00 ET the previous day" and
"BuyingPower - Cash Account: Minimum (Equity with Loan Value, Previous Day Equity with Loan Value)-Initial
Margin, Standard Margin Account: Minimum (Equity with Loan Value, Previous Day Equity with Loan Value) -
Initial Margin *4" (read as 4 x (min - IM), decision D9.4). IB's pattern day trading page
(https://royaltrade.exchange/en/index39d7.html?f=marginnew&p=daytrade, a mirror of f=marginnew&p=daytrade):
"net deposits and withdrawals ... after 4:15 PM ET ... are handled as adjustments" (decision D9.1).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from tests.factories import ok
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, Deposit, OpenAccount, SeedPosition, SetPrice, Withdraw

PREVIOUS = AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=EASTERN)


def test_p2_margin_buying_power_is_four_times_the_lower_of_elv_and_the_previous_day_value_less_im(make_engine):
    # Opened Tue 24 Nov 10:00 with 20,000.00 USD and 200 AAPL marked 100.00: ELV 40,000.00, fixed as the
    # previous-day value until the first 16:00 close. The initial margin of long AAPL is 25% of its value.
    engine = make_engine()
    ok(engine.execute(SetPrice("AAPL", Decimal("100.00"))))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(20_000)),),
                                  positions=(SeedPosition("AAPL", Decimal(200), Decimal("100.00")),))))

    # ELV above the previous day: AAPL 125.00 -> ELV 20,000 + 25,000 = 45,000.00, IM 6,250.00
    # 4 x (min(45,000.00, 40,000.00) - 6,250.00) = 4 x 33,750.00 = 135,000.00 (not 4 x 38,750.00 = 155,000.00)
    ok(engine.execute(SetPrice("AAPL", Decimal("125.00"))))
    values = engine.account_values("U1")
    assert (values[AccountTag.EQUITY_WITH_LOAN_VALUE], values[PREVIOUS], values[AccountTag.INIT_MARGIN_REQ]) == (
        Decimal("45000.00"), Decimal("40000.00"), Decimal("6250.00"))
    assert values[AccountTag.BUYING_POWER] == Decimal("135000.00")

    # ELV below it: AAPL 80.00 -> ELV 20,000 + 16,000 = 36,000.00, IM 4,000.00
    # 4 x (min(36,000.00, 40,000.00) - 4,000.00) = 4 x 32,000.00 = 128,000.00
    ok(engine.execute(SetPrice("AAPL", Decimal("80.00"))))
    values = engine.account_values("U1")
    assert (values[AccountTag.EQUITY_WITH_LOAN_VALUE], values[AccountTag.INIT_MARGIN_REQ]) == (
        Decimal("36000.00"), Decimal("4000.00"))
    assert values[AccountTag.BUYING_POWER] == Decimal("128000.00")
    # The combined (vectorised) totals use the same formula.
    assert engine.account_totals(["U1"]).tags[AccountTag.BUYING_POWER].tolist() == [128000.0]


def test_p3_a_deposit_after_the_close_raises_the_value_and_a_withdrawal_lowers_it(make_engine):
    # A cash account opened Tue 24 Nov 10:00 with 10,000.00: previous-day ELV 10,000.00 at opening, and
    # 10,000.00 again at Tuesday's 16:00 close.
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.CASH, cash=(("USD", Decimal(10_000)),))))
    ok(engine.execute(AdvanceClock(at(24, 17))))
    assert engine.account_values("U1")[PREVIOUS] == Decimal("10000.00")

    # 17:00: deposit 5,000.00 -> 10,000.00 + 5,000.00 = 15,000.00;
    # BuyingPower = min(15,000.00, 15,000.00) - 0.00 = 15,000.00 (without D9.1: min(15,000, 10,000) = 10,000.00)
    ok(engine.execute(Deposit("U1", "USD", Decimal("5000.00"))))
    values = engine.account_values("U1")
    assert (values[PREVIOUS], values[AccountTag.BUYING_POWER]) == (Decimal("15000.00"), Decimal("15000.00"))

    # Withdraw 3,000.00 of the cash not on hold -> 15,000.00 - 3,000.00 = 12,000.00 = ELV
    ok(engine.execute(Withdraw("U1", "USD", Decimal("3000.00"))))
    values = engine.account_values("U1")
    assert (values[PREVIOUS], values[AccountTag.BUYING_POWER]) == (Decimal("12000.00"), Decimal("12000.00"))

    # Wednesday's 16:00 close records the ELV again: 12,000.00
    ok(engine.execute(AdvanceClock(at(25, 17))))
    assert engine.account_values("U1")[PREVIOUS] == Decimal("12000.00")


def test_a_deposit_in_another_currency_moves_the_value_at_the_rate(make_engine):
    # EUR 1,000.00 at EUR.USD 1.0800 into a USD account after the close: 10,000.00 + 1,080.00 = 11,080.00
    engine = make_engine()
    ok(engine.execute(SetPrice("EUR.USD", Decimal("1.0800"))))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(10_000)),))))
    ok(engine.execute(AdvanceClock(at(24, 17))))

    ok(engine.execute(Deposit("U1", "EUR", Decimal("1000.00"))))

    assert engine.account_values("U1")[PREVIOUS] == Decimal("11080.00")
