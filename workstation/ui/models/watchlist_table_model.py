"""WatchlistTableModel: one row per instrument with its live quote, as a TWS Monitor watchlist."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workstation.engine import Instrument, InstrumentCatalog, Quote, SecType
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, RAW_VALUE_ROLE, Column, ColumnTableModel
from workstation.ui.theme import DELAYED_BACKGROUND, FROZEN_TEXT, direction_colour

AnyIndex = QModelIndex | QPersistentModelIndex


class QuoteBook(Protocol):
    """What the model reads: the engine satisfies it."""

    @property
    def catalog(self) -> InstrumentCatalog: ...

    def quote(self, symbol: str) -> Quote: ...

    def quote_type(self, symbol: str) -> int:
        """IB's type of the quote: 1 live, 2 frozen, 3 delayed, 4 delayed frozen."""
        ...


@dataclass(slots=True)
class WatchRow:
    """One watched instrument: its latest quote and the direction of the last price's latest move."""

    instrument: Instrument
    places: int
    quote: Quote
    tick: int = 0
    data_type: int = 1
    """IB's market data type of the quote, as the engine reads it for the login."""

    @property
    def symbol(self) -> str:
        return self.instrument.symbol

    @property
    def delayed(self) -> bool:
        return self.data_type in (DELAYED, DELAYED_FROZEN)

    @property
    def frozen(self) -> bool:
        return self.data_type in (FROZEN, DELAYED_FROZEN)


FROZEN, DELAYED, DELAYED_FROZEN = 2, 3, 4
DELAYED_MARK = "Delayed"
"""Beside the symbol of a row showing delayed data (TWS marks delayed lines and highlights them yellow)."""


def _instrument(symbol: str, row: WatchRow) -> str:
    return f"{symbol}  {DELAYED_MARK}" if row.delayed else symbol


def _price(value: Decimal, row: WatchRow) -> str:
    return formatting.price(value, row.places)


def _change(value: Decimal, row: WatchRow) -> str:
    return formatting.signed(value, row.places)


def _percent(value: Decimal, _row: WatchRow) -> str:
    return formatting.percent(value)


def _size(value: Decimal, row: WatchRow) -> str:
    # An index has no book and no volume: TWS leaves those cells empty rather than showing zero.
    return "" if row.instrument.sec_type is SecType.IND else formatting.size(value)


def _volume(value: Decimal, row: WatchRow) -> str:
    return "" if row.instrument.sec_type is SecType.IND else formatting.compact(value)


def _describe(row: WatchRow) -> str:
    instrument = row.instrument
    return f"{instrument.description}\n{instrument.sec_type.value} · {instrument.exchange} · {instrument.currency}"


def _tick_colour(row: WatchRow) -> QColor | None:
    return FROZEN_TEXT if row.data_type != 1 and row.frozen else direction_colour(row.tick)


def _change_colour(row: WatchRow) -> QColor | None:
    return FROZEN_TEXT if row.data_type != 1 and row.frozen else direction_colour(row.quote.change)


def _value_colour(row: WatchRow) -> QColor | None:
    return FROZEN_TEXT if row.data_type != 1 and row.frozen else None


