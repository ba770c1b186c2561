"""AdvisorModelsTableModel: Advisor Setup's model portfolios, one row per model: how many accounts
invest in it, the total invested and each account's amount (base currency)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from workstation.engine.views.advisor_setup import ModelView
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, Column, ListTableModel


def _investments(value: tuple[tuple[str, Decimal], ...], _row: ModelView) -> str:
    return " · ".join(f"{account} {formatting.money(amount)}" for account, amount in value) or "No investors"


def _money(value: Decimal, _row: ModelView) -> str:
    return formatting.money(value)


class AdvisorModelsTableModel(ListTableModel):
    columns: ClassVar = (
        Column("Model", lambda m: m.name, alignment=LEFT, width=120),
        Column("Accounts", lambda m: len(m.investments), width=84),
        Column("Total", lambda m: m.total, _money, width=110),
        Column("Invested", lambda m: m.investments, _investments, alignment=LEFT, width=300),
    )

    def key_of(self, row: ModelView) -> str:
        return row.name
