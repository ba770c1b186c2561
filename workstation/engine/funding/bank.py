"""Deposits from and withdrawals to the holder's bank.

A deposit is credited at once and may be traded with, but it is held for three business days
before it may be withdrawn. A withdrawal is limited to the currency's cash less deposits still
held, and may not leave the account short of margin. A partition is funded by its parent, never
by the bank directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.checks import (
    TagsOf,
    check_amount,
    check_balance,
    check_margin_after,
    existing,
    trial_copy,
)
from workstation.engine.funding.records import DepositHold, FundingKind, FundingRecord
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import Deposit, Withdraw
from workstation.engine.messages.events import Event, FundsDeposited, FundsWithdrawn

HOLD_BUSINESS_DAYS = 3


def _bank_account(state: FundingState, account_id: str) -> Account:
    account = existing(state, account_id, "account")
    partition = state.partitions.get(account_id)
    if partition is not None:
        raise Rejection("PARTITION_FUNDED_BY_PARENT", "account", f"{account_id} is a partition; move money in and "
                        f"out of it with a fund transfer from or to its parent {partition.parent}")
    return account


def validate_deposit(state: FundingState, calendar: ExchangeCalendar, can_convert: Callable[[str, str], bool],
                     command: Deposit) -> date:
    """Returns the day the deposit may first be withdrawn."""
    account = _bank_account(state, command.account)
    check_amount(command.currency, command.amount)
    if not can_convert(command.currency, account.base_currency):
        raise Rejection("INVALID_CURRENCY", "currency", f"{command.currency} cannot be valued in "
                        f"{account.base_currency}, the account's base currency")
    try:
        return calendar.business_day_after(state.now.date(), HOLD_BUSINESS_DAYS)
    except ValueError:
        raise Rejection("INVALID_TIME", "account",
                        "the deposit's hold would end beyond the exchange calendar") from None


def deposit(state: FundingState, command: Deposit, release: date, sink: list[Event]) -> None:
    account = state.accounts[command.account]
    ledger.book_cash(account, command.currency, command.amount, "Deposit", state.now, sink)
    state.deposit_holds.append(DepositHold(account.account_id, command.currency, command.amount, release))
    sink.append(FundsDeposited(account.account_id, command.currency, command.amount, release, state.now))
    state.funding.append(FundingRecord(state.now, FundingKind.DEPOSIT, account.account_id, "", command.currency,
                                       command.amount, f"Deposit, withdrawable from {release:%d %b %Y}"))


def held_deposits(state: FundingState, account_id: str, currency: str) -> tuple[Decimal, date | None]:
    """Deposits of ``currency`` still on hold today, and the day the last of them is released."""
    today = state.now.date()
    holds = [h for h in state.deposit_holds if h.account == account_id and h.currency == currency
             and h.release > today]
    return sum((h.amount for h in holds), Decimal(0)), max((h.release for h in holds), default=None)


def withdrawable_cash(state: FundingState, account_id: str, currency: str) -> Decimal:
    """The cash of ``currency`` that is not held (before the margin check)."""
    held, _ = held_deposits(state, account_id, currency)
    return max(state.accounts[account_id].cash_in(currency) - held, Decimal(0))


def validate_withdrawal(state: FundingState, tags_of: TagsOf, command: Withdraw) -> None:
    account = _bank_account(state, command.account)
    check_amount(command.currency, command.amount)
    check_balance(account, command.currency, command.amount, "withdraw")
    free = withdrawable_cash(state, account.account_id, command.currency)
    if command.amount > free:
        held, release = held_deposits(state, account.account_id, command.currency)
        raise Rejection("FUNDS_ON_HOLD", "amount", f"at most {free:,.2f} {command.currency} can be withdrawn now; "
                        f"{held:,.2f} {command.currency} of deposits are held until {release:%d %b %Y}")
    after = trial_copy(account)
    ledger.book_cash(after, command.currency, -command.amount, "Withdrawal", state.now, [])
    check_margin_after(account, after, tags_of, "amount", "withdrawal")


def withdraw(state: FundingState, command: Withdraw, sink: list[Event]) -> None:
    account = state.accounts[command.account]
    ledger.book_cash(account, command.currency, -command.amount, "Withdrawal", state.now, sink)
    sink.append(FundsWithdrawn(account.account_id, command.currency, command.amount, state.now))
    state.funding.append(FundingRecord(state.now, FundingKind.WITHDRAWAL, account.account_id, "", command.currency,
                                       command.amount, "Withdrawal"))
    today = state.now.date()
    state.deposit_holds[:] = [h for h in state.deposit_holds if h.release > today]
