"""The funding room's book (the funding history and deposit holds) and the state the room works over."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from workstation.engine.funding.records import DepositHold, FundingRecord
from workstation.engine.ledger.book import LedgerState


class FundingBook(Protocol):
    """``funding``: every deposit, withdrawal, transfer and advisor fee, oldest first (the partitions
    room records its transfers and fees here too); ``deposit_holds``: deposits not yet withdrawable."""

    funding: list[FundingRecord]
    deposit_holds: list[DepositHold]


class PartitionParent(Protocol):
    """What funding reads of a partition: the parent that funds it."""

    @property
    def parent(self) -> str: ...


class FundingState(LedgerState, FundingBook, Protocol):
    """What deposits and withdrawals work over. ``partitions`` is the partitions room's (above this
    one); funding only reads it, to send a partition's money through its parent."""

    @property
    def partitions(self) -> Mapping[str, PartitionParent]: ...
