"""Order Entry's Allocation field: where a login may send an order (its own account, an advisor's
groups, models, "All" and clients, or a profile typed for one order) and the order fields each
choice sets. The engine checks the routing again when the order is placed; this is what the
workstation offers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from workstation.client.logins import held_accounts, login_account, own_login
from workstation.engine.allocation.setup import ALL_ACCOUNTS
from workstation.engine.core.terms import AllocationMethod
from workstation.engine.login_reads import LoginReads

ALL_HIDDEN_ABOVE = 50
"""TWS hides the "All" allocation choice from advisors with more client accounts than this."""
INLINE_PROFILE_NAME = "Inline profile"


class AllocationKind(Enum):
    ACCOUNT = "Account"
    GROUP = "Group"
    MODEL = "Model"
    ALL = "All"
    PROFILE = "Profile"
    """An inline profile: accounts and amounts typed for this order only (IB's ``faAllocations``)."""


@dataclass(frozen=True, slots=True)
class AllocationChoice:
    """One entry of Order Entry's Allocation field: the login's own account, a client account, an
    allocation group (with its default method), a model, or "All"."""

    kind: AllocationKind
    name: str
    label: str
    method: AllocationMethod | None = None
    amounts: tuple[tuple[str, Decimal], ...] = ()
    """An inline profile's accounts and amounts (empty for the other kinds)."""

    def order_fields(self, login: str) -> dict[str, Any]:
        """The ``PlaceOrder`` fields that route an order to this choice."""
        fields: dict[str, Any] = {"account": login, "fa_group": None, "model_code": None, "fa_allocations": None}
        if self.kind is AllocationKind.ACCOUNT:
            fields["account"] = self.name
        elif self.kind is AllocationKind.MODEL:
            fields["model_code"] = self.name
        elif self.kind is AllocationKind.PROFILE:
            fields["fa_allocations"] = self.amounts
        else:
            fields["fa_group"] = self.name
        return fields


def inline_profile(method: AllocationMethod, amounts: tuple[tuple[str, Decimal], ...]) -> AllocationChoice:
    """The Allocation entry for an inline profile typed in Order Entry (checked by the engine when
    the order is placed, with the same rules as a group's amounts)."""
    shares = ", ".join(f"{account} {amount:f}" for account, amount in amounts)
    return AllocationChoice(AllocationKind.PROFILE, INLINE_PROFILE_NAME, f"Inline profile ({method.value}): {shares}",
                            method, amounts)


def allocation_choices(reads: LoginReads, login: str) -> list[AllocationChoice]:
    """What the Allocation field lists for ``login``: for an advisor, its groups, its models, "All"
    (unless it has more than ``ALL_HIDDEN_ABOVE`` clients) and each client; otherwise the accounts
    the login holds, its own first (a customer with two accounts chooses either). Raises
    ``KeyError`` when ``reads`` belongs to another login."""
    account = login_account(reads, own_login(reads, login))
    if account is None:
        return []
    if not account.is_advisor:
        held = sorted(held_accounts(reads, account), key=lambda a: a != login)
        return [AllocationChoice(AllocationKind.ACCOUNT, a, a) for a in held or [login]]
    setup = reads.advisor_setup(login)
    choices = [AllocationChoice(AllocationKind.GROUP, group.name, f"{group.name} (group, {group.method.value})",
                                group.method) for group in setup.groups]
    choices += [AllocationChoice(AllocationKind.MODEL, model.name, f"{model.name} (model)", AllocationMethod.MODEL)
                for model in setup.models]
    if len(setup.clients) <= ALL_HIDDEN_ABOVE:
        choices.append(AllocationChoice(AllocationKind.ALL, ALL_ACCOUNTS, f"All ({len(setup.clients)} accounts)"))
    choices += [AllocationChoice(AllocationKind.ACCOUNT, client, client) for client in setup.clients]
    return choices
