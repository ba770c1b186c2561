"""Checks shared by deposits, withdrawals and transfers: amounts, currencies, and margin after the
movement, tried on copies of the accounts so nothing changes until it is accepted."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.book import FundingState
from workstation.engine.ledger.accounts import Account

TagsOf = Callable[[Account], dict[str, Decimal]]
"""Every account-value tag of an account object (balances and margin), which may be a trial copy."""

CENT = Decimal("0.01")
_LARGEST_AMOUNT = Decimal("1e12")


def existing(state: FundingState, account_id: str, field: str) -> Account:
    account = state.accounts.get(account_id)
    if account is None:
        raise Rejection("UNKNOWN_ACCOUNT", field, f"account {account_id} does not exist")
    if account.is_advisor:
        raise Rejection("ADVISOR_HOLDS_NO_POSITIONS", field, f"{account_id} is an advisor master; it holds "
                        "no client money to move")
    return account


def check_amount(currency: str, amount: Decimal) -> None:
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise Rejection("INVALID_CURRENCY", "currency", f"{currency!r} is not a currency code such as USD")
    if not amount.is_finite() or amount <= 0 or amount >= _LARGEST_AMOUNT or amount != amount.quantize(CENT):
        raise Rejection("INVALID_AMOUNT", "amount", f"{amount} must be a positive amount in whole cents")


def check_balance(account: Account, currency: str, amount: Decimal, verb: str) -> None:
    """The account must hold ``amount`` of ``currency`` itself: no loan, no conversion."""
    held = account.cash_in(currency)
    if held < amount:
        holding = f"holds {held:,.2f} {currency}" if held > 0 else f"holds no {currency} cash"
        raise Rejection("INSUFFICIENT_CASH", "amount", f"{account.account_id} {holding}, less than the "
                        f"{amount:,.2f} to {verb}; IB does not convert currencies for you: convert with an FX "
                        "order first")


def trial_copy(account: Account) -> Account:
    """A copy that a movement can be tried on without touching the original."""
    return replace(account, cash=dict(account.cash),
                   positions={symbol: copy.copy(p) for symbol, p in account.positions.items()})


def check_margin_after(before: Account, after: Account, tags_of: TagsOf, field: str, verb: str) -> None:
    """Refuse a movement that leaves a margin account short of initial or maintenance margin (or
    more short than it was): Available Funds and Excess Liquidity must stay at or above zero. A cash
    account's requirement is the cash its short puts and spreads commit, which it may not move either."""
    if not before.is_margined and before.account_type is not AccountType.CASH:
        return
    old, new = tags_of(before), tags_of(after)
    for tag, label in ((AccountTag.EXCESS_LIQUIDITY, "excess liquidity"),
                       (AccountTag.AVAILABLE_FUNDS, "available funds")):
        if new[tag] < 0 and new[tag] < old[tag]:
            raise Rejection("MARGIN_DEFICIT", field, f"the {verb} would leave {before.account_id} with {label} "
                            f"of {new[tag]:,.2f} {before.base_currency} (now {old[tag]:,.2f})")
