"""MarketplaceTableModel: the Investors' Marketplace search results, one row per advisor or broker.

The rows come from ``Marketplace.search`` already filtered and sorted; the model only shows them.
Columns the engine can sort by carry their ``MarketplaceQuery.sort_by`` key (``SORT_KEY_OF``), so a
click on such a header asks the engine for that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from workstation.engine import Billing
from workstation.engine.partitions.marketplace import Listing
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, Column, ListTableModel


def _money(value: Decimal, _row: Listing) -> str:
    return f"{value:,.0f}"


def _percent(value: Decimal, _row: Listing) -> str:
    return formatting.percent(value)


def _assets(value: Decimal, _row: Listing) -> str:
    return formatting.compact(value)


def _joined(value: tuple[str, ...], _row: Listing) -> str:
    return ", ".join(value)


def _fees(_value: Decimal, row: Listing) -> str:
    """The schedule in brief: ``1.5% a year + 10% of gains, quarterly`` (the full lines in the tooltip)."""
    fees = row.fees
    every = "month" if fees.billing is Billing.MONTHLY else "quarter"
    parts = [text for amount, text in (
        (fees.asset_percent, f"{fees.asset_percent.normalize():f}% a year"),
        (fees.performance_percent, f"{fees.performance_percent.normalize():f}% of gains"),
        (fees.flat_fee, f"{fees.flat_fee:,.0f} {fees.currency} a {every}")) if amount]
    if not parts:
        return "No fees"
    # a flat fee already says how often; otherwise say how often the percentages are billed
    return " + ".join(parts) if fees.flat_fee else f"{' + '.join(parts)}, {fees.billing.value}"


class MarketplaceTableModel(ListTableModel):
    """Key: the listing id (the provider's IB master account)."""

    columns: ClassVar = (
        Column("Name", lambda r: r.name, alignment=LEFT, width=150, tooltip=lambda r: r.name),
        Column("Firm", lambda r: r.firm, alignment=LEFT, width=165, tooltip=lambda r: r.firm),
        Column("Type", lambda r: r.kind.value, alignment=LEFT, width=66),
        Column("Strategies", lambda r: r.strategies, _joined, alignment=LEFT, width=140,
               tooltip=lambda r: ", ".join(r.strategies)),
        Column("Asset Classes", lambda r: r.asset_classes, _joined, alignment=LEFT, width=140,
               tooltip=lambda r: ", ".join(r.asset_classes)),
        Column("Minimum", lambda r: r.minimum_investment, _money, width=80),
        Column("1Y Return", lambda r: r.track.one_year_return, _percent, width=84),
        Column("3Y Return", lambda r: r.track.three_year_return, _percent, width=84),
        Column("Assets", lambda r: r.track.assets_under_management, _assets, width=74),
        Column("Fees", lambda r: r.fees.asset_percent, _fees, alignment=LEFT, width=190,
               tooltip=lambda r: "\n".join(r.fees.describe())),
    )

    SORT_KEY_OF: ClassVar[Mapping[str, str]] = {
        "Name": "name", "Firm": "firm", "Minimum": "minimum", "1Y Return": "one_year_return",
        "3Y Return": "three_year_return", "Assets": "assets", "Fees": "fee",
    }
    """Header -> the engine's sort key; the other columns are not sortable."""

    def key_of(self, row: Listing) -> str:
        return row.listing_id

    def sort_key(self, column: int) -> str | None:
        """The engine's sort key for ``column``, or None if it cannot be sorted by."""
        return self.SORT_KEY_OF.get(self.columns[column].header) if 0 <= column < len(self.columns) else None

    def column_of_sort_key(self, key: str) -> int:
        header = next(h for h, k in self.SORT_KEY_OF.items() if k == key)
        return self.column_of(header)

    def row_of(self, listing_id: str) -> int:
        """The row showing ``listing_id``, or -1."""
        return next((n for n in range(self.rowCount()) if self.row_key(n) == listing_id), -1)
