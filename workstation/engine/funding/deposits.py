"""Deposits by method: when the money is credited, when it may leave again, and the ACH limit.

A deposit without a method is money IB already holds (every deposit before notifications existed): credited
at once, withdrawable after the wire's three business days. A notification (wire, ACH, check) waits,
pending and not counted, until the pre-market step of its credit day, where it arrives as ``FundsDeposited``
like trade cash settles (see ``FundingTerms`` for each method's days). Money deposited while the account's
deficit is being liquidated is not counted until the next business day: IB's liquidation does not wait for
deposits, and funds count only once they have cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from workstation.engine.core.account_rules import account_rule
from workstation.engine.core.errors import Rejection
from workstation.engine.funding.bank import bank_account, is_liquidating
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.checks import check_amount
from workstation.engine.funding.records import DepositHold, FundingKind, FundingRecord, PendingDeposit
from workstation.engine.funding.terms import USD_ONLY, DepositMethod, FundingTerms
from workstation.engine.ledger import booking as ledger
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import Deposit
from workstation.engine.messages.events import DepositNotified, Event, FundsDeposited

LIQUIDATION_WAIT = "deposited while the account's deficit was being liquidated: counted from the next business day"


def deposit_method(text: str) -> DepositMethod:
    try:
        return DepositMethod(text)
    except ValueError:
        raise Rejection("INVALID_METHOD", "method", f"{text!r} is not a deposit method: wire, ach or check "
                        "(none: money already received)") from None


def recent_business_days_start(calendar: ExchangeCalendar, today: date, count: int) -> date:
    """The first of the ``count`` most recent business days up to ``today`` (today included when it is one)."""
    day, found = today, 0
    while True:
        if calendar.is_business_day(day):
            found += 1
            if found == count:
                return day
        day = date.fromordinal(day.toordinal() - 1)


def ach_in_window(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, account_id: str) -> Decimal:
    """ACH deposits notified within the last ``ach_limit_days`` business days, pending or credited."""
    start = recent_business_days_start(calendar, state.now.date(), terms.ach_limit_days)
    ach = DepositMethod.ACH.value
    pending = sum((p.amount for p in state.pending_deposits if p.account == account_id and p.method == ach
                   and p.notified.date() >= start), Decimal(0))
    credited = sum((h.amount for h in state.deposit_holds if h.account == account_id and h.method == ach
                    and h.notified is not None and h.notified >= start), Decimal(0))
    return pending + credited


@account_rule
def check_ach_limit(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, command: Deposit) -> None:
    """IB limits ACH deposits to USD 100,000 over seven business days."""
    used = ach_in_window(state, calendar, terms, command.account)
    left = max(terms.ach_limit - used, Decimal(0))
    if command.amount > left:
        raise Rejection("ACH_LIMIT", "amount", f"ACH deposits are limited to {terms.ach_limit:,.2f} USD over "
                        f"{terms.ach_limit_days} business days; {used:,.2f} USD have been deposited by ACH in that "
                        f"time, so at most {left:,.2f} USD more can be; send a wire for the rest")


def validate_deposit(state: FundingState, calendar: ExchangeCalendar, can_convert: Callable[[str, str], bool],
                     terms: FundingTerms, command: Deposit) -> PendingDeposit:
    """The deposit as it will be credited: its credit day and the days it may be withdrawn from."""
    account = bank_account(state, command.account)
    check_amount(command.currency, command.amount)
    method = deposit_method(command.method)
    if not can_convert(command.currency, account.base_currency):
        raise Rejection("INVALID_CURRENCY", "currency", f"{command.currency} cannot be valued in "
                        f"{account.base_currency}, the account's base currency")
    if method in USD_ONLY and command.currency != "USD":
        raise Rejection("METHOD_NOT_AVAILABLE", "method", f"{method.value} deposits are taken in USD only, not "
                        f"{command.currency}; send a wire")
    if method is DepositMethod.ACH:
        if not command.bank.strip():
            raise Rejection("MISSING_BANK", "bank", "an ACH deposit is pulled from a linked bank: name it")
        check_ach_limit(state, calendar, terms, command)
    try:
        return _schedule(state, calendar, terms, command, method)
    except ValueError:
        raise Rejection("INVALID_TIME", "account",
                        "the deposit's hold would end beyond the exchange calendar") from None


def _schedule(state: FundingState, calendar: ExchangeCalendar, terms: FundingTerms, command: Deposit,
              method: DepositMethod) -> PendingDeposit:
    today = state.now.date()
    after = calendar.business_day_after
    other_bank = None
    if method is DepositMethod.RECEIVED:
        credited = today
        withdrawable = after(today, terms.wire_hold_days)
    elif method is DepositMethod.WIRE:
        credited = after(today, terms.wire_arrival_days) if terms.wire_arrival_days else today
        withdrawable = after(credited, terms.wire_hold_days)
    elif method is DepositMethod.ACH:
        credited = withdrawable = after(today, terms.ach_credit_days)
        other_bank = after(today, terms.ach_other_bank_hold_days)
    else:
        credited = withdrawable = after(today, terms.check_hold_days + 1)
    reason = ""
    if credited == today and is_liquidating(state, command.account):
        credited, reason = after(today), LIQUIDATION_WAIT
        withdrawable = max(withdrawable, credited)
    return PendingDeposit(command.account, command.currency, command.amount, method.value, command.bank.strip(),
                          state.now, credited, withdrawable, other_bank, reason)


def deposit(state: FundingState, pending: PendingDeposit, sink: list[Event]) -> None:
    """Credit the deposit now, or keep it pending until its credit day."""
    if pending.credited_on <= state.now.date():
        if pending.method:
            sink.append(_notified(pending))
        credit(state, pending, sink)
        return
    sink.append(_notified(pending))
    state.pending_deposits.append(pending)


def _notified(pending: PendingDeposit) -> DepositNotified:
    return DepositNotified(pending.account, pending.currency, pending.amount, pending.method, pending.bank,
                           pending.credited_on, pending.withdrawable_on, pending.notified)


def credit(state: FundingState, pending: PendingDeposit, sink: list[Event]) -> FundsDeposited:
    account = state.accounts[pending.account]
    ledger.book_cash(account, pending.currency, pending.amount, "Deposit", state.now, sink)
    release = pending.withdrawable_on
    state.deposit_holds.append(DepositHold(account.account_id, pending.currency, pending.amount, release,
                                           pending.bank, pending.other_bank_on, pending.method,
                                           pending.notified.date()))
    event = FundsDeposited(account.account_id, pending.currency, pending.amount, release, state.now,
                           pending.method, pending.bank)
    sink.append(event)
    state.funding.append(FundingRecord(state.now, FundingKind.DEPOSIT, account.account_id, "", pending.currency,
                                       pending.amount, _description(pending), method=pending.method,
                                       bank=pending.bank, available_on=release))
    return event


def _description(pending: PendingDeposit) -> str:
    release = f"withdrawable from {pending.withdrawable_on:%d %b %Y}"
    if not pending.method and not pending.bank and not pending.reason:
        return f"Deposit, {release}"  # the wording of every deposit before methods existed
    method = {"": "Deposit", "ach": "ACH deposit"}.get(pending.method, f"{pending.method.capitalize()} deposit")
    source = f" from {pending.bank}" if pending.bank else ""
    other = f" (to another bank from {pending.other_bank_on:%d %b %Y})" if pending.other_bank_on else ""
    waited = f"; {pending.reason}" if pending.reason else ""
    return f"{method}{source}, {release}{other}{waited}"


def arrive_due(state: FundingState, sink: list[Event]) -> list[Event]:
    """Credit every pending deposit whose day has come (the pre-market step); the ``FundsDeposited`` events."""
    today = state.now.date()
    due = [p for p in state.pending_deposits if p.credited_on <= today]
    if not due:
        return []
    state.pending_deposits[:] = [p for p in state.pending_deposits if p.credited_on > today]
    return [credit(state, pending, sink) for pending in due]
