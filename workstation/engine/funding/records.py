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


@dataclass(frozen=True, slots=True)
class FundingRecord:
    """One movement. ``account`` gave or paid, ``counterparty`` received (a transfer's or fee's
    other side; empty for the bank). A position transfer moves ``quantity`` of ``symbol`` at
    ``amount`` per unit (its cost basis) in ``currency``."""

    time: datetime
    kind: FundingKind
    account: str
    counterparty: str
    currency: str
    amount: Decimal
    description: str
    symbol: str = ""
    quantity: Decimal = Decimal(0)

    def involves(self, account_id: str) -> bool:
        return account_id in (self.account, self.counterparty)


@dataclass(frozen=True, slots=True)
class DepositHold:
    """A deposit that may be traded with at once but not withdrawn before ``release``."""

    account: str
    currency: str
    amount: Decimal
    release: date
