"""What the partition wizard's pages share: the directory, the account to partition and the
provider chosen so far, and the request they add up to."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from workstation.engine.api import Engine
from workstation.engine.ledger.accounts import Permission
from workstation.engine.messages.commands import RequestPartition
from workstation.engine.partitions.marketplace import Listing, Marketplace, build_marketplace
from workstation.engine.partitions.permissions import inherit_permissions
from workstation.resources import marketplace_spec
from workstation.ui.bridge import EngineBridge


@functools.lru_cache(maxsize=1)
def shared_marketplace() -> Marketplace:
    """The Investors' Marketplace, built once per process (it never changes while running)."""
    return build_marketplace(marketplace_spec())


@dataclass
class PartitionChoice:
    """The wizard's answers so far: ``parent`` is the account to partition, ``listing`` the
    provider chosen in the Marketplace (None until one is)."""

    bridge: EngineBridge
    login: str
    parent: str
    marketplace: Marketplace
    listing: Listing | None = None

    @property
    def engine(self) -> Engine:
        return self.bridge.engine

    def permissions(self) -> tuple[frozenset[Permission], tuple[Permission, ...]]:
        """What the partition would inherit from ``parent`` and what it would lose (the engine's rule)."""
        if self.listing is None or self.parent not in self.engine.account_ids():
            return frozenset(), ()
        return inherit_permissions(self.engine.account(self.parent).permissions, self.listing.permissions)

    def command(self) -> RequestPartition:
        if self.listing is None:
            raise ValueError("advisor: choose an advisor or broker in the Marketplace first")
        listing = self.listing
        return RequestPartition(self.parent, listing.listing_id, listing.name, listing.entitlements, listing.fees)
