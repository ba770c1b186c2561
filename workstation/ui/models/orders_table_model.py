"""OrdersTableModel: the Activity panel's Orders page, one row per top-level order, newest first.

Rows are snapshots of the engine's orders taken when the bridge reports a change, so a row only
changes together with the ``dataChanged`` that announces it. Combo legs (orders with a
``parent_id``) are worked by their combo and never listed on their own.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from workstation.engine import EASTERN, WORKING_STATUSES, InstrumentCatalog, Order, OrderStatus
from workstation.engine.core.errors import Rejected
from workstation.engine.orders.rejected import is_rejected_line
from workstation.ui import formatting, theme
from workstation.ui.field_labels import refusal_shown
from workstation.ui.models.columns import (
    ACCOUNT_SAMPLE,
    LEFT,
    QUANTITY_SAMPLE,
    RAW_VALUE_ROLE,
    TIME_SAMPLE,
    Column,
    ColumnTableModel,
)
from workstation.ui.models.filter_change import change_rows_filter

AnyIndex = QModelIndex | QPersistentModelIndex

COMBO_PLACES = 2
"""A combo's net price has no tick of its own: cents."""
PAGE = 500
"""Orders read from the engine at a time: the first page when the model is made, then one each time a
view scrolls to the end of what is listed."""


class OrderBook(Protocol):
    """What the model reads: the engine satisfies it."""

    @property
    def catalog(self) -> InstrumentCatalog: ...

    def newest_order_id(self) -> int: ...

    def rejected_orders(self) -> list[Order]: ...

    def refusal_for(self, order_id: int) -> Rejected: ...

    def order(self, order_id: int) -> Order: ...


# -- display helpers shared by the Activity models ------------------------------------------------

def time_of_day(moment: datetime | None) -> str:
    """Exchange time of an order or a fill: ``10:00:05``."""
    return "" if moment is None else f"{moment.astimezone(EASTERN):%H:%M:%S}"


def quantity_text(value: Decimal | None) -> str:
    """Whole units grouped (``1,500``); fractional units (FX, fund shares) keep their places."""
    return "" if value is None else f"{value.normalize():,f}"


def price_places(catalog: InstrumentCatalog, symbol: str) -> int:
    """Places that show every price of ``symbol`` (cents for a combo, which is not in the catalog)."""
    instrument = catalog.get(symbol)
    return COMBO_PLACES if instrument is None else _places_for_tick(instrument.tick_size)


@functools.lru_cache(maxsize=64)
def _places_for_tick(tick: Decimal) -> int:
    return formatting.places_for_tick(tick)  # a few ticks among all contracts: worked out once each


# -- rows and columns -------------------------------------------------------------------------------

@dataclass(slots=True)
class OrderRow:
    """One order as last reported, with what its cells need besides the order: its price places
    and, for a rejected order's line, the refusal."""

    order: Order
    places: int
    refusal: Rejected | None = None

    @property
    def order_id(self) -> int:
        return self.order.order_id


def allocation_label(order: Order) -> str:
    """Who the order is for: the account, or the group, profile or model of an advisor order."""
    return order.account if order.allocation is None else order.allocation.group


def why_held(row: OrderRow) -> str:
    """Why the order is held, or else why its status last changed (cancelled, inactive, busted,
    rejected), in TWS's words."""
    if row.refusal is not None:
        return f"Rejected: {refusal_shown(row.refusal)}"
    return row.order.why_held or row.order.status_reason


def _price(value: Decimal | None, row: OrderRow) -> str:
    return "" if value is None else formatting.price(value, row.places)


def _avg_price(value: Decimal, row: OrderRow) -> str:
    return formatting.price(value, row.places) if row.order.filled else ""


def _quantity(value: Decimal, row: OrderRow) -> str:
    order = row.order
    if order.awaiting_nav and order.cash_qty is not None:
        return f"{formatting.money(order.cash_qty)} cash"
    return quantity_text(value)


