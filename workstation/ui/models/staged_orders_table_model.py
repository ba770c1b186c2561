"""StagedOrdersTableModel: the Activity panel's Staged page, the tickets saved in Order Entry to
transmit later, oldest first. ``KEY_ROLE`` is the staged number; ``RAW_VALUE_ROLE`` gives the
saved time, the quantity and prices as ``Decimal``s and the enums' IB values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from workstation.client.staged_orders import StagedOrder
from workstation.engine import InstrumentCatalog
from workstation.ui import formatting, theme
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, Column, ListTableModel
from workstation.ui.models.orders_table_model import price_places, quantity_text, time_of_day


@dataclass(frozen=True, slots=True)
class StagedLine:
    """One staged ticket with what its cells need besides the ticket."""

    staged: StagedOrder
    allocation: str
    places: int

    @property
    def staged_id(self) -> int:
        return self.staged.staged_id


def _time(value: datetime, _line: StagedLine) -> str:
    return time_of_day(value)


def _quantity(value: Decimal | None, line: StagedLine) -> str:
    percent = line.staged.percent_change
    return f"{formatting.signed(percent, 2)}% change" if percent is not None else quantity_text(value)


def _price(value: Decimal | None, line: StagedLine) -> str:
    return "" if value is None else formatting.price(value, line.places)


def _side_colour(line: StagedLine) -> QColor | None:
    return theme.direction_colour(line.staged.ticket.action.sign)


class StagedOrdersTableModel(ListTableModel):
    columns: ClassVar[tuple[Column[StagedLine], ...]] = (
        Column("Saved at", lambda r: r.staged.saved_at, _time, alignment=LEFT, width=80),
        Column("Account", lambda r: r.allocation, alignment=LEFT, sample=ACCOUNT_SAMPLE, width=110),
        Column("Action", lambda r: r.staged.ticket.action.value, alignment=LEFT, colour=_side_colour, width=60),
        Column("Quantity", lambda r: r.staged.quantity, _quantity, width=90),
        Column("Symbol", lambda r: r.staged.symbol, alignment=LEFT, width=110),
        Column("Type", lambda r: r.staged.ticket.order_type.value, alignment=LEFT, width=60),
        Column("Lmt Price", lambda r: r.staged.lmt_price, _price, width=80),
        Column("Aux Price", lambda r: r.staged.aux_price, _price, width=80),
        Column("TIF", lambda r: r.staged.ticket.tif.value, alignment=LEFT, width=50),
        Column("Outside RTH", lambda r: r.staged.ticket.outside_rth, lambda v, _r: "Yes" if v else "",
               alignment=LEFT, width=80),
    )

    def __init__(self, catalog: InstrumentCatalog, login: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._login = login

    def key_of(self, row: StagedLine) -> int:
        return row.staged_id

    def staged_id_at(self, row: int) -> int | None:
        return self.row_object(row).staged_id if 0 <= row < self.rowCount() else None

    def row_of(self, staged_id: int) -> int | None:
        return next((n for n in range(self.rowCount()) if self.row_object(n).staged_id == staged_id), None)

    def show_staged(self, staged: Iterable[StagedOrder]) -> None:
        self.set_rows([StagedLine(s, s.allocation_name(self._login), price_places(self._catalog, s.symbol))
                       for s in staged])
