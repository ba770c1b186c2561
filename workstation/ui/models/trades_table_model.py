"""TradesTableModel: the Activity panel's Trades page, one row per execution in the order they traded.

Columns follow TWS's Trade Log (Action as BOT/SLD, Order Id, Commission, Account) plus the realized
P&L the engine reports with each fill and whether the execution was later busted. An advisor order's
block execution is followed, as in an advisor's Trade Log, by one row per account it was allocated
to: that account's units at the execution's price and its commission, so a filter on the account
finds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workstation.engine import Action, ExecutionReported, InstrumentCatalog
from workstation.ui import formatting, theme
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, RAW_VALUE_ROLE, TIME_SAMPLE, Column, ColumnTableModel
from workstation.ui.models.orders_table_model import price_places, quantity_text, time_of_day

AnyIndex = QModelIndex | QPersistentModelIndex

TRADE_LOG_ACTIONS = {Action.BUY: "BOT", Action.SELL: "SLD"}
"""The Trade Log spells a fill's side in the past tense."""


class ExecutionBook(Protocol):
    """What the model reads: the engine satisfies it."""

    @property
    def catalog(self) -> InstrumentCatalog: ...

    def executions(self, order_id: int | None = None) -> list[ExecutionReported]: ...

    def execution_count(self) -> int: ...

    def executions_in(self, start: int, stop: int) -> list[ExecutionReported]: ...

    def is_busted(self, exec_id: str) -> bool: ...

    def partition_labels(self) -> dict[str, str]: ...


@dataclass(slots=True)
class TradeRow:
    """One execution as last reported (a correction replaces it), and whether it was busted."""

    execution: ExecutionReported
    places: int
    busted: bool = False
    partition: str = ""
    """for a partition's execution: ``Partition (managed by Name)``, as the Trade Log labels it"""
    allocation: tuple[str, Decimal, Decimal] | None = None
    """an allocation row under an advisor's block execution: (account, units, commission)"""

    @property
    def exec_id(self) -> str:
        return self.execution.exec_id

    @property
    def key(self) -> str:
        """The exec id, and for an allocation row ``exec id/account``."""
        return self.exec_id if self.allocation is None else f"{self.exec_id}/{self.allocation[0]}"

    @property
    def account(self) -> str:
        return self.execution.account if self.allocation is None else self.allocation[0]

    @property
    def quantity(self) -> Decimal:
        return self.execution.quantity if self.allocation is None else self.allocation[1]

    @property
    def commission(self) -> Decimal:
        return self.execution.commission if self.allocation is None else self.allocation[2]


def allocation_rows(execution: ExecutionReported) -> list[tuple[str, Decimal, Decimal]]:
    """(account, units, commission) per account an advisor's block execution was allocated to
    (none for an execution in one account)."""
    if not execution.allocation_commissions:
        return []
    commissions = dict(execution.allocation_commissions)
    return [(account, units, commissions.get(account, Decimal(0))) for account, units in execution.allocations]


def _time(value: datetime, _row: TradeRow) -> str:
    return time_of_day(value)


def _side(value: str, _row: TradeRow) -> str:
    return TRADE_LOG_ACTIONS[Action(value)]


def _price(value: Decimal, row: TradeRow) -> str:
    return formatting.price(value, row.places)


def _money(value: Decimal, _row: TradeRow) -> str:
    return formatting.money(value)


def _signed_money(value: Decimal, _row: TradeRow) -> str:
    return formatting.signed(value, 2) if value else ""


def _busted(value: bool, _row: TradeRow) -> str:
    return "Busted" if value else ""


def _account(value: str, row: TradeRow) -> str:
    if row.allocation is not None:
        return f"    ↳ {value}"
    return f"{value} · Partition" if row.partition else value


def _realized(value: Decimal, row: TradeRow) -> str:
    return "" if row.allocation is not None else _signed_money(value, row)


def _allocations_tip(row: TradeRow) -> str:
    """Where an advisor fill went: ``A 100, B 50``; a partition's execution says whose partition."""
    allocations = row.execution.allocations
    if row.allocation is not None:
        return f"{row.allocation[0]}'s allocation of execution {row.exec_id}"
    if row.partition:
        return row.partition
    if len(allocations) < 2:
        return ""
    return ", ".join(f"{account} {quantity_text(units)}" for account, units in allocations)


