"""ImpactTableModel: rows of Current / Change / Post-Trade figures, as the Order Preview shows them
(the Margin Impact grid, the exposure-fee impact by product class). The engine computes every
figure; the model only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject

from workstation.engine.margin.what_if import MarginImpact
from workstation.engine.risk.fee_ledger import ExposureFeeImpact
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, AnyIndex, Column, ColumnTableModel
from workstation.ui.theme import direction_colour


@dataclass(frozen=True, slots=True)
class ImpactRow:
    key: str          # the IB tag or product class the row is about
    label: str
    current: Decimal
    change: Decimal
    post_trade: Decimal


def _money(value: Decimal, _row: ImpactRow) -> str:
    return formatting.money(value)


def _signed(value: Decimal, _row: ImpactRow) -> str:
    return formatting.signed(value)


class ImpactTableModel(ColumnTableModel):
    columns: ClassVar = (
        Column("", lambda r: r.label, alignment=LEFT, width=170),
        Column("Current", lambda r: r.current, _money, width=110),
        Column("Change", lambda r: r.change, _signed, colour=lambda r: direction_colour(r.change), width=100),
        Column("Post-Trade", lambda r: r.post_trade, _money, width=110),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ImpactRow] = []

    def set_rows(self, rows: list[ImpactRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> ImpactRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._rows[row].key

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)


def margin_rows(impact: MarginImpact) -> list[ImpactRow]:
    """TWS's Margin Impact grid: Equity with Loan, Initial Margin, Maintenance Margin."""
    return [ImpactRow(tag, label, change.before, change.change, change.after) for tag, label, change in (
        ("EquityWithLoanValue", "Equity with Loan", impact.equity_with_loan),
        ("InitMarginReq", "Initial Margin", impact.initial_margin),
        ("MaintMarginReq", "Maintenance Margin", impact.maintenance_margin))]


def exposure_fee_rows(impact: ExposureFeeImpact) -> list[ImpactRow]:
    """The daily exposure fee by product class, then the total."""
    zero = Decimal(0)
    rows = [ImpactRow(c, c, impact.current.get(c, zero), impact.change.get(c, zero), impact.post_trade.get(c, zero))
            for c in impact.product_classes]
    return [*rows, ImpactRow("Total", "Total", *impact.totals())]
