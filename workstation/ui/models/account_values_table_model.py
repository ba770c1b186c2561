"""AccountValuesTableModel: one account's IB account-value tags, grouped as TWS's Account Window."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workstation.engine.core.account_tags import DAY_TRADE_TAGS, RATIO_TAGS, TIME_TAGS, AccountTag
from workstation.engine.market.calendar import EASTERN
from workstation.ui import formatting
from workstation.ui.models.columns import LEFT, RAW_VALUE_ROLE, Column, ColumnTableModel
from workstation.ui.theme import direction_colour

AnyIndex = QModelIndex | QPersistentModelIndex

BALANCES = "Balances"
MARGIN = "Margin Requirements"
AVAILABLE = "Available for Trading"
PNL = "P&L"
OTHER = "Other"

TAG_LAYOUT: tuple[tuple[str, str, str], ...] = (
    (BALANCES, AccountTag.NET_LIQUIDATION, "Net Liquidation Value"),
    (BALANCES, AccountTag.EQUITY_WITH_LOAN_VALUE, "Equity With Loan Value"),
    (BALANCES, AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE, "Previous Day Equity With Loan Value"),
    (BALANCES, AccountTag.REG_T_EQUITY, "Reg T Equity With Loan Value"),
    (BALANCES, AccountTag.TOTAL_CASH_VALUE, "Total Cash Value"),
    (BALANCES, AccountTag.SETTLED_CASH, "Settled Cash"),
    (BALANCES, "AccruedCash", "Accrued Cash"),
    (BALANCES, AccountTag.STOCK_MARKET_VALUE, "Stock Market Value"),
    (BALANCES, AccountTag.OPTION_MARKET_VALUE, "Option Market Value"),
    (BALANCES, AccountTag.FUTURE_OPTION_VALUE, "Future Option Value"),
    (BALANCES, AccountTag.MUTUAL_FUND_VALUE, "Mutual Fund Value"),
    (BALANCES, AccountTag.FUTURES_PNL, "Futures P&L"),
    (BALANCES, AccountTag.GROSS_POSITION_VALUE, "Gross Position Value"),
    (BALANCES, AccountTag.EQUITY_WITH_LOAN_VALUE_S, "Equity With Loan Value (Securities)"),
    (BALANCES, AccountTag.EQUITY_WITH_LOAN_VALUE_C, "Equity With Loan Value (Commodities)"),
    (BALANCES, AccountTag.TOTAL_CASH_VALUE_S, "Total Cash Value (Securities)"),
    (BALANCES, AccountTag.TOTAL_CASH_VALUE_C, "Total Cash Value (Commodities)"),
    (MARGIN, AccountTag.REG_T_MARGIN, "Reg T Margin"),
    (MARGIN, AccountTag.INIT_MARGIN_REQ, "Current Initial Margin"),
    (MARGIN, AccountTag.MAINT_MARGIN_REQ, "Current Maintenance Margin"),
    (MARGIN, AccountTag.LOOK_AHEAD_INIT_MARGIN_REQ, "Look Ahead Initial Margin"),
    (MARGIN, AccountTag.LOOK_AHEAD_MAINT_MARGIN_REQ, "Look Ahead Maintenance Margin"),
    (MARGIN, AccountTag.LOOK_AHEAD_NEXT_CHANGE, "Look Ahead Next Change"),
    (MARGIN, AccountTag.FULL_INIT_MARGIN_REQ, "Full Initial Margin"),
    (MARGIN, AccountTag.FULL_MAINT_MARGIN_REQ, "Full Maintenance Margin"),
    (MARGIN, AccountTag.INIT_MARGIN_REQ_S, "Initial Margin (Securities)"),
    (MARGIN, AccountTag.INIT_MARGIN_REQ_C, "Initial Margin (Commodities)"),
    (MARGIN, AccountTag.MAINT_MARGIN_REQ_S, "Maintenance Margin (Securities)"),
    (MARGIN, AccountTag.MAINT_MARGIN_REQ_C, "Maintenance Margin (Commodities)"),
    (MARGIN, "ExposureFeeLast", "Exposure Fee Last"),
    (MARGIN, "ExposureFeeEstimatedNext", "Exposure Fee Estimated Next"),
    (AVAILABLE, AccountTag.AVAILABLE_FUNDS, "Current Available Funds"),
    (AVAILABLE, AccountTag.EXCESS_LIQUIDITY, "Current Excess Liquidity"),
    (AVAILABLE, AccountTag.LOOK_AHEAD_AVAILABLE_FUNDS, "Look Ahead Available Funds"),
    (AVAILABLE, AccountTag.LOOK_AHEAD_EXCESS_LIQUIDITY, "Look Ahead Excess Liquidity"),
    (AVAILABLE, AccountTag.FULL_AVAILABLE_FUNDS, "Full Available Funds"),
    (AVAILABLE, AccountTag.FULL_EXCESS_LIQUIDITY, "Full Excess Liquidity"),
    (AVAILABLE, AccountTag.CUSHION, "Cushion"),
    (AVAILABLE, AccountTag.SMA, "Special Memorandum Account"),
    (AVAILABLE, AccountTag.BUYING_POWER, "Buying Power"),
    (AVAILABLE, AccountTag.LEVERAGE, "Leverage"),
    (AVAILABLE, AccountTag.DAY_TRADES_REMAINING, "Day Trades Left"),
    *((AVAILABLE, tag, f"Day Trades Left T+{k}") for k, tag in enumerate(DAY_TRADE_TAGS[1:], start=1)),
    (AVAILABLE, AccountTag.DAY_TRADING_BUYING_POWER, "Day Trading Buying Power"),
    (AVAILABLE, AccountTag.AVAILABLE_FUNDS_S, "Available Funds (Securities)"),
    (AVAILABLE, AccountTag.AVAILABLE_FUNDS_C, "Available Funds (Commodities)"),
    (AVAILABLE, AccountTag.EXCESS_LIQUIDITY_S, "Excess Liquidity (Securities)"),
    (AVAILABLE, AccountTag.EXCESS_LIQUIDITY_C, "Excess Liquidity (Commodities)"),
    (PNL, AccountTag.UNREALIZED_PNL, "Unrealized P&L"),
    (PNL, AccountTag.REALIZED_PNL, "Realized P&L"),
)
"""(section, IB tag, TWS label) in display order. Tags the engine does not publish are skipped;
tags it publishes that are missing here are listed under Other, so nothing is ever hidden.
``ExposureFeeLast`` and ``ExposureFeeEstimatedNext`` are the Account Window's totals of the
exposure fee (``client.account_window``), shown among the margin requirements as TWS does."""

_ORDER = {tag: (n, section, label) for n, (section, tag, label) in enumerate(TAG_LAYOUT)}
_SIGNED_TAGS = frozenset({AccountTag.UNREALIZED_PNL, AccountTag.REALIZED_PNL, AccountTag.FUTURES_PNL})
_DAY_TRADE_TAGS = frozenset(DAY_TRADE_TAGS)
_UNITLESS_TAGS = RATIO_TAGS | _DAY_TRADE_TAGS | TIME_TAGS


@dataclass(slots=True)
class AccountValueRow:
    tag: str
    section: str
    label: str
    value: Decimal
    currency: str
    opens_section: bool = False


def _section(value: str, row: AccountValueRow) -> str:
    return value if row.opens_section else ""


def _value(value: Decimal, row: AccountValueRow) -> str:
    if row.tag in _DAY_TRADE_TAGS:
        return "Unlimited" if value < 0 else f"{int(value)}"
    if row.tag in TIME_TAGS:  # seconds since the Unix epoch, shown in exchange time (the column is narrow)
        return f"{datetime.fromtimestamp(int(value), tz=EASTERN):%H:%M ET %b %d}"
    if row.tag in RATIO_TAGS:
        return f"{value:.4f}" if row.tag == AccountTag.LEVERAGE else formatting.percent_of_one(value)
    return formatting.money(value)


def _value_colour(row: AccountValueRow) -> QColor | None:
    return direction_colour(row.value) if row.tag in _SIGNED_TAGS else None


class AccountValuesTableModel(ColumnTableModel):
    """The values of one account (or a combined selection); :meth:`set_values` replaces them when the
    engine says they changed. With ``sections``, only the tags of those sections are listed (the
    Account Window shows one table per collapsible section)."""

    columns: ClassVar[tuple[Column[AccountValueRow], ...]] = (
        Column("Section", lambda r: r.section, _section, alignment=LEFT, width=160),
        Column("Item", lambda r: r.label, alignment=LEFT, tooltip=lambda r: r.tag, width=250),
        Column("Value", lambda r: r.value, _value, colour=_value_colour, live=True, width=130),
        Column("Currency", lambda r: r.currency, alignment=LEFT, width=84),
    )

    def __init__(self, parent: QObject | None = None, *, sections: frozenset[str] | None = None) -> None:
        super().__init__(parent)
        self._sections = sections
        self._account_id = ""
        self._rows: list[AccountValueRow] = []
        self._row_of: dict[str, int] = {}
        """IB tag -> row number"""

    @property
    def account_id(self) -> str:
        return self._account_id

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def row_object(self, row: int) -> AccountValueRow:
        return self._rows[row]

    def row_key(self, row: int) -> str:
        return self._rows[row].tag

    def row_of(self, tag: str) -> int | None:
        return self._row_of.get(tag)

    def value(self, tag: str) -> Decimal | None:
        row = self._row_of.get(tag)
        return None if row is None else self._rows[row].value

    def set_values(self, account_id: str, values: Mapping[str, Decimal], currency: str) -> None:
        """Show ``values``: in place (one ``dataChanged``) when only numbers moved, else a reset."""
        if self._sections is not None:
            values = {tag: v for tag, v in values.items() if _section_of(tag) in self._sections}
        if account_id == self._account_id and set(values) == set(self._row_of):
            self._update_in_place(values, currency)
            return
        self.beginResetModel()
        self._account_id = account_id
        self._rows = _layout(values, currency)
        self._row_of = {r.tag: n for n, r in enumerate(self._rows)}
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._account_id, self._rows, self._row_of = "", [], {}
        self.endResetModel()

    def _update_in_place(self, values: Mapping[str, Decimal], currency: str) -> None:
        top, bottom = len(self._rows), -1
        for number, row in enumerate(self._rows):
            new_currency = "" if row.tag in _UNITLESS_TAGS else currency
            if row.value != values[row.tag] or row.currency != new_currency:
                row.value, row.currency = values[row.tag], new_currency
                top, bottom = min(top, number), number
        if bottom >= 0:
            first, last = self.column_of("Value"), self.column_of("Currency")
            self.dataChanged.emit(self.index(top, first), self.index(bottom, last),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, RAW_VALUE_ROLE])


def _section_of(tag: str) -> str:
    return _ORDER[tag][1] if tag in _ORDER else OTHER


def _layout(values: Mapping[str, Decimal], currency: str) -> list[AccountValueRow]:
    known = sorted((tag for tag in values if tag in _ORDER), key=lambda tag: _ORDER[tag][0])
    unknown = sorted(tag for tag in values if tag not in _ORDER)
    rows: list[AccountValueRow] = []
    for tag in known + unknown:
        _, section, label = _ORDER.get(tag, (0, OTHER, tag))
        rows.append(AccountValueRow(tag, section, label, values[tag], "" if tag in _UNITLESS_TAGS else currency,
                                    opens_section=not rows or rows[-1].section != section))
    return rows
