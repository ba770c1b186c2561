"""Who holds what: contract -> the accounts with a position in it, so a quote that moves a few
contracts revalues only their holders instead of every account on the desk; and which accounts any
market move can revalue at all (``ExposedAccounts``), so a move of every price does not walk them all.

The index is derived, never state: built from the accounts (a new engine, a snapshot) and kept up
to date from each command's ``PositionChanged`` events, which every booking of a position emits
(executions, opening balances, transfers, settlements, corrections), applied or replayed: a
position dropped from its account (closed with nothing realized) drops the account from the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain

from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import AccountOpened, BaseCurrencyChanged, CashBooked, Event, PositionChanged


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


# What changes an account's cash or positions, or which of its cash is foreign (its base currency).
_BOOKINGS = frozenset((AccountOpened, CashBooked, PositionChanged, BaseCurrencyChanged))


def holds_foreign_cash(account: Account) -> bool:
    """Cash in a currency other than the base (a balance once booked stays listed, even at zero)."""
    cash = account.cash
    return len(cash) > 1 or bool(cash) and account.base_currency not in cash


class ExposedAccounts:
    """The accounts a price or an FX rate moving can revalue, in ledger order: those with positions
    (the only ones SMA's ratchet and the liquidation check look at on a market move) and those with
    cash in a currency other than their base. Everyone else holds base cash only, whose value no
    market move changes, so a market step costs what is exposed, not every account on the desk.

    Derived, never state: built from the accounts (a new engine, a snapshot) and kept up to date from
    the bookings of the command being applied (``AccountOpened``, ``CashBooked``, ``PositionChanged``,
    which every change to an account's cash or positions emits), caught up whenever it is read, so
    a check in the middle of a command sees what the command booked before it."""

    def __init__(self, accounts: Mapping[str, Account]) -> None:
        self._accounts = accounts
        self._order = {account_id: i for i, account_id in enumerate(accounts)}
        self._holding = {a.account_id: None for a in accounts.values() if a.positions}
        self._foreign = {a.account_id: None for a in accounts.values() if holds_foreign_cash(a)}
        self._listed: tuple[list[Account], list[str]] | None = None  # in ledger order, until one changes
        self._sink: list[Event] = []
        self._seen = 0

    def watch(self, sink: list[Event]) -> None:
        """Follow the bookings of a command as they are appended to ``sink``."""
        self._sink, self._seen = sink, 0

    def done(self) -> None:
        """Take in the rest of the command's bookings and stop following its events."""
        self._catch_up()
        self._sink, self._seen = [], 0

    def holding(self) -> list[Account]:
        """The accounts with positions (open, or closed with realized P&L kept), in ledger order."""
        return self._lists()[0]

    def exposed(self) -> list[str]:
        """The ids of the accounts with positions or foreign cash, in ledger order."""
        return self._lists()[1]

    def _lists(self) -> tuple[list[Account], list[str]]:
        self._catch_up()
        if self._listed is None:
            order = self._order
            if any(a not in order for a in chain(self._holding, self._foreign)):  # opened outside a command
                order = self._order = {account_id: i for i, account_id in enumerate(self._accounts)}
            accounts = self._accounts
            holding = [accounts[a] for a in sorted(self._holding, key=order.__getitem__)]
            exposed = sorted(self._holding.keys() | self._foreign.keys(), key=order.__getitem__)
            self._listed = holding, exposed
        return self._listed

    def _catch_up(self) -> None:
        sink = self._sink
        if self._seen == len(sink):
            return
        fresh, self._seen = sink[self._seen:], len(sink)
        for event in fresh:
            if type(event) is AccountOpened:
                self._order.setdefault(event.account_id, len(self._order))
        # Each account booked once, as it stands now (an execution books an account's cash and position).
        booked = dict.fromkeys([e.account_id for e in fresh if type(e) in _BOOKINGS])  # type: ignore[attr-defined]
        accounts, holding, foreign = self._accounts, self._holding, self._foreign
        for account_id in booked:
            account = accounts[account_id]
            if (account_id in holding) != bool(account.positions):
                self._listed = None
                if account.positions:
                    holding[account_id] = None
                else:
                    del holding[account_id]
            cash = account.cash  # ``holds_foreign_cash``, written out: asked for every account an execution books
            if (account_id in foreign) != (len(cash) > 1 or bool(cash) and account.base_currency not in cash):
                self._listed = None
                if account_id in foreign:
                    del foreign[account_id]
                else:
                    foreign[account_id] = None
