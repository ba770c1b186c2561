"""AllocationPreviewTableModel: how a previewed advisor order would be shared, one row per account
(IB's OrderAllocation: position, desired and allowed quantity, and why an account gets less)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from workstation.engine.orders.allocation_plan import AccountAllocation, AllocationPlan
from workstation.ui import formatting
from workstation.ui.models.columns import ACCOUNT_SAMPLE, LEFT, Column, ListTableModel
from workstation.ui.theme import TICK_DOWN


def _units(value: Decimal | int, _row: AccountAllocation) -> str:
    return formatting.size(Decimal(value))


def _short(row: AccountAllocation):  # noqa: ANN202 - a QColor or None
    return TICK_DOWN if row.allowed_quantity < row.desired_quantity else None


class AllocationPreviewTableModel(ListTableModel):
    columns: ClassVar = (
        Column("Account", lambda r: r.account, alignment=LEFT, sample=ACCOUNT_SAMPLE, width=100),
        Column("Position", lambda r: r.position, _units, width=80),
        Column("Desired", lambda r: r.desired_quantity, _units, width=80),
        Column("Allowed", lambda r: r.allowed_quantity, _units, colour=_short, width=80),
        Column("Note", lambda r: r.note, alignment=LEFT, width=260),
    )

    def set_plan(self, plan: AllocationPlan | None) -> None:
        self.set_rows([] if plan is None else plan.rows)

    def key_of(self, row: AccountAllocation) -> str:
        return row.account
