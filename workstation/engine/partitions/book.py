"""The partitions room's book (the partitions) and the state the room works over."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.funding.book import FundingState
from workstation.engine.partitions.records import Partition, UserGrant


class PartitionBook(Protocol):
    """``partitions``: partition account id -> its partition, pending or open."""

    partitions: dict[str, Partition]


class UserBook(Protocol):
    """``users``: username -> its grants, one per account (partitions/users.py); empty: no users defined,
    every login is an account's, as before users existed."""

    users: dict[str, tuple[UserGrant, ...]]


class PartitionsState(PartitionBook, UserBook, FundingState, Protocol):
    """What requesting, opening, billing and transferring partitions works over: the partitions,
    their accounts and the funding history their transfers and fees are recorded in."""
