"""The advisor's allocation setup: groups (unified with profiles, as in TWS 10.20+) and presets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from workstation.engine.allocation.methods import amount_problems
from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import AllocationMethod
from workstation.engine.ledger.book import LedgerBook
from workstation.engine.messages.events import AllocationPresetsChanged, GroupDefined

if TYPE_CHECKING:
    from workstation.engine.messages.commands import DefineGroup, SetAllocationPresets

ALL_ACCOUNTS = "All"  # IB's built-in group: every client account of the advisor
GROUP_METHODS = tuple(m for m in AllocationMethod if m is not AllocationMethod.MODEL)
"""The methods a group can default to (Model belongs to model portfolios)."""
METHODS_FOR_ALL = (AllocationMethod.AVAILABLE_EQUITY, AllocationMethod.NET_LIQ, AllocationMethod.EQUAL)
"""The methods the presets can give "All": those IB computes from the accounts, which need no
amount per account and no percentage."""


@dataclass(slots=True)
class AllocationGroup:
    """A named set of client accounts with a default method; ``amounts`` (account -> amount, in
    group order) is used by the user-specified methods and ignored by the computed ones."""

    advisor: str
    name: str
    method: AllocationMethod
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def accounts(self) -> list[str]:
        return list(self.amounts)


@dataclass(slots=True)
class AllocationPresets:
    """Advisor Setup -> Presets. ``strict``: when the credit check fails one or more accounts,
    reject the whole order (IB's "strict per-account allocation"); otherwise reduce the order
    size, excluding or shrinking the failing accounts. ``default_method`` applies to "All".
    ``round_lots``: split stock orders in whole board lots (100 shares); ``odd_lot_account`` takes
    the units left over by the split. ``equal_positions``: Equal tops accounts up to equal
    post-trade positions (the Advisor Portal's Equal) instead of splitting the order evenly.
    ``close_positions_first`` (IB's default, per the allocation article): each execution goes to
    the accounts' closing parts before any account opens a position; off, every execution is
    shared by fill ratio over the accounts' whole parts."""

    strict: bool = False
    default_method: AllocationMethod = AllocationMethod.AVAILABLE_EQUITY
    round_lots: bool = False
    odd_lot_account: str | None = None
    equal_positions: bool = False
    close_positions_first: bool = True


class GroupBook(Protocol):
    """The allocation room's book of groups: ``groups``: (advisor, name) -> group; ``presets``:
    advisor -> presets. It sits beside its records, not in a book module, so the functions here can
    name the state they work over without an import circle."""

    groups: dict[tuple[str, str], AllocationGroup]
    presets: dict[str, AllocationPresets]


class GroupState(LedgerBook, GroupBook, Protocol):
    """What defining groups and presets works over: the advisor's accounts and the group book."""


def validate_group(state: GroupState, command: DefineGroup) -> AllocationGroup:
    """A group as Advisor Setup accepts it: the advisor's own clients, amounts the method needs.
    Raises the first of :func:`group_problems`."""
    first = next(group_problems(state, command), None)
    if first is not None:
        raise first
    return AllocationGroup(command.advisor, command.name, command.method, dict(command.accounts))


def group_problems(state: GroupState, command: DefineGroup) -> Iterator[Rejection]:
    """Every reason Advisor Setup would refuse the group, in the order they are checked; each
    message starts with its field (``name``, ``method``, ``accounts``, ``accounts.ACCOUNT``). The
    one rule set behind both the command and the dialog's checks as the user types."""
    advisor = state.accounts.get(command.advisor)
    if advisor is None or not advisor.is_advisor:
        yield Rejection("NOT_AN_ADVISOR", "advisor", f"{command.advisor} is not an advisor master account")
        return
    name = command.name.strip()
    if not name or name != command.name:
        yield Rejection("INVALID_GROUP_NAME", "name", f"{command.name!r} must be non-empty with no outer spaces")
    if command.method not in GROUP_METHODS:
        yield Rejection("INVALID_ALLOCATION_METHOD", "method", "Model belongs to model portfolios; define a model")
    if name == ALL_ACCOUNTS:
        yield Rejection("INVALID_GROUP_NAME", "name",
                        f"{ALL_ACCOUNTS!r} is IB's built-in group of every client account")
    amounts: dict[str, Decimal] = {}
    for account_id, amount in command.accounts:
        client = state.accounts.get(account_id)
        if client is None:
            yield Rejection("UNKNOWN_ACCOUNT", f"accounts.{account_id}", f"account {account_id} does not exist")
        elif client.advisor != command.advisor:
            yield Rejection("NOT_A_CLIENT", f"accounts.{account_id}", f"account {account_id} is not a client of "
                            f"{command.advisor}")
        if account_id in amounts:
            yield Rejection("DUPLICATE_ACCOUNT", f"accounts.{account_id}", "listed twice")
        else:
            amounts[account_id] = amount
    yield from amount_problems(command.method, amounts, "accounts")


def apply_group(state: GroupState, group: AllocationGroup) -> GroupDefined:
    state.groups[(group.advisor, group.name)] = group
    return GroupDefined(group.advisor, group.name, group.method.value, tuple(group.amounts.items()))


def presets_of(state: GroupState, advisor: str) -> AllocationPresets:
    """The advisor's presets, or IB's defaults if it never set any."""
    return state.presets.get(advisor, AllocationPresets())


def validate_presets(state: GroupState, command: SetAllocationPresets) -> AllocationPresets:
    advisor = state.accounts.get(command.advisor)
    if advisor is None or not advisor.is_advisor:
        raise Rejection("NOT_AN_ADVISOR", "advisor", f"{command.advisor} is not an advisor master account")
    if command.default_method not in METHODS_FOR_ALL:
        raise Rejection("INVALID_ALLOCATION_METHOD", "default_method", f"{command.default_method.value} cannot "
                        "allocate to All; use Equal, NetLiq or AvailableEquity")
    if command.odd_lot_account is not None:
        client = state.accounts.get(command.odd_lot_account)
        if client is None or client.advisor != command.advisor:
            raise Rejection("NOT_A_CLIENT", "odd_lot_account", f"{command.odd_lot_account} is not a client of "
                            f"{command.advisor}")
    return AllocationPresets(command.strict, command.default_method, command.round_lots, command.odd_lot_account,
                             command.equal_positions, command.close_positions_first)


def apply_presets(state: GroupState, advisor: str, presets: AllocationPresets) -> AllocationPresetsChanged:
    state.presets[advisor] = presets
    return AllocationPresetsChanged(advisor, presets.strict, presets.default_method.value, presets.round_lots,
                                    presets.odd_lot_account, presets.equal_positions, presets.close_positions_first)
