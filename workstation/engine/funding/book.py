"""The funding room's book (the funding history, pending deposits, deposit holds, security devices) and the
state the room works over."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from workstation.engine.funding.market_data_terms import MarketDataMonth
from workstation.engine.funding.records import DepositHold, FundingRecord, PendingDeposit
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.risk.book import RiskState


class FundingBook(Protocol):
    """``funding``: every deposit, withdrawal, transfer and fee, oldest first (the partitions room records
    its transfers and fees here too); ``deposit_holds``: deposits credited but not yet withdrawable (or not
    to another bank); ``pending_deposits``: deposit notifications whose money is not credited yet;
    ``security_devices``: account -> the security device that sets its withdrawal limits (none recorded:
    no device)."""

    funding: list[FundingRecord]
    deposit_holds: list[DepositHold]
    pending_deposits: list[PendingDeposit]
    security_devices: dict[str, SecurityDevice]


class MarketDataBook(Protocol):
    """``market_data``: account -> the market data bundles its holder subscribes to (none recorded: the demo's
    data, ``DEFAULT_BUNDLES``); ``market_data_months``: account -> this month's market data bill (what was
    charged, the commissions counted toward the waiver), for the accounts that subscribe to a paid bundle."""

    market_data: dict[str, frozenset[str]]
    market_data_months: dict[str, MarketDataMonth]


class PartitionParent(Protocol):
    """What funding reads of a partition: the parent that funds it."""

    @property
    def parent(self) -> str: ...


class FundingState(RiskState, FundingBook, Protocol):
    """What deposits and withdrawals work over: the accounts, the risk book (whether an account's deficit
    is being liquidated) and the funding book. ``partitions`` is the partitions room's (above this one);
    funding only reads it, to send a partition's money through its parent."""

    @property
    def partitions(self) -> Mapping[str, PartitionParent]: ...
