"""The figures of deposits and withdrawals in one table: when money by each method is credited and may
leave, the ACH limit, the withdrawal limits by security device and the fees after the month's free
withdrawal. IB's figures are cited (see /work/shared/reference/account-management.md section 5); where
IB is silent the value is ours, marked so, and every figure can be changed by giving the engine other terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class DepositMethod(Enum):
    """How money reaches IB. ``RECEIVED`` is a deposit IB already holds (no notification): the only kind
    there was before notifications, what a ``Deposit`` without a method still means."""

    RECEIVED = ""
    WIRE = "wire"
    ACH = "ach"
    CHECK = "check"


class WithdrawalMethod(Enum):
    WIRE = "wire"
    ACH = "ach"
    CHECK = "check"


class SecurityDevice(Enum):
    """The login's strongest Secure Login System device, which sets the withdrawal limits."""

    NONE = "none"
    SMS = "sms"
    IB_KEY = "ib_key"
    SECURITY_CODE_CARD = "security_code_card"
    DIGITAL_SECURITY_CARD = "digital_security_card"
    DIGITAL_SECURITY_CARD_PLUS = "digital_security_card_plus"


USD_ONLY = frozenset({DepositMethod.ACH, DepositMethod.CHECK})
"""ACH is "US, USD only" (IB's funding page); checks are taken in USD only (our reading)."""


def _usd(amount: int) -> Decimal:
    return Decimal(amount)


_LIMITS: dict[SecurityDevice, tuple[Decimal, Decimal] | None] = {
    # IB's legacy Account Management page withdrawal_limits.htm: per day / per 5 business days, in USD.
    SecurityDevice.NONE: (_usd(50_000), _usd(100_000)),
    SecurityDevice.SMS: (_usd(200_000), _usd(600_000)),
    SecurityDevice.IB_KEY: (_usd(200_000), _usd(600_000)),
    SecurityDevice.SECURITY_CODE_CARD: (_usd(200_000), _usd(600_000)),
    SecurityDevice.DIGITAL_SECURITY_CARD: (_usd(1_000_000), _usd(1_500_000)),
    SecurityDevice.DIGITAL_SECURITY_CARD_PLUS: None,  # unlimited
}

_FEES: dict[tuple[str, WithdrawalMethod], Decimal] = {
    # IB's "Other Fees > Cash Movements" (interactivebrokers.co.uk f=14718): after the month's first
    # withdrawal "of any kind". A pair not listed is a method IB does not offer in that currency.
    ("USD", WithdrawalMethod.WIRE): Decimal("10.00"),
    ("USD", WithdrawalMethod.CHECK): Decimal("4.00"),
    ("USD", WithdrawalMethod.ACH): Decimal("1.00"),
    ("CAD", WithdrawalMethod.WIRE): Decimal("12.00"),
    ("CAD", WithdrawalMethod.ACH): Decimal("2.00"),
    ("EUR", WithdrawalMethod.WIRE): Decimal("8.00"),
    ("GBP", WithdrawalMethod.WIRE): Decimal("7.00"),
    ("CHF", WithdrawalMethod.WIRE): Decimal("11.00"),
    ("AUD", WithdrawalMethod.WIRE): Decimal("15.00"),
    ("HKD", WithdrawalMethod.WIRE): Decimal("95.00"),
    ("JPY", WithdrawalMethod.WIRE): Decimal("1600"),
    ("SGD", WithdrawalMethod.WIRE): Decimal("15.00"),
    ("MXN", WithdrawalMethod.WIRE): Decimal("100.00"),
    ("CZK", WithdrawalMethod.WIRE): Decimal("300"),
    ("DKK", WithdrawalMethod.WIRE): Decimal("30.00"),
    ("HUF", WithdrawalMethod.WIRE): Decimal("6000.00"),
    ("ILS", WithdrawalMethod.WIRE): Decimal("30.00"),
    ("NOK", WithdrawalMethod.WIRE): Decimal("50.00"),
    ("PLN", WithdrawalMethod.WIRE): Decimal("40.00"),
    ("SEK", WithdrawalMethod.WIRE): Decimal("50.00"),
    ("ZAR", WithdrawalMethod.WIRE): Decimal("200.00"),
    ("CNH", WithdrawalMethod.WIRE): Decimal("60.00"),
    ("NZD", WithdrawalMethod.WIRE): Decimal("15.00"),
}


@dataclass(frozen=True, slots=True)
class FundingTerms:
    """Business days are NYSE sessions, counted from the day of the notification (day 0)."""

    wire_arrival_days: int = 1
    """Ours: IB says a wire arrives "anywhere from immediately to 4 business days"; we take the next business day."""
    wire_hold_days: int = 3
    """IB: "Withdrawal Hold Period: 3 business days" from the wire's arrival (also a deposit already received)."""
    ach_credit_days: int = 4
    """IB: a "4-business-day credit hold" before an ACH deposit is credited; it may not be traded before."""
    ach_limit: Decimal = _usd(100_000)
    ach_limit_days: int = 7
    """IB: "IB limits ACH deposits to $100,000 over seven business days"."""
    ach_other_bank_hold_days: int = 44
    """IB: withdrawn "to a bank other than the originating bank, a 44-business day withdrawal hold period"."""
    check_hold_days: int = 6
    """IB: checks have "a uniform hold of 6 business days", available on the 7th (ours: not credited before)."""
    free_withdrawals_per_month: int = 1
    """IB: "one free withdrawal request per calendar month"."""
    limits: dict[SecurityDevice, tuple[Decimal, Decimal] | None] = field(default_factory=lambda: dict(_LIMITS))
    fees: dict[tuple[str, WithdrawalMethod], Decimal] = field(default_factory=lambda: dict(_FEES))

    def withdrawal_fee(self, currency: str, method: WithdrawalMethod) -> Decimal | None:
        """The fee for a withdrawal after the month's free ones; None: IB offers no such withdrawal. A wire goes
        in every currency: one IB's table does not list costs nothing (ours)."""
        fee = self.fees.get((currency, method))
        if fee is None and method is WithdrawalMethod.WIRE:
            return Decimal(0)
        return fee


FUNDING_TERMS = FundingTerms()
