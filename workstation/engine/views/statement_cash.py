"""A statement's cash as of its period's end, read from the cash ledger's entries the history keeps.

The Cash Report adds up per account and currency: Starting Cash (the balance before the period's
first day) plus every entry in the period, sorted into IB's lines by what booked it, is Ending Cash
(the balance after the period's last day, or now for a period up to today). The Fees section lists
every entry that is a fee, whoever charges it (an exposure fee, a withdrawal beyond the month's free
one, an advisor's bill, a market data subscription), so a new kind of fee needs no change here as
long as its entry's reason names it a fee or a subscription. Reads are indexed lookups per account
and currency plus one range of the period's entries: nothing before the period is scanned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from workstation.engine.messages.events import CashBooked
from workstation.engine.orders.history import History

STARTING_CASH = "Starting Cash"
DEPOSITS_WITHDRAWALS = "Deposits & Withdrawals"
TRANSFERS = "Internal Transfers"
COMMISSIONS = "Commissions"
FEES = "Other Fees"
TRADES = "Trades & Other"
OPENING = "Opening Balance"
ENDING_CASH = "Ending Cash"
CASH_REPORT_LINES = (STARTING_CASH, OPENING, DEPOSITS_WITHDRAWALS, TRANSFERS, COMMISSIONS, FEES, TRADES, ENDING_CASH)
"""The Cash Report's lines, top to bottom (IB's Cash Report names; ``Trades & Other`` takes purchases,
sales, futures P&L, FX and settlements)."""

_FEE_WORDS = ("fee", "subscription")


def line_of(reason: str) -> str:
    """The Cash Report line a ledger entry belongs to, by the reason it was booked with."""
    lowered = reason.lower()
    if reason in ("Deposit", "Withdrawal"):
        return DEPOSITS_WITHDRAWALS
    if any(word in lowered for word in _FEE_WORDS):
        return FEES
    if reason.startswith("Commission"):
        return COMMISSIONS
    if reason.startswith("Fund transfer"):
        return TRANSFERS
    if reason == "Opening balance":
        return OPENING
    return TRADES


@dataclass(frozen=True, slots=True)
class CashReportLine:
    """One currency of one account: each of ``CASH_REPORT_LINES`` with its amount."""

    account: str
    partition: str
    currency: str
    amounts: tuple[tuple[str, Decimal], ...]

    def amount(self, line: str) -> Decimal:
        return dict(self.amounts)[line]


@dataclass(frozen=True, slots=True)
class StatementFeeLine:
    """A fee booked in the period: ``amount`` negative when charged, positive when received."""

    time: datetime
    account: str
    partition: str
    currency: str
    amount: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class PeriodCash:
    """What the ledger's entries say of the period: the report, the fees and the balances at its end."""

    cash_report: tuple[CashReportLine, ...]
    fees: tuple[StatementFeeLine, ...]
    ending: tuple[tuple[str, str, Decimal], ...]
    """(account, currency, balance) at the period's end."""


def period_cash(history: History, accounts: Iterable[str], currencies: Mapping[str, Iterable[str]],
                labels: Mapping[str, str], since: datetime, until: datetime) -> PeriodCash:
    """The accounts' cash from ``since`` to ``until`` (``currencies``: those each account has ever held)."""
    report: list[CashReportLine] = []
    fees: list[StatementFeeLine] = []
    ending: list[tuple[str, str, Decimal]] = []
    for account in accounts:
        entries = history.cash_bookings(account, since, until)
        fees.extend(StatementFeeLine(e.time, account, labels.get(account, ""), e.currency, e.amount, e.reason)
                    for e in entries if line_of(e.reason) == FEES)
        for currency in sorted(currencies.get(account, ())):
            start = history.cash_balance(account, currency, since) or Decimal(0)
            end = history.cash_balance(account, currency, until) or Decimal(0)
            ending.append((account, currency, end))
            report.append(CashReportLine(account, labels.get(account, ""), currency,
                                         _lines(start, end, (e for e in entries if e.currency == currency))))
    return PeriodCash(tuple(report), tuple(fees), tuple(ending))


def _lines(start: Decimal, end: Decimal, entries: Iterable[CashBooked]) -> tuple[tuple[str, Decimal], ...]:
    totals = dict.fromkeys(CASH_REPORT_LINES, Decimal(0))
    totals[STARTING_CASH] = start
    for entry in entries:
        totals[line_of(entry.reason)] += entry.amount
    totals[ENDING_CASH] = end
    return tuple(totals.items())
