"""The engine's funding commands (``Deposit``, ``Withdraw``, ``SetSecurityDevice``), the clock's arrival of
pending deposits at the pre-market step, and the funding reads (Transaction History, money not yet free).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from workstation.engine.core.errors import Rejected, Rejection
from workstation.engine.funding import deposits, withdrawals
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.checks import TagsOf, existing
from workstation.engine.funding.history import (
    RefusedFunding,
    Transaction,
    WaitingMoney,
    transaction_history,
    waiting_money,
)
from workstation.engine.funding.terms import FUNDING_TERMS, FundingTerms, SecurityDevice, WithdrawalMethod
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import Command, Deposit, SetSecurityDevice, Withdraw
from workstation.engine.messages.events import Event, SecurityDeviceSet
from workstation.engine.messages.handlers import Handlers

RateOf = Callable[[str, str], Decimal]


class FundingDesk:
    def __init__(self, state: FundingState, calendar: ExchangeCalendar, tags_of: TagsOf, rate: RateOf,
                 can_convert: Callable[[str, str], bool], terms: FundingTerms = FUNDING_TERMS) -> None:
        self._state = state
        self._calendar = calendar
        self._tags_of = tags_of
        self._rate = rate
        self._can_convert = can_convert
        self.terms = terms
        self._refused = RefusedFunding()  # a read model, not state

    def handlers(self) -> Handlers:
        state, calendar, terms = self._state, self._calendar, self.terms
        return {
            Deposit: (lambda c: deposits.validate_deposit(state, calendar, self._can_convert, terms, c),
                      lambda _c, pending, sink: deposits.deposit(state, pending, sink)),
            Withdraw: (lambda c: withdrawals.validate_withdrawal(state, calendar, terms, self._tags_of, self._rate, c),
                       lambda c, plan, sink: withdrawals.withdraw(state, c, plan, sink)),
            SetSecurityDevice: (self._validate_device, self._set_device),
        }

    def _validate_device(self, command: SetSecurityDevice) -> SecurityDevice:
        existing(self._state, command.account, "account")
        try:
            return SecurityDevice(command.device)
        except ValueError:
            names = ", ".join(d.value for d in SecurityDevice)
            raise Rejection("INVALID_DEVICE", "device", f"{command.device!r} is not a security device: {names}") \
                from None

    def _set_device(self, command: SetSecurityDevice, device: SecurityDevice, sink: list[Event]) -> None:
        self._state.security_devices[command.account] = device
        sink.append(SecurityDeviceSet(command.account, device.value, self._state.now))

    # -- clock -----------------------------------------------------------------------------------

    def arrive_due(self, sink: list[Event]) -> list[Event]:
        """Credit the pending deposits due today (the pre-market step); their ``FundsDeposited`` events."""
        return deposits.arrive_due(self._state, sink)

    # -- refusals and reads ----------------------------------------------------------------------

    def refused(self, command: Command, rejected: Rejected) -> None:
        """Keep a refused deposit or withdrawal for the Transaction History."""
        if isinstance(command, (Deposit, Withdraw)):
            self._refused.add(command, rejected, self._state.now)

    def transaction_history(self, account_id: str, start: date | None = None, end: date | None = None
                            ) -> list[Transaction]:
        return transaction_history(self._state, self._refused, account_id, start, end)

    def waiting_money(self, account_id: str) -> list[WaitingMoney]:
        return waiting_money(self._state, account_id)

    def withdrawal_outlook(self, account_id: str, currency: str, method: str) -> withdrawals.WithdrawalOutlook:
        """KeyError for an account that does not exist, ValueError for a method that is not wire, ach or check."""
        if account_id not in self._state.accounts:
            raise KeyError(f"account: {account_id} does not exist")
        return withdrawals.withdrawal_outlook(self._state, self._calendar, self.terms, self._rate, account_id,
                                              currency, WithdrawalMethod(method))

    def security_device(self, account_id: str) -> SecurityDevice:
        return self._state.security_devices.get(account_id, SecurityDevice.NONE)