def _commission(value: Decimal, row: OrderRow) -> str:
    return formatting.money(value) if value or row.order.filled else ""


def _time(value: datetime, _row: OrderRow) -> str:
    return time_of_day(value)


def _id(value: int, _row: OrderRow) -> str:
    return "" if is_rejected_line(value) else str(value)  # a rejected order was never given an id


_STATUS_COLOURS: dict[OrderStatus, QColor | None] = {
    OrderStatus.PENDING_SUBMIT: theme.STATUS_PENDING,
    OrderStatus.PRE_SUBMITTED: theme.STATUS_HELD,
    OrderStatus.SUBMITTED: theme.STATUS_WORKING,
    OrderStatus.PENDING_CANCEL: theme.STATUS_CANCELLING,
    OrderStatus.FILLED: theme.STATUS_FILLED,
    OrderStatus.CANCELLED: theme.STATUS_CANCELLED,
    OrderStatus.INACTIVE: theme.STATUS_INACTIVE,
}
"""TWS colour-codes the Status column: pending pale blue, held blue, working green, cancelling pink,
filled blue-green, cancelled red, inactive amber."""


def status_colour(status: OrderStatus) -> QColor | None:
    return _STATUS_COLOURS.get(status)


def _status_colour(row: OrderRow) -> QColor | None:
    return status_colour(row.order.status)


def _status_tip(row: OrderRow) -> str:
    return why_held(row)


def _symbol_tip(row: OrderRow) -> str:
    order = row.order
    return order.symbol if order.combo is None else f"Combo ({'guaranteed' if order.combo.guaranteed else 'smart'})"


