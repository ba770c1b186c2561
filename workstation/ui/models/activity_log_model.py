"""ActivityLogModel: the Activity panel's Log page, timestamped engine messages, oldest first.

It lists what a trader must not miss: refused commands (code and message), orders cancelled,
made inactive, busted or corrected (with the engine's reason), liquidations, and money or positions
moved (transfers with a partition, deposits, withdrawals). The entry
builders below turn engine events into lines; the model only keeps and shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QColor

from workstation.engine import (
    CashTransferred,
    CommandRejected,
    FundsDeposited,
    FundsWithdrawn,
    InstrumentCatalog,
    LiquidationStarted,
    Order,
    OrderStatus,
    OrderStatusChanged,
    PositionTransferred,
    avg_cost_per_contract,
)
from workstation.ui import theme
from workstation.ui.field_labels import refusal_shown
from workstation.ui.models.columns import LEFT, TIME_SAMPLE, Column, ColumnTableModel
from workstation.ui.models.orders_table_model import quantity_text, status_colour, time_of_day

AnyIndex = QModelIndex | QPersistentModelIndex

MAX_ENTRIES = 5_000
"""The oldest lines go beyond this, so a long session keeps a bounded log."""

REJECTED = "Rejected"
LIQUIDATION = "Liquidation"
TRANSFER = "Transfer"
DEPOSIT = "Deposit"
WITHDRAWAL = "Withdrawal"
_NOTABLE_STATUSES = frozenset({OrderStatus.CANCELLED, OrderStatus.INACTIVE})


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line: when, what kind (Rejected, an order status, Liquidation), about what, and the text."""

    time: datetime
    kind: str
    source: str
    message: str
    colour: QColor | None = None


def describe_order(order: Order) -> str:
    """``BUY 100 AAPL LMT``: how the log names an order."""
    return f"{order.action.value} {quantity_text(order.total_quantity)} {order.symbol} {order.order_type.value}"


def rejection_entry(event: CommandRejected) -> LogEntry:
    return LogEntry(event.time, REJECTED, event.command, f"Rejected: {event.code} — {refusal_shown(event)}",
                    theme.TICK_DOWN)


def is_notable(event: OrderStatusChanged) -> bool:
    """Whether the log lists the status change (cancelled, inactive, or any with a reason): the
    routine ones (submitted, filled) are not, so their order need not be read."""
    return event.status in _NOTABLE_STATUSES or bool(event.reason)


def status_entry(event: OrderStatusChanged, order: Order | None) -> LogEntry | None:
    """A line for a status change worth reading (see :func:`is_notable`); None for the routine ones."""
    if not is_notable(event):
        return None
    subject = f"Order {event.order_id}" + (f" {describe_order(order)}" if order is not None else "")
    text = f"{subject}: {event.status.value}" + (f" — {event.reason}" if event.reason else "")
    return LogEntry(event.time, event.status.value, f"Order {event.order_id}", text, status_colour(event.status))


def liquidation_entry(event: LiquidationStarted) -> LogEntry:
    closes = ", ".join(f"{side.value} {quantity_text(units)} {symbol}" for symbol, side, units in event.orders)
    text = f"Liquidation of {event.account_id}: {event.reason}" + (f"; closing {closes}" if closes else "")
    return LogEntry(event.time, LIQUIDATION, event.account_id, text, theme.TICK_DOWN)


def liquidation_order_entry(order: Order) -> LogEntry:
    """A liquidation order the engine placed (seen from its order ref)."""
    text = f"Liquidation order {order.order_id} for {order.account}: {describe_order(order)}"
    return LogEntry(order.created, LIQUIDATION, order.account, text, theme.TICK_DOWN)


def funding_entry(event: CashTransferred | PositionTransferred | FundsDeposited | FundsWithdrawn,
                  catalog: InstrumentCatalog) -> LogEntry:
    """A transfer between an account and its partition, or money to or from the bank. A position's
    cost is IB's average cost: per contract for derivatives, per share for stocks."""
    if isinstance(event, CashTransferred):
        text = f"Transferred {event.amount:,.2f} {event.currency} from {event.from_account} to {event.to_account}"
        return LogEntry(event.time, TRANSFER, event.from_account, text)
    if isinstance(event, PositionTransferred):
        cost = avg_cost_per_contract(event.avg_cost, catalog[event.symbol])
        text = (f"Transferred {quantity_text(event.quantity)} {event.symbol} from {event.from_account} to "
                f"{event.to_account} at a cost of {cost:,.2f} each")
        return LogEntry(event.time, TRANSFER, event.from_account, text)
    if isinstance(event, FundsDeposited):
        text = (f"Deposited {event.amount:,.2f} {event.currency} into {event.account}, withdrawable from "
                f"{event.withdrawable_on:%d %b %Y}")
        return LogEntry(event.time, DEPOSIT, event.account, text)
    text = f"Withdrew {event.amount:,.2f} {event.currency} from {event.account}"
    return LogEntry(event.time, WITHDRAWAL, event.account, text)


def _time(value: datetime, _entry: LogEntry) -> str:
    return time_of_day(value)


def _colour(entry: LogEntry) -> QColor | None:
    return entry.colour


class ActivityLogModel(ColumnTableModel):
    """Log lines oldest first; ``KEY_ROLE`` is the line's sequence number (stable as old lines go)."""

    columns: ClassVar[tuple[Column[LogEntry], ...]] = (
        Column("Time", lambda e: e.time, _time, alignment=LEFT, sample=TIME_SAMPLE, width=70),
        Column("Kind", lambda e: e.kind, alignment=LEFT, colour=_colour, width=90),
        Column("Source", lambda e: e.source, alignment=LEFT, width=110),
        Column("Message", lambda e: e.message, alignment=LEFT, tooltip=lambda e: e.message, width=600),
    )

    def __init__(self, parent: QObject | None = None, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(parent)
        self._entries: list[LogEntry] = []
        self._first_number = 0
        """sequence number of ``_entries[0]``"""
        self._max_entries = max_entries

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def row_object(self, row: int) -> LogEntry:
        return self._entries[row]

    def row_key(self, row: int) -> str:
        return str(self._first_number + row)

    def messages(self) -> list[str]:
        return [entry.message for entry in self._entries]

    def append(self, entry: LogEntry | None) -> None:
        """Add ``entry`` at the bottom (None is ignored), dropping the oldest beyond the limit."""
        if entry is None:
            return
        if len(self._entries) >= self._max_entries:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            del self._entries[0]
            self._first_number += 1
            self.endRemoveRows()
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
