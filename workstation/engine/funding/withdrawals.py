"""Withdrawals to the holder's bank: within the cash not held, never from an account in a margin deficit,
leaving margin whole, within the security device's daily and five-business-day limits (above them only an
"exceptional withdrawal" to a bank that deposited before), and one free a calendar month, then IB's fee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workstation.engine.core.account_rules import account_rule
from workstation.engine.core.errors import Rejection
from workstation.engine.funding.bank import (
    bank_account,
    check_no_deficit,
    held_deposits,
    release_holds,
    withdrawable_cash,
)
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.checks import TagsOf, check_amount, check_balance, check_margin_after, trial_copy
from workstation.engine.funding.deposits import recent_business_days_start
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.funding.terms import FundingTerms, SecurityDevice, WithdrawalMethod
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import Withdraw
from workstation.engine.messages.events import Event, FundsWithdrawn, WithdrawalFeeCharged

RateOf = Callable[[str, str], Decimal]
LIMIT_CURRENCY = "USD"
FIVE_DAYS = 5


@dataclass(frozen=True, slots=True)
class WithdrawalPlan:
    """What a validated withdrawal books: its fee (zero for the month's free one) and whether it is exceptional."""

    fee: Decimal
    exceptional: str


def withdrawal_method(text: str) -> WithdrawalMethod:
    try:
        return WithdrawalMethod(text or WithdrawalMethod.WIRE.value)
    except ValueError:
        raise Rejection("INVALID_METHOD", "method", f"{text!r} is not a withdrawal method: wire, ach or check") \
            from None


def withdrawals_this_month(state: FundingState, account_id: str) -> int:
    now = state.now.astimezone(EASTERN)
    return sum(1 for r in state.funding if r.kind is FundingKind.WITHDRAWAL and r.account == account_id
               and (t := r.time.astimezone(EASTERN)).year == now.year and t.month == now.month)


def fee_due(state: FundingState, terms: FundingTerms, command: Withdraw, method: WithdrawalMethod) -> Decimal:
    if not command.method:
        # A withdrawal that names no method was written before withdrawal methods and fees existed (a journal
        # replayed now, the Transfers dialog): it pays none, so replaying an old database cannot take money
        # its holder never paid.
        return Decimal(0)
    fee = terms.withdrawal_fee(command.currency, method)
    if fee is None:
        raise Rejection("METHOD_NOT_AVAILABLE", "method", f"IB sends no {method.value} withdrawals in "
                        f"{command.currency}; withdraw by wire")
    return fee if withdrawals_this_month(state, command.account) >= terms.free_withdrawals_per_month else Decimal(0)


def withdrawn_since(state: FundingState, rate: RateOf, account_id: str, start: date) -> Decimal:
    """The account's withdrawals from ``start`` on, in USD (at today's rates)."""
    return sum((r.amount * rate(r.currency, LIMIT_CURRENCY) for r in state.funding
                if r.kind is FundingKind.WITHDRAWAL and r.account == account_id
                and r.time.astimezone(EASTERN).date() >= start), Decimal(0))


def deposit_banks(state: FundingState, account_id: str) -> set[str]:
    """The banks money was deposited from (empty text: the bank on file)."""
    return {r.bank for r in state.funding if r.kind is FundingKind.DEPOSIT and r.account == account_id}


@account_rule
def check_limits(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, rate: RateOf,
                 command: Withdraw) -> str:
    """IB's withdrawal limits by security device, per day and per five business days (in USD). Above them
    the withdrawal is exceptional: sent only to a bank that deposited before. Returns why it is exceptional."""
    device = state.security_devices.get(command.account, SecurityDevice.NONE)
    limits = terms.limits.get(device)
    if limits is None:
        return ""
    daily, weekly = limits
    today = state.now.astimezone(EASTERN).date()
    amount = command.amount * rate(command.currency, LIMIT_CURRENCY)
    used_today = withdrawn_since(state, rate, command.account, today)
    used_week = withdrawn_since(state, rate, command.account,
                                recent_business_days_start(calendar, today, FIVE_DAYS))
    over = []
    if amount + used_today > daily:
        over.append(f"the daily limit of {daily:,.2f} USD ({max(daily - used_today, 0):,.2f} left today)")
    if amount + used_week > weekly:
        over.append(f"the limit of {weekly:,.2f} USD per {FIVE_DAYS} business days "
                    f"({max(weekly - used_week, 0):,.2f} left)")
    if not over:
        return ""
    reason = f"above {' and '.join(over)} for security device {device.value}"
    bank = command.bank.strip()
    if bank in deposit_banks(state, command.account):
        return reason
    named = f"bank {bank!r}" if bank else "the bank on file"
    raise Rejection("WITHDRAWAL_LIMIT", "amount", f"{command.amount:,.2f} {command.currency} is {reason}; an "
                    f"exceptional withdrawal is sent only to a bank that deposited to {command.account} before, "
                    f"and {named} has not; withdraw less, or contact Client Services with documents")


@dataclass(frozen=True, slots=True)
class WithdrawalOutlook:
    """What the next withdrawal of ``currency`` by ``method`` meets, for Withdraw Funds' page: the security device and
    its limits (None: unlimited) with what is left of them today and over five business days (in USD, withdrawals in
    other currencies at today's rate), the free withdrawals left this calendar month, and the fee it would pay (None:
    IB sends no such withdrawal)."""

    device: SecurityDevice
    limits: tuple[Decimal, Decimal] | None
    left_today: Decimal | None
    left_five_days: Decimal | None
    free_left: int
    fee: Decimal | None


def withdrawal_outlook(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, rate: RateOf,
                       account_id: str, currency: str, method: WithdrawalMethod) -> WithdrawalOutlook:
    device = state.security_devices.get(account_id, SecurityDevice.NONE)
    limits = terms.limits.get(device)
    free_left = max(terms.free_withdrawals_per_month - withdrawals_this_month(state, account_id), 0)
    fee = terms.withdrawal_fee(currency, method)
    if fee is not None and free_left:
        fee = Decimal(0)
    if limits is None:
        return WithdrawalOutlook(device, None, None, None, free_left, fee)
    today = state.now.astimezone(EASTERN).date()
    used_today = withdrawn_since(state, rate, account_id, today)
    used_week = withdrawn_since(state, rate, account_id, recent_business_days_start(calendar, today, FIVE_DAYS))
    return WithdrawalOutlook(device, limits, max(limits[0] - used_today, Decimal(0)),
                             max(limits[1] - used_week, Decimal(0)), free_left, fee)


def validate_withdrawal(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, tags_of: TagsOf,
                        rate: RateOf, command: Withdraw) -> WithdrawalPlan:
    account = bank_account(state, command.account)
    check_amount(command.currency, command.amount)
    method = withdrawal_method(command.method)
    fee = fee_due(state, terms, command, method)
    check_no_deficit(state, account, tags_of, "account", "withdrawal")
    check_balance(account, command.currency, command.amount, "withdraw")
    bank = command.bank.strip()
    free = withdrawable_cash(state, account.account_id, command.currency, bank)
    if command.amount > free:
        held, release = held_deposits(state, account.account_id, command.currency, bank)
        raise Rejection("FUNDS_ON_HOLD", "amount", f"at most {free:,.2f} {command.currency} can be withdrawn now; "
                        f"{held:,.2f} {command.currency} of deposits are held until {release:%d %b %Y}")
    if fee and command.amount + fee > account.cash_in(command.currency):
        raise Rejection("INSUFFICIENT_CASH", "amount", f"the withdrawal and its fee of {fee:,.2f} "
                        f"{command.currency} (the month's free withdrawal is used) come to more than the "
                        f"{account.cash_in(command.currency):,.2f} {command.currency} held")
    after = trial_copy(account)
    ledger.book_cash(after, command.currency, -(command.amount + fee), "Withdrawal", state.now, [])
    check_margin_after(account, after, tags_of, "amount", "withdrawal")
    exceptional = check_limits(state, calendar, terms, rate, command) or ""
    return WithdrawalPlan(fee, exceptional)


def withdraw(state: FundingState, command: Withdraw, plan: WithdrawalPlan, sink: list[Event]) -> None:
    account = state.accounts[command.account]
    bank, method = command.bank.strip(), command.method
    ledger.book_cash(account, command.currency, -command.amount, "Withdrawal", state.now, sink)
    sink.append(FundsWithdrawn(account.account_id, command.currency, command.amount, state.now, bank, method))
    state.funding.append(FundingRecord(state.now, FundingKind.WITHDRAWAL, account.account_id, "", command.currency,
                                       command.amount, _description(bank, method, plan), method=method, bank=bank))
    if plan.fee:
        _charge_fee(state, account, command, plan.fee, sink)
    release_holds(state)


def _charge_fee(state: FundingState, account: Account, command: Withdraw, fee: Decimal, sink: list[Event]) -> None:
    method = command.method or WithdrawalMethod.WIRE.value
    ledger.book_cash(account, command.currency, -fee, "Withdrawal fee", state.now, sink)
    sink.append(WithdrawalFeeCharged(account.account_id, command.currency, fee, method, state.now))
    month = state.now.astimezone(EASTERN)
    label = method.upper() if method == WithdrawalMethod.ACH.value else method.capitalize()
    state.funding.append(FundingRecord(state.now, FundingKind.WITHDRAWAL_FEE, account.account_id, "",
                                       command.currency, fee, f"{label} withdrawal fee: not the first withdrawal "
                                       f"of {month:%B %Y}", method=method))


def _description(bank: str, method: str, plan: WithdrawalPlan) -> str:
    if not bank and not method and not plan.exceptional:
        return "Withdrawal"  # the wording of every withdrawal before banks were named
    by = f" by {'ACH' if method == WithdrawalMethod.ACH.value else method}" if method else ""
    to = f" to {bank}" if bank else " to the bank on file"
    exceptional = f"; exceptional ({plan.exceptional}), to a bank that deposited before" if plan.exceptional else ""
    return f"Withdrawal{by}{to}{exceptional}"
