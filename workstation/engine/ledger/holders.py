"""Who holds what: contract -> the accounts with a position in it, so a quote that moves a few
contracts revalues only their holders instead of every account on the desk.

The index is derived, never state: built from the accounts (a new engine, a snapshot) and kept up
to date from each command's ``PositionChanged`` events, which every booking of a position emits
(executions, opening balances, transfers, settlements, corrections), applied or replayed: a
position dropped from its account (closed with nothing realized) drops the account from the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import Event, PositionChanged


class HolderIndex:
    """contract symbol -> account ids holding it, in the order they first held it."""

    def __init__(self, accounts: Iterable[Account] = ()) -> None:
        self._holders: dict[str, dict[str, None]] = {}
        for account in accounts:
            for symbol in account.positions:
                self._holders.setdefault(symbol, {})[account.account_id] = None

    def follow(self, events: Iterable[Event], accounts: Mapping[str, Account]) -> None:
        """Take in the positions a command booked (``accounts``: the ledger after it)."""
        for event in events:
            if type(event) is PositionChanged:
                listed = self._holders.setdefault(event.symbol, {})
                if event.symbol in accounts[event.account_id].positions:
                    listed[event.account_id] = None
                else:
                    listed.pop(event.account_id, None)

    def holders(self, symbols: Iterable[str]) -> dict[str, None]:
        """The accounts with a position in any of ``symbols`` (as dict keys, in a stable order)."""
        found: dict[str, None] = {}
        for symbol in symbols:
            listed = self._holders.get(symbol)
            if listed:
                found.update(listed)
        return found