class OrdersTableModel(ColumnTableModel):
    """Top-level orders, newest first; ``KEY_ROLE`` is the order id (an int, as IB numbers orders).

    A long history is read page by page (``canFetchMore``/``fetchMore``): the newest ``PAGE``
    orders when the model is made, older ones as a view scrolls down to them, so opening on years of
    orders costs one page. Orders placed since are kept oldest first and shown reversed above the
    pages, so a new order inserts view row 0 and no ``order_id -> index`` map needs rebuilding.
    """

    # Status first, as TWS puts it: the colour says at a glance which orders still work.
    columns: ClassVar[tuple[Column[OrderRow], ...]] = (
        Column("Status", lambda r: r.order.status.value, alignment=LEFT, colour=_status_colour,
               tooltip=_status_tip, live=True, width=92),
        Column("Order Id", lambda r: r.order.order_id, _id, width=64),
        # TWS's Client ID and Order ID columns: who placed it over the API, under which id (blank: the GUI).
        Column("Client ID", lambda r: r.order.api_client_id, width=64),
        Column("API Order ID", lambda r: r.order.api_order_id, width=84),
        Column("Time", lambda r: r.order.created, _time, alignment=LEFT, sample=TIME_SAMPLE, width=70),
        Column("Account", lambda r: allocation_label(r.order), alignment=LEFT, sample=ACCOUNT_SAMPLE, width=120),
        Column("Action", lambda r: r.order.action.value, alignment=LEFT, width=54),
        Column("Quantity", lambda r: r.order.total_quantity, _quantity, width=72, sample=QUANTITY_SAMPLE),
        Column("Symbol", lambda r: r.order.symbol, alignment=LEFT, tooltip=_symbol_tip, width=110),
        Column("Type", lambda r: r.order.order_type.value, alignment=LEFT, width=60),
        Column("Lmt Price", lambda r: r.order.lmt_price, _price, width=76),
        Column("Aux Price", lambda r: r.order.aux_price, _price, width=76),
        Column("TIF", lambda r: r.order.tif.value, alignment=LEFT, width=44),
        Column("Filled", lambda r: r.order.filled, lambda v, _r: quantity_text(v), live=True, width=64,
               sample=QUANTITY_SAMPLE),
        Column("Remaining", lambda r: r.order.remaining, lambda v, _r: quantity_text(v), live=True, width=72,
               sample=QUANTITY_SAMPLE),
        Column("Avg Price", lambda r: r.order.avg_fill_price, _avg_price, live=True, width=80),
        Column("Commission", lambda r: r.order.commission, _commission, live=True, width=80),
        Column("Ref", lambda r: r.order.order_ref, alignment=LEFT, width=80),
        Column("Why Held", why_held, alignment=LEFT, tooltip=_status_tip, live=True,
               width=220),
    )

    def __init__(self, book: OrderBook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._live: list[OrderRow] = []
        """orders placed (or refused) since the model was made, oldest first: view rows 0.. reversed"""
        self._older: list[OrderRow] = []
        """orders read from the engine page by page, newest first: the view rows after ``_live``"""
        self._live_index: dict[int, int] = {}
        self._older_index: dict[int, int] = {}
        """order id -> index in ``_live`` / ``_older``"""
        self._unread = book.newest_order_id()
        """the newest order id not yet read from the engine (0: every accepted order is read)"""
        # Refused lines (this session's only, so few) merge with the pages by the time they were entered.
        self._unread_refused = list(book.rejected_orders())
        self.fetchMore()

    # -- reading --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._live) + len(self._older)

    def row_object(self, row: int) -> OrderRow:
        live = len(self._live)
        return self._live[live - 1 - row] if row < live else self._older[row - live]

    def row_key(self, row: int) -> int:  # an int where other models have a str: IB numbers orders
        return self.row_object(row).order_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A rejected order's whole line tells why, as TWS does (hovering anywhere on it).
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < self.rowCount():
            row = self.row_object(index.row())
            if row.refusal is not None:
                return why_held(row)
        return super().data(index, role)

    def row_of(self, order_id: int) -> int | None:
        """The view row of ``order_id``; None if it is not listed (unknown, a combo leg, or an older
        order not read yet: see :meth:`canFetchMore`)."""
        index = self._live_index.get(order_id)
        if index is not None:
            return len(self._live) - 1 - index
        index = self._older_index.get(order_id)
        return None if index is None else len(self._live) + index

    def order_at(self, row: int) -> Order:
        """The order of view row ``row`` as last reported."""
        return self.row_object(row).order

    def order_ids(self) -> list[int]:
        """Listed order ids in view order (newest first)."""
        return [row.order_id for row in reversed(self._live)] + [row.order_id for row in self._older]

    # -- a long history, page by page -------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's own default
        """Whether older orders are still to be read (a view asks as its last row comes into sight)."""
        return not parent.isValid() and (self._unread > 0 or bool(self._unread_refused))

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's own default
        """List the next ``PAGE`` older orders (accepted and refused, by the time they were entered)."""
        if parent.isValid():
            return
        page: list[Order] = []
        accepted = self._next_unread()
        while len(page) < PAGE and (accepted is not None or self._unread_refused):
            refused = self._unread_refused[-1] if self._unread_refused else None
            # Oldest first the list is accepted and refused orders merged by time, an accepted one first
            # when both were entered at once; newest first, the refused one comes first.
            if refused is not None and (accepted is None or refused.created >= accepted.created):
                page.append(self._unread_refused.pop())
            else:
                assert accepted is not None
                page.append(accepted)
                accepted = self._next_unread()
        if accepted is not None:
            self._unread = accepted.order_id  # read again with the next page
        if not page:
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for order in page:
            self._older_index[order.order_id] = len(self._older)
            self._older.append(self._row(order))
        self.endInsertRows()

    def _next_unread(self) -> Order | None:
        """The newest order not yet read that the view lists (top-level, and one the login sees)."""
        while self._unread > 0:
            order_id = self._unread
            self._unread -= 1
            try:
                order = self._book.order(order_id)
            except KeyError:
                continue  # an order the login does not see
            if order.parent_id is None:
                return order
        return None

    # -- live updates ---------------------------------------------------------------------------

    def add_order(self, order_id: int) -> bool:
        """List a newly placed order at the top; False if already listed, not read yet or a combo leg."""
        if order_id in self._live_index or order_id in self._older_index or self._unread >= order_id > 0:
            return False
        order = self._book.order(order_id)
        if order.parent_id is not None:
            return False
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._live_index[order_id] = len(self._live)
        self._live.append(self._row(order))
        self.endInsertRows()
        return True

    def refresh_order(self, order_id: int) -> bool:
        """Re-read ``order_id`` and repaint its row in place; lists it if it is new. True if the order
        is one this list shows (an older one not read yet is read as it is when its page comes)."""
        row = self.row_of(order_id)
        if row is None:
            if self._unread >= order_id > 0:
                return self._book.order(order_id).parent_id is None
            return self.add_order(order_id)
        self.row_object(row).order = copy.copy(self._book.order(order_id))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                               Qt.ItemDataRole.ToolTipRole, RAW_VALUE_ROLE])
        return True

    def _row(self, order: Order) -> OrderRow:
        refusal = self._book.refusal_for(order.order_id) if is_rejected_line(order.order_id) else None
        return OrderRow(copy.copy(order), price_places(self._book.catalog, order.symbol), refusal)


