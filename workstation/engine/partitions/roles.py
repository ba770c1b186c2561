"""Who may trade what once an account is partitioned (ib-domain §7, PART-CP): the advisor or broker
trades the partition and nothing else of the parent; the parent's holder monitors the partition
(positions, activity, margin, balances) but does not trade it, and keeps trading the rest."""

from __future__ import annotations

from workstation.engine.errors import Rejection
from workstation.engine.partitions.records import Partition
from workstation.engine.state import EngineState


def partition_of(state: EngineState, account_id: str) -> Partition | None:
    """The partition whose child account is ``account_id``, if it is one."""
    return state.partitions.get(account_id)


def partition_of_parent(state: EngineState, parent: str) -> Partition | None:
    """The partition requested for ``parent`` (pending or open); IB allows one at a time."""
    return next((p for p in state.partitions.values() if p.parent == parent), None)


def check_entry(state: EngineState, entered_by: str | None, account_id: str) -> None:
    """Refuse an order on ``account_id`` entered by login ``entered_by`` (None: by the account's
    own holder) that the login may not trade. The account must exist."""
    account = state.accounts[account_id]
    partition = partition_of(state, account_id)
    if entered_by is None or entered_by == partition_parent(partition):
        if partition is not None:
            raise Rejection("PARTITION_MONITOR_ONLY",
                            f"account: {account_id} is {partition.describe()}; its holder {partition.parent} "
                            "monitors it but only the advisor trades it")
        return
    login = state.accounts.get(entered_by)
    if login is None:
        raise Rejection("UNKNOWN_LOGIN", f"entered_by: {entered_by} is not an account here")
    if entered_by == account_id or (login.is_advisor and account.advisor == entered_by):
        return
    if login.is_advisor:
        raise Rejection("NOT_ADVISOR_CLIENT", f"account: {account_id} is not managed by {entered_by}; an advisor "
                        "trades only its clients' accounts")
    raise Rejection("NOT_ACCOUNT_HOLDER", f"account: {entered_by} may not trade account {account_id}")


def partition_parent(partition: Partition | None) -> str | None:
    return None if partition is None else partition.parent
