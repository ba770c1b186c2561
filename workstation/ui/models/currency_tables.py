"""The Account Window's currency tables: Market Value by currency, and the FX Portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from workstation.client.account_window import FxBalance
from workstation.engine.core.account_tags import AccountTag
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, Column, ListTableModel

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CurrencyRow:
    """One currency's balance tags, in that currency (IB's ``$LEDGER`` per currency)."""

    currency: str
    tags: dict[str, Decimal]

    def tag(self, name: str) -> Decimal:
        return self.tags.get(name, ZERO)


def _money(value: Decimal, _row: object) -> str:
    return formatting.money(value)


def _rate(value: Decimal, _row: object) -> str:
    return f"{value:.5f}"


def _tag_column(header: str, tag: str, width: int = 104) -> Column[CurrencyRow]:
    return Column(header, lambda row: row.tag(tag), _money, live=True, width=width)


class CurrencyValuesTableModel(ListTableModel):
    """Market Value by currency: cash, positions and net liquidation in each currency held."""

    columns: ClassVar[tuple[Column[CurrencyRow], ...]] = (
        Column("Currency", lambda r: r.currency, alignment=LEFT, width=80),
        _tag_column("Total Cash", AccountTag.TOTAL_CASH_VALUE),
        _tag_column("Stock", AccountTag.STOCK_MARKET_VALUE),
        _tag_column("Options", AccountTag.OPTION_MARKET_VALUE),
        _tag_column("Fut. Options", AccountTag.FUTURE_OPTION_VALUE),
        _tag_column("Funds", AccountTag.MUTUAL_FUND_VALUE),
        _tag_column("Futures P&L", AccountTag.FUTURES_PNL),
        _tag_column("Net Liquidation", AccountTag.NET_LIQUIDATION, 116),
        Column("Exchange Rate", lambda r: r.tag(AccountTag.EXCHANGE_RATE), _rate, live=True, width=124),
    )

    def key_of(self, row: CurrencyRow) -> str:
        return row.currency

    def set_currencies(self, by_currency: dict[str, dict[str, Decimal]]) -> None:
        self.set_rows([CurrencyRow(currency, tags) for currency, tags in by_currency.items()])


class FxPortfolioTableModel(ListTableModel):
    """FX Portfolio: cash held in currencies other than base, and its value in base."""

    columns: ClassVar[tuple[Column[FxBalance], ...]] = (
        Column("Currency", lambda r: r.currency, alignment=LEFT, width=80),
        Column("Balance", lambda r: r.balance, _money, live=True, width=120),
        Column("Exchange Rate", lambda r: r.exchange_rate, _rate, live=True, width=124),
        Column("Value in Base", lambda r: r.value, _money, live=True, width=120),
    )

    def key_of(self, row: FxBalance) -> str:
        return row.currency
