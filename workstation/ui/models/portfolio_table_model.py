"""PortfolioTableModel: the Monitor's Portfolio page, one row per position of an account, live.

Figures are the engine's (``Engine.positions`` marks each position, ``Engine.daily_pnl`` gives the
Daily P&L); the model only keeps the latest snapshot and tells the view what changed: a position
opened or closed resets the table (rare), a price move emits one ``dataChanged`` over the rows and
live columns that moved.

"Avg Price" is per unit (per share, or per point of a derivative), as TWS's Cost Basis formula
(avg price x position x multiplier) reads it; "Avg Cost" is what IB's API reports as avgCost:
per contract for options, futures options and futures (500.65 for an option bought at 5.00 with
0.65 commission), per share for stocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.engine import Instrument, InstrumentCatalog, PositionValue, avg_cost_per_contract
from workstation.ui import formatting
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, RAW_VALUE_ROLE, Column, ColumnTableModel
from workstation.ui.theme import direction_colour

AnyIndex = QModelIndex | QPersistentModelIndex
ZERO = Decimal(0)
_SEC_TYPE_ORDER = ("STK", "FUND", "OPT", "FUT", "FOP", "CASH", "IND")
"""TWS lists stocks first, then funds, options, futures, futures options and currencies."""


class PortfolioBook(Protocol):
    """What the model reads: the engine satisfies it."""

    @property
    def catalog(self) -> InstrumentCatalog: ...

    def positions(self, account_id: str) -> list[PositionValue]: ...

    def daily_pnl(self, account_id: str) -> dict[str, Decimal]: ...


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    instrument: Instrument
    places: int
    value: PositionValue
    daily_pnl: Decimal

    @property
    def symbol(self) -> str:
        return self.instrument.symbol


def _price(value: Decimal, row: PortfolioRow) -> str:
    return formatting.price(value, row.places)


def _average(value: Decimal, row: PortfolioRow) -> str:
    return formatting.average(value, row.places)


def _money(value: Decimal, _row: PortfolioRow) -> str:
    return formatting.money(value)


def _quantity(value: Decimal, _row: PortfolioRow) -> str:
    return f"{value:,f}"


def _pnl_column(header: str, read: Callable[[PortfolioRow], Decimal], width: int) -> Column[PortfolioRow]:
    """A money column coloured green for a gain and red for a loss, as TWS colours its P&L."""
    return Column(header, read, _money, colour=lambda row: direction_colour(read(row)), live=True, width=width)


def _describe(row: PortfolioRow) -> str:
    instrument = row.instrument
    return f"{instrument.description}\n{instrument.sec_type.value} · {instrument.exchange} · {instrument.currency}"


def _sort_key(row: PortfolioRow) -> tuple[str, int, str]:
    sec_type = row.instrument.sec_type.value
    rank = _SEC_TYPE_ORDER.index(sec_type) if sec_type in _SEC_TYPE_ORDER else len(_SEC_TYPE_ORDER)
    return row.value.account_id, rank, row.symbol


class PortfolioTableModel(ColumnTableModel):
    """The positions of one account (or of several, account by account) with TWS's Portfolio
    columns; ``refresh`` re-reads the engine. A row's key is its symbol, or ``ACCOUNT SYMBOL``
    when several accounts are shown."""

    columns: ClassVar[tuple[Column[PortfolioRow], ...]] = (
        Column("Account", lambda r: r.value.account_id, alignment=LEFT, sample=ACCOUNT_SAMPLE, width=90),
        Column("Financial Instrument", lambda r: r.symbol, alignment=LEFT, tooltip=_describe, width=176),
        Column("Currency", lambda r: r.value.currency, alignment=LEFT, width=64),
        Column("Position", lambda r: r.value.quantity, _quantity, live=True, width=76),
        Column("Avg Price", lambda r: r.value.avg_cost, _average, live=True, width=92),
        Column("Avg Cost", lambda r: avg_cost_per_contract(r.value.avg_cost, r.instrument), _average, live=True,
               width=100),
        Column("Last", lambda r: r.value.market_price, _price, live=True, width=92),
        Column("Market Value", lambda r: r.value.market_value, _money, live=True, width=108),
        _pnl_column("Unrealized P&L", lambda r: r.value.unrealized_pnl, 108),
        _pnl_column("Realized P&L", lambda r: r.value.realized_pnl, 100),
        _pnl_column("Daily P&L", lambda r: r.daily_pnl, 100),
    )

    def __init__(self, book: PortfolioBook, account_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._account_ids: tuple[str, ...] = (account_id,) if account_id else ()
        self._rows: list[PortfolioRow] = self._read()

    @property
    def account_id(self) -> str:
        """The account shown ("" when none, or when several are)."""
        return self._account_ids[0] if len(self._account_ids) == 1 else ""

    @property
    def account_ids(self) -> tuple[str, ...]:
        return self._account_ids

    def show_account(self, account_id: str) -> None:
        self.show_accounts((account_id,) if account_id else ())

    def show_accounts(self, account_ids: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._account_ids = tuple(account_ids)
        self._rows = self._read()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def row_object(self, row: int) -> PortfolioRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._key(self._rows[row])

    def row_symbol(self, row: int) -> str:
        return self._rows[row].symbol

    def row_of(self, key: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if self._key(r) == key), None)

    def _key(self, row: PortfolioRow) -> str:
        return row.symbol if len(self._account_ids) == 1 else f"{row.value.account_id} {row.symbol}"

    def symbols(self) -> list[str]:
        return [r.symbol for r in self._rows]

    def refresh(self) -> bool:
        """Re-read the account; True if anything the table shows changed."""
        rows = self._read()
        if [self._key(r) for r in rows] != [self._key(r) for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return True
        changed = [n for n, (new, old) in enumerate(zip(rows, self._rows)) if new != old]
        if not changed:
            return False
        self._rows = rows
        first, last = self.live_column_range()
        self.dataChanged.emit(self.index(changed[0], first), self.index(changed[-1], last),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, RAW_VALUE_ROLE])
        return True

    def _read(self) -> list[PortfolioRow]:
        catalog = self._book.catalog
        rows = []
        for account_id in self._account_ids:
            daily = self._book.daily_pnl(account_id)
            for value in self._book.positions(account_id):
                if value.quantity == 0:
                    continue  # a closed position keeps its realized P&L in the ledger, not on this page
                instrument = catalog[value.symbol]
                rows.append(PortfolioRow(instrument, formatting.places_for_tick(instrument.tick_size), value,
                                         daily.get(value.symbol, ZERO)))
        return sorted(rows, key=_sort_key)
