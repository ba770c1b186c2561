"""GroupMembersTableModel: the members of the group being edited in Advisor Setup, one row per
client account: a check box for membership and the amount as typed (editable for the methods
that use amounts). Rows the engine's check finds fault with are marked and carry the reason.

The model only holds what was typed; the engine decides what is valid (``engine.check_group``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workstation.ui import theme
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, Column, ColumnTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
_VALID = QAbstractTableModel.CheckIndexOption.IndexIsValid

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2
"""The reason the engine would refuse this account's row, or None (for automation and editors)."""


@dataclass(slots=True)
class MemberRow:
    """One client account in the editor: whether it is a member, its amount as typed, and the
    engine's objection to it, if any."""

    account: str
    included: bool = False
    amount: str = ""
    problem: str = ""


def _muted_unless_member(row: MemberRow) -> Any:
    return None if row.included else theme.MUTED


def _problem(row: MemberRow) -> str | None:
    return row.problem or None


def amount_text(amount: Decimal) -> str:
    """An amount as a person would type it: ``60``, ``2.5``, ``10000``."""
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class GroupMembersTableModel(ColumnTableModel):
    columns: ClassVar = (
        Column("Account", lambda r: r.account, alignment=LEFT, sample=ACCOUNT_SAMPLE, colour=_muted_unless_member,
               tooltip=_problem, width=120),
        Column("Amount", lambda r: r.amount, colour=_muted_unless_member, tooltip=_problem, width=110),
    )
    ACCOUNT, AMOUNT = 0, 1

    sig_edited = Signal()
    """A person ticked or unticked an account or changed an amount (not emitted by the setters)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._uses_amounts = False

    # -- what the editor sets and reads ---------------------------------------------------------

    def set_members(self, clients: Iterable[str], members: Sequence[tuple[str, Decimal]], uses_amounts: bool) -> None:
        """One row per client account; the group's members first, in group order (Equal hands out
        its odd units in that order), then the other clients, unchecked."""
        self.beginResetModel()
        self._uses_amounts = uses_amounts
        self._rows = [MemberRow(account, True, amount_text(amount) if uses_amounts else "")
                      for account, amount in members]
        listed = {account for account, _ in members}
        self._rows += [MemberRow(account) for account in clients if account not in listed]
        self.endResetModel()

    def add_clients(self, clients: Iterable[str]) -> None:
        """Append an unticked row for each client account not listed yet (a client just opened)."""
        new = [account for account in clients if self.row_of(account) < 0]
        if new:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
            self._rows += [MemberRow(account) for account in new]
            self.endInsertRows()

    def set_uses_amounts(self, uses_amounts: bool) -> None:
        """Whether the method reads the Amount column (it is editable, and shown, only then)."""
        if uses_amounts != self._uses_amounts:
            self._uses_amounts = uses_amounts
            self._amounts_changed(0, len(self._rows) - 1)

    @property
    def uses_amounts(self) -> bool:
        return self._uses_amounts

    def members(self) -> tuple[tuple[str, str], ...]:
        """The checked accounts with their amounts as typed, in table order."""
        return tuple((row.account, row.amount) for row in self._rows if row.included)

    def set_problems(self, problems: Mapping[str, str]) -> None:
        """Mark the rows of the accounts in ``problems`` (account -> reason) and clear the others."""
        for number, row in enumerate(self._rows):
            problem = problems.get(row.account, "")
            if problem != row.problem:
                row.problem = problem
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))

    def row_of(self, account: str) -> int:
        """The row of ``account``, or -1."""
        return next((number for number, row in enumerate(self._rows) if row.account == account), -1)

    # -- ColumnTableModel -----------------------------------------------------------------------

    def row_object(self, row: int) -> MemberRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._rows[row].account

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        if index.column() == self.ACCOUNT:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if self._uses_amounts:
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, _VALID):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.ACCOUNT:
            return Qt.CheckState.Checked if row.included else Qt.CheckState.Unchecked
        if index.column() == self.AMOUNT and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.amount if self._uses_amounts else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return theme.INVALID_BACKGROUND if row.problem else None
        if role == PROBLEM_ROLE:
            return row.problem or None
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self.checkIndex(index, _VALID):
            return False
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.ACCOUNT:
            included = Qt.CheckState(value) == Qt.CheckState.Checked
            if included != row.included:
                row.included = included
                self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
                self.sig_edited.emit()
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == self.AMOUNT and self._uses_amounts:
            text = "" if value is None else str(value)
            if text == row.amount:
                return True
            row.amount = text
            if text.strip() and not row.included:  # typing an amount makes the account a member
                row.included = True
                self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
            else:
                self._amounts_changed(index.row(), index.row())
            self.sig_edited.emit()
            return True
        return False

    def _amounts_changed(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, self.AMOUNT), self.index(last, self.AMOUNT))

