"""Declarative columns: a table is a typed list of :class:`Column` over a row object.

``ColumnTableModel`` answers every ``data()`` role from the spec, so a concrete model only keeps
its rows (and the ``key -> row`` index) and decides when to emit ``dataChanged``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

RowT = TypeVar("RowT")
AnyIndex = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole
"""The cell's unformatted value (a ``Decimal`` for prices), for automation and sorting."""
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's key (a symbol, an account tag), the same in every column."""

# Read once: a Qt enum member costs a descriptor call each time it is named, and a painted table
# asks for every visible cell's roles on each repaint.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_ANSWERED_ROLES = frozenset(int(role) for role in (_DISPLAY, _ALIGNMENT, _FOREGROUND, _TOOLTIP, RAW_VALUE_ROLE,
                                                   KEY_ROLE, _BACKGROUND))
"""The roles a column answers. A view's delegate asks each cell for seven on every repaint (font,
decoration, background and check state too): the others return None before any lookup."""
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


ACCOUNT_SAMPLE = "DU1234567-P1"
"""The longest account id a column shows whole: an IB account with a partition suffix."""
TIME_SAMPLE = "00:00:00"
QUANTITY_SAMPLE = "10,000,000"
"""A large order's quantity: the widest a quantity column opens for."""
"""A time of day as the Activity pages show it."""


def _plain(value: Any, _row: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Column(Generic[RowT]):
    """One column: its header, how to read the value from a row, and how to show it.

    ``formatter`` gets the row too, because the number of places can depend on the instrument.
    ``colour`` is the ForegroundRole; ``live`` marks columns a market update can change.
    ``width`` is the least width; a table widens the column to its header and to ``sample``, the
    longest text it must show unclipped (an account id, a time).
    """

    header: str
    getter: Callable[[RowT], Any]
    formatter: Callable[[Any, RowT], str] = _plain
    alignment: Qt.AlignmentFlag = RIGHT
    colour: Callable[[RowT], QColor | None] | None = None
    tooltip: Callable[[RowT], str] | None = None
    live: bool = False
    width: int = 84
    sample: str = ""


class ColumnTableModel(QAbstractTableModel):
    """A flat, read-only table whose cells come from a column spec."""

    columns: ClassVar[Sequence[Column[Any]]] = ()

    def row_object(self, row: int) -> Any:
        raise NotImplementedError

    def row_key(self, row: int) -> str:
        raise NotImplementedError

    def row_background(self, row: Any) -> QColor | None:
        """A whole row's BackgroundRole (a watchlist's delayed rows); None: the view's own."""
        return None

    # -- QAbstractItemModel ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        raise NotImplementedError

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The bounds are checked here rather than by checkIndex(), which calls rowCount() and
        # columnCount() back through the binding: two more Python calls per role of every cell painted.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        number = index.row()
        if number >= self.rowCount() or index.column() >= len(self.columns) or index.model() is not self:
            return None
        column = self.columns[index.column()]
        row = self.row_object(number)
        if role == _DISPLAY:
            return column.formatter(column.getter(row), row)
        if role == _ALIGNMENT:
            return column.alignment
        if role == _FOREGROUND:
            return column.colour(row) if column.colour else None
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip else None
        if role == RAW_VALUE_ROLE:
            return column.getter(row)
        if role == _BACKGROUND:
            return self.row_background(row)
        return self.row_key(number)  # KEY_ROLE, the last answered role

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].alignment
        return None

    # -- helpers for subclasses -----------------------------------------------------------------

    def column_of(self, header: str) -> int:
        """The index of the column titled ``header`` (automation finds cells by header)."""
        for number, column in enumerate(self.columns):
            if column.header == header:
                return number
        raise KeyError(f"column: no column titled {header!r}")

    @classmethod
    def live_column_range(cls) -> tuple[int, int]:
        """First and last live column; the range one market update repaints."""
        live = [n for n, column in enumerate(cls.columns) if column.live]
        if not live:
            raise ValueError(f"{cls.__name__} has no live columns")
        return live[0], live[-1]


class ListTableModel(ColumnTableModel):
    """A table replaced whole when it changes (a preview's figures): rows kept in a list, each
    row's key read by ``key_of``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def key_of(self, row: Any) -> str:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows``: in place (one ``dataChanged``, the selection kept) when the same keys come
        back in the same order, else a reset."""
        rows = list(rows)
        if rows and [self.key_of(r) for r in rows] == [self.key_of(r) for r in self._rows]:
            changed = [n for n, (new, old) in enumerate(zip(rows, self._rows)) if new != old]
            self._rows = rows
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self.key_of(self._rows[row])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)