def _side_colour(row: TradeRow) -> QColor | None:
    return row_colour(row) or theme.direction_colour(row.execution.action.sign)


def _pnl_colour(row: TradeRow) -> QColor | None:
    return row_colour(row) or theme.direction_colour(row.execution.realized_pnl)


def row_colour(row: TradeRow) -> QColor | None:
    """A busted execution is greyed out across the row."""
    return theme.MUTED if row.busted else None


class TradesTableModel(ColumnTableModel):
    """Executions oldest first, each advisor block followed by its allocations; new fills append.
    ``KEY_ROLE`` is the exec id (``exec id/account`` for an allocation row). Given a ``page``, it
    lists only the newest executions at first and reads older ones on request, above them."""

    columns: ClassVar[tuple[Column[TradeRow], ...]] = (
        Column("Time", lambda r: r.execution.time, _time, alignment=LEFT, sample=TIME_SAMPLE, colour=row_colour,
               width=70),
        Column("Exec Id", lambda r: r.exec_id, alignment=LEFT, colour=row_colour, width=160,
               sample="00000001.00000001.01.01"),
        Column("Order Id", lambda r: r.execution.order_id, colour=row_colour, width=64),
        Column("Account", lambda r: r.account, _account, alignment=LEFT,
               sample=f"{ACCOUNT_SAMPLE} · Partition",
               colour=row_colour, tooltip=_allocations_tip, width=150),
        Column("Action", lambda r: r.execution.action.value, _side, alignment=LEFT, colour=_side_colour, width=54),
        Column("Quantity", lambda r: r.quantity, lambda v, _r: quantity_text(v), colour=row_colour,
               width=72),
        Column("Symbol", lambda r: r.execution.symbol, alignment=LEFT, colour=row_colour, width=110),
        Column("Price", lambda r: r.execution.price, _price, colour=row_colour, live=True, width=80),
        Column("Commission", lambda r: r.commission, _money, colour=row_colour, width=80),
        Column("Currency", lambda r: r.execution.commission_currency, alignment=LEFT, colour=row_colour, width=60),
        Column("Realized P&L", lambda r: r.execution.realized_pnl, _realized, colour=_pnl_colour, width=92),
        Column("Busted", lambda r: r.busted, _busted, alignment=LEFT, colour=row_colour, live=True, width=60),
    )

    def __init__(self, book: ExecutionBook, parent: QObject | None = None, *, page: int | None = None) -> None:
        """``page``: list only the newest ``page`` executions at first and older ones a page at a time
        through :meth:`fetch_older` (the Activity panel, which opens on any history); None: every one."""
        super().__init__(parent)
        self._book = book
        self._page = page
        self._rows: list[TradeRow] = []
        """the executions listed at first and those since, oldest first: the view rows after ``_older``"""
        self._older: list[TradeRow] = []
        """older executions read since, newest first: view row ``len(_older) - 1 - index``"""
        self._row_of: dict[str, int] = {}
        """exec id -> its slot: ``i`` for ``_rows[i]``, ``-1 - j`` for ``_older[j]``"""
        self._rows_of_order: dict[int, list[int]] = {}
        """order id -> the slots of its rows, in view order"""
        labels = book.partition_labels()  # read once for the whole list, not once per execution
        if page is None:
            self._unread = 0
            listed = book.executions()
        else:
            self._unread = max(0, book.execution_count() - page)
            """how many executions, oldest first, are not read yet"""
            listed = book.executions_in(self._unread, book.execution_count())
        for execution in listed:
            self._append(execution, labels)

    # -- reading --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._older) + len(self._rows)

    def row_object(self, row: int) -> TradeRow:
        older = len(self._older)
        return self._older[older - 1 - row] if row < older else self._rows[row - older]

    def row_key(self, row: int) -> str:
        return self.row_object(row).key

    def row_of(self, exec_id: str) -> int | None:
        slot = self._row_of.get(exec_id)
        return None if slot is None else self._view_row(slot)

    def exec_ids(self, order_id: int | None = None) -> list[str]:
        """The executions listed (an advisor block once, not its allocation rows)."""
        if order_id is None:
            rows = (self.row_object(row) for row in range(self.rowCount()))
        else:
            rows = (self._at(slot) for slot in self._rows_of_order.get(order_id, []))
        return [trade.exec_id for trade in rows if trade.allocation is None]

    def allocations_of(self, exec_id: str) -> list[TradeRow]:
        """The allocation rows listed under block execution ``exec_id``."""
        first = self.row_of(exec_id)
        if first is None:
            return []
        rows = []
        for row in range(first + 1, self.rowCount()):
            trade = self.row_object(row)
            if trade.allocation is None or trade.exec_id != exec_id:
                break
            rows.append(trade)
        return rows

    # -- a long history, a page at a time ----------------------------------------------------------

    def has_older(self) -> bool:
        """Whether older executions are still to be read (see :meth:`fetch_older`)."""
        return self._unread > 0

    def fetch_older(self) -> int:
        """List the page of executions before the oldest listed, above it; how many rows it added."""
        if not self._unread or self._page is None:
            return 0
        start = max(0, self._unread - self._page)
        executions = self._book.executions_in(start, self._unread)
        self._unread = start
        page = [trade for execution in executions for trade in self._trades(execution, self._book.partition_labels())]
        if not page:
            return 0
        self.beginInsertRows(QModelIndex(), 0, len(page) - 1)
        slots_of_order: dict[int, list[int]] = {}
        for trade in reversed(page):  # stored newest first, so the page's first row ends on top
            slot = -1 - len(self._older)
            self._older.append(trade)
            if trade.allocation is None:
                self._row_of[trade.exec_id] = slot
            slots_of_order.setdefault(trade.execution.order_id, []).insert(0, slot)
        for order_id, slots in slots_of_order.items():
            self._rows_of_order[order_id] = slots + self._rows_of_order.get(order_id, [])
        self.endInsertRows()
        return len(page)

    # -- live updates ---------------------------------------------------------------------------

    def add_execution(self, execution: ExecutionReported) -> bool:
        """Append a new fill; False if it is listed already."""
        if execution.exec_id in self._row_of:
            return False
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row + len(allocation_rows(execution)))
        self._append(execution, self._book.partition_labels())
        self.endInsertRows()
        return True

    def refresh_order(self, order_id: int) -> bool:
        """Re-read the executions of ``order_id`` (a correction moves a price, a bust flags one) and
        repaint the rows that changed; False if none did."""
        slots = self._rows_of_order.get(order_id)
        if not slots:
            return False
        current = {execution.exec_id: execution for execution in self._book.executions(order_id)}
        changed = sorted(self._view_row(slot) for slot in slots
                         if self._update(self._at(slot), current.get(self._at(slot).exec_id)))
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, RAW_VALUE_ROLE])
        return bool(changed)

    def _update(self, trade: TradeRow, execution: ExecutionReported | None) -> bool:
        if execution is None:
            return False
        busted = self._book.is_busted(execution.exec_id)
        if execution == trade.execution and busted == trade.busted:
            return False
        trade.execution, trade.busted = execution, busted
        return True

    def _at(self, slot: int) -> TradeRow:
        return self._rows[slot] if slot >= 0 else self._older[-1 - slot]

    def _view_row(self, slot: int) -> int:
        older = len(self._older)
        return older + slot if slot >= 0 else older - 1 - (-1 - slot)

    def _trades(self, execution: ExecutionReported, partition_labels: dict[str, str]) -> list[TradeRow]:
        """The rows of one execution: the execution, then an advisor block's allocations."""
        places = price_places(self._book.catalog, execution.symbol)
        partition = partition_labels.get(execution.account, "")
        busted = self._book.is_busted(execution.exec_id)
        return [TradeRow(execution, places, busted, partition),
                *(TradeRow(execution, places, busted, allocation=allocation)
                  for allocation in allocation_rows(execution))]

    def _append(self, execution: ExecutionReported, partition_labels: dict[str, str]) -> None:
        slots = self._rows_of_order.setdefault(execution.order_id, [])
        self._row_of[execution.exec_id] = len(self._rows)
        for trade in self._trades(execution, partition_labels):
            slots.append(len(self._rows))
            self._rows.append(trade)


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending rows as contiguous (first, last) runs: ``[2, 3, 7]`` -> ``[(2, 3), (7, 7)]``."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
