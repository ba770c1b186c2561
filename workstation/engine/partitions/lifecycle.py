"""A partition's life: requested (one at a time per account), then opened as a child account at
its cut-off on the simulated clock, when its advisor's master account is opened too if it is new
here. The provider cannot refuse the request (PART-CP's rules; its step 7 says otherwise, and we
follow the rules, see ib-domain §7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Permission
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import OpenAccount, RequestPartition
from workstation.engine.messages.events import Event, PartitionOpened, PartitionRequested
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.partitions.permissions import inherit_permissions
from workstation.engine.partitions.records import Partition, PartitionStatus, PerformancePoint
from workstation.engine.partitions.roles import partition_of_parent
from workstation.engine.partitions.timing import partition_ready_time


def validate_request(state: PartitionsState, calendar: ExchangeCalendar, command: RequestPartition) -> Partition:
    """Check a request; returns the partition it would create, pending."""
    account = state.accounts.get(command.account)
    if account is None:
        raise Rejection("UNKNOWN_ACCOUNT", "account", f"account {command.account} does not exist")
    if account.is_advisor or account.advisor is not None or account.parent is not None:
        what = ("an advisor master" if account.is_advisor else f"managed by {account.advisor}" if account.advisor
                else f"itself a partition of {account.parent}")
        raise Rejection("NOT_INDIVIDUAL_ACCOUNT", "account", f"{command.account} is {what}; partitions are created "
                        "from an individual account")
    existing = partition_of_parent(state, command.account)
    if existing is not None:
        when = "open" if existing.is_open else f"pending, opening {existing.ready_at:%H:%M ET on %a %d %b %Y}"
        raise Rejection("ONE_PARTITION_AT_A_TIME", "account", f"{command.account} already has {existing.describe()}, "
                        f"{when}; IB allows one partition at a time")
    advisor = command.advisor
    if not advisor or advisor != advisor.strip() or advisor == command.account:
        raise Rejection("INVALID_ADVISOR", "advisor", f"{advisor!r} is not a marketplace advisor or broker")
    known = state.accounts.get(advisor)
    if known is not None and not known.is_advisor:
        raise Rejection("INVALID_ADVISOR", "advisor", f"{advisor} is a client account here, not an advisor or broker")
    if not command.advisor_name.strip():
        raise Rejection("INVALID_ADVISOR", "advisor_name", "the provider's name is needed for statements and fees")
    try:
        entitlements = [Permission.parse(text) for text in command.entitlements]
    except ValueError as error:
        raise Rejection("INVALID_PERMISSION", "entitlements", str(error)) from None
    permissions, removed = inherit_permissions(account.permissions, entitlements)
    if not permissions:
        raise Rejection("NO_COMMON_PERMISSION", "entitlements", f"{command.advisor_name} is entitled to none of "
                        f"{command.account}'s trading permissions, so the partition could trade nothing")
    try:
        ready = partition_ready_time(calendar, state.now)
    except ValueError as error:
        raise Rejection("INVALID_TIME", "account", str(error)) from None
    return Partition(_new_id(state, command.account), command.account, advisor, command.advisor_name.strip(),
                     command.fees, permissions, removed, state.now, ready)


def _new_id(state: PartitionsState, parent: str) -> str:
    number = 1
    while f"{parent}-P{number}" in state.accounts or f"{parent}-P{number}" in state.partitions:
        number += 1
    return f"{parent}-P{number}"


def request(state: PartitionsState, partition: Partition, sink: list[Event]) -> None:
    state.partitions[partition.partition_id] = partition
    sink.append(PartitionRequested(partition.parent, partition.partition_id, partition.advisor,
                                   partition.advisor_name, partition.requested_at, partition.ready_at,
                                   tuple(sorted(str(p) for p in partition.permissions)),
                                   tuple(str(p) for p in partition.removed)))


def next_opening(state: PartitionsState) -> datetime | None:
    """When the next pending partition opens."""
    return min((p.ready_at for p in state.partitions.values() if p.status is PartitionStatus.PENDING), default=None)


def open_due(state: PartitionsState, sink: list[Event]) -> None:
    """Open every pending partition whose time has come, as a child of its parent with the
    parent's kind of margining and base currency."""
    for partition in sorted(state.partitions.values(), key=lambda p: (p.ready_at, p.partition_id)):
        if partition.status is not PartitionStatus.PENDING or partition.ready_at > state.now:
            continue
        parent = state.accounts[partition.parent]
        if partition.advisor not in state.accounts:
            ledger.open_account(state, OpenAccount(partition.advisor, AccountType.ADVISOR, "USD"), None, state.now,
                                sink)
        child = OpenAccount(partition.partition_id, parent.account_type, parent.base_currency,
                            advisor=partition.advisor, parent=parent.account_id)
        ledger.open_account(state, child, partition.permissions, state.now, sink)
        partition.status = PartitionStatus.OPEN
        partition.performance.append(PerformancePoint(state.now, Decimal(0)))
        sink.append(PartitionOpened(partition.parent, partition.partition_id, partition.advisor, state.now))
