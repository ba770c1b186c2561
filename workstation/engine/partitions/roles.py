"""Who may see and trade what (ib-domain §7, PART-CP). A login sees: as an advisor, its master and
its clients (a partition it manages is one); as an individual, the accounts it holds and their
partitions; as a partition's own login, the partition. Once an account is partitioned, the advisor
or broker trades the partition and nothing else of the parent; the parent's holder monitors the
partition (positions, activity, margin, balances) but does not trade it, and keeps trading the rest."""

from __future__ import annotations

from workstation.engine.core.errors import Rejection
from workstation.engine.ledger.accounts import Account
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.partitions.records import Partition
from workstation.engine.partitions.users import login_account


def partition_of(state: PartitionsState, account_id: str) -> Partition | None:
    """The partition whose child account is ``account_id``, if it is one."""
    return state.partitions.get(account_id)


def partition_of_parent(state: PartitionsState, parent: str) -> Partition | None:
    """The partition requested for ``parent`` (pending or open); IB allows one at a time."""
    return next((p for p in state.partitions.values() if p.parent == parent), None)


def holder_of(account: Account) -> str:
    """The individual login that holds ``account``: its ``holder``, or the account itself."""
    return account.holder or account.account_id


def visible_accounts(state: PartitionsState, login: str) -> frozenset[str]:
    """The accounts ``login`` may see (empty for a login that is no account here)."""
    account = state.accounts.get(login)
    if account is None:
        return frozenset()
    if account.is_advisor:
        return frozenset([login, *(a.account_id for a in state.accounts.values() if a.advisor == login)])
    if account.parent is not None:
        return frozenset([login])
    root = holder_of(account)
    held = {a.account_id for a in state.accounts.values()
            if a.parent is None and not a.is_advisor and holder_of(a) == root}
    return frozenset(held | {a.account_id for a in state.accounts.values() if a.parent in held})


def check_entry(state: PartitionsState, entered_by: str | None, account_id: str) -> None:
    """Refuse an order on ``account_id`` (which must exist) entered by login ``entered_by`` that
    the login may not trade. An advisor login trades its clients (and allocates from its own
    master); an individual login trades the individual accounts, never a partition, which only its
    advisor trades. ``None`` is the account's own holder, as for a scenario's orders."""
    account = state.accounts[account_id]
    entered_by = login_account(state, entered_by, account_id)  # a user acts as the account it has a role on
    login = None if entered_by is None else state.accounts.get(entered_by)
    if entered_by is not None and login is None:
        raise Rejection("UNKNOWN_LOGIN", "entered_by", f"{entered_by} is not an account here")
    if login is not None and login.is_advisor:
        if entered_by == account_id or account.advisor == entered_by:
            return
        raise Rejection("NOT_ADVISOR_CLIENT", "account", f"{account_id} is not managed by {entered_by}; an advisor "
                        "trades only its clients' accounts")
    partition = partition_of(state, account_id)
    if partition is not None:
        raise Rejection("PARTITION_MONITOR_ONLY",
                        "account", f"{account_id} is {partition.describe()}; its holder {partition.parent} "
                        "monitors it but only the advisor trades it")
    if login is not None and (account.is_advisor or account.advisor is not None):
        raise Rejection("NOT_ACCOUNT_HOLDER", "account", f"{account_id} is managed by "
                        f"{account.advisor or account_id}; {entered_by} may not trade it")
    if login is not None and holder_of(account) != holder_of(login):
        raise Rejection("NOT_ACCOUNT_HOLDER", "account", f"{account_id} belongs to another customer; "
                        f"{entered_by} trades only the accounts it holds")
