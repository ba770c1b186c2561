"""InlineProfileDialog: Order Entry's inline profile editor, accounts and amounts for one order.

An advisor who wants a one-off split (IB's ``faAllocations``) ticks the clients, chooses one of the
methods that use amounts (Percent, Ratio, ContractsOrShares, MonetaryAmount) and types each
amount. The draft is checked on every keystroke by the engine's own group rules
(``Engine.check_group``), so what OK accepts is what the order will be allowed to carry; the
result is an Allocation entry for this ticket only (``allocation_choices.inline_profile``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QWidget,
)

from workstation.client.account_window import account_selections
from workstation.client.allocation_choices import INLINE_PROFILE_NAME, AllocationChoice, inline_profile
from workstation.engine import AllocationMethod, FieldProblem, GroupDraft
from workstation.engine.core.errors import FieldValueError
from workstation.engine.views.advisor_setup import MEMBERS_FIELD
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.field_labels import refusal_text
from workstation.ui.models.group_members_table_model import GroupMembersTableModel
from workstation.ui.tables import data_table
from workstation.ui.widgets.dialog_layout import controls_row, stack
from workstation.ui.widgets.marking import AmountDelegate, mark_invalid

PROFILE_METHODS = tuple(m for m in AllocationMethod if m.needs_amounts and m is not AllocationMethod.MODEL)
"""The methods an inline profile can use: those whose amounts the advisor types."""

PROFILE_HINT = "Type an amount for each account the order is for; OK takes the profile once it checks."
"""What the editor says before anything is typed (rather than what an empty profile lacks)."""


class InlineProfileDialog(QDialog):
    """Method, members with amounts, the engine's objection if any, OK and Cancel."""

    def __init__(self, bridge: EngineBridge, advisor: str, current: AllocationChoice | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.INLINE_PROFILE_DIALOG)
        self.setWindowTitle("Inline Profile")
        self._bridge = bridge
        self._advisor = advisor
        self.problems: list[FieldProblem] = []
        self._edited = False  # the engine's objections are shown once the person has typed something

        self.method_input = QComboBox(self)
        self.method_input.setObjectName(names.INLINE_PROFILE_METHOD)
        for method in PROFILE_METHODS:
            self.method_input.addItem(method.value, method)
        self.members_model = GroupMembersTableModel(self)
        self.members_table = data_table(self, names.INLINE_PROFILE_MEMBERS, self.members_model,
                                        self.members_model.columns)
        self.members_table.horizontalHeader().setStretchLastSection(True)
        triggers = QAbstractItemView.EditTrigger
        self.members_table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                           | triggers.AnyKeyPressed)
        self.members_table.setItemDelegateForColumn(GroupMembersTableModel.AMOUNT,
                                                    AmountDelegate(self.members_table))
        self.message = QLabel(self)
        self.message.setObjectName(names.INLINE_PROFILE_MESSAGE)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName(names.INLINE_PROFILE_OK)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        stack(self, controls_row(self, "Method", self.method_input), self.members_table, self.message, self.buttons)
        self.resize(460, 360)

        clients = [s.name for s in account_selections(bridge.engine, advisor) if len(s.accounts) == 1]
        method = current.method if current is not None and current.method in PROFILE_METHODS else PROFILE_METHODS[0]
        self.method_input.setCurrentIndex(self.method_input.findData(method))
        self.members_model.set_members(clients, current.amounts if current is not None else (), True)
        self.method_input.currentIndexChanged.connect(self._on_edited)
        self.members_model.sig_edited.connect(self._on_edited)
        self._check()

    @property
    def method(self) -> AllocationMethod:
        return self.method_input.currentData()

    def choice(self) -> AllocationChoice:
        """The Allocation entry for the profile as typed (only when the engine has no objection)."""
        if self.problems:
            raise FieldValueError(self.problems[0].field, self.problems[0].message)
        return inline_profile(self.method, self._draft().command().accounts)

    def _draft(self) -> GroupDraft:
        return GroupDraft(self._advisor, INLINE_PROFILE_NAME, self.method, self.members_model.members())

    def _on_edited(self) -> None:
        self._edited = True
        self._check()

    def _check(self) -> None:
        self.problems = self._bridge.engine.check_group(self._draft())
        self.ok_button.setEnabled(not self.problems)
        shown = self.problems if self._edited else []
        by_account = {p.field.removeprefix(f"{MEMBERS_FIELD}."): refusal_text(p.field, p.message) for p in shown
                      if p.field.startswith(f"{MEMBERS_FIELD}.")}
        self.members_model.set_problems(by_account)
        first = refusal_text(shown[0].field, shown[0].message) if shown else ""
        mark_invalid(self.members_table, bool(shown), first)
        self.message.setText(first if shown else "" if self._edited else PROFILE_HINT)
