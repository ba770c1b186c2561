"""A partition as the engine keeps it: who it belongs to, who manages it, on what terms, and the
net liquidation values its performance is measured from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from workstation.engine.core.fee_schedule import FeeSchedule
from workstation.engine.ledger.accounts import Permission


class PartitionStatus(Enum):
    PENDING = "Pending"
    OPEN = "Open"


@dataclass(frozen=True, slots=True)
class PerformancePoint:
    """The partition's net liquidation value at ``time`` (base currency), after ``flow``: the
    value transferred in (negative: out) at that moment, which is not performance."""

    time: datetime
    net_liquidation: Decimal
    flow: Decimal = Decimal(0)


@dataclass(slots=True)
class Partition:
    """A child of ``parent`` managed by ``advisor``. ``high_water`` is the performance fee's
    high-water mark in the fee currency; ``performance`` its sampled values, oldest first."""

    partition_id: str
    parent: str
    advisor: str
    advisor_name: str
    fees: FeeSchedule
    permissions: frozenset[Permission]
    removed: tuple[Permission, ...]
    requested_at: datetime
    ready_at: datetime
    status: PartitionStatus = PartitionStatus.PENDING
    high_water: Decimal = Decimal(0)
    performance: list[PerformancePoint] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status is PartitionStatus.OPEN

    def describe(self) -> str:
        """``partition U1-P1 (managed by Name)``, for messages."""
        return f"partition {self.partition_id} (managed by {self.advisor_name}, {self.advisor})"


@dataclass(frozen=True, slots=True)
class UserGrant:
    """A user's role on one account (``owner``, ``trader``, ``viewer``); on an advisor's master,
    ``clients`` limits it to those client accounts (None: every client)."""

    account: str
    role: str
    clients: tuple[str, ...] | None = None
