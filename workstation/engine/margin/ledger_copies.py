"""The batch's float copies of account ledgers (``FloatLedger``): one per account, taken whole the
first time it is needed or after a change it cannot follow, otherwise brought up to date in place
from a command's bookings (an advisor's execution books a thousand accounts at once)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.holdings import InstrumentTable, kind_code, kind_lookup
from workstation.engine.messages.events import CashBooked, Event, PositionChanged

_OPT, _FUT = kind_code(SecType.OPT)[0], kind_code(SecType.FUT)[0]
_FUTURES = kind_lookup((SecType.FUT, SecType.FOP))  # kind code -> True for futures and futures options


@dataclass(slots=True)
class FloatLedger:
    """One account's positions and cash as floats (a snapshot of its ledger): what the batch
    values, nothing more, since each float taken from a Decimal costs a microsecond."""

    rows: list[int]
    quantity: list[float]
    futures_basis: list[float]  # a future's average trade price, its P&L's basis (0.0 on other rows)
    avg_cost: list[float]  # per row: the basis of its unrealized P&L (the Account Window's totals)
    cash: dict[str, float]
    needs_grouping: bool
    revision: int  # the account's ledger revision this snapshot is of
    realized_by_currency: dict[str, float]
    currencies: tuple[str, ...]  # every currency the ledger names (cash, positions held or closed)


def _take_cash(ledger: FloatLedger, account: Account, currency: str) -> bool:
    """Take the balance in ``currency`` into ``ledger`` in place; False where a currency appears or goes."""
    amount = account.cash.get(currency)
    if bool(amount) != (currency in ledger.cash):
        return False
    if amount:
        ledger.cash[currency] = float(amount)
    return True


class LedgerCopies:
    """Every account's ``FloatLedger`` the batch has taken, by account id."""

    def __init__(self, table: InstrumentTable) -> None:
        self._table = table
        self._ledgers: dict[str, FloatLedger] = {}
        # Rows by what the ledgers need of them, as Python sets: asked per booking, not per array.
        self._futures_rows = frozenset(np.flatnonzero(table.kind == _FUT).tolist())
        self._grouping_rows = frozenset(np.flatnonzero(_FUTURES[table.kind] | (table.kind == _OPT)).tolist())
        self._derivative_rows = frozenset(np.flatnonzero(_FUTURES[table.kind]).tolist())  # futures and their options
        self._option_rows = frozenset(np.flatnonzero(table.kind == _OPT).tolist())
        self._row_currency = [table.currencies[c] for c in table.currency.tolist()]  # per row, its currency's name

    def of_all(self, accounts: list[Account]) -> list[FloatLedger]:
        """The accounts' ledgers, each current (nearly always already: looked up in line, taken again where not)."""
        kept = self._ledgers
        return [ledger if (ledger := kept.get(a.account_id)) is not None and ledger.revision == a.revision
                else self.of(a) for a in accounts]

    def follow(self, accounts: Mapping[str, Account], events: Sequence[Event]) -> None:
        """Bring the ledgers of the accounts these bookings changed up to date by what they changed,
        instead of taking them again whole (an advisor's execution books a thousand accounts at
        once). Only a ledger that was current before them is brought up to date (the account's
        revision is the ledger's plus one per booking), and only while no position and no
        currency appears or goes: anything else is taken again whole when next needed. Two passes
        over the events and nothing made per account, so a large execution feeds the garbage
        collector no more than it must."""
        bookings: dict[str, int] = {}
        for event in events:
            kind = type(event)
            if kind is CashBooked or kind is PositionChanged:
                account_id = event.account_id  # type: ignore[attr-defined]
                bookings[account_id] = bookings.get(account_id, 0) + 1
        ledgers = self._ledgers
        current: dict[str, FloatLedger] = {}
        for account_id, count in bookings.items():
            ledger = ledgers.get(account_id)
            if ledger is not None and ledger.revision + count == accounts[account_id].revision:
                current[account_id] = ledger
        if not current:
            return
        index, grouping_rows, futures_rows = self._table.index, self._grouping_rows, self._futures_rows
        row_currency = self._row_currency
        regroup: dict[str, None] = {}
        # One loop, the position's update written out: an advisor's execution runs it a thousand times.
        for event in events:
            kind = type(event)
            if kind is PositionChanged:
                account_id = event.account_id  # type: ignore[attr-defined]
                ledger = current.get(account_id)  # type: ignore[assignment]
                if ledger is None:
                    continue
                account = accounts[account_id]
                row = index[event.symbol]  # type: ignore[attr-defined]
                if row in grouping_rows:
                    regroup[account_id] = None
                position = account.positions.get(event.symbol)  # type: ignore[attr-defined]
                held = position is not None and bool(position.quantity)
                rows = ledger.rows
                if row not in rows:
                    taken = not held  # a row to add: the ledger is taken again whole, in the order it keeps
                elif not held:
                    taken = False  # a row to drop
                else:
                    assert position is not None
                    at = rows.index(row)
                    ledger.quantity[at] = float(position.quantity)
                    ledger.avg_cost[at] = float(position.avg_cost)
                    if row in futures_rows:
                        ledger.futures_basis[at] = float(position.avg_price)
                    currency = row_currency[row]
                    ledger.realized_by_currency[currency] = self._realized_in(account, currency)
                    taken = True
            elif kind is CashBooked:
                account_id = event.account_id  # type: ignore[attr-defined]
                ledger = current.get(account_id)  # type: ignore[assignment]
                if ledger is None:
                    continue
                taken = _take_cash(ledger, accounts[account_id], event.currency)  # type: ignore[attr-defined]
            else:
                continue
            if not taken:
                del current[account_id], ledgers[account_id]
        for account_id, ledger in current.items():
            account = accounts[account_id]
            if account_id in regroup:  # only options and futures decide it
                ledger.needs_grouping = self._needs_grouping(account, ledger.rows, ledger.quantity)
            ledger.revision = account.revision

    def _realized_in(self, account: Account, currency: str) -> float:
        """The account's realized P&L on positions in ``currency``, added as a ledger taken whole adds it."""
        index, row_currency = self._table.index, self._row_currency
        total = 0.0
        for p in account.positions.values():
            realized = p.realized_pnl
            if realized and row_currency[index[p.symbol]] == currency:  # adding a zero of either sign to
                total += float(realized)  # a total begun at +0.0 leaves it as it is
        return total

    def _needs_grouping(self, account: Account, rows: list[int], quantity: list[float]) -> bool:
        derivatives, options = self._derivative_rows, self._option_rows
        return account.account_type is AccountType.PORTFOLIO or bool(rows) and any(
            r in derivatives or (q < 0 and r in options) for r, q in zip(rows, quantity, strict=True))

    def of(self, account: Account) -> FloatLedger:
        ledger = self._ledgers.get(account.account_id)
        if ledger is None or ledger.revision != account.revision:
            # Plain lists: taken for one account at a time, they are stacked into arrays once.
            index, futures_rows, row_currency = self._table.index, self._futures_rows, self._row_currency
            rows: list[int] = []
            quantity: list[float] = []
            futures_basis: list[float] = []
            avg_cost: list[float] = []
            realized: dict[str, float] = {}
            currencies = dict.fromkeys(account.cash)
            for p in account.positions.values():
                row = index[p.symbol]
                currency = row_currency[row]
                currencies[currency] = None
                realized[currency] = realized.get(currency, 0.0) + float(p.realized_pnl)
                if p.quantity:
                    rows.append(row)
                    quantity.append(float(p.quantity))
                    futures_basis.append(float(p.avg_price) if row in futures_rows else 0.0)
                    avg_cost.append(float(p.avg_cost))
            ledger = FloatLedger(rows, quantity, futures_basis, avg_cost,
                             {c: float(a) for c, a in account.cash.items() if a},
                             self._needs_grouping(account, rows, quantity), account.revision, realized,
                             tuple(currencies))
            self._ledgers[account.account_id] = ledger
        return ledger
