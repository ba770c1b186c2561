"""The funding history an activity statement reads: deposits, withdrawals, transfers, fees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


class FundingKind(Enum):
    DEPOSIT = "Deposit"
    WITHDRAWAL = "Withdrawal"
    CASH_TRANSFER = "Fund Transfer"
    POSITION_TRANSFER = "Position Transfer"
    ADVISOR_FEE = "Advisor Fee"
    WITHDRAWAL_FEE = "Withdrawal Fee"
    MARKET_DATA_FEE = "Market Data Fee"
    MARKET_DATA_WAIVER = "Market Data Fee Waiver"


@dataclass(frozen=True, slots=True)
class FundingRecord:
    """One movement. ``account`` gave or paid, ``counterparty`` received (a transfer's or fee's
    other side; empty for the bank). A position transfer moves ``quantity`` of ``symbol`` at
    ``amount`` per unit (its cost basis) in ``currency``. A deposit or withdrawal names its ``method``
    and the holder's ``bank`` (empty: the bank on file, as every one before banks were named)."""

    time: datetime
    kind: FundingKind
    account: str
    counterparty: str
    currency: str
    amount: Decimal
    description: str
    symbol: str = ""
    quantity: Decimal = Decimal(0)
    method: str = ""
    bank: str = ""
    available_on: date | None = None
    """A deposit's first day to be withdrawn."""

    def involves(self, account_id: str) -> bool:
        return account_id in (self.account, self.counterparty)


@dataclass(frozen=True, slots=True)
class DepositHold:
    """A deposit that may be traded with but not withdrawn before ``release``, nor to a bank other than
    ``bank`` (the one it came from) before ``other_bank_release`` (an ACH deposit's 44 business days)."""

    account: str
    currency: str
    amount: Decimal
    release: date
    bank: str = ""
    other_bank_release: date | None = None
    method: str = ""
    notified: date | None = None

    def holds(self, today: date, bank: str | None) -> bool:
        """Whether it still holds money back from a withdrawal to ``bank`` (None: to the bank it came from)."""
        if self.release > today:
            return True
        return (bank is not None and bank != self.bank and self.other_bank_release is not None
                and self.other_bank_release > today)


@dataclass(frozen=True, slots=True)
class PendingDeposit:
    """A deposit notification whose money is not credited yet: it is credited at the pre-market step of
    ``credited_on``, and may be withdrawn from ``withdrawable_on`` (to another bank from ``other_bank_on``)."""

    account: str
    currency: str
    amount: Decimal
    method: str
    bank: str
    notified: datetime
    credited_on: date
    withdrawable_on: date
    other_bank_on: date | None = None
    reason: str = ""
    """Why it waits beyond its method's time (a liquidation under way), or empty."""
