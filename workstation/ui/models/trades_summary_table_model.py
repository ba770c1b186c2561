"""TradesSummaryTableModel: the Activity panel's Trades Summary page, the engine's summary of the
executions per account, symbol and side (busted ones left out). It only shows the read model: the
panel shows the whole summary once, then each row an event names (a fill, a bust, a correction, a
restated commission) as the engine has it now, inserted, repainted or removed in place."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QColor

from workstation.engine import Action, InstrumentCatalog, TradeSummaryRow
from workstation.ui import formatting, theme
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, Column, ListTableModel
from workstation.ui.models.orders_table_model import price_places, quantity_text
from workstation.ui.models.trades_table_model import TRADE_LOG_ACTIONS


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One summary row with the places its prices are shown to."""

    row: TradeSummaryRow
    places: int


def _side_colour(line: SummaryLine) -> QColor | None:
    return theme.direction_colour(line.row.action.sign)


def _side(value: str, _line: SummaryLine) -> str:
    return TRADE_LOG_ACTIONS[Action(value)]


def _price(value: Decimal, line: SummaryLine) -> str:
    return formatting.price(value, line.places)


class TradesSummaryTableModel(ListTableModel):
    """Rows sorted by account, symbol and side; ``KEY_ROLE`` is ``account|symbol|side``."""

    columns: ClassVar[tuple[Column[SummaryLine], ...]] = (
        Column("Account", lambda r: r.row.account, alignment=LEFT, sample=ACCOUNT_SAMPLE, width=96),
        Column("Symbol", lambda r: r.row.symbol, alignment=LEFT, width=110),
        Column("Action", lambda r: r.row.action.value, _side, alignment=LEFT, colour=_side_colour, width=60),
        Column("Quantity", lambda r: r.row.quantity, lambda v, _r: quantity_text(v), width=80),
        Column("Avg Price", lambda r: r.row.avg_price, _price, width=90),
        Column("Commission", lambda r: r.row.commission, lambda v, _r: formatting.money(v), width=92),
        Column("Currency", lambda r: r.row.commission_currency, alignment=LEFT, width=76),
        Column("Executions", lambda r: r.row.executions, width=80),
    )

    def __init__(self, catalog: InstrumentCatalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog

    def key_of(self, row: SummaryLine) -> str:
        return row.row.key

    def show_summary(self, rows: list[TradeSummaryRow]) -> None:
        """Show the engine's summary: in place when the same rows come back, else reset."""
        self.set_rows([SummaryLine(row, price_places(self._catalog, row.symbol)) for row in rows])

    def show_row(self, account: str, symbol: str, action: Action, row: TradeSummaryRow | None) -> None:
        """Show the engine's row for ``account``, ``symbol`` and ``action`` as it is now (None: it has
        no standing execution left): repainted in place, inserted where the order puts it, or removed."""
        order = (account, symbol, action.value)
        position = bisect_left(self._rows, order, key=_order_of)
        listed = position < len(self._rows) and _order_of(self._rows[position]) == order
        if row is None:
            if listed:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
            return
        line = SummaryLine(row, price_places(self._catalog, row.symbol))
        if listed:
            if self._rows[position] != line:
                self._rows[position] = line
                self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))
            return
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, line)
        self.endInsertRows()


def _order_of(line: SummaryLine) -> tuple[str, str, str]:
    """Where a row sorts: by account, symbol and side, as the engine sorts them."""
    return line.row.account, line.row.symbol, line.row.action.value
