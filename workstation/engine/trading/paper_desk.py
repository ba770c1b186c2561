"""The Paper Trading Account Reset: ResetPaperAccount requested now and made at the pre-market step of the day it
takes effect (the rules and our choices: ``trading.paper``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.ledger.accounts import Account
from workstation.engine.ledger.booking import book_cash
from workstation.engine.margin.previous_day import adjust_previous_day_elv
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import ResetPaperAccount
from workstation.engine.messages.events import (
    CashBooked,
    Event,
    PaperAccountReset,
    PaperResetCancelled,
    PaperResetRequested,
)
from workstation.engine.messages.handlers import Handlers
from workstation.engine.partitions.timing import day_after_processing
from workstation.engine.trading.book import PaperState
from workstation.engine.trading.paper import (
    CANCELLED,
    DEFAULT_PAPER_TERMS,
    MADE,
    PAPER_CURRENCY,
    PAPER_RESET,
    PaperReset,
    PaperTerms,
    held_positions,
    working_orders_of,
)

RateOf = Callable[[str, str], Decimal]


class PaperDesk:
    """ResetPaperAccount over the state's ``paper_resets``, and the resets due at a pre-market step."""

    def __init__(self, state: PaperState, calendar: ExchangeCalendar, rate_of: RateOf,
                 terms: PaperTerms = DEFAULT_PAPER_TERMS) -> None:
        self._state = state
        self._calendar = calendar
        self._rate_of = rate_of
        self._terms = terms

    @property
    def terms(self) -> PaperTerms:
        return self._terms

    def handlers(self) -> Handlers:
        return {ResetPaperAccount: (self._validate, self._request)}

    def _in_the_way(self, account: Account) -> str:
        """Why the account cannot be reset now ("" when nothing is in the way): its positions, its working orders."""
        positions = held_positions(account)
        if positions:
            return (f"{account.account_id} holds {', '.join(positions)}: positions must be traded out before a "
                    "paper account is reset (its cash only is reset)")
        orders = working_orders_of(self._state, account.account_id)
        if orders:
            return (f"{account.account_id} has working orders {', '.join(f'#{o}' for o in orders)}: cancel them "
                    "before a paper account is reset")
        return ""

    def _validate(self, command: ResetPaperAccount) -> PaperReset:
        state = self._state
        account = state.accounts.get(command.account)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", "account", f"account {command.account} does not exist")
        if not account.paper:
            raise Rejection("NOT_A_PAPER_ACCOUNT", "account", f"{account.account_id} is a live account: only a paper "
                            "trading account (a DU account) is reset")
        offered = self._terms.reset_amounts
        if command.amount not in offered:
            raise Rejection("PAPER_RESET_AMOUNT", "amount", f"{command.amount:,f} USD is not offered; choose one of "
                            f"{', '.join(f'{a:,f}' for a in offered)} USD")
        waiting = self.pending(account.account_id)
        if waiting:
            raise Rejection("ALREADY_REQUESTED", "account", f"{account.account_id} already has a reset to "
                            f"{waiting[0].amount:,f} USD taking effect on {waiting[0].effective.isoformat()}")
        in_the_way = self._in_the_way(account)
        if in_the_way:
            code = "PAPER_RESET_POSITIONS" if held_positions(account) else "PAPER_RESET_WORKING_ORDERS"
            raise Rejection(code, "account", in_the_way)
        now = state.now
        return PaperReset(account.account_id, command.amount, day_after_processing(self._calendar, now), now)

    def _request(self, _command: ResetPaperAccount, reset: PaperReset, sink: list[Event]) -> None:
        self._state.paper_resets.append(reset)
        sink.append(PaperResetRequested(reset.account_id, reset.amount, reset.effective, reset.requested))

    def pending(self, account_id: str) -> list[PaperReset]:
        return [r for r in self._state.paper_resets if r.account_id == account_id and not r.outcome]

    def apply_due(self, sink: list[Event]) -> None:
        """At the pre-market step: make every reset due today, or cancel it, and keep what happened."""
        state = self._state
        resets = state.paper_resets
        today = state.now.astimezone(EASTERN).date()
        for index, reset in enumerate(resets):
            if reset.outcome or reset.effective > today:
                continue
            account = state.accounts[reset.account_id]
            in_the_way = self._in_the_way(account)
            if in_the_way:
                resets[index] = replace(reset, outcome=CANCELLED, reason=in_the_way, done=state.now)
                sink.append(PaperResetCancelled(account.account_id, reset.amount, in_the_way, state.now))
            else:
                changes = self._reset(account, reset.amount, sink)
                resets[index] = replace(reset, outcome=MADE, changes=changes, done=state.now)

    def _reset(self, account: Account, amount: Decimal, sink: list[Event]) -> tuple[tuple[str, Decimal], ...]:
        state, now = self._state, self._state.now
        booked: list[CashBooked] = []
        targets = {currency: Decimal(0) for currency in account.cash} | {PAPER_CURRENCY: amount}
        for currency in sorted(targets):
            change = targets[currency] - account.cash_in(currency)
            if change:
                book_cash(account, currency, change, PAPER_RESET, now, booked)  # type: ignore[arg-type]
        account.unsettled = ()
        account.unpaid = ()
        account.revision += 1
        adjust_previous_day_elv(state.previous_day_elv, state.accounts, booked, self._rate_of, _reset_moved)
        if account.account_id in state.sma:
            state.sma[account.account_id] = (amount * self._rate_of(PAPER_CURRENCY, account.base_currency)).quantize(
                Decimal("0.01"))
        sink.extend(booked)
        sink.append(PaperAccountReset(account.account_id, amount, now))
        return tuple((entry.currency, entry.amount) for entry in booked)


def _reset_moved(event: Event) -> list[tuple[str, str, Decimal]]:
    """The money a reset's ledger entry moved, for the previous-day equity (as a deposit's)."""
    if type(event) is CashBooked and event.reason == PAPER_RESET:
        return [(event.account_id, event.currency, event.amount)]
    return []