class WatchlistTableModel(ColumnTableModel):
    """Rows are symbols in the user's order; cells read the quote snapshot taken at the last refresh.

    The engine reads each row's quote and its market data type as the login sees them: a delayed row (no
    subscription) is highlighted yellow with a "Delayed" mark beside its symbol, frozen values are grey.
    The type is read again on a refresh of every row (a clock step, a subscription changed) and whenever a
    row's quote moved.

    Quotes are re-read only in :meth:`refresh`, which the panel calls once per coalesced frame, and
    one ``dataChanged`` then covers the changed rows across the live columns.
    """

    columns: ClassVar[tuple[Column[WatchRow], ...]] = (
        Column("Financial Instrument", lambda r: r.symbol, _instrument, alignment=LEFT, tooltip=_describe,
               width=176),
        Column("Last", lambda r: r.quote.last, _price, colour=_tick_colour, live=True, width=92),
        Column("Change", lambda r: r.quote.change, _change, colour=_change_colour, live=True, width=80),
        Column("Change %", lambda r: r.quote.change_percent, _percent, colour=_change_colour, live=True, width=80),
        Column("Bid", lambda r: r.quote.bid, _price, colour=_value_colour, live=True, width=92),
        Column("Ask", lambda r: r.quote.ask, _price, colour=_value_colour, live=True, width=92),
        Column("Bid Size", lambda r: r.quote.bid_size, _size, colour=_value_colour, live=True, width=74),
        Column("Ask Size", lambda r: r.quote.ask_size, _size, colour=_value_colour, live=True, width=74),
        Column("Volume", lambda r: r.quote.volume, _volume, colour=_value_colour, live=True, width=84),
    )

    def __init__(self, book: QuoteBook, symbols: Iterable[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._rows: list[WatchRow] = []
        self._row_of: dict[str, int] = {}
        """symbol -> row number"""
        for symbol in symbols:
            self.add_symbol(symbol)

    # -- reading --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def row_object(self, row: int) -> WatchRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._rows[row].symbol

    def symbols(self) -> list[str]:
        return [r.symbol for r in self._rows]

    def row_of(self, symbol: str) -> int | None:
        return self._row_of.get(symbol)

    # -- editing --------------------------------------------------------------------------------

    def add_symbol(self, symbol: str) -> bool:
        """Append ``symbol``; False if it is already listed. Raises ``KeyError`` for an unknown symbol."""
        instrument = self._book.catalog.get(symbol)
        if instrument is None:
            raise KeyError(f"symbol: {symbol!r} is not a known contract")
        if symbol in self._row_of:
            return False
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(WatchRow(instrument, formatting.places_for_tick(instrument.tick_size),
                                   self._book.quote(symbol), data_type=self._book.quote_type(symbol)))
        self._row_of[symbol] = row
        self.endInsertRows()
        return True

    def remove_symbol(self, symbol: str) -> bool:
        row = self._row_of.get(symbol)
        if row is None:
            return False
        self.remove_rows([row])
        return True

    def remove_rows(self, rows: Iterable[int]) -> None:
        """Remove the given rows, one contiguous block at a time from the bottom up."""
        for first, last in _blocks_descending(sorted({r for r in rows if 0 <= r < len(self._rows)})):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self._row_of = {r.symbol: n for n, r in enumerate(self._rows)}
            self.endRemoveRows()

    # -- live updates ---------------------------------------------------------------------------

    def refresh(self, symbols: Set[str] | None = None) -> bool:
        """Re-read quotes (of ``symbols``, or of every row) and emit one ``dataChanged`` if any moved."""
        top, bottom = len(self._rows), -1
        retyped = False
        book = self._book
        for number, row in enumerate(self._rows):
            if symbols is not None and row.symbol not in symbols:
                continue
            quote = book.quote(row.symbol)
            if quote == row.quote:
                if symbols is None:  # every quote may have changed kind (the close, a subscription)
                    data_type = book.quote_type(row.symbol)
                    if data_type != row.data_type:
                        row.data_type, retyped = data_type, True
                        top, bottom = min(top, number), number
                continue
            if quote.last != row.quote.last:
                row.tick = 1 if quote.last > row.quote.last else -1
            row.quote = quote
            data_type = book.quote_type(row.symbol)
            if data_type != row.data_type:
                row.data_type, retyped = data_type, True
            top, bottom = min(top, number), number
        if bottom < 0:
            return False
        first, last = (0, len(self.columns) - 1) if retyped else self.live_column_range()
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, RAW_VALUE_ROLE]
        if retyped:
            roles.append(Qt.ItemDataRole.BackgroundRole)
        self.dataChanged.emit(self.index(top, first), self.index(bottom, last), roles)
        return True

    def row_background(self, row: WatchRow) -> QColor | None:
        return DELAYED_BACKGROUND if row.data_type > FROZEN else None


def _blocks_descending(rows: list[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7, 9, 10]`` -> ``[(9, 10), (7, 7), (1, 3)]``."""
    blocks: list[tuple[int, int]] = []
    for row in rows:
        if blocks and blocks[-1][1] == row - 1:
            blocks[-1] = (blocks[-1][0], row)
        else:
            blocks.append((row, row))
    return blocks[::-1]
