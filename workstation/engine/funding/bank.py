"""What deposits and withdrawals share: the account the bank deals with, the money held back from a
withdrawal, and IB's margin compliance rule that no money moves out of an account in a margin deficit.

A partition is funded by its parent, never by the bank directly.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workstation.engine.core.account_rules import account_rule
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejection
from workstation.engine.funding.book import FundingState
from workstation.engine.funding.checks import TagsOf, existing
from workstation.engine.funding.terms import FUNDING_TERMS
from workstation.engine.ledger.accounts import Account

HOLD_BUSINESS_DAYS = FUNDING_TERMS.wire_hold_days
"""The hold of a deposit IB has received (a deposit without a method), as the Transfers dialog words it."""

DEFICIT_POLICY = ("IBKR's margin compliance policy does not allow for transfers or other deposits if there is a "
                  "margin violation/deficit in the account")
"""IB's words (ibkr.info, "Will IBKR delay liquidation while I deposit funds in my account?")."""


def bank_account(state: FundingState, account_id: str) -> Account:
    account = existing(state, account_id, "account")
    partition = state.partitions.get(account_id)
    if partition is not None:
        raise Rejection("PARTITION_FUNDED_BY_PARENT", "account", f"{account_id} is a partition; move money in and "
                        f"out of it with a fund transfer from or to its parent {partition.parent}")
    return account


def is_liquidating(state: FundingState, account_id: str) -> bool:
    """Whether the account's liquidation orders are still working (the liquidator's mark)."""
    return any(i in state.working for i in state.liquidations.get(account_id, ()))


def deficit_of(state: FundingState, account: Account, tags_of: TagsOf) -> str:
    """How the account is in a margin deficit ('' when it is not): being liquidated, sheltered by Soft
    Edge Margin until 15:45 ET, or with Excess Liquidity below zero (outside hours, before the liquidator runs)."""
    account_id = account.account_id
    if is_liquidating(state, account_id):
        return "is being liquidated for a margin deficit"
    if account_id in state.soft_edge:
        return "is in a margin deficit that Soft Edge Margin shelters until 15:45 ET"
    if account.positions and not account.is_advisor:
        excess = tags_of(account)[AccountTag.EXCESS_LIQUIDITY]
        if excess < 0:
            return f"is in a margin deficit (excess liquidity {excess:,.2f} {account.base_currency})"
    return ""


@account_rule
def check_no_deficit(state: FundingState, account: Account, tags_of: TagsOf, field: str, verb: str) -> None:
    """No money leaves (and no transfer reaches) an account in a margin deficit until it is cleared."""
    deficit = deficit_of(state, account, tags_of)
    if deficit:
        raise Rejection("MARGIN_DEFICIT", field, f"{account.account_id} {deficit}: {DEFICIT_POLICY}; make the "
                        f"{verb} once the deficit is cleared")


def held_deposits(state: FundingState, account_id: str, currency: str, bank: str | None = None
                  ) -> tuple[Decimal, date | None]:
    """Deposits of ``currency`` still held back from a withdrawal to ``bank`` today (None: to the bank each
    came from), and the day the last of them is released."""
    today = state.now.date()
    holds = [h for h in state.deposit_holds if h.account == account_id and h.currency == currency
             and h.holds(today, bank)]
    releases = [h.release if h.release > today else h.other_bank_release for h in holds]
    return sum((h.amount for h in holds), Decimal(0)), max((r for r in releases if r is not None), default=None)


def withdrawable_cash(state: FundingState, account_id: str, currency: str, bank: str | None = None) -> Decimal:
    """The cash of ``currency`` that is not held (before the margin check), to ``bank`` (None: to the bank
    each deposit came from)."""
    held, _ = held_deposits(state, account_id, currency, bank)
    return max(state.accounts[account_id].cash_in(currency) - held, Decimal(0))


def release_holds(state: FundingState) -> None:
    """Forget the holds that hold nothing back any more."""
    today = state.now.date()
    state.deposit_holds[:] = [h for h in state.deposit_holds if h.release > today or (
        h.other_bank_release is not None and h.other_bank_release > today)]
