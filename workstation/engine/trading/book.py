"""The state the trading desk works over, and the trading room's own books: the account configuration requests and
paper account resets waiting for their day. Otherwise trading owns no part of the state: the desk places and works
orders in the orders room's book and books fills through the ledger and allocation."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.allocation.book import AllocationState
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.trading.configuration import ConfigurationRequest
from workstation.engine.trading.paper import PaperReset


class ConfigurationBook(Protocol):
    """``configuration_requests``: accepted account type, trading permission and base currency changes waiting
    for the day they take effect, in the order they were asked (``configuration``)."""

    configuration_requests: list[ConfigurationRequest]


class TradingState(AllocationState, PartitionsState, Protocol):
    """What placing, modifying, cancelling and working orders reads and writes: the orders, the
    accounts and their margin, the advisor's groups and models, and who may enter for whom."""


class ConfigurationState(AllocationState, ConfigurationBook, Protocol):
    """What account configuration requests work over: the accounts, their margin and the requests."""


class PaperBook(Protocol):
    """``paper_resets``: accepted paper account resets waiting for the day they take effect (``paper``)."""

    paper_resets: list[PaperReset]


class PaperState(AllocationState, PaperBook, Protocol):
    """What paper account resets work over: the accounts, their working orders and margin, and the resets."""
