"""Previous Day Equity with Loan Value between closes: money moved after the 16:00 ET close adjusts it.

IB records the value at the close ("Marginable Equity with Loan Value as of 16:00 ET the previous day") and
treats "net deposits and withdrawals ... after 4:15 PM ET" as adjustments to the previous day's equity
(IB's pattern day trading page, f=marginnew&p=daytrade; mirror:
https://royaltrade.exchange/en/index39d7.html?f=marginnew&p=daytrade). Decision D9.1 applies the
same to PreviousDayEquityWithLoanValue: a deposit, a withdrawal or a Fund Transfer between a parent and
its partition booked since the last close moves the stored value by the amount in the account's base
currency, so BuyingPower (min(ELV, previous) - IM) follows the money the same day. Fees and trades do not.
Cash settled at the pre-market step moves a cash account's stored value the same way (its ELV is its
settled cash); the session passes those ``CashSettled`` events here when it settles them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import CashSettled, CashTransferred, Event, FundsDeposited, FundsWithdrawn

RateOf = Callable[[str, str], Decimal]
_CENT = Decimal("0.01")


def money_moved(event: Event) -> list[tuple[str, str, Decimal]]:
    """The (account, currency, signed amount) a deposit, withdrawal or transfer moved; [] for other events."""
    kind = type(event)
    if kind is FundsDeposited:
        return [(event.account, event.currency, event.amount)]  # type: ignore[attr-defined]
    if kind is FundsWithdrawn:
        return [(event.account, event.currency, -event.amount)]  # type: ignore[attr-defined]
    if kind is CashTransferred:
        return [(event.from_account, event.currency, -event.amount),  # type: ignore[attr-defined]
                (event.to_account, event.currency, event.amount)]  # type: ignore[attr-defined]
    return []


def cash_settled(event: Event) -> list[tuple[str, str, Decimal]]:
    """The (account, currency, amount) a ``CashSettled`` event added to settled cash; [] for other events."""
    if type(event) is CashSettled:
        return [(event.account_id, event.currency, event.amount)]  # type: ignore[attr-defined]
    return []


def adjust_previous_day_elv(previous_day_elv: dict[str, Decimal], accounts: dict[str, Account],
                            events: Iterable[Event], rate_of: RateOf,
                            moved: Callable[[Event], list[tuple[str, str, Decimal]]] = money_moved) -> None:
    """Add the money ``events`` moved (as ``moved`` reads them) to each account's stored value. Accounts
    without one yet (opened by these events) are skipped: their value is fixed afterwards from their ELV,
    which already holds it."""
    for event in events:
        for account_id, currency, amount in moved(event):
            stored = previous_day_elv.get(account_id)
            if stored is not None:
                change = amount * rate_of(currency, accounts[account_id].base_currency)
                previous_day_elv[account_id] = (stored + change).quantize(_CENT) + 0
