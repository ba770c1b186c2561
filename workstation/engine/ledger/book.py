"""The ledger room's book (the accounts) and the state the ledger's bookings work over."""

from __future__ import annotations

from typing import Protocol

from workstation.engine.ledger.accounts import Account
from workstation.engine.market.book import MarketBook


class LedgerBook(Protocol):
    """``accounts``: account_id -> Account, with its cash and positions."""

    accounts: dict[str, Account]


class LedgerState(MarketBook, LedgerBook, Protocol):
    """What the ledger's bookings read and write: the accounts, stamped with the clock."""
