"""AllocationTableModel: how one advisor order is shared, per account (the engine's drift view).

Each row is a :class:`DriftRow`: IB's ``OrderAllocation`` (position, desired and allowed quantity,
position after) plus what the fills gave the account so far and its fill ratio, as the engine
computes them. An order to a single account has no rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workstation.engine import DriftRow
from workstation.ui import theme
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, RAW_VALUE_ROLE, Column, ColumnTableModel
from workstation.ui.models.orders_table_model import quantity_text

AnyIndex = QModelIndex | QPersistentModelIndex


def _units(value: Decimal | int, _row: DriftRow) -> str:
    return quantity_text(Decimal(value))


def _ratio(value: Decimal, _row: DriftRow) -> str:
    """The fill ratio as a percentage (allocated / desired, computed by the engine)."""
    return f"{value * 100:.1f}%"


def _reduced_colour(row: DriftRow) -> QColor | None:
    """An account the credit check cut back (allowed below desired) stands out."""
    return theme.TICK_DOWN if row.allowed_quantity < row.desired_quantity else None


def _note_tip(row: DriftRow) -> str:
    return row.note


class AllocationTableModel(ColumnTableModel):
    """The accounts of the order shown by :meth:`show_order`; ``KEY_ROLE`` is the account id."""

    columns: ClassVar[tuple[Column[DriftRow], ...]] = (
        Column("Account", lambda r: r.account, alignment=LEFT, sample=ACCOUNT_SAMPLE, tooltip=_note_tip, width=96),
        Column("Position", lambda r: r.position, _units, width=72),
        Column("Desired", lambda r: r.desired_quantity, _units, width=64),
        Column("Allowed", lambda r: r.allowed_quantity, _units, colour=_reduced_colour, tooltip=_note_tip,
               width=64),
        Column("Filled", lambda r: r.allocated, _units, width=64),
        Column("Fill Ratio", lambda r: r.fill_ratio, _ratio, width=70),
        Column("Position After", lambda r: r.position_after, _units, width=92),
        Column("Note", lambda r: r.note, alignment=LEFT, tooltip=_note_tip, width=260),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._order_id: int | None = None
        self._rows: list[DriftRow] = []

    @property
    def order_id(self) -> int | None:
        """The order shown, or None."""
        return self._order_id

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def row_object(self, row: int) -> DriftRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._rows[row].account

    def accounts(self) -> list[str]:
        return [row.account for row in self._rows]

    def show_order(self, order_id: int | None, rows: Sequence[DriftRow]) -> None:
        """Show ``rows`` of ``order_id``: in place (one ``dataChanged``) when the same order's
        accounts only moved on, else a reset (another order was chosen)."""
        rows = list(rows)
        if order_id == self._order_id and [r.account for r in rows] == self.accounts():
            self._update_in_place(rows)
            return
        self.beginResetModel()
        self._order_id, self._rows = order_id, rows
        self.endResetModel()

    def clear(self) -> None:
        self.show_order(None, ())

    def _update_in_place(self, rows: list[DriftRow]) -> None:
        changed = [n for n, (old, new) in enumerate(zip(self._rows, rows)) if old != new]
        if not changed:
            return
        self._rows = rows
        self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.columns) - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                               Qt.ItemDataRole.ToolTipRole, RAW_VALUE_ROLE])
