"""The state the trading desk works over. Trading owns no part of it: the desk places and works
orders in the orders room's book and books fills through the ledger and allocation."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.allocation.book import AllocationState
from workstation.engine.partitions.book import PartitionsState


class TradingState(AllocationState, PartitionsState, Protocol):
    """What placing, modifying, cancelling and working orders reads and writes: the orders, the
    accounts and their margin, the advisor's groups and models, and who may enter for whom."""
