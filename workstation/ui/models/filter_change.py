"""Changing a QSortFilterProxyModel's row filter the way the running Qt wants it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def change_rows_filter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Run ``change`` (which alters what ``proxy`` accepts) and refilter its rows: bracketed by
    ``beginFilterChange``/``endFilterChange`` on Qt 6.9+, where ``invalidateRowsFilter`` is
    deprecated, and followed by ``invalidateRowsFilter`` before that."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        change()
        proxy.invalidateRowsFilter()
