"""The state allocation's planner and booking work over. The room's own books sit beside their
records: ``GroupBook`` in setup, ``ModelBook`` in models."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.allocation.models import ModelBook
from workstation.engine.allocation.setup import GroupBook
from workstation.engine.risk.book import RiskState


class AllocationState(RiskState, GroupBook, ModelBook, Protocol):
    """What planning and booking an advisor order's allocation works over: the groups and models,
    the accounts they share among, and the working orders the cash checks count."""
