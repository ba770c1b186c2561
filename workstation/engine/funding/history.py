"""Transfer & Pay > Transaction History, and the money not yet free: read models over the funding book.

Each deposit, withdrawal, fee and transfer of an account is one row with its method, bank and status:
Pending (notified, credited on ``until``), Held (credited, withdrawable from ``until``), Available,
Completed (withdrawals, fees, transfers) or Refused. Refused requests change nothing and are not journaled,
so they are kept beside the engine for as long as it runs, as refused orders' lines are.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from workstation.engine.core.errors import Rejected
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.records import FundingKind, FundingRecord, PendingDeposit
from workstation.engine.funding.terms import WithdrawalMethod
from workstation.engine.messages.commands import Deposit, Withdraw

PENDING, HELD, AVAILABLE, COMPLETED, REFUSED = "Pending", "Held", "Available", "Completed", "Refused"
REFUSALS_KEPT = 10_000


@dataclass(frozen=True, slots=True)
class Transaction:
    """One row of the Transaction History. ``until``: a pending deposit's credit day, a held one's first
    day to be withdrawn. ``method`` is wire, ach or check for money to or from the bank, else empty."""

    time: datetime
    kind: str
    account: str
    counterparty: str
    method: str
    bank: str
    currency: str
    amount: Decimal
    status: str
    until: date | None
    description: str


@dataclass(frozen=True, slots=True)
class WaitingMoney:
    """Money of an account that is not free yet: a deposit Pending until its credit day, or credited and
    Held from withdrawal until ``until`` (to another bank than ``bank`` until ``other_bank_until``)."""

    currency: str
    amount: Decimal
    method: str
    bank: str
    status: str
    until: date
    other_bank_until: date | None


def _bank_method(method: str) -> str:
    return method or WithdrawalMethod.WIRE.value  # a deposit received or a withdrawal without a method: a wire


def method_label(method: str) -> str:
    """How a method is written in a sentence: ACH, Wire, Check."""
    method = _bank_method(method)
    return method.upper() if method == WithdrawalMethod.ACH.value else method.capitalize()


def _row(record: FundingRecord, today: date) -> Transaction:
    status, until, method = COMPLETED, None, ""
    if record.kind in (FundingKind.DEPOSIT, FundingKind.WITHDRAWAL, FundingKind.WITHDRAWAL_FEE):
        method = _bank_method(record.method)
    if record.kind is FundingKind.DEPOSIT:
        held = record.available_on is not None and record.available_on > today
        status, until = (HELD, record.available_on) if held else (AVAILABLE, None)
    return Transaction(record.time, record.kind.value, record.account, record.counterparty, method, record.bank,
                       record.currency, record.amount, status, until, record.description)


def _pending_row(pending: PendingDeposit) -> Transaction:
    source = f" from {pending.bank}" if pending.bank else ""
    return Transaction(pending.notified, FundingKind.DEPOSIT.value, pending.account, "", _bank_method(pending.method),
                       pending.bank, pending.currency, pending.amount, PENDING, pending.credited_on,
                       f"{method_label(pending.method)} deposit notification{source}, credited on "
                       f"{pending.credited_on:%d %b %Y}" + (f"; {pending.reason}" if pending.reason else ""))


class RefusedFunding:
    """Deposits and withdrawals the engine refused, newest last (the most recent ``REFUSALS_KEPT``)."""

    def __init__(self) -> None:
        self._rows: deque[Transaction] = deque(maxlen=REFUSALS_KEPT)

    def add(self, command: Deposit | Withdraw, rejected: Rejected, time: datetime) -> None:
        kind = FundingKind.DEPOSIT if isinstance(command, Deposit) else FundingKind.WITHDRAWAL
        self._rows.append(Transaction(time, kind.value, command.account, "", _bank_method(command.method),
                                      command.bank, command.currency, command.amount, REFUSED, None,
                                      f"{rejected.code}: {rejected.message}"))

    def of(self, account_id: str) -> list[Transaction]:
        return [r for r in self._rows if r.account == account_id]


def transaction_history(state: FundingState, refused: RefusedFunding, account_id: str,
                        start: date | None = None, end: date | None = None) -> list[Transaction]:
    """Every deposit (pending ones too), withdrawal, fee and transfer involving the account, and its refused
    requests, oldest first (rows of one moment: booked movements, then pending notifications, then refusals);
    ``start``/``end`` bound the days (inclusive)."""
    today = state.now.date()
    rows = [_row(r, today) for r in state.funding if r.involves(account_id)]
    rows += [_pending_row(p) for p in state.pending_deposits if p.account == account_id]
    rows += refused.of(account_id)
    rows.sort(key=lambda r: r.time)  # stable: same-time rows keep their order
    return [r for r in rows if (start is None or r.time.date() >= start) and (end is None or r.time.date() <= end)]


def waiting_money(state: FundingState, account_id: str) -> list[WaitingMoney]:
    """The account's pending deposits, then its credited deposits still held, soonest free first."""
    today = state.now.date()
    pending = [WaitingMoney(p.currency, p.amount, _bank_method(p.method), p.bank, PENDING, p.credited_on,
                            p.other_bank_on) for p in state.pending_deposits if p.account == account_id]
    held = [WaitingMoney(h.currency, h.amount, _bank_method(h.method), h.bank, HELD,
                         h.release if h.release > today else h.other_bank_release, h.other_bank_release)
            for h in state.deposit_holds if h.account == account_id
            and (h.release > today or (h.other_bank_release is not None and h.other_bank_release > today))]
    return sorted(pending, key=lambda w: w.until) + sorted(held, key=lambda w: w.until)
