"""ImpactTableModel: rows of Current / Change / Post-Trade figures, as the Order Preview shows them
(the Margin Impact grid, the exposure-fee impact by product class). The engine computes every
figure; the model only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from PySide6.QtGui import QColor

from workstation.engine import ExposureFeeImpact, MarginImpact
from workstation.engine.core.account_tags import AccountTag
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, Column, ListTableModel
from workstation.ui.theme import impact_colour


@dataclass(frozen=True, slots=True)
class ImpactRow:
    key: str          # the IB tag or product class the row is about
    label: str
    current: Decimal
    change: Decimal
    post_trade: Decimal
    rise_is_cost: bool = True   # margin and fees cost when they rise; equity helps


def _money(value: Decimal, _row: ImpactRow) -> str:
    return formatting.money(value)


def _signed(value: Decimal, _row: ImpactRow) -> str:
    return formatting.signed(value)


def _change_colour(row: ImpactRow) -> QColor | None:
    return impact_colour(row.change, rise_is_cost=row.rise_is_cost)


class ImpactTableModel(ListTableModel):
    columns: ClassVar = (
        Column("", lambda r: r.label, alignment=LEFT, width=170),
        Column("Current", lambda r: r.current, _money, width=110),
        Column("Change", lambda r: r.change, _signed, colour=_change_colour, width=100),
        Column("Post-Trade", lambda r: r.post_trade, _money, width=110),
    )

    def key_of(self, row: ImpactRow) -> str:
        return row.key


def margin_rows(impact: MarginImpact) -> list[ImpactRow]:
    """TWS's Margin Impact grid: Equity with Loan, Initial Margin, Maintenance Margin."""
    return [ImpactRow(tag, label, change.before, change.change, change.after, rise_is_cost=cost)
            for tag, label, change, cost in (
                (AccountTag.EQUITY_WITH_LOAN_VALUE, "Equity with Loan", impact.equity_with_loan, False),
                (AccountTag.INIT_MARGIN_REQ, "Initial Margin", impact.initial_margin, True),
                (AccountTag.MAINT_MARGIN_REQ, "Maintenance Margin", impact.maintenance_margin, True))]


def exposure_fee_rows(impact: ExposureFeeImpact) -> list[ImpactRow]:
    """The daily exposure fee by product class, then the total."""
    zero = Decimal(0)
    rows = [ImpactRow(c, c, impact.current.get(c, zero), impact.change.get(c, zero), impact.post_trade.get(c, zero))
            for c in impact.product_classes]
    return [*rows, ImpactRow("Total", "Total", *impact.totals())]
