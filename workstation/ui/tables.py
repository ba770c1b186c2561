"""How every read-only table of the workstation is set up: rows selected whole, fixed row height,
no row numbers, movable columns at the widths their column specs give."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workstation.ui.models.columns import Column

ROW_HEIGHT = 22


def data_table(parent: QWidget, name: str, model: QAbstractItemModel, columns: Sequence[Column[Any]], *,
               multiple: bool = False) -> QTableView:
    """A read-only table named ``name`` over ``model``, whose column widths come from ``columns``;
    one row is selected at a time unless ``multiple``."""
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
        header.resizeSection(number, column.width)
    return table
