"""AdvisorGroupsTableModel: Advisor Setup's list of allocation groups, one row per group (its
name, default method and how many accounts it holds)."""

from __future__ import annotations

from typing import ClassVar

from workstation.engine.views.advisor_setup import GroupView
from workstation.ui.models.columns import LEFT, Column, ListTableModel


class AdvisorGroupsTableModel(ListTableModel):
    columns: ClassVar = (
        Column("Group", lambda g: g.name, alignment=LEFT, width=120),
        Column("Method", lambda g: g.method.value, alignment=LEFT, width=118),
        Column("Accounts", lambda g: len(g.members), width=64),
    )

    def key_of(self, row: GroupView) -> str:
        return row.name

    def row_of(self, name: str) -> int:
        """The row of the group called ``name``, or -1."""
        return next((number for number, group in enumerate(self._rows) if group.name == name), -1)