# -- the filter drop-down ---------------------------------------------------------------------------

ALL = "All"
WORKING = "Working"
FILLED = "Filled"
CANCELLED = "Cancelled"

ORDER_FILTERS: dict[str, frozenset[OrderStatus] | None] = {
    ALL: None,
    WORKING: frozenset(WORKING_STATUSES | {OrderStatus.PENDING_SUBMIT}),
    FILLED: frozenset({OrderStatus.FILLED}),
    CANCELLED: frozenset({OrderStatus.CANCELLED, OrderStatus.INACTIVE}),
}
"""The Orders page's filter choices and the statuses each shows (None: every order)."""


class OrdersFilterProxyModel(QSortFilterProxyModel):
    """Shows the orders whose status the chosen filter covers; re-filters as statuses change."""

    def __init__(self, source: OrdersTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[OrderStatus] | None = None
        self._filter = ALL
        self._accounts: frozenset[str] | None = None
        self.setDynamicSortFilter(True)
        self.setSourceModel(source)

    @property
    def orders(self) -> OrdersTableModel:
        source = self.sourceModel()
        assert isinstance(source, OrdersTableModel)
        return source

    @property
    def current_filter(self) -> str:
        return self._filter

    def set_filter(self, name: str) -> None:
        """Show the orders of filter ``name`` (one of :data:`ORDER_FILTERS`)."""
        if name not in ORDER_FILTERS:
            raise KeyError(f"filter: {name!r} is not one of {', '.join(ORDER_FILTERS)}")
        def apply() -> None:
            self._filter, self._statuses = name, ORDER_FILTERS[name]

        change_rows_filter(self, apply)

    def set_accounts(self, accounts: frozenset[str] | None) -> None:
        """Show only the orders for these accounts (an advisor order if it allocates to one of
        them); None shows every account's."""
        def apply() -> None:
            self._accounts = accounts

        change_rows_filter(self, apply)

    def order_id_at(self, row: int) -> int:
        return self.orders.row_key(self.mapToSource(self.index(row, 0)).row())

    def row_of(self, order_id: int) -> int | None:
        """The shown row of ``order_id``; None if filtered out or not listed."""
        source_row = self.orders.row_of(order_id)
        if source_row is None:
            return None
        row = self.mapFromSource(self.orders.index(source_row, 0)).row()
        return row if row >= 0 else None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        order = self.orders.order_at(source_row)
        if self._statuses is not None and order.status not in self._statuses:
            return False
        if self._accounts is None or order.account in self._accounts:
            return True
        plan = order.allocation
        return plan is not None and any(row.account in self._accounts for row in plan.rows)

