"""Marking a field the engine objects to, and the amount cell editor that is checked as it is typed."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from workstation.ui.models.group_members_table_model import PROBLEM_ROLE


class AmountDelegate(QStyledItemDelegate):
    """Amount cells commit on every keystroke, so the engine checks the group as it is typed; the
    editor is marked while the engine objects to its row."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cell = QPersistentModelIndex(index)
        editor.textEdited.connect(lambda _text: self._commit(editor, cell))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QLineEdit) and editor.text() != text:  # keep the cursor while typing
            editor.setText(text)
        mark_invalid(editor, bool(index.data(PROBLEM_ROLE)), index.data(PROBLEM_ROLE) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def _commit(self, editor: QLineEdit, cell: QPersistentModelIndex) -> None:
        self.commitData.emit(editor)
        mark_invalid(editor, bool(cell.data(PROBLEM_ROLE)), cell.data(PROBLEM_ROLE) or "")


def mark_invalid(widget: QWidget, invalid: bool, reason: str = "") -> None:
    """Set the ``invalid`` property the stylesheet colours, with the reason as the tooltip."""
    widget.setToolTip(reason if invalid else "")
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        repolish(widget)


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
