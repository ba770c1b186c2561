"""The state the read models are built from. Views own no part of it and write none of it."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.allocation.book import AllocationState
from workstation.engine.partitions.book import PartitionsState


class ViewsState(AllocationState, PartitionsState, Protocol):
    """What the account window, advisor setup, order ticket and statements read."""
