"""How every read-only table of the workstation is set up: rows selected whole, fixed row height,
no row numbers, movable columns at the widths their column specs give; and the cell delegate a
table repainted many times a second uses (:class:`ColumnCellDelegate`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from workstation.ui.models.columns import Column, ColumnTableModel

ROW_HEIGHT = 22
FONT_PIXELS = 12
"""The stylesheet's text size (``resources/theme.qss``); headers are semi-bold."""
HEADER_PADDING = 24
"""A header section's padding (6 px a side in the stylesheet), its border and room for a sort arrow."""
CELL_PADDING = 24
"""A cell's padding (6 px a side in the stylesheet), the focus frame and the grid line."""


def column_width(column: Column[Any], font: QFont) -> int:
    """The width that shows ``column``'s header and its sample text whole, at least its own width."""
    text = QFont(font)
    text.setPixelSize(FONT_PIXELS)
    header = QFont(text)
    header.setWeight(QFont.Weight.DemiBold)
    needed = QFontMetrics(header).horizontalAdvance(column.header) + HEADER_PADDING
    if column.sample:
        needed = max(needed, QFontMetrics(text).horizontalAdvance(column.sample) + CELL_PADDING)
    return max(column.width, needed)


def data_table(parent: QWidget, name: str, model: QAbstractItemModel, columns: Sequence[Column[Any]], *,
               multiple: bool = False) -> QTableView:
    """A read-only table named ``name`` over ``model``, whose columns are as wide as their specs,
    headers and samples need (nothing clipped at the default layout); one row is selected at a
    time unless ``multiple``."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multiple
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    for number, column in enumerate(columns):
        header.resizeSection(number, column_width(column, table.font()))
    return table


_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_TEXT = QPalette.ColorRole.Text


class ColumnCellDelegate(QStyledItemDelegate):
    """Paints a :class:`ColumnTableModel`'s cells as the standard delegate does, reading each cell's
    text, alignment and colour from its column in one call.

    The standard delegate asks the model for seven roles per cell, each a call from Qt into Python:
    on the 200-row watchlist, repainted with every frame of a price stream, that was about a third
    of the repaint. For models that answer only what their columns say (no font, decoration, check
    state of their own, as ``ColumnTableModel.data`` answers; a row's background comes from its
    ``row_background``: a watchlist's delayed rows)."""

    def __init__(self, model: ColumnTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                        index: QModelIndex | QPersistentModelIndex) -> None:
        model = self._model
        column = model.columns[index.column()]
        row = model.row_object(index.row())
        option.index = index
        option.displayAlignment = column.alignment
        colour = column.colour(row) if column.colour is not None else None
        if colour is not None:
            option.palette.setBrush(_TEXT, QBrush(colour))
        background = model.row_background(row)
        if background is not None:
            option.backgroundBrush = QBrush(background)
        option.features |= _HAS_DISPLAY
        option.text = column.formatter(column.getter(row), row)
        option.styleObject = None  # as Qt's delegate: no style animations inside item views
